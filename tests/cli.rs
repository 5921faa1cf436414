//! The `laf` binary: `laf serve` on the example functions, and `--watch`.

#[path = "support/eventually.rs"]
mod eventually;
mod support;

use std::path::Path;

use eventually::eventually;
use serde_json::{Value, json};
use support::{start, temp_dir};

#[tokio::test]
async fn serve_runs_the_examples() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/functions");
    let s = start(&dir, &[]).await;
    let c = reqwest::Client::new();
    let v: Value = c.get(format!("{}/hello?name=x", s.base)).send().await.unwrap().json().await.unwrap();
    assert_eq!(v["hello"], "x");
    assert_eq!(v["query"], json!({"name": "x"}));
    let v: Value =
        c.post(format!("{}/hello", s.base)).json(&json!({"n": [1, 2]})).send().await.unwrap().json().await.unwrap();
    assert_eq!(v["body"], json!({"n": [1, 2]}));
    let v: Value = c.get(format!("{}/uses-util?a=2&b=3", s.base)).send().await.unwrap().json().await.unwrap();
    assert_eq!(v["sum"], 5);
    // sign.ts uses Node's crypto and Buffer; the expected values were computed once with Node 20:
    // createHmac('sha256', 'dev-secret').update(payload).digest('hex'), Buffer.from(payload).toString('base64').
    let payload = r#"{"order":"42","amount":100}"#;
    let r = c.post(format!("{}/sign", s.base)).header("content-type", "application/json").body(payload).send().await;
    let v: Value = r.unwrap().json().await.unwrap();
    assert_eq!(
        v,
        json!({
            "payload": payload,
            "signature": "c6e320b5d8f4ec360c7887cd3d040277ed94998703a682128db5ca75a97b76d2",
            "encoded": "eyJvcmRlciI6IjQyIiwiYW1vdW50IjoxMDB9",
        })
    );
    let r = c.get(format!("{}/status?code=418", s.base)).send().await.unwrap();
    assert_eq!(r.status(), 418);
    assert_eq!(r.headers()["x-powered-by"], "laf-rs");
    let v: Value = c.get(format!("{}/users/42", s.base)).send().await.unwrap().json().await.unwrap();
    assert_eq!(v, json!({"id": "42", "you": null}), "users/[id].ts takes the path parameter");
    let r = c.get(format!("{}/nope", s.base)).send().await.unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "Function Not Found");
    // counter.ts: the host-wide total counts every call whichever worker serves it.
    let mut last = 0;
    for _ in 0..4 {
        let v: Value = c.get(format!("{}/counter", s.base)).send().await.unwrap().json().await.unwrap();
        last = v["total"].as_u64().unwrap();
    }
    assert_eq!(last, 4);
}

#[tokio::test]
async fn watch_republishes_edits_and_keeps_the_old_version_on_errors() {
    let dir = std::env::temp_dir().join(format!("laf-watch-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("hello.ts");
    std::fs::write(&file, "export default () => 'v1'\n").unwrap();
    let s = start(&dir, &["--watch"]).await;
    let c = reqwest::Client::new();
    let get = || async { c.get(format!("{}/hello", s.base)).send().await.unwrap().text().await.unwrap() };
    assert_eq!(get().await, "v1");

    // That an edit goes live, not how fast: a timed assertion flakes on a loaded machine, and no
    // bench measures the watcher's latency yet.
    std::fs::write(&file, "export default (): string => 'v2'\n").unwrap();
    eventually("the edit to be served", || async { (get().await == "v2").then_some(()) }).await;

    std::fs::write(&file, "export default () => {\n  return 'v3'\n  }}\n").unwrap();
    let logged = || s.log.lock().unwrap().contains("hello.ts:3:");
    eventually("the compile error with its line in the log", || async { logged().then_some(()) }).await;
    assert_eq!(get().await, "v2", "a broken edit leaves the previous version serving");

    std::fs::write(dir.join("new.js"), "export default () => 'new'\n").unwrap();
    let served = || async {
        let r = c.get(format!("{}/new", s.base)).send().await.unwrap();
        if r.status() == 200 { Some(r.text().await.unwrap()) } else { None }
    };
    assert_eq!(eventually("the new file to be served", served).await, "new");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn todo_data_survives_a_restart() {
    let functions = temp_dir("todo-fns");
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/functions/todo.ts"), functions.join("todo.ts"))
        .unwrap();
    let data = temp_dir("todo-data");
    let data_arg = data.to_str().unwrap();
    let c = reqwest::Client::new();

    let s = start(&functions, &["--data-dir", data_arg]).await;
    let added: Value = c
        .post(format!("{}/todo", s.base))
        .json(&json!({"title": "buy milk"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = added["_id"].as_str().expect("the new todo's id").to_owned();
    let r = c.patch(format!("{}/todo", s.base)).json(&json!({"id": id, "done": true})).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let r = c.post(format!("{}/todo", s.base)).json(&json!({"title": ""})).send().await.unwrap();
    assert_eq!(r.status(), 400, "the function's own validation answers 400");
    drop(s); // SIGKILL: no graceful shutdown

    let s = start(&functions, &["--data-dir", data_arg]).await;
    let list: Value = c.get(format!("{}/todo", s.base)).send().await.unwrap().json().await.unwrap();
    assert_eq!(list["total"], 1, "{list}");
    assert_eq!(list["list"][0]["title"], "buy milk");
    assert_eq!(list["list"][0]["done"], true);
    let r = c.delete(format!("{}/todo?id={id}", s.base)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let list: Value = c.get(format!("{}/todo", s.base)).send().await.unwrap().json().await.unwrap();
    assert_eq!(list["total"], 0);
    drop(s);
    let _ = std::fs::remove_dir_all(&functions);
    let _ = std::fs::remove_dir_all(&data);
}

#[tokio::test]
async fn a_bad_filter_is_a_500_with_the_request_id() {
    let functions = temp_dir("badfilter");
    std::fs::write(
        functions.join("bad.ts"),
        "import cloud from '@lafjs/cloud'\n\
         export default async () => cloud.mongo.db.collection('x').findOne({ $foo: 1 })\n",
    )
    .unwrap();
    std::fs::write(
        functions.join("caught.ts"),
        "import cloud from '@lafjs/cloud'\n\
         export default async () => {\n\
           try { await cloud.database().collection('x').where({ a: { $foo: 1 } }).get() }\n\
           catch (e) { return { caught: String(e.message) } }\n\
         }\n",
    )
    .unwrap();
    let s = start(&functions, &[]).await;
    let c = reqwest::Client::new();
    let r = c.get(format!("{}/bad", s.base)).header("x-request-id", "req-42").send().await.unwrap();
    assert_eq!(r.status(), 500);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v, json!({"error": "Internal Server Error", "requestId": "req-42"}));
    let v: Value = c.get(format!("{}/caught", s.base)).send().await.unwrap().json().await.unwrap();
    assert!(v["caught"].as_str().unwrap().contains("$foo"), "{v}");
    drop(s);
    let _ = std::fs::remove_dir_all(&functions);
}
