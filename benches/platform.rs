//! Platform features in process: how soon a rollback serves, and what an interceptor costs.
//!
//! - `rollback/rollback_then_call`: roll `greet` back (alternating v1 and v2, the registry on the
//!   embedded database as `laf serve` keeps it), then call it and check it answers the version
//!   just made live. At the end the time from the rollback returning to that first call's answer
//!   is printed (median, p99, max): the acceptance wants it under 10 ms.
//! - `rollback/call`: the call alone, the baseline.
//! - `interceptor/direct` and `interceptor/through_next`: a call on a host worker without and with
//!   a JavaScript `__interceptor__` that returns `await next(ctx)`.
//!
//! Run with `cargo bench --bench platform`.

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use criterion::{Criterion, criterion_group, criterion_main};
use laf_host::app::DatabaseStore;
use laf_host::bindings::database::embedded::EmbeddedProvider;
use laf_host::{FunctionSource, Host};

fn request() -> http::Request<Bytes> {
    http::Request::get("/greet").body(Bytes::new()).unwrap()
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let dir = std::env::temp_dir().join(format!("laf-bench-platform-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let provider = EmbeddedProvider::open(&dir).unwrap();
    let history = rt.block_on(DatabaseStore::open(&provider)).unwrap();
    let host = Host::builder()
        .language(lang_js::JsLanguage::new())
        .registry_store(Arc::new(history))
        .workers(1)
        .build()
        .unwrap();
    let app = host.create_app("bench", None).unwrap();
    for v in ["v1", "v2"] {
        let source = FunctionSource::new("greet", "greet.js", format!("export default () => '{v}'"));
        rt.block_on(app.publish(source)).unwrap();
    }

    let mut g = c.benchmark_group("rollback");
    g.measurement_time(Duration::from_secs(5));
    let after_return = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let mut version = 2;
    g.bench_function("rollback_then_call", |b| {
        b.to_async(&rt).iter(|| {
            version = 3 - version;
            let (app, expected) = (app.clone(), format!("v{version}"));
            let samples = after_return.clone();
            async move {
                app.rollback("greet", version).await.unwrap();
                let returned = Instant::now();
                let r = app.call("greet", request()).await;
                samples.borrow_mut().push(returned.elapsed());
                assert_eq!(r.body_bytes().map(|b| b.as_ref()), Some(expected.as_bytes()));
            }
        })
    });
    g.bench_function("call", |b| {
        b.to_async(&rt).iter(|| async {
            assert_eq!(app.call("greet", request()).await.status, 200);
        })
    });
    g.finish();
    let mut after_return = after_return.take();
    after_return.sort();
    if !after_return.is_empty() {
        let at = |q: f64| after_return[((after_return.len() - 1) as f64 * q) as usize];
        eprintln!(
            "rollback: the first call after the rollback returned answered with the old version in {:?} median, {:?} p99, {:?} max ({} rollbacks)",
            at(0.5),
            at(0.99),
            after_return[after_return.len() - 1],
            after_return.len()
        );
    }

    let interceptor = "export default async function (ctx, next) { return await next(ctx) }";
    let mut g = c.benchmark_group("interceptor");
    g.measurement_time(Duration::from_secs(5));
    g.bench_function("direct", |b| {
        b.iter_custom(|iters| support::calls_on_worker(&rt, &host, &app, "greet", iters, request))
    });
    rt.block_on(app.publish(FunctionSource::new("__interceptor__", "__interceptor__.js", interceptor))).unwrap();
    g.bench_function("through_next", |b| {
        b.iter_custom(|iters| support::calls_on_worker(&rt, &host, &app, "greet", iters, request))
    });
    g.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, bench);
criterion_main!(benches);
