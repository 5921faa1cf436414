//! `GET|HEAD|PUT /_/storage/{bucket}/{*key}`: objects over HTTP, for presigned URLs and for
//! buckets whose policy lets anyone read (or write).
//!
//! A request carrying `X-Laf-Signature` is checked by the backend's `verify_presigned` (only
//! the local backend's URLs point here); one without is anonymous and the bucket's policy
//! decides. Bodies stream both ways: a GET is served from the backend's stream, a PUT is handed
//! to the backend as it arrives and cut off at the host's upload limit. The routes go through
//! [`StorageBackend`] only, so they serve any backend.
//!
//! Every app is served on the one host, told apart by the `Host` header (see
//! `Host::resolve_app`), so these routes serve a bucket only on its own app's origin: app B's
//! bucket asked for on app A's origin (or on the default app's) is answered 404 as if it did
//! not exist, and an HTML object of one app never runs as another app's page. Objects are
//! served with `X-Content-Type-Options: nosniff` and `Content-Security-Policy: sandbox`, so
//! even on its own origin an uploaded file is not a page with that origin's privileges.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::Router;
use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, Request, State};
use axum::middleware::{Next, from_fn};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::StreamExt;
use http::{HeaderMap, HeaderValue, Method, StatusCode, header};

use crate::bindings::storage::{
    ByteRange, ObjectMeta, PresignMethod, PutBody, PutOptions, StorageBackend, StorageError, app_of_bucket,
    validate_key,
};
use crate::host::Host;

/// The storage routes, with CORS as the function routes have it (browsers upload to presigned URLs).
pub(super) fn routes() -> Router<Host> {
    Router::new().route("/_/storage/{bucket}/{*key}", get(object).put(object)).layer(from_fn(cors))
}

async fn object(
    State(host): State<Host>,
    path: Result<Path<(String, String)>, PathRejection>,
    RawQuery(query): RawQuery,
    request: Request,
) -> Response {
    let Path((bucket, key)) = match path {
        Ok(path) => path,
        Err(e) => return failure(StatusCode::BAD_REQUEST, "InvalidURI", &e.body_text()),
    };
    let backend = match backend(&host) {
        Ok(backend) => backend,
        Err(e) => return storage_failure(&e),
    };
    // Split so that no borrow of the (not `Sync`) body is held across an await.
    let (parts, body) = request.into_parts();
    if !served_here(&host, &parts.headers, &bucket) {
        return not_here(&bucket);
    }
    let method = if parts.method == Method::PUT { PresignMethod::Put } else { PresignMethod::Get };
    let checked = match validate_key(&key) {
        Ok(()) => authorize(&**backend, method, &bucket, &key, query.as_deref().unwrap_or("")).await,
        Err(e) => Err(e),
    };
    if let Err(e) = checked {
        return storage_failure(&e);
    }
    match method {
        PresignMethod::Get => read(&**backend, &bucket, &key, &parts.method, &parts.headers, false)
            .await
            .unwrap_or_else(|e| storage_failure(&e)),
        PresignMethod::Put => write(&host, &**backend, &bucket, &key, &parts.headers, body).await,
    }
}

/// Whether `bucket` belongs to the app the request's `Host` header resolves to, the only
/// origin its objects are served on by path (`/_/storage/…`, `/_/site/…`).
pub(super) fn served_here(host: &Host, headers: &HeaderMap, bucket: &str) -> bool {
    let host_header = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    match (host.resolve_app(host_header), app_of_bucket(bucket)) {
        (Some(app), Some(owner)) => app.id() == owner,
        _ => false,
    }
}

/// The answer for a bucket of another app: the same 404 as for a bucket that does not exist,
/// so an origin cannot probe which buckets other apps have.
pub(super) fn not_here(bucket: &str) -> Response {
    storage_failure(&StorageError::NoSuchBucket(bucket.to_owned()))
}

/// The host's storage backend, or the error saying it has none.
pub(super) fn backend(host: &Host) -> Result<&Arc<dyn StorageBackend>, StorageError> {
    host.storage_backend().ok_or_else(|| StorageError::Unsupported("this host has no storage configured".into()))
}

/// A signed request must carry a valid signature; an unsigned one needs a policy that allows it.
async fn authorize(
    backend: &dyn StorageBackend,
    method: PresignMethod,
    bucket: &str,
    key: &str,
    query: &str,
) -> Result<(), StorageError> {
    if form_urlencoded::parse(query.as_bytes()).any(|(name, _)| name == "X-Laf-Signature") {
        return backend.verify_presigned(method, bucket, key, query);
    }
    let policy = backend.bucket_policy(bucket).await?;
    let (allowed, what) = match method {
        PresignMethod::Get => (policy.public_read(), "read"),
        PresignMethod::Put => (policy.public_write(), "write"),
    };
    if allowed {
        Ok(())
    } else {
        Err(StorageError::AccessDenied(format!(
            "the bucket {bucket:?} is {}: anonymous {what}s are not allowed, use a presigned URL",
            policy.as_str()
        )))
    }
}

/// Serves a GET or HEAD of an object: conditional on `If-None-Match`, ranged by `Range`. A site
/// (`site`) guesses a content type the object was stored without.
///
/// `If-None-Match` comes first (RFC 9110 §13.2.2): a matching ETag is 304 whatever the range,
/// even one the object cannot satisfy. A HEAD ignores `Range` and answers 200 with the whole
/// object's length, as RFC 9110 allows (a range applies to GET only).
pub(super) async fn read(
    backend: &dyn StorageBackend,
    bucket: &str,
    key: &str,
    method: &Method,
    headers: &HeaderMap,
    site: bool,
) -> Result<Response, StorageError> {
    // An unreadable or multi-part Range is ignored, as RFC 9110 allows and S3 does.
    let range = headers.get(header::RANGE).and_then(|v| v.to_str().ok()).and_then(|v| ByteRange::parse_header(v).ok());
    if method == Method::HEAD {
        let meta = backend.head_object(bucket, key).await?;
        return Ok(not_modified(&meta, headers).unwrap_or_else(|| respond(&meta, site, None, None)));
    }
    let object = match backend.get_object(bucket, key, range).await {
        Ok(object) => object,
        Err(StorageError::InvalidRange(why)) => {
            // The get failed before any body: the conditional is checked on the object's head.
            let meta = backend.head_object(bucket, key).await?;
            if let Some(response) = not_modified(&meta, headers) {
                return Ok(response);
            }
            let mut response = failure(StatusCode::RANGE_NOT_SATISFIABLE, "InvalidRange", &why);
            if let Ok(value) = HeaderValue::from_str(&format!("bytes */{}", meta.size)) {
                response.headers_mut().insert(header::CONTENT_RANGE, value);
            }
            return Ok(response);
        }
        Err(e) => return Err(e),
    };
    if let Some(response) = not_modified(&object.meta, headers) {
        return Ok(response);
    }
    Ok(respond(&object.meta, site, object.range, Some(Body::from_stream(object.body))))
}

fn not_modified(meta: &ObjectMeta, headers: &HeaderMap) -> Option<Response> {
    let tags = headers.get(header::IF_NONE_MATCH)?.to_str().ok()?;
    let matches = tags.split(',').map(|t| t.trim().trim_start_matches("W/")).any(|t| t == "*" || t == meta.etag);
    matches.then(|| {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        if let Ok(etag) = HeaderValue::from_str(&meta.etag) {
            response.headers_mut().insert(header::ETAG, etag);
        }
        response
    })
}

/// The response for an object: its headers, and `body` (none for HEAD).
fn respond(meta: &ObjectMeta, site: bool, range: Option<(u64, u64)>, body: Option<Body>) -> Response {
    let content_type = match meta.content_type.as_deref() {
        Some(t) if !(site && is_generic(t)) => t,
        _ if site => guess_type(&meta.key),
        _ => "application/octet-stream",
    };
    let (status, mut headers) = crate::response::object_head(meta, content_type, range);
    // The stored content type is the uploader's word: browsers must not second-guess it (a
    // "text/plain" upload sniffed as HTML), and a storage object is never an active page of
    // its origin (no scripts, no same-origin access). A site's pages must run their scripts.
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if !site {
        headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("sandbox"));
    }
    for (name, value) in &meta.metadata {
        if let (Ok(name), Ok(value)) =
            (header::HeaderName::try_from(format!("x-amz-meta-{name}")), HeaderValue::from_str(value))
        {
            headers.insert(name, value);
        }
    }
    let mut response = Response::new(body.unwrap_or_default());
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    response
}

fn is_generic(content_type: &str) -> bool {
    matches!(content_type, "application/octet-stream" | "binary/octet-stream")
}

/// Streams a PUT's body into the backend, refusing it with 413 past the host's upload limit.
async fn write(
    host: &Host,
    backend: &dyn StorageBackend,
    bucket: &str,
    key: &str,
    headers: &HeaderMap,
    body: Body,
) -> Response {
    let limit = host.gateway_config().upload_limit;
    let header = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    let declared = header(header::CONTENT_LENGTH).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit) {
        return too_large(limit);
    }
    let options = PutOptions {
        content_type: header(header::CONTENT_TYPE).map(str::to_owned),
        metadata: headers
            .iter()
            .filter_map(|(name, value)| {
                let name = name.as_str().strip_prefix("x-amz-meta-")?;
                Some((name.to_owned(), value.to_str().ok()?.to_owned()))
            })
            .collect(),
    };
    // The limit is enforced as the body arrives (a chunked body declares no length); the flags
    // tell a body cut off here, or one the client stopped sending, from any other failure,
    // whatever the backend makes of the error.
    let exceeded = Arc::new(AtomicBool::new(false));
    let broken = Arc::new(AtomicBool::new(false));
    let (flag, broken_flag) = (exceeded.clone(), broken.clone());
    let mut seen = 0u64;
    let stream = body.into_data_stream().map(move |chunk| {
        let chunk = chunk.map_err(|e| {
            broken_flag.store(true, Ordering::Relaxed);
            io::Error::other(e)
        })?;
        seen += chunk.len() as u64;
        if seen > limit {
            flag.store(true, Ordering::Relaxed);
            return Err(io::Error::other(format!("the upload is over the {limit}-byte limit")));
        }
        Ok(chunk)
    });
    let body = PutBody::Stream { stream: Box::pin(stream), length: declared };
    match backend.put_object(bucket, key, body, options).await {
        Ok(put) => {
            let mut response = StatusCode::OK.into_response();
            if let Ok(etag) = HeaderValue::from_str(&put.etag) {
                response.headers_mut().insert(header::ETAG, etag);
            }
            response
        }
        Err(_) if exceeded.load(Ordering::Relaxed) => too_large(limit),
        // The client's fault (it went away mid-upload, or sent a malformed body), not the
        // server's: nothing was stored, and it is no error of ours to log loudly.
        Err(e) if broken.load(Ordering::Relaxed) => {
            tracing::debug!(error = %e, bucket, key, "storage upload: the request body could not be read");
            failure(StatusCode::BAD_REQUEST, "IncompleteBody", "the request body could not be read")
        }
        Err(e) => storage_failure(&e),
    }
}

fn too_large(limit: u64) -> Response {
    failure(StatusCode::PAYLOAD_TOO_LARGE, "EntityTooLarge", &format!("the upload limit is {limit} bytes"))
}

/// A JSON error: `{"error": message, "code": code}`.
pub(super) fn failure(status: StatusCode, code: &str, message: &str) -> Response {
    let body = serde_json::json!({ "error": message, "code": code }).to_string();
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// A storage error as JSON with its S3 code and status; server-side failures are logged, not shown.
pub(super) fn storage_failure(e: &StorageError) -> Response {
    if e.status().is_server_error() && !matches!(e, StorageError::Unsupported(_)) {
        tracing::error!(error = %e, "storage request failed");
        return failure(e.status(), e.code(), "Internal Server Error");
    }
    failure(e.status(), e.code(), &e.to_string())
}

/// CORS for the storage and site routes, as Laf's runtime answers functions.
pub(super) async fn cors(request: Request, next: Next) -> Response {
    let origin = request.headers().get(header::ORIGIN).cloned();
    let mut response = if super::cors::is_preflight(&request) {
        super::cors::preflight(request.headers())
    } else {
        next.run(request).await
    };
    if let Some(origin) = origin {
        super::cors::decorate(response.headers_mut(), origin);
    }
    response
}

/// The content type for a file name's extension, for objects stored without one.
fn guess_type(key: &str) -> &'static str {
    let ext = key.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "wasm" => "application/wasm",
        "pdf" => "application/pdf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "wav" => "audio/wav",
        "ogg" => "audio/ogg",
        "zip" => "application/zip",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::guess_type;

    #[test]
    fn types_follow_the_extension_whatever_its_case() {
        assert_eq!(guess_type("app.JS"), "text/javascript; charset=utf-8");
        assert_eq!(guess_type("a/b.tar.gz"), "application/octet-stream");
        assert_eq!(guess_type("noext"), "application/octet-stream");
    }
}
