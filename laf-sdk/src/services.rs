//! The small services: the shared JSON map and the log.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::bindings::laf::cloud::{
    log as host_log, shared as host_shared, sockets as host_sockets, token as host_token,
};
use crate::{Error, Result};

/// The JSON map shared by every function of the app on this host (`cloud.shared`); get it with `ctx.shared()`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Shared {
    _private: (),
}

impl Shared {
    /// The shared map (the same as `ctx.shared()`).
    pub fn new() -> Self {
        Self { _private: () }
    }

    /// The value under `key`, deserialized into `T`; `None` when absent.
    pub fn get<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>> {
        host_shared::get(key).map(|json| serde_json::from_str(&json).map_err(Error::from)).transpose()
    }

    /// The JSON text under `key`, as stored.
    pub fn get_raw(&self, key: &str) -> Option<String> {
        host_shared::get(key)
    }

    /// Stores `value` as JSON under `key`.
    pub fn set<T: Serialize + ?Sized>(&self, key: &str, value: &T) -> Result<()> {
        let json = serde_json::to_string(value)?;
        host_shared::set(key, &json).map_err(|m| Error::new("Shared", m))
    }

    /// Removes `key`; true when it was there.
    pub fn remove(&self, key: &str) -> bool {
        host_shared::remove(key)
    }
}

/// The function's log, kept by the host with the request id; get it with `ctx.log()`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Log {
    _private: (),
}

impl Log {
    /// The log (the same as `ctx.log()`).
    pub fn new() -> Self {
        Self { _private: () }
    }

    /// Logs at debug level.
    pub fn debug(&self, message: impl AsRef<str>) {
        host_log::log(host_log::Level::Debug, message.as_ref());
    }

    /// Logs at info level (what `console.log` does in JavaScript).
    pub fn info(&self, message: impl AsRef<str>) {
        host_log::log(host_log::Level::Info, message.as_ref());
    }

    /// Logs at warn level.
    pub fn warn(&self, message: impl AsRef<str>) {
        host_log::log(host_log::Level::Warn, message.as_ref());
    }

    /// Logs at error level.
    pub fn error(&self, message: impl AsRef<str>) {
        host_log::log(host_log::Level::Error, message.as_ref());
    }
}

/// JWTs signed with the app's secret (`cloud.getToken` / `cloud.parseToken`); get it with `ctx.token()`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Token {
    _private: (),
}

impl Token {
    /// The token service (the same as `ctx.token()`).
    pub fn new() -> Self {
        Self { _private: () }
    }

    /// Signs `payload` (serialized to JSON); `expires_in_secs` adds an `exp` claim.
    pub fn sign<T: Serialize + ?Sized>(&self, payload: &T, expires_in_secs: Option<u64>) -> Result<String> {
        Ok(host_token::sign(&serde_json::to_string(payload)?, expires_in_secs)?)
    }

    /// Verifies `token` and deserializes its payload into `T`.
    pub fn verify<T: DeserializeOwned>(&self, token: &str) -> Result<T> {
        Ok(serde_json::from_str(&host_token::verify(token)?)?)
    }
}

/// A WebSocket connection of the app on this host (`ctx.socket()` in `__websocket__`, or one of
/// [`sockets`]). Sending never waits: frames queue for the connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Socket {
    id: u64,
}

impl Socket {
    pub(crate) fn from_id(id: u64) -> Self {
        Self { id }
    }

    /// The connection's id, unique on this host.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// Sends a text frame; false when the connection is closed.
    pub fn send_text(&self, text: &str) -> bool {
        host_sockets::send_text(self.id, text)
    }

    /// Sends a binary frame; false when the connection is closed.
    pub fn send_binary(&self, data: &[u8]) -> bool {
        host_sockets::send_binary(self.id, data)
    }

    /// Closes the connection with `code` (1000 when `None`) and `reason`.
    pub fn close(&self, code: Option<u16>, reason: &str) {
        host_sockets::close(self.id, code, reason)
    }
}

/// The app's open WebSocket connections on this host, as Laf's `cloud.sockets`.
pub fn sockets() -> Vec<Socket> {
    host_sockets::list().into_iter().map(Socket::from_id).collect()
}
