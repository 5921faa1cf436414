//! Deterministic cost of in-process JavaScript calls, for `valgrind --tool=callgrind`.
//!
//! This machine's speed drifts by 2x within minutes, so small changes are judged by instructions,
//! not seconds. Run the same binary with `LAF_CALLS=0` and `LAF_CALLS=2000` and divide the
//! difference by 2000 (startup cancels out):
//!
//! ```sh
//! cargo bench --no-run --bench instructions            # then, with the binary it printed:
//! LAF_CALLS=0    valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/deps/instructions-*
//! LAF_CALLS=2000 valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/deps/instructions-*
//! ```
//!
//! `LAF_FUNCTION` picks `hello` (examples/functions/hello.ts, the default), `noop`, `node`
//! (benches/functions/hello-node.ts: `hello` with `crypto` and `Buffer`), or `find-one`
//! (benches/functions/find-one.ts: one `findOne` by `_id` on the embedded database, 10,000 users).

use bytes::Bytes;
use laf_host::{FunctionSource, Host};

fn main() {
    let calls: usize = std::env::var("LAF_CALLS").ok().and_then(|n| n.parse().ok()).unwrap_or(2000);
    let name = std::env::var("LAF_FUNCTION").unwrap_or_else(|_| "hello".into());
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let dir = std::env::temp_dir().join(format!("laf-instructions-{}", std::process::id()));
    let provider = laf_host::bindings::database::embedded::EmbeddedProvider::open(&dir).unwrap();
    let host = Host::builder()
        .language(lang_js::JsLanguage::new())
        .workers(1)
        .database(std::sync::Arc::new(provider))
        .build()
        .unwrap();
    let app = host.create_app("bench", None).unwrap();
    for (name, code) in
        [("find-one", include_str!("functions/find-one.ts")), ("seed", include_str!("functions/seed.ts"))]
    {
        rt.block_on(app.publish(FunctionSource::new(name, format!("{name}.ts"), code))).unwrap();
    }
    let hello = include_str!("../examples/functions/hello.ts");
    rt.block_on(app.publish(FunctionSource::new("hello", "hello.ts", hello))).unwrap();
    rt.block_on(app.publish(FunctionSource::new("noop", "noop.js", "export default () => 1"))).unwrap();
    let node = include_str!("functions/hello-node.ts");
    rt.block_on(app.publish(FunctionSource::new("node", "hello-node.ts", node))).unwrap();
    rt.block_on(host.workers().run_local(move || async move {
        if name == "find-one" {
            let seed = http::Request::post("/seed").body(Bytes::new()).unwrap();
            assert_eq!(app.call("seed", seed).await.status, 200);
        }
        // 100 warm-up calls load the module and fill caches in both runs.
        for _ in 0..(100 + calls) {
            let request =
                http::Request::get(if name == "find-one" { "/find-one?id=4242" } else { "/hello?name=bench" })
                    .body(Bytes::new())
                    .unwrap();
            assert_eq!(app.call(&name, request).await.status, 200);
        }
    }))
    .unwrap();
    drop(host);
    let _ = std::fs::remove_dir_all(&dir);
}
