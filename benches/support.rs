//! Shared by the in-process benchmarks.

use std::time::{Duration, Instant};

use bytes::Bytes;
use laf_host::{AppHandle, Host};

/// Times `iters` calls of `name`, each answering 200, made on a host worker as the gateway makes
/// them (no thread hop).
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
