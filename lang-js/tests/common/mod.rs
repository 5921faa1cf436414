//! Helpers shared by the lang-js test binaries.

use std::time::{Duration, Instant};

use bytes::Bytes;

/// A bare GET context for calling a loaded function directly (no gateway), with a request id and
/// a time limit of the caller's choosing.
pub fn get_context(
    app: &laf_host::AppHandle,
    name: &str,
    request_id: &str,
    limit: Duration,
) -> laf_host::FunctionContext {
    laf_host::FunctionContext {
        app: app.clone(),
        function_name: name.into(),
        request_id: request_id.into(),
        method: http::Method::GET,
        path: format!("/{name}"),
        raw_query: None,
        headers: Default::default(),
        body: Bytes::new(),
        body_kind: laf_host::BodyKind::Empty,
        files: std::sync::Arc::from(Vec::new()),
        user: None,
        deadline: Instant::now() + limit,
    }
}
