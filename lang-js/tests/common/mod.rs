//! Helpers shared by the lang-js test binaries.

use std::time::{Duration, Instant};

#[path = "../../../tests/support/eventually.rs"]
mod eventually;
// Not every test binary sharing this module reads a gauge.
#[allow(dead_code)]
#[path = "../../../tests/support/gauge.rs"]
mod gauge;

pub use eventually::eventually;
#[allow(unused_imports)]
pub use gauge::gauge;

/// A bare GET context for calling a loaded function directly (no gateway), with a request id and
/// a time limit of the caller's choosing.
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
