//! The per-call [`FunctionContext`]: the request, who made it, and a handle to the app.
//!
//! Everything is kept raw (query string, header map, body bytes) and parsed on first use, so a
//! language that never touches the body never pays for parsing it.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{HeaderMap, Method};
use serde_json::{Map, Value};

use crate::app::AppHandle;
use crate::bindings::Bindings;

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
    /// The HTTP method (`WebSocket:*` events arrive with their own issue).
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
    /// The verified JWT payload of the caller; `None` until authentication is configured.
    pub user: Option<Value>,
    /// When this invocation must have answered.
    pub deadline: Instant,
}

impl FunctionContext {
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
