//! Waiting for a condition instead of sleeping for a guess. One copy for the whole workspace:
//! the test crates include this file with `#[path]`.

use std::future::Future;
use std::time::{Duration, Instant};

/// How long a condition may take to hold: far past any wait expected even on a slow, busy
/// machine, so that reaching it means the condition never came.
const DEADLINE: Duration = Duration::from_secs(20);

/// Polls `check` (every 10 ms) until it returns `Some`, and returns that; fails the test, naming
/// `what` it waited for, after 20 s.
pub async fn eventually<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let started = Instant::now();
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(started.elapsed() < DEADLINE, "timed out after {DEADLINE:?} waiting for {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}
