//! WebSocket: an upgrade on any function path goes to the app's `__websocket__`, once per event
//! (`WebSocket:connection`, `:message`, `:close`, `:error`), in the order they happen.
//!
//! When the app sets [`AppConfig::websocket_auth`], the upgrade needs a JWT verified with the
//! app's `SERVER_SECRET`, in the query (`?token=`) or as the `Sec-WebSocket-Protocol` (what a
//! browser can send); its payload is `ctx.user` for every event of the connection.
//!
//! [`AppConfig::websocket_auth`]: crate::app::AppConfig::websocket_auth

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::extract::FromRequestParts;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::response::{IntoResponse, Response};
use futures_util::{SinkExt, StreamExt};
use http::StatusCode;
use tokio::sync::mpsc;

use crate::app::{AppHandle, WEBSOCKET_FUNCTION};
use crate::context::{BodyKind, FunctionContext, Origin};
use crate::sockets::{Socket, SocketCall, SocketCommand, SocketEvent};

static NEXT_SOCKET: AtomicU64 = AtomicU64::new(1);

/// Whether `request` asks for a WebSocket upgrade.
pub(super) fn is_upgrade(headers: &http::HeaderMap) -> bool {
    headers
        .get(http::header::UPGRADE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("websocket"))
}

/// The token of an upgrade: the query's `token`, else the first `Sec-WebSocket-Protocol` value
/// (then echoed back, as browsers require).
fn token_of(parts: &http::request::Parts) -> Option<(String, bool)> {
    if let Some(q) = parts.uri.query()
        && let Some((_, t)) = form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "token")
    {
        return Some((t.into_owned(), false));
    }
    let protocol = parts.headers.get(http::header::SEC_WEBSOCKET_PROTOCOL)?.to_str().ok()?;
    let first = protocol.split(',').next()?.trim();
    (!first.is_empty()).then(|| (first.to_owned(), true))
}

pub(super) async fn upgrade(app: AppHandle, request: axum::extract::Request, max_message: usize) -> Response {
    let on_worker = app.workers().current().is_some();
    let (mut parts, _body) = request.into_parts();
    let request_id = crate::context::request_id_from(&parts.headers);
    if app.function(WEBSOCKET_FUNCTION).is_none() {
        let message = "No WebSocket handler: publish a function named __websocket__";
        return crate::response::FunctionResponse::error(StatusCode::NOT_FOUND, message, &request_id).into_http();
    }
    let token = token_of(&parts);
    let user = token.as_ref().and_then(|(t, _)| app.verify_token(t)).or_else(|| app.user_from(&parts.headers));
    if app.config().websocket_auth && user.is_none() {
        let message = "Unauthorized: this app's WebSockets need a valid token (?token= or Sec-WebSocket-Protocol)";
        return crate::response::FunctionResponse::error(StatusCode::UNAUTHORIZED, message, &request_id).into_http();
    }
    let ws = match WebSocketUpgrade::from_request_parts(&mut parts, &()).await {
        Ok(ws) => ws,
        Err(rejection) => return rejection.into_response(),
    };
    let ws = match token {
        Some((t, true)) if user.is_some() => ws.protocols([t]),
        _ => ws,
    };
    let template = FunctionContext {
        user,
        path: parts.uri.path().to_owned(),
        raw_query: parts.uri.query().map(str::to_owned),
        headers: parts.headers.clone(),
        ..FunctionContext::internal(app.clone(), WEBSOCKET_FUNCTION, parts.method.clone(), Origin::Http)
    };
    // axum runs the upgraded connection in a task of its own (`tokio::spawn`), outside the worker's
    // local set where languages run their calls: hand the socket to a task started here instead.
    let (tx, rx) = tokio::sync::oneshot::channel();
    let response = ws.max_message_size(max_message).on_upgrade(move |socket| async move {
        let _ = tx.send(socket);
    });
    let serve = async move {
        if let Ok(socket) = rx.await {
            connection(app, socket, template).await;
        }
    };
    if on_worker {
        tokio::task::spawn_local(serve);
    } else {
        tokio::spawn(serve);
    }
    response
}

// One event's context: the upgrade request's headers, query and user, a new request id.
fn event_ctx(template: &FunctionContext, socket: &Arc<Socket>, event: SocketEvent) -> FunctionContext {
    let call = SocketCall { socket: socket.clone(), event };
    let mut ctx = template.fork(WEBSOCKET_FUNCTION, Origin::WebSocket(call));
    ctx.request_id = Arc::from(uuid::Uuid::new_v4().to_string());
    ctx.body_kind = BodyKind::Empty;
    ctx
}

async fn connection(app: AppHandle, ws: WebSocket, template: FunctionContext) {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let socket = Arc::new(Socket::new(NEXT_SOCKET.fetch_add(1, Ordering::Relaxed), tx, template.user.clone()));
    app.add_socket(socket.clone());
    let (mut sink, mut stream) = ws.split();
    // Frames the functions send go out from their own task, so a slow handler does not hold them.
    let writer = tokio::spawn(async move {
        while let Some(command) = rx.recv().await {
            let (message, last) = match command {
                SocketCommand::Text(t) => (Message::Text(t.into()), false),
                SocketCommand::Binary(b) => (Message::Binary(b), false),
                SocketCommand::Close(code, reason) => {
                    (Message::Close(Some(CloseFrame { code, reason: reason.into() })), true)
                }
            };
            if sink.send(message).await.is_err() || last {
                break;
            }
        }
        let _ = sink.close().await;
    });
    app.socket_event(event_ctx(&template, &socket, SocketEvent::Connection)).await;
    let mut close = SocketEvent::Close { code: 1005, reason: String::new() };
    // A handler that closed the socket gets no more messages from it.
    while socket.is_open()
        && let Some(message) = stream.next().await
    {
        let event = match message {
            Ok(Message::Text(t)) => {
                SocketEvent::Message { data: bytes::Bytes::from(t.as_str().to_owned()), binary: false }
            }
            Ok(Message::Binary(b)) => SocketEvent::Message { data: b, binary: true },
            Ok(Message::Close(frame)) => {
                if let Some(f) = frame {
                    close = SocketEvent::Close { code: f.code, reason: f.reason.as_str().to_owned() };
                }
                break;
            }
            // Pings are answered by the library.
            Ok(Message::Ping(_) | Message::Pong(_)) => continue,
            Err(e) => {
                app.socket_event(event_ctx(&template, &socket, SocketEvent::Error(e.to_string()))).await;
                close = SocketEvent::Close { code: 1006, reason: String::new() };
                break;
            }
        };
        app.socket_event(event_ctx(&template, &socket, event)).await;
    }
    // Queues the close frame (answering the peer's) and marks the socket closed for functions
    // that kept it; the writer ends after sending it.
    socket.close(None, "");
    app.remove_socket(socket.id());
    app.socket_event(event_ctx(&template, &socket, close)).await;
    let abort = writer.abort_handle();
    if tokio::time::timeout(std::time::Duration::from_secs(5), writer).await.is_err() {
        abort.abort();
    }
}
