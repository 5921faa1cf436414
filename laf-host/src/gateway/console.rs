//! `/_/console/`: the web console, a single-page application whose built files are embedded in
//! the binary (`laf-host/console/`, see its `build.mjs`). It signs in with the admin token, kept
//! in the browser's session storage and sent as `Authorization: Bearer` to the admin API, which
//! is all it talks to: never in a URL, never in a cookie.
//!
//! `index.html` is served `no-cache` (it names the current assets); every other file has a hash
//! of its content in its name and is served as immutable for a year. Every answer carries a
//! Content-Security-Policy allowing scripts, workers and connections to the host's own origin
//! only (styles may be inline: Monaco injects them), and no framing.

use axum::Router;
use axum::extract::Path;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use http::{HeaderValue, StatusCode, header};

use crate::host::Host;

mod assets {
    include!(concat!(env!("OUT_DIR"), "/console_assets.rs"));
}

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self' data:; \
                   img-src 'self' data:; worker-src 'self'; connect-src 'self'; frame-ancestors 'none'; \
                   base-uri 'none'; form-action 'self'";

/// The console's routes.
pub(super) fn routes() -> Router<Host> {
    Router::new()
        .route("/_/console", get(|| async { Redirect::permanent("/_/console/") }))
        .route("/_/console/", get(|| async { file("index.html") }))
        .route("/_/console/{*path}", get(|Path(path): Path<String>| async move { file(&path) }))
}

fn file(path: &str) -> Response {
    let Some((_, bytes)) = assets::ASSETS.iter().find(|(p, _)| *p == path) else {
        if assets::ASSETS.is_empty() {
            let why = "the console was not built into this binary: run scripts/console.sh, then build again";
            return (StatusCode::SERVICE_UNAVAILABLE, axum::Json(serde_json::json!({ "error": why }))).into_response();
        }
        return (
            StatusCode::NOT_FOUND,
            axum::Json(serde_json::json!({ "error": format!("no console file {path:?}") })),
        )
            .into_response();
    };
    let content_type = match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("ttf") => "font/ttf",
        _ => "application/octet-stream",
    };
    let cache = if path == "index.html" { "no-cache" } else { "public, max-age=31536000, immutable" };
    let mut response = Response::new(axum::body::Body::from(*bytes));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}
