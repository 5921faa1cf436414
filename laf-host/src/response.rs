//! [`FunctionResponse`]: what a function answers, with Laf's mapping from values to bodies.

use bytes::Bytes;
use http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use serde_json::Value;
use tokio::sync::mpsc;

use crate::bindings::storage::{ByteStream, GetObject, ObjectMeta};
use crate::error::InvokeError;

const JSON: &str = "application/json; charset=utf-8";
const HTML: &str = "text/html; charset=utf-8";
const OCTET: &str = "application/octet-stream";

/// A response body: nothing, bytes in hand, or a stream fed by the function while it runs.
#[derive(Default)]
pub enum ResponseBody {
    /// No body.
    #[default]
    Empty,
    /// The whole body.
    Full(Bytes),
    /// Chunks written by the function; the stream ends when the writer is dropped.
    Stream(mpsc::UnboundedReceiver<Bytes>),
    /// A body pulled as the client reads it (a stored object): never more than a chunk in memory.
    Reader(ByteStream),
}

impl std::fmt::Debug for ResponseBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ResponseBody::Empty => f.write_str("Empty"),
            ResponseBody::Full(b) => f.debug_tuple("Full").field(b).finish(),
            ResponseBody::Stream(rx) => f.debug_tuple("Stream").field(rx).finish(),
            ResponseBody::Reader(_) => f.write_str("Reader(..)"),
        }
    }
}

/// The answer of one invocation.
#[derive(Debug, Default)]
pub struct FunctionResponse {
    /// HTTP status.
    pub status: StatusCode,
    /// Response headers.
    pub headers: HeaderMap,
    /// Response body.
    pub body: ResponseBody,
}

/// The sending half of a streaming body; dropping it ends the response.
///
/// Writes never wait: like Node's `res.write`, chunks queue in memory while the client is slow,
/// which lets synchronous languages stream without an event-loop round trip per chunk.
#[derive(Debug, Clone)]
pub struct ResponseWriter {
    tx: mpsc::UnboundedSender<Bytes>,
}

impl ResponseWriter {
    /// Queues one chunk; `false` when the client has gone away.
    pub fn write(&self, chunk: Bytes) -> bool {
        self.tx.send(chunk).is_ok()
    }
}

impl FunctionResponse {
    /// A response with `status`, no headers and no body.
    pub fn empty(status: StatusCode) -> Self {
        FunctionResponse { status, ..Default::default() }
    }

    /// The response a language answered as parts: `status` as the language gave it (any integer;
    /// one that is no HTTP status fails the call), header pairs in order, and the body.
    ///
    /// A header HTTP cannot carry (a name with a space or a colon, a value with a line break or
    /// another control character) fails the call with an error naming it, in every language: Node throws on such a
    /// `setHeader` too, and a response silently missing its `Location` or `Set-Cookie` is harder
    /// to debug than a 500 whose log line names the header.
    pub fn from_parts(
        status: i64,
        headers: impl IntoIterator<Item = (String, String)>,
        body: impl Into<Bytes>,
    ) -> Result<Self, InvokeError> {
        let thrown = |message: String| InvokeError::Thrown { message, stack: None };
        let status = u16::try_from(status)
            .ok()
            .and_then(|s| StatusCode::from_u16(s).ok())
            .ok_or_else(|| thrown(format!("the function answered an invalid HTTP status {status}")))?;
        let mut out = FunctionResponse::empty(status);
        for (name, value) in headers {
            let Ok(header) = HeaderName::from_bytes(name.as_bytes()) else {
                return Err(thrown(format!("the function set an invalid response header name {name:?}")));
            };
            let Ok(value) = HeaderValue::from_str(&value) else {
                return Err(thrown(format!(
                    "the function set an invalid value for response header {name:?}: a value cannot hold line \
                     breaks or other control characters"
                )));
            };
            out.headers.append(header, value);
        }
        let body = body.into();
        if !body.is_empty() {
            out.body = ResponseBody::Full(body);
        }
        Ok(out)
    }

    /// A body with an explicit content type.
    pub fn with_body(content_type: &'static str, body: impl Into<Bytes>) -> Self {
        let mut r = FunctionResponse { body: ResponseBody::Full(body.into()), ..Default::default() };
        r.headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        r
    }

    /// An object or array: JSON text already serialised by the language.
    pub fn json_text(text: impl Into<Bytes>) -> Self {
        Self::with_body(JSON, text)
    }

    /// A value serialised to JSON.
    pub fn json(value: &Value) -> Self {
        Self::json_text(serde_json::to_vec(value).unwrap_or_default())
    }

    /// A string: sent as `text/html`, as Laf (Express) does.
    pub fn html(text: impl Into<Bytes>) -> Self {
        Self::with_body(HTML, text)
    }

    /// Bytes: sent as `application/octet-stream`.
    pub fn bytes(data: impl Into<Bytes>) -> Self {
        Self::with_body(OCTET, data)
    }

    /// A number: sent as its decimal text (integers without a fraction).
    pub fn number(n: f64) -> Self {
        Self::html(format_number(n))
    }

    /// A streaming response with `status` and `headers`; write chunks through the returned writer.
    pub fn stream(status: StatusCode, headers: HeaderMap) -> (Self, ResponseWriter) {
        let (tx, rx) = mpsc::unbounded_channel();
        (FunctionResponse { status, headers, body: ResponseBody::Stream(rx) }, ResponseWriter { tx })
    }

    /// A stored object, streamed to the client as it reads: its content type (octet-stream when
    /// none was stored), length, entity tag and last-modified time go in the headers; a range
    /// read answers 206 with its `Content-Range`.
    pub fn object(object: GetObject) -> Self {
        let content_type = object.meta.content_type.as_deref().unwrap_or(OCTET);
        let (status, headers) = object_head(&object.meta, content_type, object.range);
        FunctionResponse { status, headers, body: ResponseBody::Reader(object.body) }
    }

    /// A JSON error body `{error, requestId}` with `status`.
    pub fn error(status: StatusCode, message: &str, request_id: &str) -> Self {
        let body = serde_json::json!({ "error": message, "requestId": request_id });
        let mut r = Self::json(&body);
        r.status = status;
        r
    }

    /// Sets the `request-id` header (every answer of the host carries it).
    pub fn set_request_id(&mut self, request_id: &str) {
        if let Ok(v) = HeaderValue::from_str(request_id) {
            self.headers.insert("request-id", v);
        }
    }

    /// Sets the status.
    pub fn with_status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    /// Sets a header unless the function already set it (user headers win).
    pub fn default_header(&mut self, name: HeaderName, value: HeaderValue) {
        self.headers.entry(name).or_insert(value);
    }

    /// The whole body when it is in hand (not streaming).
    pub fn body_bytes(&self) -> Option<&Bytes> {
        match &self.body {
            ResponseBody::Full(b) => Some(b),
            ResponseBody::Empty | ResponseBody::Stream(_) | ResponseBody::Reader(_) => None,
        }
    }

    /// Reads the whole body, waiting for a stream to end.
    pub async fn collect_body(self) -> Bytes {
        match self.body {
            ResponseBody::Empty => Bytes::new(),
            ResponseBody::Full(b) => b,
            ResponseBody::Stream(mut rx) => {
                let mut out = Vec::new();
                while let Some(chunk) = rx.recv().await {
                    out.extend_from_slice(&chunk);
                }
                out.into()
            }
            ResponseBody::Reader(mut s) => {
                let mut out = Vec::new();
                while let Some(Ok(chunk)) = futures_util::StreamExt::next(&mut s).await {
                    out.extend_from_slice(&chunk);
                }
                out.into()
            }
        }
    }

    /// Converts into an HTTP response with axum's body type.
    pub fn into_http(self) -> http::Response<axum::body::Body> {
        let body = match self.body {
            ResponseBody::Empty => axum::body::Body::empty(),
            ResponseBody::Full(b) => axum::body::Body::from(b),
            ResponseBody::Stream(rx) => {
                let stream = futures_stream(rx);
                axum::body::Body::from_stream(stream)
            }
            ResponseBody::Reader(s) => axum::body::Body::from_stream(s),
        };
        let mut res = http::Response::new(body);
        *res.status_mut() = self.status;
        *res.headers_mut() = self.headers;
        if matches!(res.status(), StatusCode::NO_CONTENT | StatusCode::NOT_MODIFIED) {
            res.headers_mut().remove(CONTENT_LENGTH);
        }
        res
    }
}

/// The status and headers of a stored object sent as a response: its content type, length (of
/// the range, if any), entity tag, last-modified time, and for a range 206 with `Content-Range`.
/// A value that is not a valid header (a stored content type with a newline) is left out.
pub(crate) fn object_head(meta: &ObjectMeta, content_type: &str, range: Option<(u64, u64)>) -> (StatusCode, HeaderMap) {
    let mut headers = HeaderMap::new();
    let mut set = |name: HeaderName, value: &str| {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(name, value);
        }
    };
    let length = range.map_or(meta.size, |(start, end)| end + 1 - start);
    set(CONTENT_TYPE, content_type);
    set(CONTENT_LENGTH, &length.to_string());
    set(http::header::ETAG, &meta.etag);
    set(http::header::LAST_MODIFIED, &httpdate::fmt_http_date(meta.last_modified));
    set(http::header::ACCEPT_RANGES, "bytes");
    let status = match range {
        Some((start, end)) => {
            set(http::header::CONTENT_RANGE, &format!("bytes {start}-{end}/{}", meta.size));
            StatusCode::PARTIAL_CONTENT
        }
        None => StatusCode::OK,
    };
    (status, headers)
}

// Adapts the receiver to the `Stream` axum wants without pulling in tokio-stream.
fn futures_stream(
    rx: mpsc::UnboundedReceiver<Bytes>,
) -> impl futures_core::Stream<Item = Result<Bytes, std::convert::Infallible>> + Send {
    struct RecvStream(mpsc::UnboundedReceiver<Bytes>);
    impl futures_core::Stream for RecvStream {
        type Item = Result<Bytes, std::convert::Infallible>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            cx: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            self.0.poll_recv(cx).map(|c| c.map(Ok))
        }
    }
    RecvStream(rx)
}

/// Formats a number as JavaScript's `String(n)` does (`3`, `2.5`, `1e+21`, `NaN`, `Infinity`).
pub fn format_number(n: f64) -> String {
    if n.is_nan() {
        "NaN".into()
    } else if n.is_infinite() {
        if n > 0.0 { "Infinity".into() } else { "-Infinity".into() }
    } else if n == 0.0 {
        "0".into()
    } else {
        dragonbox_ecma::Buffer::new().format_finite(n).to_owned()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapping_sets_laf_content_types() {
        let r = FunctionResponse::json(&serde_json::json!({"a": 1}));
        assert_eq!(r.headers[CONTENT_TYPE], JSON);
        assert_eq!(r.body_bytes().unwrap().as_ref(), br#"{"a":1}"#);
        assert_eq!(FunctionResponse::html("hi").headers[CONTENT_TYPE], HTML);
        assert_eq!(FunctionResponse::bytes(vec![1u8]).headers[CONTENT_TYPE], OCTET);
        assert_eq!(FunctionResponse::number(3.0).body_bytes().unwrap().as_ref(), b"3");
        assert_eq!(FunctionResponse::number(2.5).body_bytes().unwrap().as_ref(), b"2.5");
        assert_eq!(format_number(1e20), "100000000000000000000");
        assert_eq!(format_number(1e21), "1e+21");
        assert_eq!(format_number(-0.0), "0");
    }

    #[tokio::test]
    async fn an_object_range_is_a_206_with_its_content_range() {
        let meta = crate::bindings::storage::ObjectMeta {
            key: "k".into(),
            size: 10,
            etag: "\"e\"".into(),
            content_type: Some("text/plain".into()),
            last_modified: std::time::SystemTime::UNIX_EPOCH,
            metadata: Default::default(),
        };
        let body: ByteStream = Box::pin(futures_util::stream::once(async { Ok(Bytes::from_static(b"2345")) }));
        let r = FunctionResponse::object(GetObject { meta, range: Some((2, 5)), body });
        assert_eq!(r.status, StatusCode::PARTIAL_CONTENT);
        assert_eq!(r.headers[http::header::CONTENT_RANGE], "bytes 2-5/10");
        assert_eq!(r.headers[CONTENT_LENGTH], "4");
        assert_eq!(r.headers[CONTENT_TYPE], "text/plain");
        assert_eq!(r.headers[http::header::ETAG], "\"e\"");
        assert_eq!(r.collect_body().await.as_ref(), b"2345");
    }

    #[test]
    fn parts_become_a_response_and_a_bad_header_fails_naming_it() {
        let headers = vec![("x-a".to_owned(), "1".to_owned()), ("x-a".to_owned(), "2".to_owned())];
        let r = FunctionResponse::from_parts(201, headers, "hi").unwrap();
        assert_eq!((r.status.as_u16(), r.headers.get_all("x-a").iter().count()), (201, 2));
        assert_eq!(r.body_bytes().unwrap().as_ref(), b"hi");
        assert!(matches!(FunctionResponse::from_parts(204, [], "").unwrap().body, ResponseBody::Empty));
        let fails = |status, name: &str, value: &str| {
            let headers = [(name.to_owned(), value.to_owned())];
            FunctionResponse::from_parts(status, headers, "").unwrap_err().to_string()
        };
        assert!(fails(200, "bad name", "v").contains("\"bad name\""));
        assert!(fails(200, "x-split", "a\r\nb").contains("\"x-split\""));
        assert!(fails(200, "x-nul", "a\0b").contains("\"x-nul\""));
        let utf8 = FunctionResponse::from_parts(200, [("x-name".to_owned(), "caf\u{e9}".to_owned())], "").unwrap();
        assert_eq!(utf8.headers["x-name"].as_bytes(), "caf\u{e9}".as_bytes(), "UTF-8 passes as HTTP's obs-text");
        assert!(fails(70_000, "x", "v").contains("70000"));
        assert!(fails(99, "x", "v").contains("invalid HTTP status 99"));
    }

    #[tokio::test]
    async fn a_stream_ends_when_the_writer_is_dropped() {
        let (r, w) = FunctionResponse::stream(StatusCode::OK, HeaderMap::new());
        tokio::spawn(async move {
            assert!(w.write(Bytes::from_static(b"a")));
            assert!(w.write(Bytes::from_static(b"b")));
        });
        assert_eq!(r.collect_body().await.as_ref(), b"ab");
    }
}
