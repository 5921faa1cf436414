//! The per-call [`FunctionContext`]: the request, who made it, and a handle to the app.
//!
//! Everything is kept raw (query string, header map, body bytes) and parsed on first use, so a
//! language that never touches the body never pays for parsing it.

use std::collections::HashMap;
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{HeaderMap, Method};
use serde_json::{Map, Value};

use crate::app::AppHandle;
use crate::app::logs::{Level, LogCapture};
pub use crate::app::{Params, no_params};
use crate::bindings::Bindings;
use crate::response::FunctionResponse;
use crate::sockets::SocketCall;

/// How the request body is to be read, decided by its `Content-Type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// No body.
    Empty,
    /// `application/json` or `*+json`: already checked to be valid JSON.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `text/*`: UTF-8 text (invalid sequences replaced).
    Text,
    /// Anything else: raw bytes.
    Raw,
}

impl BodyKind {
    /// The kind for a `Content-Type` value and body length.
    pub fn detect(content_type: Option<&str>, len: usize) -> BodyKind {
        if len == 0 {
            return BodyKind::Empty;
        }
        let Some(ct) = content_type else {
            return BodyKind::Raw;
        };
        let mime = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        if mime == "application/json" || mime.ends_with("+json") {
            BodyKind::Json
        } else if mime == "application/x-www-form-urlencoded" {
            BodyKind::Form
        } else if mime.starts_with("text/") {
            BodyKind::Text
        } else {
            BodyKind::Raw
        }
    }
}

/// Everything one invocation knows: the request, its id, the caller and the app.
pub struct FunctionContext {
    /// The app the function belongs to.
    pub app: AppHandle,
    /// The invoked function's name (`__function_name` in Laf).
    pub function_name: Arc<str>,
    /// From `x-request-id` when the caller sent a sane one, else a new UUID.
    pub request_id: Arc<str>,
    /// The HTTP method (for a WebSocket event, the upgrade's `GET`: see [`Self::method_name`]).
    pub method: Method,
    /// The request path, without the query string.
    pub path: String,
    /// The raw query string, without `?`.
    pub raw_query: Option<String>,
    /// Request headers.
    pub headers: HeaderMap,
    /// The request body as received.
    pub body: Bytes,
    /// How [`Self::body`] is to be read.
    pub body_kind: BodyKind,
    /// Files of a `multipart/form-data` body (its other fields are the JSON [`Self::body`]).
    pub files: Arc<[UploadedFile]>,
    /// The verified JWT payload of the caller (`Authorization: Bearer`, or a WebSocket's token).
    pub user: Option<Value>,
    /// When this invocation must have answered.
    pub deadline: Instant,
    /// Path parameters: `users/[id]` called as `/users/42` has `[("id", "42")]`.
    pub params: Params,
    /// Who started the invocation, with what that origin brings (the interceptor's `next`, the
    /// WebSocket event, a debug run's capture); only the host sets it, so no request can claim
    /// another origin.
    pub origin: Origin,
}

/// Who started an invocation.
#[derive(Debug, Clone)]
pub enum Origin {
    /// An HTTP request through the gateway (or `Host::invoke`).
    Http,
    /// `__interceptor__` wrapping an HTTP request: `next` runs the function it was for.
    Intercept(Next),
    /// A WebSocket event for `__websocket__`, with its socket.
    WebSocket(SocketCall),
    /// A cron trigger, by id: runs whatever methods the function restricts itself to.
    Trigger(String),
    /// `__init__` at app start.
    Init,
    /// `cloud.invoke` from another function, `depth` calls deep.
    Invoke {
        /// How many `cloud.invoke` calls led here (1 for a direct one).
        depth: u8,
        /// The capture of the debug run that started the chain, if one did.
        capture: Option<LogCapture>,
    },
    /// A debug run of unpublished source, collecting its console lines (besides the app's log).
    Debug(LogCapture),
}

impl Origin {
    /// Where this invocation's console lines are also collected (a debug run, and the functions
    /// it invokes).
    pub fn capture(&self) -> Option<&LogCapture> {
        match self {
            Origin::Debug(capture) => Some(capture),
            Origin::Invoke { capture, .. } => capture.as_ref(),
            _ => None,
        }
    }
}

/// What `next` runs: implemented by the request path ([`crate::invoke`]); the context only knows
/// it as this, so it does not depend on dispatch.
pub(crate) trait Continuation: Send + Sync {
    /// The name of the function it runs.
    fn target(&self) -> &str;
    /// Runs it with what the interceptor changed of the request.
    fn run_with<'a>(
        &'a self,
        changes: Option<&'a Value>,
    ) -> Pin<Box<dyn Future<Output = FunctionResponse> + Send + 'a>>;
}

/// The rest of the request an interceptor wraps: `next(ctx)` runs the function it was for.
#[derive(Clone)]
pub struct Next {
    inner: Arc<dyn Continuation>,
    called: Arc<AtomicBool>,
}

impl std::fmt::Debug for Next {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Next").field("target", &self.inner.target()).finish_non_exhaustive()
    }
}

impl Next {
    pub(crate) fn new(inner: Arc<dyn Continuation>) -> Next {
        Next { inner, called: Arc::default() }
    }

    /// The function `next` runs.
    pub fn target(&self) -> &str {
        self.inner.target()
    }

    /// Whether the interceptor called `next`.
    pub fn called(&self) -> bool {
        self.called.load(Ordering::Relaxed)
    }

    /// Records that the interceptor called `next` (a language that starts [`Self::run`] later, in
    /// a task of its own, marks it first so the host never runs the function a second time).
    pub fn mark_called(&self) {
        self.called.store(true, Ordering::Relaxed);
    }

    /// Runs the function; its errors become Laf's error responses, as for a direct call.
    pub async fn run(&self) -> FunctionResponse {
        self.run_with(None).await
    }

    /// Runs the function with what the interceptor changed of the request: `changes` may set
    /// `user` (as an auth interceptor does before `next(ctx)`), `body`, `query`, `headers`.
    pub async fn run_with(&self, changes: Option<&Value>) -> FunctionResponse {
        self.mark_called();
        self.inner.run_with(changes).await
    }
}

impl FunctionContext {
    /// A context with the defaults of a host-started call (no headers, no body, no user).
    pub fn internal(app: AppHandle, function_name: &str, method: Method, origin: Origin) -> FunctionContext {
        let deadline = Instant::now() + app.config().timeout;
        FunctionContext {
            app,
            function_name: Arc::from(function_name),
            request_id: Arc::from(uuid::Uuid::new_v4().to_string()),
            method,
            path: format!("/{function_name}"),
            raw_query: None,
            headers: HeaderMap::new(),
            body: Bytes::new(),
            body_kind: BodyKind::Empty,
            files: no_files(),
            user: None,
            deadline,
            params: no_params(),
            origin,
        }
    }

    /// A copy of this call's request for another function (`next`, `cloud.invoke`), started by
    /// `origin`.
    pub fn fork(&self, function_name: &str, origin: Origin) -> FunctionContext {
        FunctionContext {
            app: self.app.clone(),
            function_name: Arc::from(function_name),
            request_id: self.request_id.clone(),
            method: self.method.clone(),
            path: self.path.clone(),
            raw_query: self.raw_query.clone(),
            headers: self.headers.clone(),
            body: self.body.clone(),
            body_kind: self.body_kind,
            files: self.files.clone(),
            user: self.user.clone(),
            deadline: self.deadline,
            params: self.params.clone(),
            origin,
        }
    }

    /// The WebSocket event this invocation handles (`__websocket__`), with its socket.
    pub fn socket(&self) -> Option<&SocketCall> {
        match &self.origin {
            Origin::WebSocket(call) => Some(call),
            _ => None,
        }
    }

    /// For `__interceptor__`: runs the function the request was for.
    pub fn next(&self) -> Option<&Next> {
        match &self.origin {
            Origin::Intercept(next) => Some(next),
            _ => None,
        }
    }

    /// Where a debug invocation collects its console lines (besides the app's log).
    pub fn capture(&self) -> Option<&LogCapture> {
        self.origin.capture()
    }

    /// Laf's `ctx.method`: the HTTP method, or `WebSocket:connection|message|error|close`.
    pub fn method_name(&self) -> &str {
        match self.socket() {
            Some(call) => call.event.method_name(),
            None => self.method.as_str(),
        }
    }

    /// Laf's `ctx.params`: the path parameters as an object, or for a WebSocket event its data
    /// (`{data, isBinary}` for a message, with binary data as an array of bytes; `{code, reason}`
    /// for a close; `{message}` for an error; `null` for a connection). Languages with a bytes
    /// type build the message's data themselves from [`SocketCall::event`].
    pub fn params_json(&self) -> Value {
        match self.socket() {
            Some(call) => call.event.params_json(),
            None => Value::Object(self.params.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect()),
        }
    }

    /// The body a language without a socket API of its own passes on: a WebSocket message's data,
    /// another WebSocket event's [`Self::params_json`] as JSON text, else the request body.
    pub fn event_body(&self) -> Bytes {
        match self.socket() {
            Some(SocketCall { event: crate::sockets::SocketEvent::Message { data, .. }, .. }) => data.clone(),
            Some(call) => Bytes::from(call.event.params_json().to_string()),
            None => self.body.clone(),
        }
    }

    /// The request headers as (lowercase name, value) pairs, in order, values decoded lossily.
    pub fn header_pairs(&self) -> Vec<(String, String)> {
        self.headers
            .iter()
            .map(|(k, v)| (k.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .collect()
    }

    /// Records a console line of this invocation in the app's log (and a debug run's capture).
    pub fn log(&self, level: Level, message: &str) {
        self.app.log_line(&self.function_name, &self.request_id, level, message, self.capture());
    }

    /// The app's id.
    pub fn app_id(&self) -> &str {
        self.app.id()
    }

    /// The app's bindings (shared store now; database and storage with their issues).
    pub fn bindings(&self) -> &Bindings {
        self.app.bindings()
    }

    /// The app's environment variables at the time of the call.
    pub fn env(&self) -> Arc<HashMap<String, String>> {
        self.app.env()
    }

    /// Time left before the deadline (zero when passed).
    pub fn remaining(&self) -> Duration {
        self.deadline.saturating_duration_since(Instant::now())
    }

    /// The query as name/value pairs, percent-decoded, in order.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        parse_pairs(self.raw_query.as_deref().unwrap_or("").as_bytes())
    }

    /// The query as a JSON object; a repeated name becomes an array, as Express's parser does.
    pub fn query_json(&self) -> Value {
        pairs_to_object(self.query_pairs())
    }

    /// A header's value as text, if present and valid.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Headers as a JSON object with lowercase names; repeated headers are joined with `", "`.
    pub fn headers_json(&self) -> Value {
        let mut map = Map::new();
        for (name, value) in &self.headers {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            match map.get_mut(name.as_str()) {
                Some(Value::String(existing)) => {
                    existing.push_str(", ");
                    existing.push_str(&value);
                }
                _ => {
                    map.insert(name.as_str().to_owned(), Value::String(value));
                }
            }
        }
        Value::Object(map)
    }

    /// The body parsed by its kind: JSON as is, a form as an object, text as a string, an empty
    /// body as `{}` (as Laf's body parsers leave it); `None` for raw bytes, read [`Self::body`].
    pub fn body_json(&self) -> Option<Value> {
        match self.body_kind {
            BodyKind::Empty => Some(Value::Object(Map::new())),
            // Checked at the gateway; a caller of `Host::invoke` may still pass bad JSON.
            BodyKind::Json => serde_json::from_slice(&self.body).ok(),
            BodyKind::Form => Some(pairs_to_object(parse_pairs(&self.body))),
            BodyKind::Text => Some(Value::String(String::from_utf8_lossy(&self.body).into_owned())),
            BodyKind::Raw => None,
        }
    }
}

/// One file of a multipart upload, as Laf's multer describes it; the file is deleted when the
/// last handle to it is dropped, which is after the invocation.
#[derive(Debug)]
pub struct UploadedFile {
    /// The form field's name.
    pub fieldname: String,
    /// The file name the client sent.
    pub originalname: String,
    /// The part's `Content-Type` (`application/octet-stream` when the client sent none).
    pub mimetype: String,
    /// Size in bytes.
    pub size: u64,
    /// Where the upload was streamed to.
    pub path: PathBuf,
}

impl Drop for UploadedFile {
    fn drop(&mut self) {
        if let Err(e) = std::fs::remove_file(&self.path)
            && e.kind() != std::io::ErrorKind::NotFound
        {
            tracing::warn!(path = %self.path.display(), "could not remove an upload: {e}");
        }
    }
}

/// An empty `ctx.files`, shared: most calls have no upload, and an empty `Arc<[T]>` would still
/// cost an allocation per call.
pub(crate) fn no_files() -> Arc<[UploadedFile]> {
    static EMPTY: std::sync::OnceLock<Arc<[UploadedFile]>> = std::sync::OnceLock::new();
    EMPTY.get_or_init(|| Arc::from(Vec::new())).clone()
}

/// The files of a multipart request, carried as a request extension from the gateway (or an
/// embedder calling `Host::invoke`) to [`FunctionContext::files`]. When present, the request's
/// body is the JSON object of the form's other fields.
#[derive(Debug, Clone)]
pub struct Uploads(pub Arc<[UploadedFile]>);

fn parse_pairs(input: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(input).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

// Repeated names become arrays, as Express's query parser and multer's append-field do.
pub(crate) fn pairs_to_object(pairs: Vec<(String, String)>) -> Value {
    let mut map = Map::new();
    for (k, v) in pairs {
        match map.get_mut(&k) {
            Some(Value::Array(items)) => items.push(Value::String(v)),
            Some(existing) => {
                let first = existing.take();
                *existing = Value::Array(vec![first, Value::String(v)]);
            }
            None => {
                map.insert(k, Value::String(v));
            }
        }
    }
    Value::Object(map)
}

/// A request id from the caller's `x-request-id` when it is short printable ASCII, else a new UUID.
pub fn request_id_from(headers: &HeaderMap) -> Arc<str> {
    headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 128 && v.bytes().all(|b| b.is_ascii_graphic()))
        .map(Arc::from)
        .unwrap_or_else(|| Arc::from(uuid::Uuid::new_v4().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn body_kind_follows_content_type() {
        assert_eq!(BodyKind::detect(Some("application/json; charset=utf-8"), 2), BodyKind::Json);
        assert_eq!(BodyKind::detect(Some("application/vnd.api+json"), 2), BodyKind::Json);
        assert_eq!(BodyKind::detect(Some("application/x-www-form-urlencoded"), 3), BodyKind::Form);
        assert_eq!(BodyKind::detect(Some("text/plain"), 3), BodyKind::Text);
        assert_eq!(BodyKind::detect(Some("image/png"), 3), BodyKind::Raw);
        assert_eq!(BodyKind::detect(None, 3), BodyKind::Raw);
        assert_eq!(BodyKind::detect(Some("application/json"), 0), BodyKind::Empty);
    }

    #[test]
    fn repeated_query_names_become_arrays() {
        let v = pairs_to_object(parse_pairs(b"a=1&b=x%20y&a=2&a=3"));
        assert_eq!(v, json!({"a": ["1", "2", "3"], "b": "x y"}));
    }

    #[test]
    fn request_id_is_taken_only_when_sane() {
        let mut h = HeaderMap::new();
        h.insert("x-request-id", "abc-123".parse().unwrap());
        assert_eq!(&*request_id_from(&h), "abc-123");
        h.insert("x-request-id", "has space".parse().unwrap());
        let generated = request_id_from(&h);
        assert_eq!(generated.len(), 36, "a UUID replaces an id with a space: {generated}");
    }
}
