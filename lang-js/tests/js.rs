//! JavaScript semantics through the host's in-process API (`Host::invoke`): what Laf functions
//! rely on, end to end through the real QuickJS engine.

mod common;

use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{Method, Request, StatusCode};
use laf_host::{AppConfig, FunctionSource, Host, InvokeError, LoadError, PublishError};
use lang_js::JsLanguage;
use serde_json::{Value, json};

const APP: &str = "t";

fn host(workers: usize, timeout: Duration) -> Host {
    let host = Host::builder().language(JsLanguage::new()).workers(workers).build().unwrap();
    host.create_app(APP, Some(AppConfig { timeout, ..AppConfig::default() })).unwrap();
    host
}

async fn publish(host: &Host, filename: &str, code: &str) -> u64 {
    let name = filename.rsplit_once('.').unwrap().0;
    match host.publish(APP, FunctionSource::new(name, filename, code)).await {
        Ok(f) => f.version,
        Err(e) => panic!("publish {filename}: {e}"),
    }
}

struct Reply {
    status: StatusCode,
    headers: http::HeaderMap,
    body: Bytes,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {:?}", self.body))
    }
    fn text(&self) -> &str {
        std::str::from_utf8(&self.body).unwrap()
    }
    fn content_type(&self) -> &str {
        self.headers.get("content-type").map_or("", |v| v.to_str().unwrap())
    }
}

async fn call(host: &Host, request: Request<Bytes>) -> Reply {
    let name = request.uri().path().trim_matches('/').to_owned();
    let r = host.invoke(APP, &name, request).await.unwrap();
    let (status, headers) = (r.status, r.headers.clone());
    Reply { status, headers, body: r.collect_body().await }
}

async fn get(host: &Host, uri: &str) -> Reply {
    call(host, Request::get(uri).body(Bytes::new()).unwrap()).await
}

async fn post(host: &Host, uri: &str, content_type: &str, body: &'static [u8]) -> Reply {
    let req = Request::post(uri).header("content-type", content_type).body(Bytes::from_static(body)).unwrap();
    call(host, req).await
}

#[tokio::test]
async fn every_laf_entry_style_runs_and_ctx_has_the_request() {
    let h = host(1, Duration::from_secs(5));
    publish(&h, "a.ts", "export default async function (ctx: any) { return { q: ctx.query, m: ctx.method, f: ctx.__function_name, id: ctx.requestId, b: ctx.body, u: ctx.user } }").await;
    publish(&h, "b.js", "export async function main(ctx) { return 'main:' + ctx.query.x }").await;
    publish(&h, "c.js", "exports.main = async function (ctx) { return 'cjs:' + ctx.query.x }").await;
    publish(&h, "d.js", "module.exports = function (ctx) { return 'fn:' + ctx.query.x }").await;

    let req = Request::get("/a?x=1&x=2&y=%20z").header("x-request-id", "req-42").body(Bytes::new()).unwrap();
    let a = call(&h, req).await;
    assert_eq!(a.status, 200);
    assert_eq!(
        a.json(),
        json!({"q": {"x": ["1", "2"], "y": " z"}, "m": "GET", "f": "a", "id": "req-42", "b": {}, "u": null})
    );
    assert_eq!(a.headers["request-id"], "req-42");
    assert_eq!(get(&h, "/b?x=1").await.text(), "main:1");
    assert_eq!(get(&h, "/c?x=2").await.text(), "cjs:2");
    assert_eq!(get(&h, "/d?x=3").await.text(), "fn:3");
}

#[tokio::test]
async fn bodies_are_parsed_by_content_type() {
    let h = host(1, Duration::from_secs(5));
    publish(
        &h,
        "echo.js",
        "export default (ctx) => ({ body: ctx.body instanceof Uint8Array ? Array.from(ctx.body) : ctx.body })",
    )
    .await;
    assert_eq!(post(&h, "/echo", "application/json", br#"{"a":[1,2]}"#).await.json(), json!({"body": {"a": [1, 2]}}));
    assert_eq!(
        post(&h, "/echo", "application/x-www-form-urlencoded", b"a=1&b=x+y").await.json(),
        json!({"body": {"a": "1", "b": "x y"}})
    );
    assert_eq!(post(&h, "/echo", "text/plain", b"hi").await.json(), json!({"body": "hi"}));
    assert_eq!(post(&h, "/echo", "application/octet-stream", b"\x01\x02").await.json(), json!({"body": [1, 2]}));
    let bad = post(&h, "/echo", "application/json", b"{oops").await;
    assert_eq!(bad.status, 400);
    assert!(bad.json()["error"].as_str().unwrap().contains("Invalid JSON"));
}

#[tokio::test]
async fn return_values_map_as_in_laf() {
    let h = host(1, Duration::from_secs(5));
    publish(&h, "s.js", "export default () => 'hi'").await;
    publish(&h, "n.js", "export default () => 42").await;
    publish(&h, "b.js", "export default () => new Uint8Array([1, 2, 3])").await;
    publish(&h, "o.js", "export default () => [1, {a: true}]").await;
    publish(&h, "u.js", "export default () => undefined").await;
    publish(
        &h,
        "d.js",
        "export default () => ({ when: new Date(0), t: { toJSON() { return 'custom' } }, n: [1.5, -0, NaN] })",
    )
    .await;
    let s = get(&h, "/s").await;
    assert_eq!((s.text(), s.content_type()), ("hi", "text/html; charset=utf-8"));
    let n = get(&h, "/n").await;
    assert_eq!((n.text(), n.content_type()), ("42", "text/html; charset=utf-8"));
    let b = get(&h, "/b").await;
    assert_eq!((b.body.as_ref(), b.content_type()), (&[1u8, 2, 3][..], "application/octet-stream"));
    let o = get(&h, "/o").await;
    assert_eq!((o.json(), o.content_type()), (json!([1, {"a": true}]), "application/json; charset=utf-8"));
    let d = get(&h, "/d").await;
    assert_eq!(d.text(), r#"{"when":"1970-01-01T00:00:00.000Z","t":"custom","n":[1.5,0,null]}"#);
    let u = get(&h, "/u").await;
    assert_eq!((u.status, u.body.len()), (StatusCode::OK, 0));
}

#[tokio::test]
async fn response_api_sets_status_headers_cookies_and_streams() {
    let h = host(1, Duration::from_secs(5));
    publish(&h, "st.ts", "export default (ctx) => { ctx.response.status(418).setHeader('x-a', 'b'); ctx.response.cookie('s', 'v', { httpOnly: true }); return { ok: 1 } }").await;
    publish(&h, "sent.js", "export default (ctx) => { ctx.response.status(201).send('early'); return 'ignored' }")
        .await;
    publish(&h, "redir.js", "export default (ctx) => { ctx.response.redirect('/elsewhere') }").await;
    publish(&h, "stream.js", "export default async (ctx) => { ctx.response.write('a'); await new Promise(r => setTimeout(r, 10)); ctx.response.write('b'); ctx.response.end('c') }").await;
    let st = get(&h, "/st").await;
    assert_eq!(st.status, 418);
    assert_eq!(st.headers["x-a"], "b");
    assert_eq!(st.headers["set-cookie"], "s=v; Path=/; HttpOnly");
    assert_eq!(st.json(), json!({"ok": 1}));
    let sent = get(&h, "/sent").await;
    assert_eq!((sent.status.as_u16(), sent.text()), (201, "early"));
    let r = get(&h, "/redir").await;
    assert_eq!((r.status.as_u16(), r.headers["location"].to_str().unwrap()), (302, "/elsewhere"));
    assert_eq!(get(&h, "/stream").await.text(), "abc");
}

#[tokio::test]
async fn thrown_errors_are_500_without_details_and_stacks_point_at_typescript() {
    let h = host(1, Duration::from_secs(5));
    let src = "type T = { n: number }\n\n\nexport default async function (ctx) {\n  const t: T = { n: 1 }\n  throw new Error('secret ' + t.n)\n}\n";
    publish(&h, "boom.ts", src).await;
    let r = get(&h, "/boom").await;
    assert_eq!(r.status, 500);
    assert_eq!(r.json()["error"], "Internal Server Error");
    assert!(!r.text().contains("secret"), "details must not leak: {}", r.text());

    // The error the host logs carries the TypeScript position (line 6).
    let app = h.app(APP).unwrap();
    let f = app.function("boom").unwrap();
    let ctx = common::get_context(&app, "boom", "r1", Duration::from_secs(5));
    match f.loaded.invoke(ctx).await {
        Err(InvokeError::Thrown { message, stack }) => {
            assert_eq!(message, "Error: secret 1");
            let stack = stack.unwrap();
            assert!(stack.contains("boom.ts:6:"), "stack maps to the TypeScript line: {stack}");
            assert!(!stack.contains("laf:"), "internal module names are rewritten: {stack}");
        }
        other => panic!("expected a thrown error, got {other:?}"),
    }
}

#[tokio::test]
async fn an_infinite_loop_is_stopped_at_its_timeout_and_other_calls_keep_succeeding() {
    let h = host(2, Duration::from_millis(1500));
    let spin = "import cloud from '@lafjs/cloud'\nexport default function () { cloud.shared.set('spin', true); while (true) {} }";
    publish(&h, "spin.js", spin).await;
    publish(&h, "ok.js", "export default () => 'ok'").await;
    let h2 = h.clone();
    let started = Instant::now();
    let spin = tokio::spawn(async move { get(&h2, "/spin").await });
    let app = h.app(APP).unwrap();
    common::eventually("the loop to start", || async { app.bindings().shared.get("spin").map(drop) }).await;
    // The other worker keeps answering while one is stuck: every call before the loop is stopped.
    for _ in 0..10 {
        assert_eq!(get(&h, "/ok").await.text(), "ok");
    }
    assert!(!spin.is_finished(), "the calls waited for the loop to be stopped");
    let r = spin.await.unwrap();
    assert_eq!(r.status, StatusCode::GATEWAY_TIMEOUT);
    assert!(r.json()["error"].as_str().unwrap().contains("timed out"));
    assert!(started.elapsed() >= Duration::from_millis(1400));
    // The worker that ran the loop serves again.
    for _ in 0..4 {
        assert_eq!(get(&h, "/ok").await.text(), "ok");
    }
}

#[tokio::test]
async fn a_pending_promise_times_out_too() {
    let h = host(1, Duration::from_millis(300));
    publish(&h, "never.js", "export default () => new Promise(() => {})").await;
    publish(&h, "ok.js", "export default () => 'ok'").await;
    assert_eq!(get(&h, "/never").await.status, StatusCode::GATEWAY_TIMEOUT);
    assert_eq!(get(&h, "/ok").await.text(), "ok");
}

#[tokio::test]
async fn the_memory_limit_stops_a_function_and_the_worker_recovers() {
    let host = Host::builder()
        .language(JsLanguage::with_config(lang_js::JsConfig { memory_limit: 64 << 20, ..Default::default() }))
        .workers(1)
        .build()
        .unwrap();
    host.create_app(APP, None).unwrap();
    publish(&host, "bomb.js", "export default () => { const a = []; while (true) a.push(new Array(1e5).fill(7)) }")
        .await;
    publish(&host, "ok.js", "export default () => ({ ok: true })").await;
    let r = get(&host, "/bomb").await;
    assert_eq!(r.status, 500);
    assert!(r.json()["error"].as_str().unwrap().contains("memory"), "{}", r.text());
    assert_eq!(get(&host, "/ok").await.json(), json!({"ok": true}));
}

#[tokio::test]
async fn async_invocations_interleave_on_one_worker() {
    let h = host(1, Duration::from_secs(10));
    // Nine calls wait (on a timer, then on a promise) until a tenth arrives and releases them:
    // they all answer only if all ten are in flight on the one worker at once.
    publish(
        &h,
        "barrier.js",
        "const waiting = []\nexport default async (ctx) => {\n  await new Promise(r => setTimeout(r, 1))\n  if (waiting.length < 9) await new Promise(r => waiting.push(r))\n  else waiting.splice(0).forEach(r => r())\n  return ctx.query.i\n}",
    )
    .await;
    let calls = (0..10).map(|i| {
        let h = h.clone();
        tokio::spawn(async move { get(&h, &format!("/barrier?i={i}")).await.text().to_owned() })
    });
    let calls: Vec<_> = calls.collect();
    let mut out = Vec::new();
    for c in calls {
        out.push(c.await.unwrap());
    }
    assert_eq!(out, (0..10).map(|i| i.to_string()).collect::<Vec<_>>());
}

#[tokio::test]
async fn module_state_persists_and_republishing_one_function_keeps_the_others() {
    let h = host(1, Duration::from_secs(5));
    publish(&h, "counter.js", "let n = 0; export default () => ++n").await;
    publish(&h, "other.js", "export default () => 'v1'").await;
    assert_eq!(get(&h, "/counter").await.text(), "1");
    assert_eq!(get(&h, "/counter").await.text(), "2");
    assert_eq!(publish(&h, "other.js", "export default () => 'v2'").await, 2);
    assert_eq!(get(&h, "/other").await.text(), "v2");
    assert_eq!(get(&h, "/counter").await.text(), "3", "republishing another function keeps this one's state");
    publish(&h, "counter.js", "let n = 100; export default () => ++n").await;
    assert_eq!(get(&h, "/counter").await.text(), "101");
}

#[tokio::test]
async fn functions_import_each_other_and_see_republished_imports() {
    let h = host(1, Duration::from_secs(5));
    publish(&h, "util.ts", "export const add = (a: number, b: number) => a + b\nexport default () => 'util'").await;
    publish(&h, "api/lib.ts", "export const twice = (x: number) => x * 2").await;
    publish(&h, "api/user.ts", "import { add } from '@/util'\nimport { twice } from './lib'\nimport { add as add2 } from '../util'\nexport default () => ({ v: twice(add(1, 2)), same: add === add2 })").await;
    assert_eq!(get(&h, "/api/user").await.json(), json!({"v": 6, "same": true}));
    publish(&h, "util.ts", "export const add = (a: number, b: number) => a * b").await;
    assert_eq!(get(&h, "/api/user").await.json(), json!({"v": 4, "same": true}), "the importer picks up the new util");
    publish(&h, "bad-import.js", "import x from 'lodash'\nexport default () => x").await;
    let r = get(&h, "/bad-import").await;
    assert_eq!(r.status, 500);
}

#[tokio::test]
async fn a_failed_publish_returns_the_compiler_error_and_keeps_the_previous_version() {
    let h = host(1, Duration::from_secs(5));
    publish(&h, "f.ts", "export default () => 'v1'").await;
    let err =
        h.publish(APP, FunctionSource::new("f", "f.ts", "export default () => {\n  return (\n}")).await.unwrap_err();
    match err {
        laf_host::HostError::Publish(PublishError::Load(LoadError::Compile { line, file, .. })) => {
            assert_eq!(file, "f.ts");
            assert_eq!(line, 3);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(get(&h, "/f").await.text(), "v1");
    let app = h.app(APP).unwrap();
    assert_eq!(app.function("f").unwrap().version, 1);
    assert_eq!(publish(&h, "f.ts", "export default () => 'v2'").await, 2);
    let history = app.history("f").await.unwrap();
    assert_eq!(history.iter().map(|r| r.version).collect::<Vec<_>>(), vec![1, 2]);
    assert!(history[0].text().contains("v1"));
    let bad_name = h.publish(APP, FunctionSource::new("../x", "x.js", "export default () => 1")).await;
    assert!(matches!(bad_name, Err(laf_host::HostError::Publish(PublishError::InvalidName { .. }))));
}

#[tokio::test]
async fn cloud_module_gives_appid_env_and_a_shared_store_across_workers() {
    let h = host(2, Duration::from_secs(5));
    h.app(APP).unwrap().set_env([("GREETING".to_owned(), "hi".to_owned())].into());
    publish(&h, "set.ts", "import cloud from '@lafjs/cloud'\nexport default (ctx) => { cloud.shared.set(ctx.query.k, { v: Number(ctx.query.v) }); return cloud.shared.size }").await;
    publish(&h, "read.ts", "import cloud from '@lafjs/cloud'\nexport default (ctx) => ({ app: cloud.appid, env: cloud.env.GREETING, v: cloud.shared.get(ctx.query.k), has: cloud.shared.has('nope') })").await;
    for i in 0..4 {
        get(&h, &format!("/set?k=k{i}&v={i}")).await;
    }
    // Calls are spread over both workers; every one sees every write.
    for i in 0..4 {
        let r = get(&h, &format!("/read?k=k{i}")).await.json();
        assert_eq!(r, json!({"app": "t", "env": "hi", "v": {"v": i}, "has": false}));
    }
}

#[tokio::test]
async fn web_globals_work() {
    let h = host(1, Duration::from_secs(5));
    let src = r#"export default async () => {
        const u = new URL('../x?a=1#h', 'https://user@example.com/p/q');
        u.searchParams.append('b', 'c d');
        const p = new URLSearchParams('x=1&y=2&x=3');
        const bytes = new TextEncoder().encode('héllo');
        let fatal = 'no error';
        try { new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array([0xff])); } catch (e) { fatal = e.name; }
        let bad = 'no error';
        try { new URL('not a url'); } catch (e) { bad = e.name; }
        let ticks = 0;
        await new Promise((resolve) => { const t = setInterval(() => { if (++ticks === 3) { clearInterval(t); resolve(); } }, 5); });
        let cancelled = true;
        clearTimeout(setTimeout(() => { cancelled = false; }, 1));
        await new Promise((r) => setTimeout(r, 20));
        return { href: u.href, host: u.host, user: u.username, xs: p.getAll('x'), p: p.toString(), n: bytes.length,
                 back: new TextDecoder().decode(bytes), fatal, bad, ticks, cancelled };
    }"#;
    publish(&h, "web.js", src).await;
    assert_eq!(
        get(&h, "/web").await.json(),
        json!({"href": "https://user@example.com/x?a=1&b=c+d#h", "host": "example.com", "user": "user", "xs": ["1", "3"],
               "p": "x=1&y=2&x=3", "n": 6, "back": "héllo", "fatal": "TypeError", "bad": "TypeError", "ticks": 3, "cancelled": true})
    );
}

#[tokio::test]
async fn fetch_goes_out_through_the_host_client() {
    use axum::routing::post;
    let upstream = axum::Router::new().route(
        "/echo",
        post(|headers: http::HeaderMap, body: String| async move {
            let auth = headers.get("x-token").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
            ([("x-up", "yes")], axum::Json(json!({ "got": body, "token": auth })))
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, upstream).await.unwrap() });

    // The upstream is on loopback, which the default network policy refuses.
    let h = Host::builder()
        .language(JsLanguage::new())
        .workers(1)
        .allow_net(None, "127.0.0.1".parse().unwrap())
        .build()
        .unwrap();
    h.create_app(APP, Some(AppConfig { timeout: Duration::from_secs(5), ..AppConfig::default() })).unwrap();
    let src = format!(
        "export default async () => {{\n  const r = await fetch('http://{addr}/echo', {{ method: 'POST', headers: {{ 'x-token': 't1' }}, body: 'ping' }});\n  const j = await r.json();\n  let refused = '';\n  try {{ await fetch('http://127.0.0.1:1/'); }} catch (e) {{ refused = e.name; }}\n  return {{ status: r.status, ok: r.ok, up: r.headers.get('x-up'), j, refused }}\n}}"
    );
    publish(&h, "f.js", &src).await;
    assert_eq!(
        get(&h, "/f").await.json(),
        json!({"status": 200, "ok": true, "up": "yes", "j": {"got": "ping", "token": "t1"}, "refused": "TypeError"})
    );
}

#[tokio::test]
async fn unknown_names_fall_back_to_default_then_404_and_methods_are_enforced() {
    let h = host(1, Duration::from_secs(5));
    assert_eq!(get(&h, "/nothing").await.status, 404);
    publish(&h, "__default__.js", "export default (ctx) => 'default for ' + ctx.__function_name").await;
    assert_eq!(get(&h, "/nothing").await.text(), "default for nothing");
    h.publish(
        APP,
        FunctionSource::new("only-post", "only-post.js", "export default () => 'posted'")
            .with_methods(vec![Method::POST]),
    )
    .await
    .unwrap();
    let r = get(&h, "/only-post").await;
    assert_eq!(r.status, 405);
    assert_eq!(r.json()["error"], "Method Not Allowed");
    assert_eq!(post(&h, "/only-post", "text/plain", b"").await.text(), "posted");
}

// Log lines of every test in this binary land here (one global subscriber per process).
fn captured_logs() -> std::sync::Arc<std::sync::Mutex<Vec<u8>>> {
    use std::sync::{Arc, Mutex, OnceLock};
    static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let buf = Arc::new(Mutex::new(Vec::new()));
        let sink = buf.clone();
        tracing_subscriber::fmt()
            .with_ansi(false)
            .with_writer(move || Writer(sink.clone()))
            .with_env_filter("laf=info")
            .init();
        buf
    })
    .clone()
}

struct Writer(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Writer {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn console_lines_carry_function_and_request_id_across_awaits() {
    let logs = captured_logs();
    let h = host(1, Duration::from_secs(5));
    publish(
        &h,
        "talk.js",
        "export default async (ctx) => {\n  console.log('before', { n: 1 })\n  await new Promise(r => setTimeout(r, 5))\n  console.warn('after %d', 2)\n  return 'ok'\n}",
    )
    .await;
    let req = Request::get("/talk").header("x-request-id", "rid-console-1").body(Bytes::new()).unwrap();
    assert_eq!(call(&h, req).await.text(), "ok");
    let text = String::from_utf8(logs.lock().unwrap().clone()).unwrap();
    let lines: Vec<&str> = text.lines().filter(|l| l.contains("rid-console-1")).collect();
    assert!(
        lines.iter().any(|l| l.contains("INFO") && l.contains("before { n: 1 }") && l.contains("function=\"talk\"")),
        "{text}"
    );
    assert!(
        lines.iter().any(|l| l.contains("WARN") && l.contains("after 2") && l.contains("function=\"talk\"")),
        "{text}"
    );
}

#[tokio::test]
async fn a_stream_started_after_an_await_keeps_streaming() {
    let h = host(2, Duration::from_secs(5));
    let src = "export default async (ctx) => {\n  await new Promise(r => setTimeout(r, 10))\n  ctx.response.write('a')\n  await new Promise(r => setTimeout(r, 30))\n  ctx.response.write('b')\n  await new Promise(r => setTimeout(r, 30))\n  ctx.response.end('c')\n}";
    publish(&h, "late.js", src).await;
    assert_eq!(get(&h, "/late").await.text(), "abc");
}

#[tokio::test]
async fn a_change_two_imports_down_reaches_the_caller() {
    let h = host(1, Duration::from_secs(5));
    publish(&h, "b.js", "export const v = 1").await;
    publish(&h, "a.js", "import { v } from '@/b'\nexport const get = () => v").await;
    publish(
        &h,
        "x.js",
        "import { get } from '@/a'\nlet calls = 0\nexport default () => ({ v: get(), calls: ++calls })",
    )
    .await;
    assert_eq!(get(&h, "/x").await.json(), json!({"v": 1, "calls": 1}));
    assert_eq!(get(&h, "/x").await.json(), json!({"v": 1, "calls": 2}));
    publish(&h, "b.js", "export const v = 2").await;
    // A fresh instance of x (and of a) sees the new b; after that x's state persists again.
    assert_eq!(get(&h, "/x").await.json(), json!({"v": 2, "calls": 1}));
    assert_eq!(get(&h, "/x").await.json(), json!({"v": 2, "calls": 2}));
}

#[tokio::test]
async fn query_names_never_reach_prototypes_and_odd_timer_delays_are_clamped() {
    let h = host(1, Duration::from_secs(5));
    publish(
        &h,
        "q.js",
        "export default async (ctx) => {\n  await new Promise(r => setTimeout(r, 1e30))\n  return { q: ctx.query, proto: Object.getPrototypeOf(ctx.query) === Object.prototype }\n}",
    )
    .await;
    let started = Instant::now();
    let r = get(&h, "/q?toString=1&__proto__=x&a=1&a=2").await;
    assert!(started.elapsed() < Duration::from_secs(2), "a huge delay is clamped to 1 ms, as in Node");
    assert_eq!(r.json(), json!({"q": {"toString": "1", "__proto__": "x", "a": ["1", "2"]}, "proto": true}));
}

#[tokio::test]
async fn an_app_cannot_reach_another_apps_calls_or_modules_on_the_same_worker() {
    let h = host(1, Duration::from_secs(30));
    h.create_app("other", None).unwrap();
    // The victim's call stays in flight (saying so) until the test releases it, after the thief.
    let secret = "import cloud from '@lafjs/cloud'\nexport const secret = 's3cr3t'\nexport default async () => {\n  cloud.shared.set('victim', true)\n  while (!cloud.shared.get('release')) await new Promise(r => setTimeout(r, 5))\n  return 'mine'\n}";
    publish(&h, "secret.js", secret).await;
    let thief = r#"export default async (ctx) => {
        const sym = Object.getOwnPropertySymbols(ctx).find((s) => String(s) === 'Symbol(laf.id)');
        const proto = Object.getPrototypeOf(ctx);
        const seen = [];
        for (let id = 1; id < 64; id++) {
            if (id === ctx[sym]) continue;
            const fake = { __proto__: proto, [sym]: id };
            const h = fake.headers;
            if (h && Object.keys(h).length) seen.push(id);
            fake.response.send('hijacked');
        }
        let imported = 0;
        for (let uid = 1; uid < 3000; uid++) {
            try { await import(`laf:t/secret#${uid}`); imported++; } catch (e) {}
        }
        return { seen, imported };
    }"#;
    h.app("other").unwrap().publish(FunctionSource::new("thief", "thief.js", thief)).await.unwrap();
    let victim = tokio::spawn({
        let h = h.clone();
        async move {
            let req = Request::get("/secret").header("authorization", "Bearer victim").body(Bytes::new()).unwrap();
            call(&h, req).await.text().to_owned()
        }
    });
    let app = h.app(APP).unwrap();
    let shared = &app.bindings().shared;
    common::eventually("the victim's call to be under way", || async { shared.get("victim").map(drop) }).await;
    let r = h.invoke("other", "thief", Request::get("/thief").body(Bytes::new()).unwrap()).await.unwrap();
    assert_eq!(serde_json::from_slice::<Value>(&r.collect_body().await).unwrap(), json!({"seen": [], "imported": 0}));
    assert!(!victim.is_finished(), "the thief ran while the victim's call was in flight");
    shared.set("release", "true");
    assert_eq!(victim.await.unwrap(), "mine", "the other app's call kept its own answer");
}

// Removing an app drops its context on every worker that ran it (with its module instances and
// timers) and frees its runtimes once its timers' tasks let go of their callbacks; an app created
// again under the same id starts from a fresh runtime and context.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_removed_apps_contexts_are_dropped() {
    let js = JsLanguage::new();
    let host = Host::builder().language(js.clone()).workers(2).build().unwrap();
    host.create_app(APP, None).unwrap();
    let code = "let n = 0; setInterval(() => n++, 5); export default () => ({ n: typeof n })";
    publish(&host, "f.js", code).await;
    // Calls are spread over the workers: enough of them reach both.
    for _ in 0..8 {
        assert_eq!(get(&host, "/f").await.json(), json!({"n": "number"}));
    }
    assert_eq!(common::gauge(&js, "app_contexts"), 2.0, "both workers ran the app");
    assert_eq!(common::gauge(&js, "app_runtimes"), 2.0, "one runtime per worker");
    assert!(host.remove_app(APP));
    common::eventually("the app's contexts and runtimes to go", || async {
        (common::gauge(&js, "app_contexts") == 0.0 && common::gauge(&js, "app_runtimes") == 0.0).then_some(())
    })
    .await;
    host.create_app(APP, None).unwrap();
    publish(&host, "f.js", "export default () => 'fresh'").await;
    assert_eq!(get(&host, "/f").await.text(), "fresh");
    assert_eq!(common::gauge(&js, "app_contexts"), 1.0, "one context for the new app");
    assert_eq!(common::gauge(&js, "app_runtimes"), 1.0, "one runtime for the new app");
}

#[tokio::test]
async fn an_unhandled_rejection_is_in_the_log_and_a_handled_one_is_not() {
    let h = host(1, Duration::from_secs(5));
    publish(
        &h,
        "lost.js",
        "export default async () => {\n  Promise.reject(new Error('nobody listens'))\n  const late = Promise.reject(new Error('caught a little later'))\n  await null\n  await late.catch(() => {})\n  return 'ok'\n}",
    )
    .await;
    assert_eq!(get(&h, "/lost").await.text(), "ok");
    let query = laf_host::app::logs::LogQuery { function: Some("lost".into()), ..Default::default() };
    let lines: Vec<String> = h.app(APP).unwrap().logs().query(&query).into_iter().map(|l| l.message).collect();
    assert!(
        lines.iter().any(|l| l.starts_with("Unhandled promise rejection: Error: nobody listens")),
        "the lost rejection is reported: {lines:?}"
    );
    assert!(!lines.iter().any(|l| l.contains("caught a little later")), "a handled one is not: {lines:?}");
}

#[tokio::test]
async fn a_removed_apps_idle_socket_does_not_keep_its_runtime() {
    // A socket the peer never closes: its reader waits forever, holding the app's callbacks.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = std::thread::spawn(move || listener.accept().map(|(conn, _)| conn));
    let js = JsLanguage::new();
    let host = Host::builder()
        .language(js.clone())
        .workers(1)
        // The listener is on loopback, which the default network policy refuses.
        .allow_net(None, format!("127.0.0.1:{port}").parse().unwrap())
        .build()
        .unwrap();
    host.create_app("idle", None).unwrap();
    let code = format!(
        "import net from 'node:net'\nexport default () => new Promise((ok, fail) => {{\n\
         const s = net.connect({port}, '127.0.0.1', () => ok('connected'))\n  s.on('error', fail)\n}})"
    );
    host.publish("idle", FunctionSource::new("f", "f.js", code)).await.unwrap();
    let r = host.invoke("idle", "f", Request::get("/f").body(Bytes::new()).unwrap()).await.unwrap();
    assert_eq!(r.collect_body().await.as_ref(), b"connected");
    let _peer = accepted.join().unwrap().unwrap();
    assert_eq!(common::gauge(&js, "app_runtimes"), 1.0);
    assert!(host.remove_app("idle"));
    common::eventually("the removed app's runtime to be freed though its socket is open", || async {
        (common::gauge(&js, "app_runtimes") == 0.0).then_some(())
    })
    .await;
}

#[tokio::test]
async fn a_removed_apps_runtime_is_freed() {
    // Each app keeps ~20 MB in module state in its runtime. A runtime is freed only once nothing
    // holds a value of it any more: before contexts were released on removal (natives kept
    // Object.prototype alive), none ever was, and the process kept every removed app's heap.
    let js = JsLanguage::with_config(lang_js::JsConfig { memory_limit: 48 << 20, ..Default::default() });
    let host = Host::builder().language(js.clone()).workers(1).build().unwrap();
    let code = "const big = new Array(150000).fill(0).map((_, i) => ({ i }))\nexport default () => big.length";
    for round in 0..6 {
        host.create_app("churn", None).unwrap();
        host.publish("churn", FunctionSource::new("f", "f.js", code)).await.unwrap();
        let r = host.invoke("churn", "f", Request::get("/f").body(Bytes::new()).unwrap()).await.unwrap();
        let status = r.status;
        assert_eq!(status, StatusCode::OK, "round {round}: {:?}", r.collect_body().await);
        assert_eq!(common::gauge(&js, "app_runtimes"), 1.0, "round {round}");
        assert!(host.remove_app("churn"));
        common::eventually(&format!("round {round}'s runtime to be freed"), || async {
            (common::gauge(&js, "app_runtimes") == 0.0).then_some(())
        })
        .await;
    }
}
