//! WebAssembly in process: the cost of one call (a fresh instance of the pre-linked component in a
//! fresh store, then the handler), against the JavaScript hello in the same run; and the time from
//! publishing a component to its first response, compiling it cold and loading it from the cache.
//!
//! - `invoke/js_hello`: hello.ts on a host worker (the baseline of this run);
//! - `invoke/wasm_hello`: `benches/wasm-hello` (the same JSON answer through laf-sdk), instantiate + call;
//! - `publish/cold_compile`: publish + first response with no component cache (what every start
//!   paid before the cache);
//! - `publish/cached`: the same with the compiled component on disk (a restart, or a republish).
//!
//! Run with `cargo bench --bench wasm_invoke` (the guest is built in release, as users ship it).

#[path = "../tests/support/guest.rs"]
mod guest;
mod support;

use std::time::{Duration, Instant};

use bytes::Bytes;
use criterion::{Criterion, criterion_group, criterion_main};
use laf_host::{AppHandle, FunctionSource, Host};
use lang_wasm::{WasmConfig, WasmLanguage};

const HELLO_TS: &str = include_str!("../examples/functions/hello.ts");

fn request() -> http::Request<Bytes> {
    http::Request::get("/hello?name=bench").body(Bytes::new()).unwrap()
}

/// Unpublishes `name` (untimed), then times publishing `source` and its first response.
async fn publish_and_call(app: &AppHandle, source: &FunctionSource) -> Duration {
    app.remove(&source.name).await.unwrap();
    let start = Instant::now();
    app.publish(source.clone()).await.unwrap();
    let r = app.call(&source.name, request()).await;
    assert_eq!(r.status, 200);
    start.elapsed()
}

fn bench(c: &mut Criterion) {
    // Test mode (`cargo test --bench`) uses the dev profile: build the guest the same way.
    let release = !cfg!(debug_assertions);
    let wasm = Bytes::from(std::fs::read(guest::build("benches/wasm-hello", "wasm_hello", release)).unwrap());
    let cache_dir = std::env::temp_dir().join(format!("laf-bench-wasm-cache-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&cache_dir);

    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let host = Host::builder()
        .language(lang_js::JsLanguage::new())
        .language(WasmLanguage::new().unwrap())
        .workers(1)
        .build()
        .unwrap();
    let app = host.create_app("bench", None).unwrap();
    rt.block_on(app.publish(FunctionSource::new("hello", "hello.ts", HELLO_TS))).unwrap();
    let hello_wasm = FunctionSource::binary("hello_wasm", "hello_wasm.wasm", wasm.clone());
    rt.block_on(app.publish(hello_wasm.clone())).unwrap();

    let mut g = c.benchmark_group("invoke");
    g.measurement_time(Duration::from_secs(5));
    for (bench, name) in [("js_hello", "hello"), ("wasm_hello", "hello_wasm")] {
        g.bench_function(bench, |b| {
            b.iter_custom(|iters| support::calls_on_worker(&rt, &host, &app, name, iters, request))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("publish");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(10));
    let cached_language = WasmLanguage::with_config(WasmConfig::with_cache_dir(&cache_dir)).unwrap();
    let cached_host = Host::builder().language(cached_language).workers(1).build().unwrap();
    let cached_app = cached_host.create_app("bench", None).unwrap();
    // Fill the cache once.
    rt.block_on(cached_app.publish(hello_wasm.clone())).unwrap();
    for (bench, host, app) in [("cold_compile", &host, &app), ("cached", &cached_host, &cached_app)] {
        g.bench_function(bench, |b| {
            b.iter_custom(|iters| {
                let (app, source) = (app.clone(), hello_wasm.clone());
                rt.block_on(host.workers().run_local(move || async move {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        total += publish_and_call(&app, &source).await;
                    }
                    total
                }))
                .unwrap()
            })
        });
    }
    g.finish();
    let _ = std::fs::remove_dir_all(&cache_dir);
}

criterion_group!(benches, bench);
criterion_main!(benches);
