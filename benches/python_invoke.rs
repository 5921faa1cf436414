//! Python in process: the cost of one call (host -> worker process over its socket -> `main(ctx)`
//! -> back), against the JavaScript hello in the same run; and the time a killed worker costs.
//!
//! - `invoke/js_hello`: hello.ts on a host worker (the baseline of this run);
//! - `invoke/python_hello`: examples/functions/python/hello.py (`async def main`, the same JSON);
//! - `invoke/python_hello_sync`: the same with `def main` (no event loop turn);
//! - `replace/crash_then_answer`: a call whose worker dies (`os._exit`), then a call answered by
//!   its replacement (one worker per app, so the second call waits for the new process).
//!
//! Run with `cargo bench --bench python_invoke`.

mod support;

use std::time::{Duration, Instant};

use bytes::Bytes;
use criterion::{Criterion, criterion_group, criterion_main};
use laf_host::{FunctionSource, Host};
use lang_python::{PythonConfig, PythonLanguage, WorkerCommand};

const HELLO_TS: &str = include_str!("../examples/functions/hello.ts");
const HELLO_PY: &str = include_str!("../examples/functions/python/hello.py");

fn request() -> http::Request<Bytes> {
    http::Request::get("/hello?name=bench").body(Bytes::new()).unwrap()
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let worker = WorkerCommand {
        program: env!("CARGO_BIN_EXE_laf").into(),
        args: vec![lang_python::worker::WORKER_FLAG.into()],
    };
    let config = PythonConfig { workers_per_app: 1, command: worker, ..PythonConfig::default() };
    let python = PythonLanguage::with_config(config).unwrap();
    let host =
        Host::builder().language(lang_js::JsLanguage::new()).language(python.clone()).workers(1).build().unwrap();
    let app = host.create_app("bench", None).unwrap();
    let sync_hello = HELLO_PY.replace("async def main", "def main");
    for source in [
        FunctionSource::new("hello", "hello.ts", HELLO_TS),
        FunctionSource::new("hello_py", "hello_py.py", HELLO_PY),
        FunctionSource::new("hello_py_sync", "hello_py_sync.py", sync_hello),
        FunctionSource::new("crash", "crash.py", "import os\ndef main(ctx):\n    os._exit(1)\n"),
    ] {
        rt.block_on(app.publish(source)).unwrap();
    }

    let mut g = c.benchmark_group("invoke");
    g.measurement_time(Duration::from_secs(5));
    for (bench, name) in [("js_hello", "hello"), ("python_hello", "hello_py"), ("python_hello_sync", "hello_py_sync")] {
        g.bench_function(bench, |b| {
            b.iter_custom(|iters| support::calls_on_worker(&rt, &host, &app, name, iters, request))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("replace");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(10));
    g.bench_function("crash_then_answer", |b| {
        b.iter_custom(|iters| {
            let app = app.clone();
            rt.block_on(host.workers().run_local(move || async move {
                let start = Instant::now();
                for _ in 0..iters {
                    assert_eq!(app.call("crash", request()).await.status, 500);
                    assert_eq!(app.call("hello_py_sync", request()).await.status, 200);
                }
                start.elapsed()
            }))
            .unwrap()
        })
    });
    g.finish();
    let (starts, last) = python.worker_starts();
    eprintln!("python workers started: {starts}; the last took {last:?} from fork to a ready interpreter");
}

criterion_group!(benches, bench);
criterion_main!(benches);
