//! Calls from one function to another: `next` inside `__interceptor__`, and `cloud.invoke`.
//!
//! Both run the other function through the host, so the two may be in different languages. The
//! caller gets the answer as data ([`ResponseData`]: JSON parsed, text as text, else bytes) and,
//! for `next`, the whole response, so an interceptor that returns what `next` gave passes the
//! function's status and headers through unchanged.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use bytes::Bytes;
use http::StatusCode;
use serde_json::Value;

use crate::app::PublishedFunction;
use crate::context::{FunctionContext, Origin};
use crate::error::InvokeError;
use crate::response::{FunctionResponse, ResponseBody};

/// Deepest chain of `cloud.invoke` calls; deeper ones fail instead of recursing forever.
pub const MAX_INVOKE_DEPTH: u8 = 8;

/// The rest of the request an interceptor wraps: `next(ctx)` runs the function it was for.
#[derive(Clone)]
pub struct Next {
    inner: Arc<NextInner>,
}

struct NextInner {
    target: Arc<PublishedFunction>,
    // The request as it reached the interceptor; each run gets its own copy.
    request: FunctionContext,
    called: AtomicBool,
}

impl std::fmt::Debug for Next {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Next").field("target", &self.inner.target.name).finish_non_exhaustive()
    }
}

impl Next {
    pub(crate) fn new(target: Arc<PublishedFunction>, request: FunctionContext) -> Next {
        Next { inner: Arc::new(NextInner { target, request, called: AtomicBool::new(false) }) }
    }

    /// The function `next` runs.
    pub fn target(&self) -> &str {
        &self.inner.target.name
    }

    /// Whether the interceptor called `next`.
    pub fn called(&self) -> bool {
        self.inner.called.load(Ordering::Relaxed)
    }

    /// Records that the interceptor called `next` (a language that starts [`Self::run`] later, in
    /// a task of its own, marks it first so the host never runs the function a second time).
    pub fn mark_called(&self) {
        self.inner.called.store(true, Ordering::Relaxed);
    }

    /// Runs the function; its errors become Laf's error responses, as for a direct call.
    pub async fn run(&self) -> FunctionResponse {
        self.run_with(None).await
    }

    /// Runs the function with what the interceptor changed of the request: `changes` may set
    /// `user` (as an auth interceptor does before `next(ctx)`), `body`, `query`, `headers`.
    pub async fn run_with(&self, changes: Option<&Value>) -> FunctionResponse {
        self.mark_called();
        let request = &self.inner.request;
        // The name asked for (what `__default__` or a path pattern sees), not the one serving it.
        let mut ctx = request.fork(&request.function_name, request.origin.clone());
        if let Some(changes) = changes {
            if let Some(user) = changes.get("user") {
                ctx.user = (!user.is_null()).then(|| user.clone());
            }
            if let Err(e) = apply_param(&mut ctx, changes) {
                return FunctionResponse::error(StatusCode::BAD_REQUEST, &e.to_string(), &request.request_id);
            }
        }
        let app = request.app.clone();
        let request_id = request.request_id.clone();
        app.answer(app.run(&self.inner.target, ctx).await, &self.inner.target.name, &request_id)
    }
}

/// A function's answer as data for the function that called it.
#[derive(Debug, Clone)]
pub enum ResponseData {
    /// No body.
    Empty,
    /// A JSON body, parsed.
    Json(Value),
    /// A `text/*` (or `text/html`, Laf's type for strings and numbers) body.
    Text(String),
    /// Any other body.
    Bytes(Bytes),
}

impl ResponseData {
    /// The data as JSON (bytes as an array of numbers).
    pub fn to_json(&self) -> Value {
        match self {
            ResponseData::Empty => Value::Null,
            ResponseData::Json(v) => v.clone(),
            ResponseData::Text(s) => Value::String(s.clone()),
            ResponseData::Bytes(b) => Value::Array(b.iter().map(|&x| Value::from(x)).collect()),
        }
    }
}

/// Reads a response's whole body and decodes it by its content type; the response keeps the
/// body (now in hand) so it can still be sent.
pub async fn response_data(response: FunctionResponse) -> (FunctionResponse, ResponseData) {
    let FunctionResponse { status, headers, body } = response;
    let bytes = match body {
        ResponseBody::Full(b) => b,
        ResponseBody::Empty => Bytes::new(),
        other => FunctionResponse { status, headers: Default::default(), body: other }.collect_body().await,
    };
    let content_type = headers.get(http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let mime = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let data = if bytes.is_empty() {
        ResponseData::Empty
    } else if mime == "application/json" || mime.ends_with("+json") {
        serde_json::from_slice(&bytes).map_or_else(|_| ResponseData::Bytes(bytes.clone()), ResponseData::Json)
    } else if mime.starts_with("text/") {
        ResponseData::Text(String::from_utf8_lossy(&bytes).into_owned())
    } else {
        ResponseData::Bytes(bytes.clone())
    };
    let body = if bytes.is_empty() { ResponseBody::Empty } else { ResponseBody::Full(bytes) };
    (FunctionResponse { status, headers, body }, data)
}

/// What `cloud.invoke(name, param)` may change of the caller's request for the callee: `body`,
/// `query` (an object), `headers` (an object) and `method`; the rest is the caller's.
pub(crate) fn apply_param(ctx: &mut FunctionContext, param: &Value) -> Result<(), InvokeError> {
    let Value::Object(param) = param else {
        return Ok(());
    };
    if let Some(body) = param.get("body") {
        ctx.body = Bytes::from(serde_json::to_vec(body).unwrap_or_default());
        ctx.body_kind = crate::context::BodyKind::Json;
        ctx.headers.insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static("application/json"));
    }
    if let Some(Value::Object(query)) = param.get("query") {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (k, v) in query {
            match v {
                Value::String(s) => out.append_pair(k, s),
                other => out.append_pair(k, &other.to_string()),
            };
        }
        ctx.raw_query = Some(out.finish());
    }
    if let Some(Value::Object(headers)) = param.get("headers") {
        for (k, v) in headers {
            let text = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            if let (Ok(name), Ok(value)) =
                (http::HeaderName::from_bytes(k.as_bytes()), http::HeaderValue::from_str(&text))
            {
                ctx.headers.insert(name, value);
            }
        }
    }
    if let Some(Value::String(method)) = param.get("method") {
        ctx.method = http::Method::from_bytes(method.to_ascii_uppercase().as_bytes())
            .map_err(|_| InvokeError::Call(format!("cloud.invoke: invalid method {method:?}")))?;
    }
    Ok(())
}

/// The depth of a `cloud.invoke` from a call of this origin, or an error past the limit.
pub(crate) fn next_depth(origin: &Origin) -> Result<u8, InvokeError> {
    let depth = match origin {
        Origin::Invoke { depth } => depth + 1,
        _ => 1,
    };
    if depth > MAX_INVOKE_DEPTH {
        return Err(InvokeError::Call(format!(
            "cloud.invoke nested more than {MAX_INVOKE_DEPTH} calls deep (a function invoking itself?)"
        )));
    }
    Ok(depth)
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
