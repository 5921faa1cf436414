//! `Context`: the request a function is invoked with, and the doors to the app's services.

use std::sync::OnceLock;

use serde::de::DeserializeOwned;

use crate::bindings::laf::cloud::{call, env, invoke, types};
use crate::{Database, Error, Log, Response, Result, Shared, Storage, Token};

/// The invocation: the request (method, path, query, headers, body) and the app's services.
#[derive(Debug)]
pub struct Context {
    request: types::Request,
    query: OnceLock<Vec<(String, String)>>,
}

impl Context {
    /// A context for a request (what `export!` does for you; useful in tests).
    pub fn new(request: types::Request) -> Self {
        Self { request, query: OnceLock::new() }
    }

    /// A context for a request built from parts, without headers or body (for tests).
    pub fn from_parts(method: &str, path: &str, query: &str) -> Self {
        Self::new(types::Request {
            method: method.into(),
            path: path.into(),
            query: query.into(),
            headers: Vec::new(),
            body: Vec::new(),
            request_id: String::new(),
            function_name: String::new(),
        })
    }

    /// Adds a header (for tests); the name is stored lowercase.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.request.headers.push((name.to_ascii_lowercase(), value.into()));
        self
    }

    /// Replaces the body (for tests).
    pub fn with_body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.request.body = body.into();
        self
    }

    /// The HTTP method, uppercase (`GET`, `POST`...).
    pub fn method(&self) -> &str {
        &self.request.method
    }

    /// The path, without the query string.
    pub fn path(&self) -> &str {
        &self.request.path
    }

    /// The raw query string, without `?`.
    pub fn raw_query(&self) -> &str {
        &self.request.query
    }

    /// The query string as decoded `(name, value)` pairs, in order (parsed on first use).
    pub fn query(&self) -> &[(String, String)] {
        self.query.get_or_init(|| parse_query(&self.request.query))
    }

    /// The first value of query parameter `name`.
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query().iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.request.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// Every header, names lowercase, in order.
    pub fn headers(&self) -> &[(String, String)] {
        &self.request.headers
    }

    /// The body bytes.
    pub fn body(&self) -> &[u8] {
        &self.request.body
    }

    /// The body as UTF-8 text.
    pub fn text(&self) -> Result<&str> {
        Ok(std::str::from_utf8(&self.request.body)?)
    }

    /// The body parsed as JSON into `T`; an empty body is JSON `null`.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        parse_json_body(&self.request.body)
    }

    /// The body of an `application/x-www-form-urlencoded` request as decoded pairs.
    pub fn form(&self) -> Vec<(String, String)> {
        form_urlencoded::parse(&self.request.body).into_owned().collect()
    }

    /// This invocation's request id (echoed by the host as `request-id`).
    pub fn request_id(&self) -> &str {
        &self.request.request_id
    }

    /// The invoked function's name.
    pub fn function_name(&self) -> &str {
        &self.request.function_name
    }

    /// The app's database.
    pub fn db(&self) -> Database {
        Database::new()
    }

    /// The app's buckets.
    pub fn storage(&self) -> Storage {
        Storage::new()
    }

    /// The JSON map shared by the app's functions on this host (`cloud.shared`).
    pub fn shared(&self) -> Shared {
        Shared::new()
    }

    /// The app's environment variable `name`.
    pub fn env(&self, name: &str) -> Option<String> {
        env::get(name)
    }

    /// Every environment variable of the app.
    pub fn env_all(&self) -> Vec<(String, String)> {
        env::all()
    }

    /// The function's log, kept with this invocation's request id.
    pub fn log(&self) -> Log {
        Log::new()
    }

    /// The app's JWTs (sign and verify with the app's secret).
    pub fn token(&self) -> Token {
        Token::new()
    }

    /// The verified payload of the `Authorization: Bearer` token, as Laf's `ctx.user`; `None` without a
    /// token or with one that does not verify.
    pub fn user<T: DeserializeOwned>(&self) -> Option<T> {
        let token = bearer_token(self.header("authorization")?)?;
        self.token().verify(token).ok()
    }

    /// Calls the app's function `function` with a `POST` of `body` as JSON (same request id), as `cloud.invoke`.
    pub fn invoke<T: serde::Serialize + ?Sized>(&self, function: &str, body: &T) -> Result<Response> {
        let request = types::Request {
            method: "POST".into(),
            path: format!("/{function}"),
            query: String::new(),
            headers: vec![("content-type".into(), crate::APPLICATION_JSON.into())],
            body: serde_json::to_vec(body)?,
            request_id: self.request.request_id.clone(),
            function_name: function.into(),
        };
        let r = invoke::invoke(function, &request)?;
        Ok(Response { status: r.status, headers: r.headers, body: r.body })
    }

    /// Path parameters: a function named `users/[id]` called as `/users/42` has `[("id", "42")]`.
    pub fn params(&self) -> Vec<(String, String)> {
        call::params()
    }

    /// The path parameter `name` (`ctx.param("id")` in `users/[id]`).
    pub fn param(&self, name: &str) -> Option<String> {
        self.params().into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// In `__websocket__`: the connection whose event this is. The event is [`Self::method`]
    /// (`WebSocket:connection`, `WebSocket:message`, `WebSocket:close`, `WebSocket:error`) and a
    /// message's data is the [`Self::body`].
    pub fn socket(&self) -> Option<crate::Socket> {
        call::socket().map(crate::Socket::from_id)
    }

    /// In `__interceptor__`: runs the function the request was for and returns its response;
    /// return it (or another) as the interceptor's own. An interceptor that never calls `next`
    /// and answers JSON `false` rejects the request with 403 (Laf's legacy form).
    pub fn next(&self) -> Result<Response> {
        let r = call::next()?;
        Ok(Response { status: r.status, headers: r.headers, body: r.body })
    }

    /// The request as the bindings see it.
    pub fn request(&self) -> &types::Request {
        &self.request
    }
}

/// The token of an `Authorization` header value `Bearer <token>` (scheme case-insensitive).
fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim()).filter(|t| !t.is_empty())
}

/// Decodes a query string (`a=1&b=x%20y`) into pairs, `+` as space.
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query.strip_prefix('?').unwrap_or(query).as_bytes()).into_owned().collect()
}

/// Parses a JSON body; an empty (or all-whitespace) body is `null`, so `Option<T>` accepts it.
pub fn parse_json_body<T: DeserializeOwned>(body: &[u8]) -> Result<T> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return serde_json::from_slice(b"null").map_err(Error::from);
    }
    Ok(serde_json::from_slice(body)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_is_decoded_in_order() {
        let q = parse_query("a=1&b=x%20y&c=p+q&a=2&flag&e=%E2%9C%93");
        let want = [("a", "1"), ("b", "x y"), ("c", "p q"), ("a", "2"), ("flag", ""), ("e", "✓")];
        assert_eq!(q, want.map(|(a, b)| (a.to_string(), b.to_string())));
        assert!(parse_query("").is_empty());
        assert_eq!(parse_query("?x=1"), vec![("x".to_string(), "1".to_string())]);
    }

    #[test]
    fn context_accessors() {
        let ctx = Context::from_parts("POST", "/hello", "name=laf&n=2")
            .with_header("Content-Type", "application/json")
            .with_body(r#"{"x": 1}"#);
        assert_eq!((ctx.method(), ctx.path(), ctx.raw_query()), ("POST", "/hello", "name=laf&n=2"));
        assert_eq!(ctx.query_param("name"), Some("laf"));
        assert_eq!(ctx.query_param("missing"), None);
        assert_eq!(ctx.header("content-type"), Some("application/json"));
        assert_eq!(ctx.header("CONTENT-TYPE"), Some("application/json"));
        assert_eq!(ctx.text().unwrap(), r#"{"x": 1}"#);
        let v: serde_json::Value = ctx.json().unwrap();
        assert_eq!(v["x"], 1);
    }

    #[test]
    fn json_body_typed_empty_and_bad() {
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct In {
            name: String,
        }
        let ctx = Context::from_parts("POST", "/", "").with_body(r#"{"name":"a"}"#);
        assert_eq!(ctx.json::<In>().unwrap(), In { name: "a".into() });
        let empty = Context::from_parts("GET", "/", "");
        assert_eq!(empty.json::<Option<In>>().unwrap(), None);
        assert_eq!(empty.json::<In>().unwrap_err().code(), "Json");
        let bad = Context::from_parts("POST", "/", "").with_body("{");
        assert_eq!(bad.json::<serde_json::Value>().unwrap_err().code(), "Json");
    }

    #[test]
    fn bearer_tokens() {
        assert_eq!(bearer_token("Bearer abc"), Some("abc"));
        assert_eq!(bearer_token("bearer  abc "), Some("abc"));
        assert_eq!(bearer_token("Basic abc"), None);
        assert_eq!(bearer_token("Bearer "), None);
    }

    #[test]
    fn form_bodies() {
        let ctx = Context::from_parts("POST", "/", "").with_body("a=1&b=two+words");
        assert_eq!(ctx.form()[1], ("b".to_string(), "two words".to_string()));
    }
}
