//! A client of a running host's admin API and functions, for the end-to-end tests.

use serde_json::Value;

/// The admin token the tests start `laf serve` with.
pub const TOKEN: &str = "test-admin-token";

/// Talks to one host: its admin API (with [`TOKEN`]) and its functions.
pub struct Api {
    pub c: reqwest::Client,
    pub base: String,
}

impl Api {
    pub fn new(base: &str) -> Api {
        Api { c: reqwest::Client::new(), base: base.to_owned() }
    }

    /// An admin request: `(status, JSON body)`.
    pub async fn admin(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
        send(self.c.request(method, format!("{}/_/api/{path}", self.base)).bearer_auth(TOKEN), body).await
    }

    /// Calls function `path` of `app` (through the `Host` header): `(status, body as JSON or text)`.
    pub async fn call(&self, app: &str, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let port = self.base.rsplit(':').next().unwrap();
        let host = format!("{app}.localhost:{port}");
        send(self.c.request(method, format!("{}/{path}", self.base)).header("host", host), body).await
    }

    /// `GET /path` of the default app.
    pub async fn get(&self, path: &str) -> (u16, Value) {
        self.call("local", reqwest::Method::GET, path, None).await
    }
}

/// Sends `request` with `body` as JSON: `(status, the answer as JSON, or as a JSON string when it is not)`.
async fn send(mut request: reqwest::RequestBuilder, body: Option<Value>) -> (u16, Value) {
    if let Some(body) = body {
        request = request.json(&body);
    }
    let r = request.send().await.unwrap();
    let status = r.status().as_u16();
    let text = r.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}
