//! `next(ctx)` inside `__interceptor__`: runs the function the request was for, through the host,
//! so the interceptor and the function may be in different languages. An interceptor that returns
//! what `next` gave passes the function's status and headers through unchanged.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use http::StatusCode;
use serde_json::Value;

use crate::app::PublishedFunction;
use crate::context::{Continuation, FunctionContext, Next};
use crate::response::FunctionResponse;

/// The function behind a `next`, with the request as it reached the interceptor.
struct Target {
    function: Arc<PublishedFunction>,
    // Each run gets its own copy.
    request: FunctionContext,
}

/// A `next` that runs `function` with a copy of `request`.
pub(crate) fn bind(function: Arc<PublishedFunction>, request: FunctionContext) -> Next {
    Next::new(Arc::new(Target { function, request }))
}

impl Continuation for Target {
    fn target(&self) -> &str {
        &self.function.name
    }

    fn run_with<'a>(
        &'a self,
        changes: Option<&'a Value>,
    ) -> Pin<Box<dyn Future<Output = FunctionResponse> + Send + 'a>> {
        Box::pin(async move {
            let request = &self.request;
            // The name asked for (what `__default__` or a path pattern sees), not the one serving it.
            let mut ctx = request.fork(&request.function_name, request.origin.clone());
            if let Some(changes) = changes {
                if let Some(user) = changes.get("user") {
                    ctx.user = (!user.is_null()).then(|| user.clone());
                }
                if let Err(e) = super::cloud_invoke::apply_param(&mut ctx, changes) {
                    return FunctionResponse::error(StatusCode::BAD_REQUEST, &e.to_string(), &request.request_id);
                }
            }
            let app = request.app.clone();
            let request_id = request.request_id.clone();
            let result = app.run(&self.function, ctx).await;
            app.answer(result, &self.function.name, &request_id, None)
        })
    }
}

/// Whether an interceptor that did not call `next` answered Laf's legacy `true`/`false`.
pub(crate) fn legacy_verdict(response: &FunctionResponse) -> Option<bool> {
    let json = response
        .headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/json"));
    match (json, response.status, response.body_bytes().map(|b| b.as_ref())) {
        (true, StatusCode::OK, Some(b"true")) => Some(true),
        (true, StatusCode::OK, Some(b"false")) => Some(false),
        _ => None,
    }
}
