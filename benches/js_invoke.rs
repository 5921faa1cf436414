//! In-process JavaScript invocation: the cost of one call of `hello` without HTTP.
//!
//! - `on_worker`: calls made on a host worker thread, as the gateway makes them (no thread hop);
//! - `on_worker_noop`: the same for `export default () => 1`: the fixed cost of a call;
//! - `on_worker_node`: `hello` that also hashes the name with `crypto` and encodes it with
//!   `Buffer` (issue 17: at most 10 µs more per call than `hello` once warm);
//! - `from_outside`: `Host::invoke` from another thread (one hop to a worker and back);
//! - `compile_ts`: oxc stripping a small TypeScript function at publish time.
//!
//! Run with `cargo bench --bench js_invoke`.

mod support;

use std::time::Duration;

use bytes::Bytes;
use criterion::{Criterion, criterion_group, criterion_main};
use laf_host::{FunctionSource, Host};

const HELLO: &str = include_str!("../examples/functions/hello.ts");
const HELLO_NODE: &str = include_str!("functions/hello-node.ts");

fn request() -> http::Request<Bytes> {
    http::Request::get("/hello?name=bench").body(Bytes::new()).unwrap()
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let host = Host::builder().language(lang_js::JsLanguage::new()).workers(1).build().unwrap();
    let app = host.create_app("bench", None).unwrap();
    rt.block_on(app.publish(FunctionSource::new("hello", "hello.ts", HELLO))).unwrap();
    rt.block_on(app.publish(FunctionSource::new("noop", "noop.js", "export default () => 1"))).unwrap();
    rt.block_on(app.publish(FunctionSource::new("node", "node.ts", HELLO_NODE))).unwrap();

    let mut g = c.benchmark_group("js_invoke");
    g.measurement_time(Duration::from_secs(5));
    for (bench, name) in [("on_worker", "hello"), ("on_worker_noop", "noop"), ("on_worker_node", "node")] {
        g.bench_function(bench, |b| {
            b.iter_custom(|iters| support::calls_on_worker(&rt, &host, &app, name, iters, request))
        });
    }
    g.bench_function("from_outside", |b| {
        b.to_async(&rt).iter(|| async {
            let r = host.invoke("bench", "hello", request()).await.unwrap();
            assert_eq!(r.status, 200);
        })
    });
    g.bench_function("compile_ts", |b| b.iter(|| lang_js::compile("hello.ts", HELLO).unwrap()));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
