//! The cost of the plugin boundary: the same Rhai script run directly in process
//! (`lang_plugin_rhai::run`) and as a function of the Rhai plugin loaded from its shared library
//! through the host (`app.call` on a host worker: BSON request and response, a blocking-thread
//! hop, the C ABI).
//!
//! Run with `cargo bench --bench plugin` (it builds the plugin library first).

mod support;

use std::process::Command;
use std::time::Duration;

use bytes::Bytes;
use criterion::{Criterion, criterion_group, criterion_main};
use laf_host::{FunctionSource, Host};

const SCRIPT: &str = "fn main(ctx) { #{ hello: ctx.query.name } }";

fn request() -> http::Request<Bytes> {
    http::Request::get("/hello?name=bench").body(Bytes::new()).unwrap()
}

/// The plugin library, built in the profile this bench runs in.
fn library() -> std::path::PathBuf {
    let profile = if cfg!(debug_assertions) { "debug" } else { "release" };
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.args(["build", "--quiet", "-p", "lang-plugin-rhai"]).current_dir(env!("CARGO_MANIFEST_DIR"));
    if profile == "release" {
        command.arg("--release");
    }
    assert!(command.status().expect("cargo runs").success(), "the Rhai plugin did not build");
    let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| format!("{}/target", env!("CARGO_MANIFEST_DIR")));
    std::path::Path::new(&target).join(profile).join("liblang_plugin_rhai.so")
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let host = Host::builder().load_plugin(library()).unwrap().workers(1).build().unwrap();
    let app = host.create_app("bench", None).unwrap();
    rt.block_on(app.publish(FunctionSource::new("hello", "hello.rhai", SCRIPT))).unwrap();
    let script = lang_plugin_rhai::compile(SCRIPT).unwrap();
    let plain = laf_plugin_abi::Request { query: "name=bench".into(), ..Default::default() };

    let mut g = c.benchmark_group("plugin");
    g.measurement_time(Duration::from_secs(5));
    g.bench_function("direct", |b| b.iter(|| lang_plugin_rhai::run(&script, plain.clone()).unwrap()));
    g.bench_function("through_host", |b| {
        b.iter_custom(|iters| support::calls_on_worker(&rt, &host, &app, "hello", iters, request))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
