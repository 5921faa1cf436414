//! Per-app settings, apart from the app so that the language seam can read them without it.

use std::time::Duration;

use super::logs;
use crate::netpolicy::NetPolicy;

/// Per-app settings.
#[derive(Debug, Clone)]
pub struct AppConfig {
    /// Longest an invocation may run before it is stopped (Laf has no limit; we default to 30 s).
    pub timeout: Duration,
    /// Whether a WebSocket upgrade needs a valid JWT (query `token` or `Sec-WebSocket-Protocol`),
    /// verified with the app's `SERVER_SECRET`.
    pub websocket_auth: bool,
    /// Console lines kept for `laf logs` (the oldest are dropped first).
    pub log_lines: usize,
    /// The JavaScript heap limit of the app on each worker, in MiB (`None`: the language's
    /// default); an app that passes it fails its own calls, never another app's.
    pub memory_mb: Option<u64>,
    /// Where the app's functions may connect (see [`crate::netpolicy`]).
    pub net: NetPolicy,
}

impl Default for AppConfig {
    fn default() -> Self {
        AppConfig {
            timeout: Duration::from_secs(30),
            websocket_auth: false,
            log_lines: logs::DEFAULT_LOG_LINES,
            memory_mb: None,
            net: NetPolicy::default(),
        }
    }
}

impl AppConfig {
    /// The settings as the admin API shows them and the registry keeps them.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "timeoutMs": self.timeout.as_millis() as u64,
            "websocketAuth": self.websocket_auth,
            "memoryMb": self.memory_mb,
            "allowNet": self.net.allowed().iter().map(|r| r.to_string()).collect::<Vec<_>>(),
        })
    }

    /// Applies the settings present in `body` (the admin API's names; null or absent keeps the
    /// current value); on a bad value, the field and what was wrong.
    pub fn apply_json(&mut self, body: &serde_json::Value) -> Result<(), (&'static str, String)> {
        use serde_json::Value;
        match body.get("timeoutMs") {
            None | Some(Value::Null) => {}
            Some(v) => match v.as_u64() {
                Some(ms) if (1..=3_600_000).contains(&ms) => self.timeout = Duration::from_millis(ms),
                _ => return Err(("timeoutMs", "timeoutMs must be an integer from 1 to 3600000".into())),
            },
        }
        match body.get("websocketAuth") {
            None | Some(Value::Null) => {}
            Some(Value::Bool(b)) => self.websocket_auth = *b,
            Some(_) => return Err(("websocketAuth", "websocketAuth must be true or false".into())),
        }
        match body.get("memoryMb") {
            None | Some(Value::Null) => {}
            Some(v) => match v.as_u64() {
                Some(mb) if (MIN_MEMORY_MB..=MAX_MEMORY_MB).contains(&mb) => self.memory_mb = Some(mb),
                _ => {
                    let why = format!("memoryMb must be an integer from {MIN_MEMORY_MB} to {MAX_MEMORY_MB}");
                    return Err(("memoryMb", why));
                }
            },
        }
        match body.get("allowNet") {
            None | Some(Value::Null) => {}
            Some(Value::Array(items)) => {
                let mut rules = Vec::with_capacity(items.len());
                for item in items {
                    let Some(s) = item.as_str() else {
                        return Err(("allowNet", "allowNet must be an array of strings".into()));
                    };
                    rules.push(s.parse::<crate::NetRule>().map_err(|e| ("allowNet", e.to_string()))?);
                }
                self.net = NetPolicy::new(rules);
            }
            Some(_) => return Err(("allowNet", "allowNet must be an array of strings".into())),
        }
        Ok(())
    }
}

/// The smallest per-app JavaScript heap limit, in MiB (the bootstrap alone needs a few).
pub const MIN_MEMORY_MB: u64 = 8;
/// The largest per-app JavaScript heap limit, in MiB.
pub const MAX_MEMORY_MB: u64 = 16 * 1024;
