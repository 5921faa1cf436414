//! How many JavaScript apps a host holds: N apps (env `JS_DENSITY_APPS`, default 1,000) with five
//! small functions each (`examples/functions`: hello, counter, status, util, uses-util), every
//! function called once, on a host with 2 workers. Each app runs on one worker (app i on worker
//! i mod 2), or on every worker with `JS_DENSITY_EVERY_WORKER=1` (as a busy host ends up).
//!
//! Prints the process's resident memory (VmRSS) growth, in total and per app, apart for the apps
//! made and published (the host's side) and for their first calls (the JavaScript engines), and
//! whether every call answered 200. The target (performance issue): 1,000 apps × 5 functions in
//! under 1 GB.
//!
//! Run with `cargo bench --bench js_density`; in test mode (`cargo test --bench js_density`) it
//! makes 20 apps.

mod support;

use std::time::Instant;

use bytes::Bytes;
use laf_host::{AppHandle, FunctionSource, Host};

const FUNCTIONS: [(&str, &str, &str); 5] = [
    ("hello", "hello.ts", include_str!("../examples/functions/hello.ts")),
    ("counter", "counter.ts", include_str!("../examples/functions/counter.ts")),
    ("status", "status.ts", include_str!("../examples/functions/status.ts")),
    ("util", "util.ts", include_str!("../examples/functions/util.ts")),
    ("uses-util", "uses-util.ts", include_str!("../examples/functions/uses-util.ts")),
];
const WORKERS: usize = 2;

fn rss_kib() -> u64 {
    support::rss() / 1024
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

// Calls every function of `app` once on worker `w`; how many answered 200.
fn call_all(rt: &tokio::runtime::Runtime, host: &Host, w: usize, app: &AppHandle) -> usize {
    let app = app.clone();
    support::on_worker(rt, host, w, move || async move {
        let mut ok = 0;
        for (name, _, _) in FUNCTIONS {
            let request = http::Request::get(format!("/{name}?name=x&a=2&b=3")).body(Bytes::new()).unwrap();
            let response = app.call(name, request).await;
            ok += usize::from(response.status.is_success());
        }
        ok
    })
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let apps: usize = match std::env::var("JS_DENSITY_APPS") {
        Ok(n) => n.parse().expect("JS_DENSITY_APPS: a number of apps"),
        Err(_) if bench => 1000,
        Err(_) => 20,
    };
    let every_worker = std::env::var("JS_DENSITY_EVERY_WORKER").is_ok_and(|v| v == "1");
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let js = lang_js::JsLanguage::new();
    let host = Host::builder().language(js.clone()).workers(WORKERS).build().unwrap();
    let publish = |id: &str| {
        let app = host.create_app(id, None).unwrap();
        for (name, file, code) in FUNCTIONS {
            rt.block_on(app.publish(FunctionSource::new(name, file, code))).unwrap();
        }
        app
    };

    // Engines started and the compile cache warm on every worker before the first reading.
    let warm = publish("warm");
    for w in 0..WORKERS {
        assert_eq!(call_all(&rt, &host, w, &warm), FUNCTIONS.len());
    }
    let start = rss_kib();
    let began = Instant::now();
    let handles: Vec<AppHandle> = (0..apps).map(|i| publish(&format!("app{i}"))).collect();
    let published = rss_kib();
    let mut ok = 0;
    let mut calls = 0;
    for (i, app) in handles.iter().enumerate() {
        let workers: Vec<usize> = if every_worker { (0..WORKERS).collect() } else { vec![i % WORKERS] };
        for w in workers {
            ok += call_all(&rt, &host, w, app);
            calls += FUNCTIONS.len();
        }
    }
    let called = rss_kib();
    let gauge =
        |name: &str| laf_host::Language::gauges(&js).iter().find(|g| g.name == name).map_or(f64::NAN, |g| g.value);
    let total = called.saturating_sub(start);
    println!(
        "js_density: {apps} apps x {} functions on {WORKERS} workers ({}), {:.1} s",
        FUNCTIONS.len(),
        if every_worker { "every app on every worker" } else { "each app on one worker" },
        began.elapsed().as_secs_f64()
    );
    println!("  app contexts alive: {}", gauge("app_contexts"));
    println!(
        "  RSS growth: {:.1} MiB in all, {:.1} KiB per app ({:.1} MiB apps and publishes, {:.1} MiB first calls)",
        mib(total),
        total as f64 / apps.max(1) as f64,
        mib(published.saturating_sub(start)),
        mib(called.saturating_sub(published)),
    );
    println!("  RSS now: {:.1} MiB", mib(called));
    println!("  calls answered 200: {ok} of {calls}{}", if ok == calls { " (all)" } else { " (NOT ALL)" });
    if !bench {
        assert_eq!(ok, calls, "every call answers");
    }
}
