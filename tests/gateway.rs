//! The HTTP gateway end to end: a real `Host` serving on loopback, called by a real HTTP client.

#[path = "support/eventually.rs"]
mod eventually;

use std::time::Duration;

use eventually::eventually;

use laf_host::{AppConfig, FunctionSource, Host};
use lang_js::JsLanguage;
use serde_json::{Value, json};

struct Served {
    host: Host,
    base: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    done: tokio::task::JoinHandle<std::io::Result<()>>,
}

async fn serve(body_limit: usize) -> Served {
    let host = Host::builder().language(JsLanguage::new()).workers(2).body_limit(body_limit).build().unwrap();
    host.create_app("web", Some(AppConfig { timeout: Duration::from_secs(2), ..AppConfig::default() })).unwrap();
    host.set_default_app("web").unwrap();
    let fns = [
        ("hello.ts", "export default async (ctx: any) => ({ q: ctx.query, b: ctx.body })"),
        ("boom.js", "export default () => { throw new Error('secret detail') }"),
        // `slow` and `spin` say they started in the shared store: a test proves they run before
        // racing them.
        (
            "slow.js",
            "import cloud from '@lafjs/cloud'\nexport default async () => { cloud.shared.set('slow', true); await new Promise(r => setTimeout(r, 400)); return 'slow done' }",
        ),
        ("api/user.js", "export default (ctx) => ({ path: ctx.path, fn: ctx.__function_name })"),
        (
            "spin.js",
            "import cloud from '@lafjs/cloud'\nexport default async () => { cloud.shared.set('spin', true); await null; while (true) {} }",
        ),
    ];
    for (file, code) in fns {
        let name = file.rsplit_once('.').unwrap().0;
        host.publish("web", FunctionSource::new(name, file, code)).await.unwrap();
    }
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let h = host.clone();
    let done = tokio::spawn(async move {
        h.serve(listener, async {
            let _ = rx.await;
        })
        .await
    });
    Served { host, base, stop: Some(tx), done }
}

/// Waits until function `name` of app `web` has said it started.
async fn started(s: &Served, name: &str) {
    let app = s.host.app("web").unwrap();
    eventually(&format!("/{name} to start"), || async { app.bindings().shared.get(name).map(drop) }).await;
}

async fn json_of(r: reqwest::Response) -> (u16, Value) {
    let status = r.status().as_u16();
    (status, r.json().await.unwrap())
}

#[tokio::test]
async fn functions_are_served_with_laf_routes_errors_and_cors() {
    let s = serve(1024).await;
    let c = reqwest::Client::new();
    let (status, v) = json_of(c.get(format!("{}/hello?name=x", s.base)).send().await.unwrap()).await;
    assert_eq!((status, v), (200, json!({"q": {"name": "x"}, "b": {}})));

    let (status, v) = json_of(c.post(format!("{}/hello", s.base)).json(&json!({"a": 1})).send().await.unwrap()).await;
    assert_eq!((status, v["b"].clone()), (200, json!({"a": 1})));

    let (status, v) = json_of(c.get(format!("{}/api/user", s.base)).send().await.unwrap()).await;
    assert_eq!((status, v), (200, json!({"path": "/api/user", "fn": "api/user"})));

    let r = c.get(format!("{}/missing", s.base)).header("x-request-id", "abc").send().await.unwrap();
    assert_eq!(r.headers()["request-id"], "abc");
    assert_eq!(json_of(r).await, (404, json!({"error": "Function Not Found", "requestId": "abc"})));

    let r = c.get(format!("{}/boom", s.base)).send().await.unwrap();
    let rid = r.headers()["request-id"].to_str().unwrap().to_owned();
    let (status, v) = json_of(r).await;
    assert_eq!((status, v), (500, json!({"error": "Internal Server Error", "requestId": rid})));

    let (status, v) = json_of(c.get(format!("{}/_/healthz", s.base)).send().await.unwrap()).await;
    assert_eq!((status, v), (200, json!({"status": "ok"})));
    assert_eq!(c.get(format!("{}/_/nothing", s.base)).send().await.unwrap().status(), 404);

    let r = c.post(format!("{}/hello", s.base)).body(vec![b'x'; 2048]).send().await.unwrap();
    let (status, v) = json_of(r).await;
    assert_eq!(status, 413);
    assert!(v["error"].as_str().unwrap().contains("1024"), "{v}");

    let r = c.get(format!("{}/hello", s.base)).header("origin", "https://app.example").send().await.unwrap();
    assert_eq!(r.headers()["access-control-allow-origin"], "https://app.example");
    assert_eq!(r.headers()["access-control-allow-credentials"], "true");
    let r = c
        .request(reqwest::Method::OPTIONS, format!("{}/hello", s.base))
        .header("origin", "https://app.example")
        .header("access-control-request-method", "PUT")
        .header("access-control-request-headers", "x-custom")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(r.headers()["access-control-allow-headers"], "x-custom");
    assert_eq!(r.headers()["access-control-allow-origin"], "https://app.example");
}

#[tokio::test]
async fn apps_are_chosen_by_host_header() {
    let s = serve(1 << 20).await;
    let other = s.host.create_app("other", None).unwrap();
    other.publish(FunctionSource::new("hello", "hello.js", "export default () => 'from other'")).await.unwrap();
    let c = reqwest::Client::new();
    let r = c.get(format!("{}/hello", s.base)).header("host", "other.laf.example").send().await.unwrap();
    assert_eq!(r.text().await.unwrap(), "from other");
    let r = c.get(format!("{}/hello", s.base)).header("host", "web.laf.example").send().await.unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn shutdown_lets_open_requests_finish_then_stops_listening() {
    let mut s = serve(1 << 20).await;
    let c = reqwest::Client::new();
    let url = format!("{}/slow", s.base);
    let pending = tokio::spawn({
        let c = c.clone();
        async move { c.get(url).send().await.unwrap().text().await.unwrap() }
    });
    started(&s, "slow").await;
    s.stop.take().unwrap().send(()).unwrap();
    assert_eq!(pending.await.unwrap(), "slow done");
    tokio::time::timeout(Duration::from_secs(5), &mut s.done).await.unwrap().unwrap().unwrap();
    let fresh = reqwest::Client::new();
    assert!(fresh.get(format!("{}/hello", s.base)).send().await.is_err(), "nothing listens after shutdown");
}

#[tokio::test]
async fn the_router_mounts_inside_an_existing_axum_app() {
    let host = Host::builder().language(JsLanguage::new()).workers(1).build().unwrap();
    host.create_app("emb", None).unwrap();
    host.set_default_app("emb").unwrap();
    host.publish("emb", FunctionSource::new("hi", "hi.js", "export default (ctx) => ({ hi: ctx.query.who })"))
        .await
        .unwrap();
    let app = axum::Router::new()
        .route("/own", axum::routing::get(|| async { "own route" }))
        .nest_service("/fn", host.router());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let c = reqwest::Client::new();
    assert_eq!(c.get(format!("{base}/own")).send().await.unwrap().text().await.unwrap(), "own route");
    let v: Value = c.get(format!("{base}/fn/hi?who=rust")).send().await.unwrap().json().await.unwrap();
    assert_eq!(v, json!({"hi": "rust"}));
}

#[tokio::test]
async fn a_busy_loop_gets_a_timeout_while_other_requests_keep_succeeding() {
    let s = serve(1 << 20).await;
    // Fresh connections: a connection held by the worker that is stuck waits for it (see README).
    let c = reqwest::Client::builder().pool_max_idle_per_host(0).build().unwrap();
    let spin = tokio::spawn({
        let (c, url) = (c.clone(), format!("{}/spin", s.base));
        async move {
            let started = std::time::Instant::now();
            let r = c.get(url).send().await.unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap(), started.elapsed())
        }
    });
    started(&s, "spin").await;
    // The other worker answers while one is stuck: every request before the loop is stopped.
    for i in 0..10 {
        let r = c.get(format!("{}/hello?i={i}", s.base)).send().await.unwrap();
        assert_eq!(r.status(), 200);
    }
    assert!(!spin.is_finished(), "the requests waited for the loop to be stopped");
    let (status, body, elapsed) = spin.await.unwrap();
    assert_eq!(status, 504);
    assert!(body["error"].as_str().unwrap().contains("timed out after 2000 ms"), "{body}");
    assert!(elapsed >= Duration::from_millis(1900) && elapsed < Duration::from_secs(10), "{elapsed:?}");
}
