//! npm packages in JavaScript functions (issue 18), with packages installed from the registry by
//! npm (so this needs the network or a warm npm cache; it is not run by CI):
//!
//! - `js_packages/hello` and `js_packages/lodash_chunk`: a warm call of `hello.ts` and of a function
//!   importing lodash and calling `_.chunk`, in the same run (report the ratio);
//! - `js_packages/first_call_client_s3`: the first call, on a warm worker, of a function importing
//!   `@aws-sdk/client-s3` (a new app context each time, the installed set reused from disk);
//! - printed before the benches: the resident memory an app with lodash, dayjs and axios loaded
//!   on every worker adds to the process.
//!
//! Run with `cargo bench --bench js_packages`.

mod support;

use std::time::{Duration, Instant};

use bytes::Bytes;
use criterion::{Criterion, criterion_group, criterion_main};
use laf_host::{AppHandle, Dependencies, FunctionSource, Host};

const HELLO: &str = include_str!("../examples/functions/hello.ts");
const CHUNK: &str =
    "import _ from 'lodash'\nexport default async function (ctx) {\n  return _.chunk([1, 2, 3, 4, 5], 2)\n}\n";
const THREE: &str = "import _ from 'lodash'\nimport dayjs from 'dayjs'\nimport axios from 'axios'\n\
     export default async function () {\n  return [typeof _.chunk, dayjs(0).toISOString(), typeof axios.get]\n}\n";
const S3: &str = "const { S3Client, ListObjectsV2Command } = require('@aws-sdk/client-s3')\n\
     exports.main = async function () {\n  const c = new S3Client({ region: 'us-east-1' })\n  return typeof c.send === 'function' && typeof ListObjectsV2Command\n}\n";

fn request() -> http::Request<Bytes> {
    http::Request::get("/hello?name=bench").body(Bytes::new()).unwrap()
}

async fn install(app: &AppHandle, specs: &[&str]) {
    let deps = Dependencies { packages: specs.iter().map(|s| s.to_string()).collect(), ..Dependencies::default() };
    app.set_dependencies(deps).await.unwrap();
    let status = app.wait_dependencies().await;
    assert!(status.error.is_none(), "install failed: {:?}", status.error);
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let dir = std::env::temp_dir().join(format!("laf-bench-packages-{}", std::process::id()));
    let config = lang_js::JsConfig { packages_dir: dir.clone(), ..lang_js::JsConfig::default() };
    let workers = 2;
    let host = Host::builder().language(lang_js::JsLanguage::with_config(config)).workers(workers).build().unwrap();

    // Resident memory: one app with three packages, loaded on every worker.
    let app = host.create_app("mem", None).unwrap();
    rt.block_on(install(&app, &["lodash", "dayjs", "axios"]));
    rt.block_on(app.publish(FunctionSource::new("hello", "hello.ts", HELLO))).unwrap();
    rt.block_on(app.publish(FunctionSource::new("three", "three.js", THREE))).unwrap();
    let on_every_worker = |name: &'static str| {
        for w in 0..workers {
            let app = app.clone();
            support::on_worker(&rt, &host, w, move || async move {
                assert_eq!(app.call(name, request()).await.status, 200);
            });
        }
    };
    on_every_worker("hello");
    let before = support::rss();
    on_every_worker("three");
    let after = support::rss();
    println!(
        "resident memory of lodash + dayjs + axios loaded on {workers} workers: +{:.1} MiB ({:.1} MiB per worker)",
        (after.saturating_sub(before)) as f64 / (1 << 20) as f64,
        (after.saturating_sub(before)) as f64 / (1 << 20) as f64 / workers as f64
    );

    let app = host.create_app("bench", None).unwrap();
    rt.block_on(install(&app, &["lodash"]));
    rt.block_on(app.publish(FunctionSource::new("hello", "hello.ts", HELLO))).unwrap();
    rt.block_on(app.publish(FunctionSource::new("chunk", "chunk.js", CHUNK))).unwrap();
    let mut g = c.benchmark_group("js_packages");
    g.measurement_time(Duration::from_secs(5));
    for (bench, name) in [("hello", "hello"), ("lodash_chunk", "chunk")] {
        g.bench_function(bench, |b| {
            b.iter_custom(|iters| support::calls_on_worker(&rt, &host, &app, name, iters, request))
        });
    }

    // The first call of a client-s3 function in a new app context on a warm worker: the app is
    // made again each time (its installed set is reused from disk, no npm run).
    let s3 = host.create_app("s3", None).unwrap();
    rt.block_on(install(&s3, &["@aws-sdk/client-s3"]));
    g.sample_size(10);
    g.bench_function("first_call_client_s3", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                host.remove_app("s3");
                let s3 = host.create_app("s3", None).unwrap();
                rt.block_on(install(&s3, &["@aws-sdk/client-s3"]));
                rt.block_on(s3.publish(FunctionSource::new("s3", "s3.js", S3))).unwrap();
                total += support::on_worker(&rt, &host, 0, move || async move {
                    let started = Instant::now();
                    let status = s3.call("s3", request()).await.status;
                    let took = started.elapsed();
                    if status != 200 {
                        let lines = s3.logs().query(&Default::default());
                        let log: Vec<&str> = lines.iter().map(|l| l.message.as_str()).collect();
                        panic!("first call answered {status}: {log:?}");
                    }
                    took
                });
            }
            total
        })
    });
    g.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, bench);
criterion_main!(benches);
