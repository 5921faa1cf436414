//! Website hosting: a bucket whose policy allows public reads served as a static site, at
//! `/_/site/{bucket}/{*path}` and, for domains given to [`HostBuilder::site`], at every path of
//! that domain.
//!
//! A request for `path` is answered, as Laf's gateway does (nginx's `try_files $uri
//! $uri/index.html /index.html`), by the object `path`, else `path/index.html`, else the
//! bucket's `index.html`, so single-page apps get their shell for every client-side route.
//!
//! By path, a site is served only on its own app's origin (the app the `Host` header resolves
//! to, as for `/_/storage/`): elsewhere it is 404, so one app's site never runs its scripts
//! with another app's origin. A domain given to [`HostBuilder::site`] is the site's own origin.
//!
//! [`HostBuilder::site`]: crate::HostBuilder::site

use axum::Router;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Request, State};
use axum::middleware::{Next, from_fn};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use http::{HeaderMap, HeaderValue, Method, StatusCode, header};

use super::storage::{backend, failure, not_here, read, served_here, storage_failure};
use crate::bindings::storage::{StorageError, validate_key};
use crate::host::Host;

/// The `/_/site/` routes.
pub(super) fn routes() -> Router<Host> {
    Router::new()
        .route("/_/site/{bucket}", get(site_root))
        .route("/_/site/{bucket}/", get(site_index))
        .route("/_/site/{bucket}/{*path}", get(site_path))
        .layer(from_fn(super::storage::cors))
}

// Without the slash, the page's relative links would resolve against `/_/site/`.
async fn site_root(path: Result<Path<String>, PathRejection>) -> Response {
    match path {
        // Checked first: the name goes into a Location header, which must not carry what a
        // decoded path can hold (a newline).
        Ok(Path(bucket)) if crate::bindings::storage::name::check_bucket(&bucket).is_ok() => {
            Redirect::permanent(&format!("/_/site/{bucket}/")).into_response()
        }
        Ok(Path(bucket)) => {
            failure(StatusCode::BAD_REQUEST, "InvalidBucketName", &format!("invalid bucket name {bucket:?}"))
        }
        Err(e) => failure(StatusCode::BAD_REQUEST, "InvalidURI", &e.body_text()),
    }
}

async fn site_index(
    State(host): State<Host>,
    path: Result<Path<String>, PathRejection>,
    method: Method,
    headers: HeaderMap,
) -> Response {
    match path {
        Ok(Path(bucket)) if !served_here(&host, &headers, &bucket) => not_here(&bucket),
        Ok(Path(bucket)) => serve(&host, &bucket, "", &method, &headers).await,
        Err(e) => failure(StatusCode::BAD_REQUEST, "InvalidURI", &e.body_text()),
    }
}

async fn site_path(
    State(host): State<Host>,
    path: Result<Path<(String, String)>, PathRejection>,
    method: Method,
    headers: HeaderMap,
) -> Response {
    match path {
        Ok(Path((bucket, _))) if !served_here(&host, &headers, &bucket) => not_here(&bucket),
        Ok(Path((bucket, path))) => serve(&host, &bucket, &path, &method, &headers).await,
        Err(e) => failure(StatusCode::BAD_REQUEST, "InvalidURI", &e.body_text()),
    }
}

/// Serves a request of a domain configured with [`HostBuilder::site`] from its bucket, for
/// every path; other requests go on to the host's routes.
///
/// [`HostBuilder::site`]: crate::HostBuilder::site
pub(super) async fn by_host(State(host): State<Host>, request: Request, next: Next) -> Response {
    let domain = request
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .or_else(|| request.uri().host())
        .map(strip_port);
    let Some(bucket) = domain.and_then(|d| host.gateway_config().sites.get(&d)).cloned() else {
        return next.run(request).await;
    };
    let preflight = super::cors::is_preflight(&request);
    // Only the head is needed, and holding a borrow of the (not `Sync`) body across an await is not allowed.
    let (parts, _) = request.into_parts();
    let origin = parts.headers.get(header::ORIGIN).cloned();
    let mut response = if preflight {
        super::cors::preflight(&parts.headers)
    } else if parts.method != Method::GET && parts.method != Method::HEAD {
        let mut r = failure(StatusCode::METHOD_NOT_ALLOWED, "MethodNotAllowed", "a site answers GET and HEAD only");
        r.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        r
    } else {
        match crate::percent::decode(parts.uri.path()) {
            Some(path) => serve(&host, &bucket, &path, &parts.method, &parts.headers).await,
            None => failure(StatusCode::BAD_REQUEST, "InvalidURI", "the path is not valid percent-encoded UTF-8"),
        }
    };
    if let Some(origin) = origin {
        super::cors::decorate(response.headers_mut(), origin);
    }
    response
}

/// `example.com:8080` → `example.com`, `[::1]:80` → `[::1]`, lowercase.
fn strip_port(host: &str) -> String {
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split_once(']').map_or(host, |(ip, _)| &host[..ip.len() + 2]),
        None => host.split(':').next().unwrap_or(host),
    };
    name.to_ascii_lowercase()
}

/// Serves `path` of the site in `bucket`, trying `path`, `path/index.html`, then `index.html`.
async fn serve(host: &Host, bucket: &str, path: &str, method: &Method, headers: &HeaderMap) -> Response {
    let backend = match backend(host) {
        Ok(backend) => backend,
        Err(e) => return storage_failure(&e),
    };
    match backend.bucket_policy(bucket).await {
        Ok(policy) if policy.public_read() => {}
        Ok(_) => {
            let message = format!("the bucket {bucket:?} is private: set its policy to readonly to serve it as a site");
            return failure(StatusCode::FORBIDDEN, "AccessDenied", &message);
        }
        Err(e) => return storage_failure(&e),
    }
    for key in candidates(path) {
        match read(&**backend, bucket, &key, method, headers, true).await {
            Err(StorageError::NoSuchKey { .. }) => continue,
            Ok(response) => return response,
            Err(e) => return storage_failure(&e),
        }
    }
    failure(StatusCode::NOT_FOUND, "NoSuchKey", &format!("no object for {path:?} and no index.html in the site"))
}

/// The keys to try for `path`, in order.
fn candidates(path: &str) -> Vec<String> {
    let path = path.trim_start_matches('/');
    let mut keys = Vec::with_capacity(3);
    if !path.is_empty() && !path.ends_with('/') {
        keys.push(path.to_owned());
    }
    let dir = path.trim_end_matches('/');
    if !dir.is_empty() {
        keys.push(format!("{dir}/index.html"));
    }
    keys.push("index.html".to_owned());
    // A path no key can have (`a/../b`) falls through to the index.
    keys.retain(|k| validate_key(k).is_ok());
    let mut unique: Vec<String> = Vec::with_capacity(keys.len());
    for key in keys {
        if !unique.contains(&key) {
            unique.push(key);
        }
    }
    unique
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_try_the_file_its_index_then_the_root_index() {
        assert_eq!(candidates("docs/intro"), ["docs/intro", "docs/intro/index.html", "index.html"]);
        assert_eq!(candidates("docs/"), ["docs/index.html", "index.html"]);
        assert_eq!(candidates(""), ["index.html"]);
        assert_eq!(candidates("/index.html"), ["index.html", "index.html/index.html"]);
        assert_eq!(candidates("a/../b"), ["index.html"]);
    }

    #[test]
    fn hosts_lose_their_port_and_case() {
        assert_eq!(strip_port("Example.com:8080"), "example.com");
        assert_eq!(strip_port("site.test"), "site.test");
        assert_eq!(strip_port("[::1]:80"), "[::1]");
    }
}
