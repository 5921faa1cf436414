//! The heavy lane: a function whose synchronous code holds its thread for a slice (10 ms by
//! default) runs its next calls away from the threads serving connections, at a lower priority,
//! so the other functions of the host keep answering while it computes. Python apps get the same
//! rule on their worker processes' priority.

#[path = "support/eventually.rs"]
mod eventually;
mod support;

use std::time::Duration;

use eventually::eventually;
use serde_json::{Value, json};
use support::{start, temp_dir};

// Computes for `ms` milliseconds without yielding.
const SPIN: &str = "export default (ctx) => {\n  const end = Date.now() + Number(ctx.query.ms)\n  let n = 0\n  while (Date.now() < end) n++\n  return { spun: n > 0 }\n}\n";
const QUICK: &str = "export default (ctx) => ({ quick: ctx.query.i })\n";
// Computes for `ms` milliseconds of CPU, then says which nice value its worker runs at.
const PY_SPIN: &str = "import os, time\n\ndef main(ctx):\n    end = time.process_time() + int(ctx.query['ms']) / 1000\n    while time.process_time() < end:\n        pass\n    return {'nice': os.nice(0)}\n";
const PY_NICE: &str = "import os\n\ndef main(ctx):\n    return {'nice': os.nice(0)}\n";

async fn get(url: &str) -> Value {
    let r = reqwest::get(url).await.unwrap();
    let status = r.status().as_u16();
    let text = r.text().await.unwrap();
    assert_eq!(status, 200, "{url}: {text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{url}: {text}: {e}"))
}

fn functions() -> std::path::PathBuf {
    let dir = temp_dir("heavy-fns");
    std::fs::write(dir.join("spin.ts"), SPIN).unwrap();
    std::fs::write(dir.join("quick.ts"), QUICK).unwrap();
    std::fs::write(dir.join("pyspin.py"), PY_SPIN).unwrap();
    std::fs::write(dir.join("pynice.py"), PY_NICE).unwrap();
    dir
}

/// Starts a 2-second spin, then makes 10 quick calls one after another: how many of them
/// answered while the spin was still computing.
async fn quick_calls_during_a_long_spin(base: &str) -> usize {
    let spin = tokio::spawn(get_owned(format!("{base}/spin?ms=2000")));
    // The spin has reached its worker once the host counts it in flight; a short wait is enough
    // for that, and costs the test nothing when it is not.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut during = 0;
    for i in 0..10 {
        assert_eq!(get(&format!("{base}/quick?i={i}")).await, json!({"quick": i.to_string()}));
        if !spin.is_finished() {
            during += 1;
        }
    }
    assert_eq!(spin.await.unwrap(), json!({"spun": true}));
    during
}

async fn get_owned(url: String) -> Value {
    get(&url).await
}

#[tokio::test]
async fn a_function_that_computes_runs_on_the_heavy_lane_and_others_keep_answering() {
    let dir = functions();
    // One serving worker: without the lane, every quick call would wait for the spin.
    let server = start(&dir, &["--workers", "1"]).await;
    let base = &server.base;
    // The first long run makes the function a suspect, the second (timed in CPU) confirms it.
    for _ in 0..2 {
        assert_eq!(get(&format!("{base}/spin?ms=30")).await, json!({"spun": true}));
    }
    let during = quick_calls_during_a_long_spin(base).await;
    assert_eq!(during, 10, "every quick call answered while the spin computed on the heavy lane");
    eventually("the warning in the app's log", || {
        let log = server.log.lock().unwrap().clone();
        async move { log.contains("without yielding: its calls run on the low-priority heavy lane").then_some(()) }
    })
    .await;
}

#[tokio::test]
async fn without_the_heavy_lane_a_computing_function_holds_its_worker() {
    let dir = functions();
    let server = start(&dir, &["--workers", "1", "--heavy-slice-ms", "0"]).await;
    let base = &server.base;
    for _ in 0..2 {
        get(&format!("{base}/spin?ms=30")).await;
    }
    let during = quick_calls_during_a_long_spin(base).await;
    assert_eq!(during, 0, "the quick calls queued behind the spin on the only worker");
}

#[tokio::test]
async fn a_python_app_that_computes_gets_its_workers_lower_priority() {
    let dir = functions();
    let server = start(&dir, &["--python-workers", "1"]).await;
    let base = &server.base;
    assert_eq!(get(&format!("{base}/pynice")).await, json!({"nice": 0}), "workers start at the host's priority");
    // The worker's first call of a function pays its import and is not judged; then suspect after
    // a slow call, heavy after the next (measured) one: the worker's next batch runs lower.
    for _ in 0..3 {
        get(&format!("{base}/pyspin?ms=40")).await;
    }
    assert_eq!(
        get(&format!("{base}/pynice")).await,
        json!({"nice": laf_host::workers::HEAVY_NICE}),
        "the app's worker at the heavy lane's nice value"
    );
}
