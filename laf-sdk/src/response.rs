//! What a handler returns, and how each type becomes an HTTP response (Laf's mapping: strings are
//! `text/html`, bytes `application/octet-stream`, objects JSON, numbers their decimal text).

use serde::Serialize;

/// `text/html; charset=utf-8`: what Laf sends for a string.
pub const TEXT_HTML: &str = "text/html; charset=utf-8";
/// `text/plain; charset=utf-8`.
pub const TEXT_PLAIN: &str = "text/plain; charset=utf-8";
/// `application/json; charset=utf-8`: what Laf sends for an object or an array.
pub const APPLICATION_JSON: &str = "application/json; charset=utf-8";
/// `application/octet-stream`: what Laf sends for bytes.
pub const OCTET_STREAM: &str = "application/octet-stream";

/// An HTTP response: status, headers (names lowercase) and body; build it with the `with_*` methods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Header names (lowercase) and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl Default for Response {
    fn default() -> Self {
        Self::new()
    }
}

impl Response {
    /// An empty `200` response.
    pub fn new() -> Self {
        Self { status: 200, headers: Vec::new(), body: Vec::new() }
    }

    /// A `200` response with a body and its content type.
    pub fn with_content(content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Self::new().with_header("content-type", content_type).with_body(body)
    }

    /// A `text/html` response.
    pub fn html(body: impl Into<String>) -> Self {
        Self::with_content(TEXT_HTML, body.into())
    }

    /// A `text/plain` response.
    pub fn text(body: impl Into<String>) -> Self {
        Self::with_content(TEXT_PLAIN, body.into())
    }

    /// An `application/octet-stream` response.
    pub fn bytes(body: impl Into<Vec<u8>>) -> Self {
        Self::with_content(OCTET_STREAM, body)
    }

    /// An `application/json` response with `value` serialized; fails if serde cannot serialize it.
    pub fn json<T: Serialize + ?Sized>(value: &T) -> crate::Result<Self> {
        Ok(Self::with_content(APPLICATION_JSON, serde_json::to_vec(value)?))
    }

    /// A redirect (`302` unless you change the status) to `location`.
    pub fn redirect(location: &str) -> Self {
        Self::new().with_status(302).with_header("location", location)
    }

    /// Sets the status code.
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = status;
        self
    }

    /// Sets a header, replacing any header of the same name (names are stored lowercase).
    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> Self {
        let name = name.to_ascii_lowercase();
        self.headers.retain(|(n, _)| *n != name);
        self.headers.push((name, value.into()));
        self
    }

    /// Adds a header, keeping others of the same name (for `set-cookie`).
    pub fn append_header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_ascii_lowercase(), value.into()));
        self
    }

    /// Replaces the body.
    pub fn with_body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// The value of header `name` (case-insensitive), if set.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The `500` Laf answers when a function fails: `{"error":"Internal Server Error","requestId":...}`.
    pub fn internal_error(request_id: &str) -> Self {
        let body = serde_json::json!({ "error": "Internal Server Error", "requestId": request_id });
        Self::with_content(APPLICATION_JSON, body.to_string()).with_status(500)
    }
}

/// Serializes `T` as JSON in a response: return `Json(value)` from a handler.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Json<T>(pub T);

/// Anything a handler can return.
pub trait IntoResponse {
    /// Turns `self` into a response.
    fn into_response(self) -> Response;
}

impl IntoResponse for Response {
    fn into_response(self) -> Response {
        self
    }
}

impl IntoResponse for () {
    fn into_response(self) -> Response {
        Response::new()
    }
}

impl IntoResponse for String {
    fn into_response(self) -> Response {
        Response::html(self)
    }
}

impl IntoResponse for &str {
    fn into_response(self) -> Response {
        Response::html(self)
    }
}

impl IntoResponse for Vec<u8> {
    fn into_response(self) -> Response {
        Response::bytes(self)
    }
}

impl IntoResponse for &[u8] {
    fn into_response(self) -> Response {
        Response::bytes(self)
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        match serde_json::to_vec(&self.0) {
            Ok(body) => Response::with_content(APPLICATION_JSON, body),
            // A value serde refuses (a map with non-string keys...) is a bug in the function: answer 500.
            Err(e) => Response::text(format!("cannot serialize the response as JSON: {e}")).with_status(500),
        }
    }
}

impl IntoResponse for serde_json::Value {
    fn into_response(self) -> Response {
        Response::with_content(APPLICATION_JSON, self.to_string())
    }
}

/// A BSON document is answered as relaxed extended JSON (`ObjectId` becomes `{"$oid": ...}`).
impl IntoResponse for bson::Document {
    fn into_response(self) -> Response {
        bson::Bson::Document(self).into_relaxed_extjson().into_response()
    }
}

/// `(status, body)`: any response with its status replaced.
impl<T: IntoResponse> IntoResponse for (u16, T) {
    fn into_response(self) -> Response {
        self.1.into_response().with_status(self.0)
    }
}

/// `None` is a `404` with an empty body; `Some(x)` is `x`.
impl<T: IntoResponse> IntoResponse for Option<T> {
    fn into_response(self) -> Response {
        match self {
            Some(x) => x.into_response(),
            None => Response::new().with_status(404),
        }
    }
}

macro_rules! number_responses {
    ($($t:ty),*) => {$(
        /// A number is answered as its decimal text (`text/html`, as Laf).
        impl IntoResponse for $t {
            fn into_response(self) -> Response {
                Response::html(self.to_string())
            }
        }
    )*};
}
number_responses!(i32, i64, u32, u64, f64);

#[cfg(test)]
mod tests {
    use super::*;

    fn body_text(r: &Response) -> &str {
        std::str::from_utf8(&r.body).unwrap()
    }

    #[test]
    fn strings_are_html() {
        let r = "hi".into_response();
        assert_eq!((r.status, r.header("content-type"), body_text(&r)), (200, Some(TEXT_HTML), "hi"));
        let r = String::from("<b>x</b>").into_response();
        assert_eq!(r.header("Content-Type"), Some(TEXT_HTML));
    }

    #[test]
    fn bytes_are_octet_stream() {
        let r = vec![0u8, 1, 2].into_response();
        assert_eq!((r.header("content-type"), r.body.as_slice()), (Some(OCTET_STREAM), &[0u8, 1, 2][..]));
    }

    #[test]
    fn json_values_and_wrappers() {
        let r = serde_json::json!({"a": 1}).into_response();
        assert_eq!((r.header("content-type"), body_text(&r)), (Some(APPLICATION_JSON), r#"{"a":1}"#));
        #[derive(Serialize)]
        struct P {
            x: u8,
        }
        let r = Json(P { x: 3 }).into_response();
        assert_eq!(body_text(&r), r#"{"x":3}"#);
        let r = Json(vec![1, 2]).into_response();
        assert_eq!(body_text(&r), "[1,2]");
    }

    #[test]
    fn status_tuples_override_the_status() {
        let r = (201, Json(serde_json::json!({"ok": true}))).into_response();
        assert_eq!((r.status, r.header("content-type")), (201, Some(APPLICATION_JSON)));
        let r = (404, "nope").into_response();
        assert_eq!((r.status, body_text(&r)), (404, "nope"));
    }

    #[test]
    fn numbers_options_and_documents() {
        assert_eq!(body_text(&42i64.into_response()), "42");
        assert_eq!(None::<String>.into_response().status, 404);
        let r = bson::doc! { "n": 1, "s": "x" }.into_response();
        assert_eq!(body_text(&r), r#"{"n":1,"s":"x"}"#);
    }

    #[test]
    fn builder_sets_and_appends_headers() {
        let r = Response::text("x")
            .with_status(202)
            .with_header("X-A", "1")
            .with_header("x-a", "2")
            .append_header("Set-Cookie", "a=1")
            .append_header("set-cookie", "b=2");
        assert_eq!(r.status, 202);
        assert_eq!(r.header("x-a"), Some("2"));
        assert_eq!(r.headers.iter().filter(|(n, _)| n == "set-cookie").count(), 2);
        let r = Response::redirect("/x");
        assert_eq!((r.status, r.header("location")), (302, Some("/x")));
    }

    #[test]
    fn internal_error_is_laf_shaped() {
        let r = Response::internal_error("r1");
        assert_eq!(r.status, 500);
        let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        assert_eq!(v, serde_json::json!({"error": "Internal Server Error", "requestId": "r1"}));
    }
}
