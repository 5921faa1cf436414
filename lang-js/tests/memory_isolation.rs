//! Sealed tenants, memory: each app has its own QuickJS heap on a worker, so an app that allocates
//! until its limit fails its own calls only, and `memoryMb` sets that limit per app.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use bytes::Bytes;
use http::{Request, StatusCode};
use laf_host::{AppConfig, FunctionSource, Host};
use lang_js::{JsConfig, JsLanguage};
use serde_json::{Value, json};

// Fills its heap at once, in one synchronous run.
const BOMB: &str = "export default () => { const a = []; while (true) a.push(new Array(1e5).fill(7)) }";
// Fills its heap to the brim, holds it full while other calls run on the worker, then fails.
const HOLDING_BOMB: &str = "export default async () => {\n  const hold = []\n  try { while (true) hold.push(new Array(1e4).fill(7)) } catch {}\n  await new Promise((r) => setTimeout(r, 300))\n  hold.push(new Array(1e7).fill(7))\n}";
// Allocates and lets go of a few megabytes per call: it needs its heap to answer.
const WORK: &str = "export default (ctx) => {\n  const rows = Array.from({ length: 20000 }, (_, i) => ({ i, s: 'row' + i }))\n  return { n: rows.length, last: rows[rows.length - 1].s, q: ctx.query.i }\n}";

struct Reply {
    status: StatusCode,
    body: Bytes,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {:?}", self.body))
    }
}

async fn call(host: &Host, app: &str, uri: &str) -> Reply {
    let name = uri.trim_start_matches('/').split('?').next().unwrap().to_owned();
    let r = host.invoke(app, &name, Request::get(uri).body(Bytes::new()).unwrap()).await.unwrap();
    let status = r.status;
    Reply { status, body: r.collect_body().await }
}

async fn publish(host: &Host, app: &str, filename: &str, code: &str) {
    let name = filename.rsplit_once('.').unwrap().0;
    host.publish(app, FunctionSource::new(name, filename, code)).await.unwrap_or_else(|e| panic!("{filename}: {e}"));
}

fn app_config(memory_mb: Option<u64>) -> Option<AppConfig> {
    Some(AppConfig { timeout: Duration::from_secs(20), memory_mb, ..AppConfig::default() })
}

fn assert_out_of_memory(reply: &Reply, what: &str) {
    assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR, "{what}: {:?}", reply.body);
    let error = reply.json()["error"].as_str().unwrap_or_default().to_owned();
    assert!(error.contains("memory"), "{what}: {error}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_app_that_exhausts_its_heap_fails_only_its_own_calls() {
    // One worker and no heavy lane (which would move A's bombs to a thread of their own): both
    // apps' runtimes live on the same thread, and B's calls queue behind A's.
    let js = JsLanguage::new();
    let host = Host::builder().language(js.clone()).workers(1).heavy_slice(None).build().unwrap();
    host.create_app("a", app_config(None)).unwrap();
    host.create_app("b", app_config(None)).unwrap();
    publish(&host, "a", "bomb.js", BOMB).await;
    publish(&host, "a", "holding.js", HOLDING_BOMB).await;
    publish(&host, "b", "work.js", WORK).await;

    let bombing = Arc::new(AtomicBool::new(true));
    let bombs = {
        let (host, bombing) = (host.clone(), bombing.clone());
        tokio::spawn(async move {
            let mut replies = Vec::new();
            for round in 0..6 {
                let uri = if round % 2 == 0 { "/holding" } else { "/bomb" };
                replies.push((uri, call(&host, "a", uri).await));
            }
            bombing.store(false, Ordering::Relaxed);
            replies
        })
    };
    // B's calls keep coming, 16 at a time, for as long as A's bombs go off.
    let workers: Vec<_> = (0..16)
        .map(|w| {
            let (host, bombing) = (host.clone(), bombing.clone());
            tokio::spawn(async move {
                let (mut calls, mut failures) = (0, Vec::new());
                while bombing.load(Ordering::Relaxed) {
                    let r = call(&host, "b", &format!("/work?i={w}-{calls}")).await;
                    let expected = json!({"n": 20000, "last": "row19999", "q": format!("{w}-{calls}")});
                    if r.status != StatusCode::OK || r.json() != expected {
                        failures.push(format!("{}: {}", r.status, String::from_utf8_lossy(&r.body)));
                    }
                    calls += 1;
                }
                (calls, failures)
            })
        })
        .collect();
    let (mut calls, mut failures) = (0, Vec::new());
    for w in workers {
        let (n, f) = w.await.unwrap();
        calls += n;
        failures.extend(f);
    }
    for (uri, reply) in bombs.await.unwrap() {
        if reply.status != StatusCode::INTERNAL_SERVER_ERROR || !String::from_utf8_lossy(&reply.body).contains("memory")
        {
            // What the host logged of the call says why (the public answer hides it).
            let lines = host.app("a").unwrap().logs().query(&laf_host::LogQuery::default());
            let logged: Vec<_> = lines.iter().map(|l| format!("{} {}", l.function, l.message)).collect();
            panic!("{uri}: {} {:?}; app a's log: {logged:#?}", reply.status, reply.body);
        }
        assert_out_of_memory(&reply, uri);
    }
    assert!(
        failures.is_empty(),
        "{} of app b's {calls} calls failed while app a ran out of memory; the first: {:?}",
        failures.len(),
        &failures[..failures.len().min(3)]
    );
    assert!(calls >= 100, "app b made {calls} calls while the bombs went off");
    assert_eq!(common::gauge(&js, "app_runtimes"), 2.0, "a runtime per app on the worker");
    // A recovers: it gets a fresh runtime once its calls are over (one that ran out of memory may
    // have been left half way through lazily built state, such as the timers its bombs first
    // touched with a full heap), and the built-ins work there.
    let ok = "export default async () => { await new Promise((r) => setTimeout(r, 5)); return { ok: true } }";
    publish(&host, "a", "ok.js", ok).await;
    assert_eq!(call(&host, "a", "/ok").await.json(), json!({"ok": true}));
    assert_eq!(call(&host, "a", "/holding").await.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(call(&host, "a", "/ok").await.json(), json!({"ok": true}), "after another exhaustion too");
}

#[tokio::test]
async fn memory_mb_sets_each_apps_heap_limit() {
    // ~40 MB of live values (2.5 million 16-byte values), then its length.
    const NEEDS_40_MB: &str = "export default () => new Array(2.5e6).fill(0.5).length";
    // The language's default (here 16 MiB) for apps that set none.
    let js = JsLanguage::with_config(JsConfig { memory_limit: 16 << 20, ..JsConfig::default() });
    let host = Host::builder().language(js).workers(1).build().unwrap();
    for (app, memory_mb) in [("default", None), ("small", Some(24)), ("large", Some(128))] {
        host.create_app(app, app_config(memory_mb)).unwrap();
        publish(&host, app, "big.js", NEEDS_40_MB).await;
        publish(&host, app, "small.js", "export default () => new Array(1e5).fill(0.5).length").await;
    }
    assert_eq!(call(&host, "large", "/big").await.json(), json!(2_500_000));
    assert_out_of_memory(&call(&host, "small", "/big").await, "24 MiB");
    assert_out_of_memory(&call(&host, "default", "/big").await, "the default 16 MiB");
    // Each app still answers what fits its heap, the large one again what the others cannot.
    for app in ["default", "small", "large"] {
        assert_eq!(call(&host, app, "/small").await.json(), json!(100_000), "{app}");
    }
    assert_eq!(call(&host, "large", "/big").await.json(), json!(2_500_000));
}
