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

/// An `Unsupported` error for an import this host does not offer yet.
fn unsupported(what: &str) -> Error {
    Error { code: "Unsupported".into(), message: format!("{what} is not supported by this host yet") }
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
        let c = self.ctx();
        let (app, function, request_id) = (c.app_id(), &*c.function_name, &*c.request_id);
        match level {
            Level::Debug => tracing::debug!(target: "laf::function", app, function, request_id, "{message}"),
            Level::Info => tracing::info!(target: "laf::function", app, function, request_id, "{message}"),
            Level::Warn => tracing::warn!(target: "laf::function", app, function, request_id, "{message}"),
            Level::Error => tracing::error!(target: "laf::function", app, function, request_id, "{message}"),
        }
    }
}

impl laf::cloud::invoke::Host for State {
    async fn invoke(&mut self, _function: String, _request: Request) -> Result<Response, Error> {
        Err(unsupported("invoke"))
    }
}

impl laf::cloud::token::Host for State {
    async fn sign(&mut self, _payload: String, _expires_in_secs: Option<u64>) -> Result<String, Error> {
        Err(unsupported("token.sign"))
    }

    async fn verify(&mut self, _token: String) -> Result<String, Error> {
        Err(unsupported("token.verify"))
    }
}
