//! Per-app settings, apart from the app so that the language seam can read them without it.

use std::time::Duration;

use super::logs;

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
}

impl Default for AppConfig {
    fn default() -> Self {
        AppConfig { timeout: Duration::from_secs(30), websocket_auth: false, log_lines: logs::DEFAULT_LOG_LINES }
    }
}
