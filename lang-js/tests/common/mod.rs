//! Helpers shared by the lang-js test binaries.

use std::time::{Duration, Instant};

// Not every test binary sharing this module uses every helper.
#[allow(dead_code)]
#[path = "../../../tests/support/eventually.rs"]
mod eventually;
#[allow(dead_code)]
#[path = "../../../tests/support/gauge.rs"]
mod gauge;

#[allow(unused_imports)]
pub use eventually::eventually;
#[allow(unused_imports)]
pub use gauge::gauge;

/// A bare GET context for calling a loaded function directly (no gateway), with a request id and
/// a time limit of the caller's choosing.
#[allow(dead_code)]
pub fn get_context(
    app: &laf_host::AppHandle,
    name: &str,
    request_id: &str,
    limit: Duration,
) -> laf_host::FunctionContext {
    let mut ctx = laf_host::FunctionContext::internal(app.clone(), name, http::Method::GET, laf_host::Origin::Http);
    ctx.request_id = request_id.into();
    ctx.deadline = Instant::now() + limit;
    ctx
}

/// Calls `GET /<name>` of `app` and parses the JSON answer; on a failure, the status, the body and
/// the function's log lines (where the error itself is: the answer never carries it).
#[allow(dead_code)]
pub async fn call_json(host: &laf_host::Host, app: &str, name: &str) -> Result<serde_json::Value, String> {
    let request = http::Request::get(format!("/{name}")).body(bytes::Bytes::new()).unwrap();
    let response = host.invoke(app, name, request).await.map_err(|e| format!("invoke: {e}"))?;
    let status = response.status;
    let body = response.collect_body().await;
    if !status.is_success() {
        let query = laf_host::app::logs::LogQuery { function: Some(name.to_owned()), ..Default::default() };
        let lines = host.app(app).unwrap().logs().query(&query);
        let log: Vec<&str> = lines.iter().map(|l| l.message.as_str()).collect();
        return Err(format!("{status}: {}\n    {}", String::from_utf8_lossy(&body), log.join("\n    ")));
    }
    serde_json::from_slice(&body).map_err(|e| format!("{e}: {}", String::from_utf8_lossy(&body)))
}
