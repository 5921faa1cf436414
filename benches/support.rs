//! Shared by the in-process benchmarks.

use std::time::{Duration, Instant};

use bytes::Bytes;
use laf_host::{AppHandle, Host};

/// Times `iters` calls of `name`, each answering 200, made on a host worker as the gateway makes
/// them (no thread hop).
#[allow(dead_code)] // Not every bench that shares this module needs it.
pub fn calls_on_worker(
    rt: &tokio::runtime::Runtime,
    host: &Host,
    app: &AppHandle,
    name: &'static str,
    iters: u64,
    request: fn() -> http::Request<Bytes>,
) -> Duration {
    let app = app.clone();
    rt.block_on(host.workers().run_local(move || async move {
        let start = Instant::now();
        for _ in 0..iters {
            let r = app.call(name, request()).await;
            assert_eq!(r.status, 200);
        }
        start.elapsed()
    }))
    .unwrap()
}

/// Runs `make()`'s future on worker `w` of `host` and waits for its output.
#[allow(dead_code)] // Not every bench that shares this module needs it.
pub fn on_worker<F, Fut, T>(rt: &tokio::runtime::Runtime, host: &Host, w: usize, make: F) -> T
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: std::future::Future<Output = T> + 'static,
    T: Send + 'static,
{
    let (tx, rx) = tokio::sync::oneshot::channel();
    let job = Box::new(move || {
        tokio::task::spawn_local(async move {
            let _ = tx.send(make().await);
        });
    });
    host.workers().run_on(w, job).unwrap();
    rt.block_on(rx).unwrap()
}

/// This process's resident memory, in bytes.
#[allow(dead_code)]
pub fn rss() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    statm.split_whitespace().nth(1).and_then(|p| p.parse::<u64>().ok()).unwrap_or(0) * 4096
}
