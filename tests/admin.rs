//! The admin API, the `laf` admin commands, cron triggers, debug runs, function logs and metrics,
//! end to end against `laf serve`.

#[path = "support/admin.rs"]
mod admin;
#[path = "support/eventually.rs"]
mod eventually;
mod support;

use std::path::Path;
use std::process::Command;
use std::time::{Instant, SystemTime};

use admin::{Api, TOKEN};
use eventually::eventually;
use reqwest::Method;
use serde_json::{Value, json};
use support::{start, temp_dir};

fn write(dir: &Path, files: &[(&str, &str)]) {
    for (name, code) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, code).unwrap();
    }
}

fn now_ms() -> u64 {
    SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap().as_millis() as u64
}

#[tokio::test]
async fn admin_api_manages_apps_functions_history_and_env() {
    let dir = temp_dir("admin");
    let s = start(&dir, &["--admin-token", TOKEN]).await;
    let api = Api::new(&s.base);
    // The token is required, and checked.
    let r = api.c.get(format!("{}/_/api/apps", s.base)).send().await.unwrap();
    assert_eq!(r.status(), 401);
    let r = api.c.get(format!("{}/_/api/apps", s.base)).bearer_auth("wrong").send().await.unwrap();
    assert_eq!(r.status(), 401);

    // Apps.
    assert_eq!(api.admin(Method::POST, "apps", Some(json!({"id": "Bad_Id"}))).await.1["field"], "id");
    assert_eq!(
        api.admin(Method::POST, "apps", Some(json!({}))).await,
        (400, json!({"error": "id is required", "field": "id"}))
    );
    let (status, body) = api.admin(Method::POST, "apps", Some(json!({"id": "shop", "timeoutMs": "x"}))).await;
    assert_eq!((status, &body["field"]), (400, &json!("timeoutMs")));
    // The per-app heap limit and network exceptions: checked, answered, kept.
    for (bad, field) in [
        (json!({"id": "shop", "memoryMb": 1}), "memoryMb"),
        (json!({"id": "shop", "allowNet": ["localhost:80"]}), "allowNet"),
        (json!({"id": "shop", "allowNet": "127.0.0.1"}), "allowNet"),
    ] {
        let (status, body) = api.admin(Method::POST, "apps", Some(bad)).await;
        assert_eq!((status, &body["field"]), (400, &json!(field)), "{body}");
    }
    let tight = json!({"id": "tight", "memoryMb": 32, "allowNet": ["127.0.0.1:6379", "10.0.0.0/8"]});
    let (status, body) = api.admin(Method::POST, "apps", Some(tight)).await;
    assert_eq!(
        (status, &body["memoryMb"], &body["allowNet"]),
        (201, &json!(32), &json!(["127.0.0.1:6379", "10.0.0.0/8"]))
    );
    let (_, body) = api.admin(Method::GET, "apps/tight", None).await;
    assert_eq!((&body["memoryMb"], &body["allowNet"][0]), (&json!(32), &json!("127.0.0.1:6379")));
    assert_eq!(api.admin(Method::DELETE, "apps/tight", None).await.0, 200);
    assert_eq!(api.admin(Method::POST, "apps", Some(json!({"id": "shop"}))).await.0, 201);
    assert_eq!(api.admin(Method::POST, "apps", Some(json!({"id": "shop"}))).await.0, 409);
    let (_, apps) = api.admin(Method::GET, "apps", None).await;
    let ids: Vec<_> = apps.as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap().to_owned()).collect();
    assert_eq!(ids, ["local", "shop"]);

    // Functions: publish, bad input by field, the previous version serving after a failed publish.
    let v1 = json!({"name": "greet", "language": "ts", "source": "export default () => 'v1'", "changelog": "first"});
    let (status, f) = api.admin(Method::POST, "apps/shop/functions", Some(v1)).await;
    assert_eq!((status, &f["version"]), (201, &json!(1)), "{f}");
    assert_eq!(api.call("shop", Method::GET, "greet", None).await, (200, json!("v1")));
    let broken = json!({"name": "greet", "language": "ts", "source": "export default () => {"});
    let (status, err) = api.admin(Method::POST, "apps/shop/functions", Some(broken)).await;
    assert_eq!((status, &err["field"]), (400, &json!("source")), "{err}");
    assert_eq!(api.call("shop", Method::GET, "greet", None).await, (200, json!("v1")), "v1 keeps serving");
    for (body, field) in [
        (json!({"name": "bad name!", "language": "js", "source": "x"}), "name"),
        (json!({"name": "a", "language": "js"}), "source"),
        (json!({"name": "a", "source": "x"}), "language"),
        (json!({"name": "a", "language": "cobol", "source": "x"}), "language"),
        (json!({"name": "a", "language": "js", "source": "x", "methods": ["NOT A METHOD"]}), "methods[0]"),
        (json!({"name": 5, "language": "js", "source": "x"}), "name"),
    ] {
        let (status, err) = api.admin(Method::POST, "apps/shop/functions", Some(body.clone())).await;
        assert_eq!((status, err["field"].as_str()), (400, Some(field)), "{body} -> {err}");
    }
    let r = api
        .c
        .post(format!("{}/_/api/apps/shop/functions", s.base))
        .bearer_auth(TOKEN)
        .body("{nope")
        .send()
        .await
        .unwrap();
    assert_eq!((r.status().as_u16(), r.json::<Value>().await.unwrap()["field"].clone()), (400, json!("body")));
    let v2 = json!({"name": "greet", "language": "ts", "source": "export default () => 'v2'", "changelog": "second"});
    assert_eq!(api.admin(Method::POST, "apps/shop/functions", Some(v2)).await.0, 201);
    assert_eq!(api.call("shop", Method::GET, "greet", None).await.1, json!("v2"));

    // History and rollback.
    let (_, history) = api.admin(Method::GET, "apps/shop/history?name=greet", None).await;
    let summary: Vec<_> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["version"].clone(), v["changelog"].clone(), v["live"].clone()))
        .collect();
    assert_eq!(summary, [(json!(1), json!("first"), json!(false)), (json!(2), json!("second"), json!(true))]);
    assert_eq!(history[0]["source"], "export default () => 'v1'");
    let started = Instant::now();
    let (status, live) =
        api.admin(Method::POST, "apps/shop/rollback", Some(json!({"name": "greet", "version": 1}))).await;
    let returned = Instant::now();
    assert_eq!((status, &live["version"]), (200, &json!(1)));
    let (_, served) = api.call("shop", Method::GET, "greet", None).await;
    let served_at = returned.elapsed();
    assert_eq!(served, json!("v1"), "the first call after the rollback returned gets the old version");
    eprintln!("rollback call {:?}; the next call answered with v1 {served_at:?} after it returned", returned - started);
    assert_eq!(
        api.admin(Method::POST, "apps/shop/rollback", Some(json!({"name": "greet", "version": 9}))).await.0,
        404
    );
    let (status, err) = api.admin(Method::POST, "apps/shop/rollback", Some(json!({"name": "greet"}))).await;
    assert_eq!((status, &err["field"]), (400, &json!("version")));
    let (_, f) = api.admin(Method::GET, "apps/shop/functions/greet", None).await;
    assert_eq!((&f["version"], &f["source"]), (&json!(1), &json!("export default () => 'v1'")));
    let (_, list) = api.admin(Method::GET, "apps/shop/functions", None).await;
    assert_eq!(list.as_array().unwrap().len(), 1);

    // Environment: applied without restart; an unset really removes.
    let env_fn = json!({"name": "env", "language": "js", "source": "import cloud from '@lafjs/cloud'\nexport default () => cloud.env"});
    assert_eq!(api.admin(Method::POST, "apps/shop/functions", Some(env_fn)).await.0, 201);
    let (status, env) = api.admin(Method::PATCH, "apps/shop/env", Some(json!({"set": {"A": "1", "B": "2"}}))).await;
    // As in Laf, a new app has a generated SERVER_SECRET beside what was set.
    assert_eq!(env["SERVER_SECRET"].as_str().map(str::len), Some(64), "{env}");
    assert_eq!((status, without_secret(env)), (200, json!({"A": "1", "B": "2"})));
    let seen = api.call("shop", Method::GET, "env", None).await.1;
    assert_eq!(seen["OSS_ACCESS_KEY"], "shop", "functions get the app's S3 key: {seen}");
    assert_eq!(without_secret(seen), json!({"A": "1", "B": "2"}));
    api.admin(Method::PATCH, "apps/shop/env", Some(json!({"unset": ["A"]}))).await;
    assert_eq!(
        without_secret(api.call("shop", Method::GET, "env", None).await.1),
        json!({"B": "2"}),
        "A is gone, not empty"
    );
    let (status, err) = api.admin(Method::PATCH, "apps/shop/env", Some(json!({"set": {"1bad": "x"}}))).await;
    assert_eq!((status, &err["field"]), (400, &json!("set.1bad")));

    // Deleting a function, then the app.
    assert_eq!(api.admin(Method::DELETE, "apps/shop/functions/env", None).await.0, 200);
    assert_eq!(api.call("shop", Method::GET, "env", None).await.0, 404);
    assert_eq!(api.admin(Method::DELETE, "apps/shop/functions/env", None).await.0, 404);
    assert_eq!(api.admin(Method::DELETE, "apps/shop", None).await.0, 200);
    assert_eq!(api.admin(Method::GET, "apps/shop", None).await.0, 404);
    assert_eq!(api.admin(Method::GET, "apps/nope/functions", None).await.0, 404);
}

#[tokio::test]
async fn a_renamed_function_serves_under_its_new_name_with_its_history_and_triggers() {
    let dir = temp_dir("rename");
    let data = temp_dir("rename-data");
    let args = ["--admin-token", TOKEN, "--data-dir", data.to_str().unwrap()];
    let s = start(&dir, &args).await;
    let api = Api::new(&s.base);
    for (version, changelog) in [("v1", "first"), ("v2", "second")] {
        let source = format!("export default () => ({{ v: '{version}' }})");
        let body = json!({"name": "old/name", "language": "ts", "source": source, "changelog": changelog});
        assert_eq!(api.admin(Method::POST, "apps/local/functions", Some(body)).await.0, 201);
    }
    let other = json!({"name": "other", "language": "ts", "source": "export default () => 'other'"});
    assert_eq!(api.admin(Method::POST, "apps/local/functions", Some(other)).await.0, 201);
    let triggers = json!({"triggers": [{"id": "nightly", "cron": "0 3 * * *", "target": "old/name"}]});
    assert_eq!(api.admin(Method::PUT, "apps/local/triggers", Some(triggers)).await.0, 200);

    // Refused: a missing function, a taken name, a bad name; nothing changes.
    let rename = |from: &str, to: &str| {
        let path = format!("apps/local/functions/{from}");
        let body = json!({"newName": to});
        let api = &api;
        async move { api.admin(Method::PATCH, &path, Some(body)).await }
    };
    assert_eq!(rename("nope", "x").await.0, 404);
    let (status, err) = rename("old/name", "other").await;
    assert_eq!((status, &err["field"]), (409, &json!("newName")), "{err}");
    let (status, err) = rename("old/name", "bad name!").await;
    assert_eq!((status, &err["field"]), (400, &json!("newName")), "{err}");
    assert_eq!(api.call("local", Method::GET, "old/name", None).await.1["v"], "v2");

    let (status, renamed) = rename("old/name", "new/name").await;
    assert_eq!((status, &renamed["name"], &renamed["version"]), (200, &json!("new/name"), &json!(2)), "{renamed}");
    async fn check(api: &Api) {
        assert_eq!(api.call("local", Method::GET, "new/name", None).await.1["v"], "v2");
        assert_eq!(api.call("local", Method::GET, "old/name", None).await.0, 404, "the old name is gone");
        let (_, history) = api.admin(Method::GET, "apps/local/history?name=new/name", None).await;
        let versions: Vec<_> = history
            .as_array()
            .unwrap()
            .iter()
            .map(|v| (v["version"].clone(), v["changelog"].clone(), v["live"].clone()))
            .collect();
        assert_eq!(versions, [(json!(1), json!("first"), json!(false)), (json!(2), json!("second"), json!(true))]);
        let (_, triggers) = api.admin(Method::GET, "apps/local/triggers", None).await;
        assert_eq!(triggers[0]["target"], "new/name", "the trigger follows the function");
    }
    check(&api).await;
    // A rollback under the new name reaches the versions made under the old one.
    let back = json!({"name": "new/name", "version": 1});
    assert_eq!(api.admin(Method::POST, "apps/local/rollback", Some(back)).await.0, 200);
    assert_eq!(api.call("local", Method::GET, "new/name", None).await.1["v"], "v1");
    let forward = json!({"name": "new/name", "version": 2});
    assert_eq!(api.admin(Method::POST, "apps/local/rollback", Some(forward)).await.0, 200);

    // Kept across a restart.
    drop(s);
    let s = start(&dir, &args).await;
    check(&Api::new(&s.base)).await;
}

#[tokio::test]
async fn apps_env_and_triggers_survive_a_restart_and_triggers_fire() {
    let dir = temp_dir("cron");
    let data = temp_dir("cron-data");
    write(
        &dir,
        &[
            (
                "count.ts",
                "import cloud from '@lafjs/cloud'\nexport default () => ({ js: cloud.shared.get('js') ?? 0, py: cloud.shared.get('py') ?? 0, witness: cloud.shared.get('witness') ?? 0, env: cloud.env.K ?? null })",
            ),
            (
                "witness.ts",
                "import cloud from '@lafjs/cloud'\nexport default () => { cloud.shared.set('witness', (cloud.shared.get('witness') ?? 0) + 1) }",
            ),
            (
                "ticks/py.py",
                "from laf import cloud\ndef main(ctx):\n    cloud.shared['py'] = (cloud.shared.get('py') or 0) + 1\n",
            ),
        ],
    );
    let data_arg = data.to_str().unwrap();
    let s = start(&dir, &["--admin-token", TOKEN, "--data-dir", data_arg]).await;
    let api = Api::new(&s.base);
    // Answers GET only: the trigger's POST still runs it, a request's POST does not.
    let tick = json!({"name": "tick", "language": "ts", "methods": ["GET"],
        "source": "import cloud from '@lafjs/cloud'\nexport default (ctx: any) => { cloud.shared.set('js', (cloud.shared.get('js') ?? 0) + 1); return ctx.method }"});
    assert_eq!(api.admin(Method::POST, "apps/local/functions", Some(tick)).await.0, 201);
    let bad = json!({"triggers": [{"id": "t", "cron": "every minute", "target": "tick"}]});
    let (status, err) = api.admin(Method::PUT, "apps/local/triggers", Some(bad)).await;
    assert_eq!((status, &err["field"]), (400, &json!("triggers[0].cron")), "{err}");
    let triggers = json!({"triggers": [
        {"id": "js", "cron": "* * * * * *", "target": "tick"},
        {"id": "py", "cron": "*/1 * * * * *", "target": "ticks/py", "desc": "python, every second"},
    ]});
    assert_eq!(api.admin(Method::PUT, "apps/local/triggers", Some(triggers)).await.0, 200);
    api.admin(Method::PATCH, "apps/local/env", Some(json!({"set": {"K": "kept"}}))).await;
    assert_eq!(api.admin(Method::POST, "apps", Some(json!({"id": "other", "timeoutMs": 5000}))).await.0, 201);
    let r = api
        .c
        .post(format!("{}/tick", s.base))
        .header("x-laf-trigger", "js")
        .header("x-laf-trigger-token", "1")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 405, "no header makes a request a trigger");
    eventually("both triggers to fire twice", || async {
        let (_, c) = api.get("count").await;
        (c["js"].as_u64().unwrap() >= 2 && c["py"].as_u64().unwrap() >= 2).then_some(())
    })
    .await;
    drop(s);

    let s = start(&dir, &["--admin-token", TOKEN, "--data-dir", data_arg]).await;
    let api = Api::new(&s.base);
    let (_, kept) = api.admin(Method::GET, "apps/local/triggers", None).await;
    assert_eq!(kept.as_array().unwrap().len(), 2, "{kept}");
    assert_eq!(kept[1]["desc"], "python, every second");
    assert_eq!(api.admin(Method::GET, "apps/other", None).await.1["timeoutMs"], 5000, "the app came back");
    let counts = eventually("the triggers to fire after a restart", || async {
        let (_, c) = api.get("count").await;
        (c["js"].as_u64().unwrap() >= 1 && c["py"].as_u64().unwrap() >= 1).then_some(c)
    })
    .await;
    assert_eq!(counts["env"], "kept", "the environment came back");

    // Replaced by a witness that fires every second as they did: once it has fired twice (a
    // firing of theirs that was under way has ended), they are counted, and after two more
    // seconds by the witness's own schedule their counts must not have moved.
    let witness = json!({"triggers": [{"id": "witness", "cron": "* * * * * *", "target": "witness"}]});
    assert_eq!(api.admin(Method::PUT, "apps/local/triggers", Some(witness)).await.0, 200);
    let witnessed = |fired: u64| {
        let api = &api;
        eventually("the witness trigger to fire", move || async move {
            let (_, c) = api.get("count").await;
            (c["witness"].as_u64().unwrap() >= fired).then_some((c["js"].clone(), c["py"].clone()))
        })
    };
    let before = witnessed(2).await;
    assert_eq!(witnessed(4).await, before, "no trigger fires after it is removed");
    assert_eq!(api.admin(Method::PUT, "apps/local/triggers", Some(json!({"triggers": []}))).await.0, 200);
}

#[tokio::test]
async fn debug_runs_unpublished_source_and_logs_are_kept_per_function() {
    let dir = temp_dir("debug");
    write(
        &dir,
        &[
            (
                "hello.ts",
                "export default (ctx: any) => { console.log('hello', ctx.query.n); console.error('oops', ctx.query.n); return 'ok' }",
            ),
            ("hello_py.py", "import sys\ndef main(ctx):\n    print('py hello', ctx.query['n'])\n    return 'ok'\n"),
            ("fail.ts", "export default () => { throw new Error('broken on purpose') }"),
        ],
    );
    let s = start(&dir, &["--admin-token", TOKEN]).await;
    let api = Api::new(&s.base);
    let t0 = now_ms();
    let r = api.c.get(format!("{}/hello?n=1", s.base)).send().await.unwrap();
    let request_id = r.headers()["request-id"].to_str().unwrap().to_owned();
    api.get("hello?n=2").await;
    api.get("hello_py?n=3").await;
    assert_eq!(api.get("fail").await.0, 500);
    let (_, lines) = api.admin(Method::GET, "apps/local/logs?function=hello", None).await;
    let got: Vec<_> = lines.as_array().unwrap().iter().map(|l| (l["level"].clone(), l["message"].clone())).collect();
    assert_eq!(
        got,
        [
            (json!("info"), json!("hello 1")),
            (json!("error"), json!("oops 1")),
            (json!("info"), json!("hello 2")),
            (json!("error"), json!("oops 2"))
        ]
    );
    assert_eq!(lines[0]["requestId"], request_id.as_str());
    assert!(lines[0]["time"].as_u64().unwrap() >= t0 - 1000);
    let (_, py) = api.admin(Method::GET, "apps/local/logs?function=hello_py", None).await;
    assert_eq!(py[0]["message"], "py hello 3");
    let (_, fail) = api.admin(Method::GET, "apps/local/logs?function=fail", None).await;
    assert!(fail[0]["message"].as_str().unwrap().contains("broken on purpose"), "{fail}");
    let (_, by_id) = api.admin(Method::GET, &format!("apps/local/logs?requestId={request_id}"), None).await;
    assert_eq!(by_id.as_array().unwrap().len(), 2);
    let later = now_ms() + 3_600_000;
    assert_eq!(api.admin(Method::GET, &format!("apps/local/logs?since={later}"), None).await.1, json!([]));
    assert_eq!(api.admin(Method::GET, &format!("apps/local/logs?until={}", t0 - 60_000), None).await.1, json!([]));
    assert_eq!(api.admin(Method::GET, "apps/local/logs?limit=1", None).await.1.as_array().unwrap().len(), 1);
    assert_eq!(api.admin(Method::GET, "apps/local/logs?since=yesterday", None).await.1["field"], "since");

    // Debug: unpublished source, run once, its lines and duration back, nothing published.
    let body = json!({
        "name": "dbg", "language": "ts",
        "source": "export default (ctx: any) => { console.log('debugging', ctx.body.n); return { twice: ctx.body.n * 2, q: ctx.query } }",
        "request": {"method": "POST", "body": {"n": 21}, "query": {"a": "b"}},
    });
    let (status, run) = api.admin(Method::POST, "apps/local/debug", Some(body)).await;
    assert_eq!(status, 200, "{run}");
    assert_eq!((&run["status"], &run["body"]), (&json!(200), &json!({"twice": 42, "q": {"a": "b"}})));
    assert_eq!(run["logs"][0]["message"], "debugging 21");
    assert!(run["durationMs"].as_f64().unwrap() > 0.0);
    assert_eq!(api.get("dbg").await.0, 404, "a debug run publishes nothing");
    let py = json!({"name": "pydbg", "language": "python",
        "source": "def main(ctx):\n    print('py debug', ctx.body['n'])\n    return {'n': ctx.body['n']}\n",
        "request": {"body": {"n": 5}}});
    let (status, run) = api.admin(Method::POST, "apps/local/debug", Some(py)).await;
    assert_eq!(
        (status, &run["body"], &run["logs"][0]["message"]),
        (200, &json!({"n": 5}), &json!("py debug 5")),
        "{run}"
    );
    let broken = json!({"name": "x", "language": "ts", "source": "export default ("});
    assert_eq!(api.admin(Method::POST, "apps/local/debug", Some(broken)).await.1["field"], "source");
    let thrown = json!({"name": "x", "language": "js", "source": "export default () => { console.log('before'); throw new Error('dbg fail') }"});
    let (_, run) = api.admin(Method::POST, "apps/local/debug", Some(thrown)).await;
    assert_eq!(run["status"], 500);
    let messages: Vec<_> =
        run["logs"].as_array().unwrap().iter().map(|l| l["message"].as_str().unwrap().to_owned()).collect();
    assert!(messages[0] == "before" && messages[1].contains("dbg fail"), "{messages:?}");

    // Metrics.
    let r = api.c.get(format!("{}/_/metrics", s.base)).send().await.unwrap();
    assert_eq!(r.status(), 401);
    let text =
        api.c.get(format!("{}/_/metrics", s.base)).bearer_auth(TOKEN).send().await.unwrap().text().await.unwrap();
    for line in [
        "laf_invocations_total{app=\"local\",function=\"hello\"} 2",
        "laf_invocation_errors_total{app=\"local\",function=\"hello\"} 0",
        "laf_invocation_errors_total{app=\"local\",function=\"fail\"} 1",
        "laf_invocation_duration_seconds_bucket{app=\"local\",function=\"hello\",le=\"+Inf\"} 2",
        "laf_invocation_duration_seconds_count{app=\"local\",function=\"hello_py\"} 1",
        "laf_open_sockets{app=\"local\"} 0",
        "laf_workers{kind=\"thread\",state=\"busy\"}",
        "laf_language_workers_idle{language=\"python\"}",
    ] {
        assert!(text.contains(line), "missing {line} in\n{text}");
    }
}

// An app's environment without the SERVER_SECRET every app is given.
/// The app's own variables: without the SERVER_SECRET every app has, and without the `OSS_*`
/// variables the host gives functions beside them (tests/s3_endpoint.rs checks those).
fn without_secret(mut env: Value) -> Value {
    if let Some(map) = env.as_object_mut() {
        map.remove("SERVER_SECRET");
        map.retain(|k, _| !k.starts_with("OSS_"));
    }
    env
}

fn laf(cwd: &Path, args: &[&str]) -> (bool, String, String) {
    let out =
        Command::new(env!("CARGO_BIN_EXE_laf")).current_dir(cwd).args(args).env("NO_COLOR", "1").output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn the_laf_commands_drive_a_running_host() {
    let project = temp_dir("cli-project");
    let served = temp_dir("cli-served");
    write(
        &project,
        &[
            (
                "fns/hello.ts",
                "export default (ctx: any) => { console.log('cli says', ctx.body?.n); return { v: 1, n: ctx.body?.n ?? null } }",
            ),
            ("fns/api/env.py", "from laf import cloud\ndef main(ctx):\n    return dict(cloud.env)\n"),
        ],
    );
    // No --admin-token: laf serve makes one in <data dir>/admin-token, which the commands read from
    // .laf/admin-token when run in the same directory.
    let s = start(&served, &["--data-dir", project.join(".laf").to_str().unwrap()]).await;
    let server = ["--server", s.base.as_str()];
    let with = |args: &[&'static str]| -> Vec<String> {
        args.iter().map(|a| a.to_string()).chain(server.iter().map(|s| s.to_string())).collect()
    };
    let run = |args: Vec<String>| {
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        laf(&project, &refs)
    };
    let (ok, out, err) = run(with(&["deploy", "fns", "-m", "from the cli"]));
    assert!(ok, "{out}{err}");
    assert!(out.contains("published /hello v1") && out.contains("published /api/env v1"), "{out}");
    let (ok, out, err) = run(with(&["invoke", "hello", "-d", "{\"n\": 5}"]));
    assert!(ok, "{err}");
    assert_eq!(serde_json::from_str::<Value>(out.trim()).unwrap(), json!({"v": 1, "n": 5}));
    std::fs::write(project.join("fns/hello.ts"), "export default () => ({ v: 2 })").unwrap();
    assert!(run(with(&["deploy", "fns/hello.ts"])).0);
    let (_, out, _) = run(with(&["invoke", "hello"]));
    assert_eq!(serde_json::from_str::<Value>(out.trim()).unwrap(), json!({"v": 2}));
    let (ok, out, _) = run(with(&["history", "hello"]));
    assert!(ok);
    let lines: Vec<_> = out.lines().collect();
    assert!(
        lines.len() == 2
            && lines[0].contains("v1")
            && lines[0].contains("from the cli")
            && lines[1].starts_with("* v2"),
        "{out}"
    );
    let (ok, out, err) = run(with(&["rollback", "hello", "1"]));
    assert!(ok && out.contains("serves v1 again"), "{out}{err}");
    let (_, out, _) = run(with(&["invoke", "hello", "-d", "{\"n\": 6}"]));
    assert_eq!(serde_json::from_str::<Value>(out.trim()).unwrap(), json!({"v": 1, "n": 6}));
    let (ok, out, _) = run(with(&["logs", "-f", "hello"]));
    assert!(ok && out.contains("cli says 5") && out.contains("cli says 6") && out.contains("INFO"), "{out}");
    let (ok, out, _) = run(with(&["env", "set", "COLOR=blue", "SIZE=9"]));
    assert!(ok && out.contains("COLOR=blue"), "{out}");
    let (_, out, _) = run(with(&["invoke", "api/env"]));
    assert_eq!(without_secret(serde_json::from_str(out.trim()).unwrap()), json!({"COLOR": "blue", "SIZE": "9"}));
    assert!(run(with(&["env", "unset", "COLOR"])).0);
    let (_, out, _) = run(with(&["env", "list"]));
    let listed: Vec<&str> = out.lines().filter(|l| !l.starts_with("SERVER_SECRET=")).collect();
    assert_eq!(listed, ["SIZE=9"], "{out}");
    let (_, out, _) = run(with(&["invoke", "api/env"]));
    assert_eq!(without_secret(serde_json::from_str(out.trim()).unwrap()), json!({"SIZE": "9"}), "unset removed it");
    // What `laf deps` does without npm (the npm tests install real packages).
    let (ok, out, err) = run(with(&["deps", "ls"]));
    assert!(ok && out.trim() == "no dependencies", "{out}{err}");
    let (ok, _, err) = run(with(&["deps", "rm", "lodash"]));
    assert!(!ok && err.contains("lodash is not a dependency of app local"), "{err}");
    let (ok, _, err) = run(with(&["deps", "add", "lodash@file:../x"]));
    assert!(!ok && err.contains("only registry versions"), "{err}");
    // Errors say what is wrong and fail.
    let (ok, _, err) = run(with(&["rollback", "hello", "7"]));
    assert!(!ok && err.contains("no version 7"), "{err}");
    std::fs::write(project.join("fns/hello.ts"), "export default () => {").unwrap();
    let (ok, _, err) = run(with(&["deploy", "fns/hello.ts"]));
    assert!(!ok && err.contains("field source"), "{err}");
    let (ok, _, err) =
        run(vec!["history".into(), "hello".into(), "--server".into(), s.base.clone(), "--token".into(), "nope".into()]);
    assert!(!ok && err.contains("401"), "{err}");
    let elsewhere = temp_dir("cli-elsewhere");
    let (ok, _, err) = laf(&elsewhere, &["history", "hello", "--server", &s.base]);
    assert!(!ok && err.contains("no admin token"), "{err}");
}
