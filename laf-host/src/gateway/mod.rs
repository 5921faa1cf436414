//! The HTTP gateway: Laf's routes on axum.
//!
//! `ALL /{name}` invokes a function (names may contain `/`; a WebSocket upgrade goes to
//! `__websocket__`), `GET /_/healthz` answers liveness, `/_/storage/{bucket}/{*key}` serves
//! objects (presigned or public), `/_/site/{bucket}/…` and the domains given to
//! `HostBuilder::site` serve buckets as websites, `/_/console/` is the web console, `/_/api/` is
//! the admin API and `/_/metrics`
//! the Prometheus metrics (both behind the admin token), and every other `/_/` path is the
//! host's. CORS follows Laf: the origin is reflected with credentials allowed.

mod admin;
pub mod ai;
mod console;
mod cors;
mod multipart;
pub mod s3;
mod serve;
mod site;
mod storage;
mod ws;

use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use http_body_util::BodyExt;

use std::future::Future;

use crate::context::request_id_from;
use crate::host::Host;
use crate::response::FunctionResponse;

impl Host {
    /// The gateway as an axum router, to serve or to mount inside another axum app.
    pub fn router(&self) -> axum::Router {
        router(self.clone())
    }

    /// Serves the gateway on `listener` from every worker thread until `shutdown` resolves, then
    /// stops accepting, lets open requests finish (30 s at most) and returns.
    pub async fn serve(
        &self,
        listener: std::net::TcpListener,
        shutdown: impl Future<Output = ()> + Send,
    ) -> std::io::Result<()> {
        serve::serve(self.clone(), listener, shutdown).await
    }
}

fn router(host: Host) -> axum::Router {
    let router = axum::Router::new()
        .route("/_/healthz", get(healthz))
        .merge(storage::routes())
        .merge(site::routes())
        .merge(admin::routes())
        .merge(console::routes())
        .fallback(invoke);
    // Only a host that serves sites by domain pays for looking at the Host header first.
    let router = if host.gateway_config().sites.is_empty() {
        router
    } else {
        router.layer(axum::middleware::from_fn_with_state(host.clone(), site::by_host))
    };
    router.with_state(host)
}

async fn healthz() -> impl IntoResponse {
    ([(http::header::CONTENT_TYPE, "application/json")], r#"{"status":"ok"}"#)
}

async fn invoke(State(host): State<Host>, request: Request) -> Response {
    let origin = request.headers().get(http::header::ORIGIN).cloned();
    let mut response = route(&host, request).await;
    if let Some(origin) = origin {
        cors::decorate(response.headers_mut(), origin);
    }
    response
}

async fn route(host: &Host, request: Request) -> Response {
    let path = request.uri().path();
    if path.starts_with("/_/") {
        return error(request.headers(), StatusCode::NOT_FOUND, "Not Found");
    }
    // Function names are plain ASCII, but clients may still percent-encode them.
    let name = match crate::percent::decode(path.trim_matches('/')) {
        Some(name) => name,
        None => {
            return error(request.headers(), StatusCode::BAD_REQUEST, "Invalid path encoding");
        }
    };
    let host_header = request.headers().get(http::header::HOST).and_then(|v| v.to_str().ok());
    let Some(app) = host.resolve_app(host_header) else {
        return error(request.headers(), StatusCode::NOT_FOUND, "App Not Found");
    };
    if cors::is_preflight(&request) {
        return cors::preflight(request.headers());
    }
    if ws::is_upgrade(request.headers()) {
        return ws::upgrade(app, request, host.gateway_config().body_limit).await;
    }
    let limit = host.gateway_config().body_limit;
    let declared = request
        .headers()
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let content_type = request.headers().get(http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
    if let Some(boundary) = multipart::boundary(content_type) {
        return upload(host, app, &name, request, boundary, declared).await;
    }
    if declared.is_some_and(|n| n > limit as u64) {
        return too_large(request.headers(), limit as u64);
    }
    let (parts, body) = request.into_parts();
    let body: Bytes = match http_body_util::Limited::new(body, limit).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(e) if e.downcast_ref::<http_body_util::LengthLimitError>().is_some() => {
            return too_large(&parts.headers, limit as u64);
        }
        Err(e) => {
            return error(&parts.headers, StatusCode::BAD_REQUEST, &format!("Could not read the request body: {e}"));
        }
    };
    let request = http::Request::from_parts(parts, body);
    app.call(&name, request).await.into_http()
}

// Multipart bodies are limited by the upload limit, not the body limit: their files stream to
// disk, and only the other fields (bounded by the body limit) are kept in memory.
async fn upload(
    host: &Host,
    app: crate::AppHandle,
    name: &str,
    request: Request,
    boundary: Result<String, multipart::MultipartError>,
    declared: Option<u64>,
) -> Response {
    let upload_limit = host.gateway_config().upload_limit;
    if declared.is_some_and(|n| n > upload_limit) {
        return too_large(request.headers(), upload_limit);
    }
    let boundary = match boundary {
        Ok(b) => b,
        Err(multipart::MultipartError::Malformed(m)) => {
            return error(request.headers(), StatusCode::BAD_REQUEST, &format!("Invalid multipart body: {m}"));
        }
        Err(_) => return error(request.headers(), StatusCode::BAD_REQUEST, "Invalid multipart body"),
    };
    let (mut parts, body) = request.into_parts();
    // A folder per app: a sandboxed worker is granted its own app's uploads only.
    let dir = &host.gateway_config().upload_dir.join(app.id());
    match multipart::read(body, boundary, dir, upload_limit, host.gateway_config().body_limit).await {
        Ok((fields, uploads)) => {
            parts.extensions.insert(uploads);
            app.call(name, http::Request::from_parts(parts, fields)).await.into_http()
        }
        Err(multipart::MultipartError::TooLarge(n)) => too_large(&parts.headers, n),
        Err(multipart::MultipartError::Malformed(m)) => {
            error(&parts.headers, StatusCode::BAD_REQUEST, &format!("Invalid multipart body: {m}"))
        }
        Err(multipart::MultipartError::Io(e)) => {
            tracing::error!(dir = %dir.display(), "could not store an upload: {e}");
            error(&parts.headers, StatusCode::INTERNAL_SERVER_ERROR, "Could not store the upload")
        }
    }
}

fn too_large(headers: &HeaderMap, limit: u64) -> Response {
    let message = format!("Payload Too Large: the body limit is {limit} bytes");
    error(headers, StatusCode::PAYLOAD_TOO_LARGE, &message)
}

fn error(headers: &HeaderMap, status: StatusCode, message: &str) -> Response {
    let request_id = request_id_from(headers);
    let mut r = FunctionResponse::error(status, message, &request_id);
    r.set_request_id(&request_id);
    r.into_http()
}
