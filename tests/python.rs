//! Python end to end: `laf serve` on a directory holding the Python examples and a
//! `requirements.txt`, with the workers being the `laf` binary re-executed; a restart on the same
//! data directory keeps the data and does not reinstall the packages.

#[path = "support/admin.rs"]
mod admin;
#[path = "support/eventually.rs"]
mod eventually;
mod support;
#[path = "support/wheel.rs"]
mod wheel;

use std::time::{Duration, Instant};

use eventually::eventually;
use serde_json::{Value, json};
use support::{start, temp_dir};

async fn call(method: reqwest::Method, url: &str, body: Option<Value>) -> (u16, Value) {
    let mut req = reqwest::Client::new().request(method, url);
    if let Some(body) = body {
        req = req.json(&body);
    }
    let r = req.send().await.unwrap();
    let status = r.status().as_u16();
    let text = r.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or_else(|e| panic!("{status} {text}: {e}")))
}

async fn get(url: &str) -> (u16, Value) {
    call(reqwest::Method::GET, url, None).await
}

#[tokio::test]
async fn the_python_examples_serve_with_packages_and_survive_a_restart() {
    let dir = temp_dir("py-fns");
    let data = temp_dir("py-data");
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/functions/python");
    std::fs::create_dir_all(dir.join("python")).unwrap();
    for name in ["hello.py", "todo.py", "text.py", "greet.py"] {
        std::fs::copy(examples.join(name), dir.join("python").join(name)).unwrap();
    }
    let wheels = temp_dir("py-wheels");
    wheel::write_wheel(&wheels);
    std::fs::write(dir.join("requirements.txt"), wheel::requirements(&wheels)).unwrap();
    std::fs::write(
        dir.join("shout.py"),
        "import lafdemo\n\ndef main(ctx):\n    return {'shout': lafdemo.shout(ctx.query['s'])}\n",
    )
    .unwrap();
    std::fs::write(dir.join("spin.py"), "def main(ctx):\n    while True:\n        pass\n").unwrap();
    let args = ["--data-dir", data.to_str().unwrap(), "--timeout-ms", "1000", "--watch"];

    let id;
    {
        let server = start(&dir, &args).await;
        let base = &server.base;
        let (status, body) = get(&format!("{base}/python/hello?name=ada")).await;
        assert_eq!(
            (status, body),
            (200, json!({"hello": "ada", "method": "GET", "query": {"name": "ada"}, "body": {}}))
        );
        let (status, body) =
            call(reqwest::Method::POST, &format!("{base}/python/hello"), Some(json!({"x": [1, 2]}))).await;
        assert_eq!((status, body["body"].clone()), (200, json!({"x": [1, 2]})));

        let (status, todo) =
            call(reqwest::Method::POST, &format!("{base}/python/todo"), Some(json!({"title": "ship python"}))).await;
        assert_eq!(status, 200, "{todo}");
        id = todo["_id"].as_str().unwrap().to_owned();
        assert!(todo["created_at"].as_str().unwrap().ends_with('Z'), "dates as JavaScript writes them: {todo}");
        let (status, done) =
            call(reqwest::Method::PATCH, &format!("{base}/python/todo"), Some(json!({"id": id, "done": true}))).await;
        assert_eq!((status, done["done"].clone()), (200, json!(true)), "{done}");
        let (status, bad) = call(reqwest::Method::POST, &format!("{base}/python/todo"), Some(json!({}))).await;
        assert_eq!((status, bad), (400, json!({"error": "title is required"})));

        let (_, greet) = get(&format!("{base}/python/greet?name=Ada%20Lovelace")).await;
        assert_eq!(greet, json!({"greeting": "hello Ada Lovelace", "slug": "ada-lovelace"}));
        let (status, shout) = get(&format!("{base}/shout?s=hey")).await;
        assert_eq!((status, shout), (200, json!({"shout": "HEY!"})), "requirements.txt was installed");

        // A busy loop is stopped at the timeout; the app keeps answering.
        let started = Instant::now();
        let r = reqwest::get(format!("{base}/spin")).await.unwrap();
        assert_eq!(r.status(), 504);
        assert!(started.elapsed() < Duration::from_secs(5));
        assert_eq!(get(&format!("{base}/python/hello")).await.0, 200);

        // --watch republishes an edited file; the importer sees the new helper.
        let text = std::fs::read_to_string(dir.join("python/text.py")).unwrap();
        std::fs::write(
            dir.join("python/text.py"),
            text.replace("\"-\", s.lower()", "\"_\", s.lower()").replace(".strip(\"-\")", ".strip(\"_\")"),
        )
        .unwrap();
        eventually("the edit to be picked up", || async {
            let (_, greet) = get(&format!("{base}/python/greet?name=Ada%20Lovelace")).await;
            (greet["slug"] == "ada_lovelace").then_some(())
        })
        .await;
        let log = server.log.lock().unwrap().clone();
        assert!(log.contains("installed lafdemo@1.0"), "requirements.txt was installed: {log}");
    }
    // kill -9 (the Server drop), then the same data directory again.
    let server = start(&dir, &args).await;
    let (status, todo) = get(&format!("{}/python/todo?id={id}", server.base)).await;
    assert_eq!((status, todo["title"].clone(), todo["done"].clone()), (200, json!("ship python"), json!(true)));
    assert_eq!(get(&format!("{}/shout?s=ok", server.base)).await.1, json!({"shout": "OK!"}));
    let log = server.log.lock().unwrap().clone();
    assert!(log.contains("lafdemo@1.0: already installed"), "not installed again: {log}");
}

/// pip requirements declared through the admin API (as the console's settings do): installed in
/// the background, reported with their versions, kept when a client sets only npm packages, and a
/// failed install leaves the previous packages serving with pip's message.
#[tokio::test]
async fn requirements_declared_through_the_admin_api_are_installed_and_reported() {
    use admin::{Api, TOKEN};
    use reqwest::Method;
    let dir = temp_dir("py-deps");
    std::fs::write(
        dir.join("shout.py"),
        "import lafdemo\n\ndef main(ctx):\n    return {'shout': lafdemo.shout('hi')}\n",
    )
    .unwrap();
    let wheels = temp_dir("py-deps-wheels");
    wheel::write_wheel(&wheels);
    let server = start(&dir, &["--admin-token", TOKEN]).await;
    let api = Api::new(&server.base);
    assert_eq!(api.get("shout").await.0, 500, "lafdemo is not installed yet");

    let find_links = format!("--find-links {}", wheels.display());
    let requirements = json!(["--no-index", find_links, "lafdemo==1.0"]);
    let (status, deps) = api
        .admin(Method::PUT, "apps/local/dependencies?wait=true", Some(json!({ "requirements": requirements })))
        .await;
    assert_eq!(status, 200, "{deps}");
    assert_eq!((&deps["state"], &deps["installed"]["versions"]), (&json!("installed"), &json!({"lafdemo": "1.0"})));
    assert!(deps["log"].as_array().unwrap().iter().any(|l| l.as_str().unwrap().contains("lafdemo")), "{deps}");
    assert_eq!(api.get("shout").await, (200, json!({"shout": "HI!"})));

    // A client that knows only npm keeps the requirements.
    let (status, deps) =
        api.admin(Method::PUT, "apps/local/dependencies?wait=true", Some(json!({ "packages": [] }))).await;
    assert_eq!((status, &deps["requirements"]), (200, &requirements), "{deps}");

    // Refused up front: a pip option that reads the host's files.
    let (status, err) =
        api.admin(Method::PUT, "apps/local/dependencies", Some(json!({ "requirements": ["-r /etc/hosts"] }))).await;
    assert_eq!((status, &err["field"]), (400, &json!("requirements[0]")), "{err}");

    // A failed install: pip's message, and the previous packages keep serving.
    let broken = json!({ "requirements": ["--no-index", find_links, "lafdemo==1.0", "no-such-package-laf==9"] });
    let (status, err) = api.admin(Method::PUT, "apps/local/dependencies?wait=true", Some(broken)).await;
    assert_eq!((status, &err["field"]), (422, &json!("requirements")), "{err}");
    let message = err["error"].as_str().unwrap();
    assert!(message.contains("no-such-package-laf") && message.contains("allowScripts"), "{message}");
    assert_eq!(api.get("shout").await, (200, json!({"shout": "HI!"})), "the installed set keeps serving");
}
