//! WebSocket connections as functions see them: a [`Socket`] to send on or close, and the
//! [`SocketEvent`] an invocation of `__websocket__` handles.
//!
//! A socket belongs to one app on one host; `cloud.sockets` lists the app's open ones. Sending
//! never waits: frames queue for the connection's writer task, as Node's `ws.send` buffers.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use bytes::Bytes;
use serde_json::{Value, json};
use tokio::sync::mpsc;

/// What a function asks of a connection.
#[derive(Debug)]
pub enum SocketCommand {
    /// A text frame.
    Text(String),
    /// A binary frame.
    Binary(Bytes),
    /// A close frame with a code and reason, then the end of the connection.
    Close(u16, String),
}

/// One open WebSocket connection.
#[derive(Debug)]
pub struct Socket {
    id: u64,
    tx: mpsc::UnboundedSender<SocketCommand>,
    open: AtomicBool,
    /// The verified JWT payload the connection was opened with, if any.
    pub user: Option<Value>,
}

impl Socket {
    /// A socket whose frames go to `tx`.
    pub fn new(id: u64, tx: mpsc::UnboundedSender<SocketCommand>, user: Option<Value>) -> Socket {
        Socket { id, tx, open: AtomicBool::new(true), user }
    }

    /// The socket's id, unique on this host.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// Whether it is still open.
    pub fn is_open(&self) -> bool {
        self.open.load(Ordering::Relaxed)
    }

    /// Queues a text frame; false when the socket is closed.
    pub fn send_text(&self, text: String) -> bool {
        self.is_open() && self.tx.send(SocketCommand::Text(text)).is_ok()
    }

    /// Queues a binary frame; false when the socket is closed.
    pub fn send_binary(&self, data: Bytes) -> bool {
        self.is_open() && self.tx.send(SocketCommand::Binary(data)).is_ok()
    }

    /// Closes the connection (code 1000 when `None`).
    pub fn close(&self, code: Option<u16>, reason: &str) {
        if self.open.swap(false, Ordering::Relaxed) {
            let _ = self.tx.send(SocketCommand::Close(code.unwrap_or(1000), reason.to_owned()));
        }
    }

    /// Marks the socket closed (the peer went away).
    pub(crate) fn closed(&self) {
        self.open.store(false, Ordering::Relaxed);
    }
}

/// What happened on a socket.
#[derive(Debug, Clone)]
pub enum SocketEvent {
    /// The connection opened.
    Connection,
    /// A frame arrived.
    Message {
        /// Its payload.
        data: Bytes,
        /// Whether it was a binary frame (else UTF-8 text).
        binary: bool,
    },
    /// The connection closed.
    Close {
        /// The close code (1005 when the peer gave none).
        code: u16,
        /// The reason the peer gave.
        reason: String,
    },
    /// The connection failed.
    Error(String),
}

impl SocketEvent {
    /// Laf's `ctx.method` for the event.
    pub fn method_name(&self) -> &'static str {
        match self {
            SocketEvent::Connection => "WebSocket:connection",
            SocketEvent::Message { .. } => "WebSocket:message",
            SocketEvent::Close { .. } => "WebSocket:close",
            SocketEvent::Error(_) => "WebSocket:error",
        }
    }

    /// Laf's `ctx.params` for the event, as JSON (binary data as an array of bytes).
    pub fn params_json(&self) -> Value {
        match self {
            SocketEvent::Connection => Value::Null,
            SocketEvent::Message { data, binary: false } => {
                json!({ "data": String::from_utf8_lossy(data), "isBinary": false })
            }
            SocketEvent::Message { data, binary: true } => json!({ "data": data.to_vec(), "isBinary": true }),
            SocketEvent::Close { code, reason } => json!({ "code": code, "reason": reason }),
            SocketEvent::Error(message) => json!({ "message": message }),
        }
    }
}

/// The socket and event an invocation of `__websocket__` handles.
#[derive(Debug, Clone)]
pub struct SocketCall {
    /// The connection.
    pub socket: Arc<Socket>,
    /// What happened on it.
    pub event: SocketEvent,
}
