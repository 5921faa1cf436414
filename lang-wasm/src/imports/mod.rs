//! The host side of the `laf:cloud` imports: what a guest reaches through the WIT world
//! `laf:cloud/function` (database, storage, shared, env, log, invoke, token).

mod database;
mod storage;

use wasmtime::component::{HasSelf, Linker};

use crate::state::State;

wasmtime::component::bindgen!({
    world: "function",
    path: "../laf-sdk/wit",
    imports: { default: async },
    exports: { default: async },
});

pub(crate) use laf::cloud::types::{Error, Request, Response};

/// Adds WASI p2 and the `laf:cloud` imports to `linker`.
pub(crate) fn add_to_linker(linker: &mut Linker<State>) -> wasmtime::Result<()> {
    wasmtime_wasi::p2::add_to_linker_async(linker)?;
    Function::add_to_linker::<State, HasSelf<State>>(linker, |state| state)
}

impl laf::cloud::types::Host for State {}

impl laf::cloud::shared::Host for State {
    async fn get(&mut self, key: String) -> Option<String> {
        self.ctx().bindings().shared.get(&key).map(|v| v.to_string())
    }

    async fn set(&mut self, key: String, json: String) -> Result<(), String> {
        // Every language reads the same store: only JSON text goes in.
        serde_json::from_str::<serde_json::Value>(&json).map_err(|e| format!("not JSON: {e}"))?;
        self.ctx().bindings().shared.set(key, json);
        Ok(())
    }

    async fn remove(&mut self, key: String) -> bool {
        self.ctx().bindings().shared.delete(&key)
    }
}

impl laf::cloud::env::Host for State {
    async fn get(&mut self, name: String) -> Option<String> {
        self.ctx().env().get(&name).cloned()
    }

    async fn all(&mut self) -> Vec<(String, String)> {
        let env = self.ctx().env();
        let mut all: Vec<_> = env.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        all.sort();
        all
    }
}

impl laf::cloud::log::Host for State {
    async fn log(&mut self, level: laf::cloud::log::Level, message: String) {
        use laf::cloud::log::Level;
        let level = match level {
            Level::Debug => laf_host::Level::Debug,
            Level::Info => laf_host::Level::Info,
            Level::Warn => laf_host::Level::Warn,
            Level::Error => laf_host::Level::Error,
        };
        self.ctx().log(level, &message);
    }
}

/// Another function's answer as the WIT response (its body read whole).
async fn response_record(response: laf_host::FunctionResponse) -> Response {
    let status = response.status.as_u16();
    let headers = response
        .headers
        .iter()
        .map(|(k, v)| (k.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
        .collect();
    Response { status, headers, body: response.collect_body().await.to_vec() }
}

fn error(code: &str, message: impl Into<String>) -> Error {
    Error { code: code.into(), message: message.into() }
}

impl laf::cloud::invoke::Host for State {
    /// Runs another function of the app (in any language) with the caller's user and deadline
    /// and the request the guest built.
    async fn invoke(&mut self, function: String, request: Request) -> Result<Response, Error> {
        let caller = self.ctx();
        let app = caller.app.clone();
        let mut headers = http::HeaderMap::new();
        for (k, v) in &request.headers {
            if let (Ok(k), Ok(v)) = (http::HeaderName::from_bytes(k.as_bytes()), http::HeaderValue::from_str(v)) {
                headers.append(k, v);
            }
        }
        let method = http::Method::from_bytes(request.method.as_bytes())
            .map_err(|_| error("InvalidRequest", format!("invalid method {:?}", request.method)))?;
        let content_type = headers.get(http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
        let body_kind = laf_host::BodyKind::detect(content_type, request.body.len());
        let edit = move |ctx: &mut laf_host::FunctionContext| {
            ctx.method = method;
            ctx.path = request.path;
            ctx.raw_query = (!request.query.is_empty()).then_some(request.query);
            ctx.headers = headers;
            ctx.body = request.body.into();
            ctx.body_kind = body_kind;
            Ok(())
        };
        let response = app
            .invoke_with(caller, &function, edit)
            .await
            .map_err(|e| error("InvokeError", format!("invoke {function:?}: {e}")))?;
        Ok(response_record(response).await)
    }
}

impl laf::cloud::call::Host for State {
    async fn params(&mut self) -> Vec<(String, String)> {
        self.ctx().params.to_vec()
    }

    async fn socket(&mut self) -> Option<u64> {
        self.ctx().socket().map(|s| s.socket.id())
    }

    async fn next(&mut self) -> Result<Response, Error> {
        let next = self
            .ctx()
            .next()
            .cloned()
            .ok_or_else(|| error("NotAnInterceptor", "next() is given to __interceptor__ only"))?;
        let response = next.run().await;
        Ok(response_record(response).await)
    }
}

impl laf::cloud::sockets::Host for State {
    async fn list(&mut self) -> Vec<u64> {
        self.ctx().app.sockets().iter().map(|s| s.id()).collect()
    }

    async fn send_text(&mut self, id: u64, text: String) -> bool {
        self.ctx().app.socket(id).is_some_and(|s| s.send_text(text))
    }

    async fn send_binary(&mut self, id: u64, data: Vec<u8>) -> bool {
        self.ctx().app.socket(id).is_some_and(|s| s.send_binary(data.into()))
    }

    async fn close(&mut self, id: u64, code: Option<u16>, reason: String) {
        if let Some(s) = self.ctx().app.socket(id) {
            s.close(code, &reason);
        }
    }
}

impl laf::cloud::token::Host for State {
    async fn sign(&mut self, payload: String, expires_in_secs: Option<u64>) -> Result<String, Error> {
        use laf_host::bindings::token;
        let env = self.ctx().env();
        let secret = token::secret(None, &env).map_err(|e| error("NoSecret", e.to_string()))?;
        let mut payload: serde_json::Value =
            serde_json::from_str(&payload).map_err(|e| error("InvalidPayload", format!("not JSON: {e}")))?;
        if let Some(secs) = expires_in_secs {
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
            match payload.as_object_mut() {
                Some(map) => {
                    map.insert("exp".into(), (now + secs).into());
                }
                None => return Err(error("InvalidPayload", "a payload with an expiry must be a JSON object")),
            }
        }
        token::sign(&payload, secret).map_err(|e| error("InvalidPayload", e.to_string()))
    }

    async fn verify(&mut self, text: String) -> Result<String, Error> {
        use laf_host::bindings::token;
        let env = self.ctx().env();
        let secret = token::secret(None, &env).map_err(|e| error("NoSecret", e.to_string()))?;
        token::parse(&text, secret)
            .map(|claims| claims.to_string())
            .ok_or_else(|| error("InvalidToken", "the token is malformed, expired or not signed with the app's secret"))
    }
}
