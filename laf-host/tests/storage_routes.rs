//! The host's storage and site routes, driven through `Host::router` without a network.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use bytes::Bytes;
use http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use laf_host::Host;
use laf_host::bindings::storage::{
    BucketPolicy, LocalStorage, PresignMethod, PutOptions, StorageBackend, StorageError,
};
use laf_host::clock::ManualClock;
use tower::ServiceExt;

const PUBLIC_URL: &str = "http://localhost:8000";

/// A fresh directory under the system's temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

struct Env {
    _dir: TempDir,
    host: Host,
    storage: Arc<LocalStorage>,
    /// The storage's clock, which presigned URLs expire by: it stands still until a test moves it.
    clock: Arc<ManualClock>,
}

fn env_with(configure: impl FnOnce(laf_host::HostBuilder) -> laf_host::HostBuilder) -> Env {
    let dir = TempDir(std::env::temp_dir().join(format!("laf-routes-{}", uuid::Uuid::new_v4().simple())));
    let clock = Arc::new(ManualClock::new(std::time::SystemTime::now()));
    let storage = Arc::new(LocalStorage::open(&dir.0, PUBLIC_URL).unwrap().with_clock(clock.clone()));
    let builder = Host::builder().workers(1).storage(storage.clone());
    let host = configure(builder).build().unwrap();
    // Buckets are served on their own app's origin only: the tests' buckets are app `app`'s,
    // and a request without a `Host` naming an app is for the default app.
    host.create_app("app", None).unwrap();
    host.set_default_app("app").unwrap();
    Env { _dir: dir, host, storage, clock }
}

fn env() -> Env {
    env_with(|b| b)
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Reply {
    fn header(&self, name: header::HeaderName) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    fn code(&self) -> String {
        let json: serde_json::Value = serde_json::from_slice(&self.body).unwrap();
        json["code"].as_str().unwrap().to_owned()
    }
}

async fn send(env: &Env, request: Request<Body>) -> Reply {
    let response = env.host.router().oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    Reply { status: parts.status, headers: parts.headers, body: body.collect().await.unwrap().to_bytes() }
}

async fn get(env: &Env, uri: &str) -> Reply {
    send(env, Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn get_on(env: &Env, host: &str, uri: &str) -> Reply {
    send(env, Request::get(uri).header(header::HOST, host).body(Body::empty()).unwrap()).await
}

async fn put(env: &Env, uri: &str, body: impl Into<Body>) -> Reply {
    send(env, Request::put(uri).header(header::CONTENT_TYPE, "text/plain").body(body.into()).unwrap()).await
}

/// The path and query of a URL the backend presigned.
async fn presigned(env: &Env, method: PresignMethod, bucket: &str, key: &str, expires: Duration) -> String {
    let url = env.storage.presign(method, bucket, key, expires).await.unwrap();
    url.strip_prefix(PUBLIC_URL).unwrap().to_owned()
}

async fn store(env: &Env, bucket: &str, key: &str, body: &'static str, content_type: Option<&str>) {
    let options = PutOptions { content_type: content_type.map(str::to_owned), ..PutOptions::default() };
    env.storage.put_object(bucket, key, body.into(), options).await.unwrap();
}

const MINUTE: Duration = Duration::from_secs(60);

#[tokio::test]
async fn presigned_put_then_get_round_trip_a_private_object() {
    let env = env();
    env.storage.create_bucket("app-files", BucketPolicy::Private).await.unwrap();
    let upload = presigned(&env, PresignMethod::Put, "app-files", "dir/hello world.txt", MINUTE).await;
    assert!(upload.starts_with("/_/storage/app-files/dir/hello%20world.txt?"));
    let r = put(&env, &upload, "hello").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header(header::ETAG), "\"5d41402abc4b2a76b9719d911017c592\"");

    let download = presigned(&env, PresignMethod::Get, "app-files", "dir/hello world.txt", MINUTE).await;
    let r = get(&env, &download).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, "hello");
    assert_eq!(r.header(header::CONTENT_TYPE), "text/plain");
    assert_eq!(r.header(header::CONTENT_LENGTH), "5");
    assert_eq!(r.header(header::ETAG), "\"5d41402abc4b2a76b9719d911017c592\"");
    assert_eq!(r.header(header::ACCEPT_RANGES), "bytes");
    assert!(r.header(header::LAST_MODIFIED).ends_with(" GMT"));

    let r = send(&env, Request::head(&download).body(Body::empty()).unwrap()).await;
    assert_eq!((r.status, r.header(header::CONTENT_LENGTH), r.body.len()), (StatusCode::OK, "5", 0));
    // A download URL does not allow uploads, and an upload URL does not allow downloads.
    assert_eq!(put(&env, &download, "x").await.status, StatusCode::FORBIDDEN);
    assert_eq!(get(&env, &upload).await.status, StatusCode::FORBIDDEN);
    // Without the signature the private bucket refuses.
    let bare = download.split('?').next().unwrap();
    assert_eq!(get(&env, bare).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn tampered_or_expired_urls_get_403() {
    let env = env();
    env.storage.create_bucket("app-files", BucketPolicy::Private).await.unwrap();
    store(&env, "app-files", "a.txt", "secret", None).await;
    store(&env, "app-files", "b.txt", "other", None).await;
    let url = presigned(&env, PresignMethod::Get, "app-files", "a.txt", MINUTE).await;
    assert_eq!(get(&env, &url).await.status, StatusCode::OK);

    let last = url.chars().last().unwrap();
    let flipped = format!("{}{}", &url[..url.len() - 1], if last == '0' { '1' } else { '0' });
    let r = get(&env, &flipped).await;
    assert_eq!((r.status, r.code().as_str()), (StatusCode::FORBIDDEN, "AccessDenied"));
    let other_key = url.replace("/a.txt?", "/b.txt?");
    assert_eq!(get(&env, &other_key).await.status, StatusCode::FORBIDDEN);
    let later = url.replace("X-Laf-Expires=", "X-Laf-Expires=9");
    assert_eq!(get(&env, &later).await.status, StatusCode::FORBIDDEN);

    let short = presigned(&env, PresignMethod::Get, "app-files", "a.txt", Duration::from_secs(1)).await;
    assert_eq!(get(&env, &short).await.status, StatusCode::OK);
    env.clock.advance(Duration::from_secs(2));
    let r = get(&env, &short).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(String::from_utf8_lossy(&r.body).contains("expired"), "{:?}", r.body);
}

#[tokio::test]
async fn anonymous_access_follows_the_bucket_policy() {
    let env = env();
    for (bucket, policy) in [
        ("app-private", BucketPolicy::Private),
        ("app-public", BucketPolicy::Readonly),
        ("app-open", BucketPolicy::Readwrite),
    ] {
        env.storage.create_bucket(bucket, policy).await.unwrap();
        store(&env, bucket, "k", "value", Some("text/plain")).await;
    }
    let r = get(&env, "/_/storage/app-private/k").await;
    assert_eq!((r.status, r.code().as_str()), (StatusCode::FORBIDDEN, "AccessDenied"));
    assert_eq!(r.header(header::CONTENT_TYPE), "application/json");
    assert_eq!(put(&env, "/_/storage/app-private/k", "x").await.status, StatusCode::FORBIDDEN);

    let r = get(&env, "/_/storage/app-public/k").await;
    assert_eq!((r.status, &r.body[..]), (StatusCode::OK, &b"value"[..]));
    let r = put(&env, "/_/storage/app-public/k", "overwritten").await;
    assert_eq!((r.status, r.code().as_str()), (StatusCode::FORBIDDEN, "AccessDenied"));
    let r = get(&env, "/_/storage/app-public/missing").await;
    assert_eq!((r.status, r.code().as_str()), (StatusCode::NOT_FOUND, "NoSuchKey"));

    assert_eq!(put(&env, "/_/storage/app-open/new", "written").await.status, StatusCode::OK);
    assert_eq!(get(&env, "/_/storage/app-open/new").await.body, "written");
    assert_eq!(get(&env, "/_/storage/app-none/k").await.code(), "NoSuchBucket");
    // A key that could escape is refused before any access.
    let r = get(&env, "/_/storage/app-public/a/..%2F..%2F.secret").await;
    assert_eq!((r.status, r.code().as_str()), (StatusCode::BAD_REQUEST, "InvalidKey"));
}

#[tokio::test]
async fn ranges_get_206_or_416() {
    let env = env();
    env.storage.create_bucket("app-public", BucketPolicy::Readonly).await.unwrap();
    store(&env, "app-public", "digits", "0123456789", None).await;
    let range = |value: &str| {
        Request::get("/_/storage/app-public/digits").header(header::RANGE, value).body(Body::empty()).unwrap()
    };
    let r = send(&env, range("bytes=2-4")).await;
    assert_eq!((r.status, &r.body[..]), (StatusCode::PARTIAL_CONTENT, &b"234"[..]));
    assert_eq!(r.header(header::CONTENT_RANGE), "bytes 2-4/10");
    assert_eq!(r.header(header::CONTENT_LENGTH), "3");
    let r = send(&env, range("bytes=-3")).await;
    assert_eq!((r.status, &r.body[..]), (StatusCode::PARTIAL_CONTENT, &b"789"[..]));
    let r = send(&env, range("bytes=20-")).await;
    assert_eq!(r.status, StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(r.header(header::CONTENT_RANGE), "bytes */10");
    // An unreadable Range is ignored: the whole object.
    let r = send(&env, range("lines=1-2")).await;
    assert_eq!((r.status, r.body.len()), (StatusCode::OK, 10));
    // A matching If-None-Match is answered 304.
    let etag = r.header(header::ETAG).to_owned();
    let conditional =
        Request::get("/_/storage/app-public/digits").header(header::IF_NONE_MATCH, etag).body(Body::empty()).unwrap();
    assert_eq!(send(&env, conditional).await.status, StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn uploads_over_the_limit_get_413_and_store_nothing() {
    let env = env_with(|b| b.upload_limit(1000));
    env.storage.create_bucket("app-open", BucketPolicy::Readwrite).await.unwrap();
    store(&env, "app-open", "k", "old", None).await;
    let big = vec![b'x'; 2000];

    // Declared too large: refused before reading (the one-byte body would otherwise be a
    // length mismatch, 400).
    let declared = Request::put("/_/storage/app-open/k").header(header::CONTENT_LENGTH, "2000").body(Body::from("x"));
    let r = send(&env, declared.unwrap()).await;
    assert_eq!((r.status, r.code().as_str()), (StatusCode::PAYLOAD_TOO_LARGE, "EntityTooLarge"));
    // Chunked, no length: cut off as it streams past the limit.
    let chunks = big.chunks(300).map(|c| Ok::<_, std::io::Error>(Bytes::copy_from_slice(c))).collect::<Vec<_>>();
    let streamed = Body::from_stream(futures_util::stream::iter(chunks));
    let r = put(&env, "/_/storage/app-open/k", streamed).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    let r = put(
        &env,
        "/_/storage/app-open/fresh",
        Body::from_stream(futures_util::stream::iter(vec![Ok::<_, std::io::Error>(Bytes::from(vec![b'y'; 1001]))])),
    )
    .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(get(&env, "/_/storage/app-open/k").await.body, "old");
    assert!(matches!(env.storage.head_object("app-open", "fresh").await, Err(StorageError::NoSuchKey { .. })));

    // At the limit is fine.
    assert_eq!(put(&env, "/_/storage/app-open/k", vec![b'z'; 1000]).await.status, StatusCode::OK);
}

async fn website(env: &Env, bucket: &str, policy: BucketPolicy) {
    env.storage.create_bucket(bucket, policy).await.unwrap();
    store(env, bucket, "index.html", "root index", None).await;
    store(env, bucket, "docs/index.html", "docs index", Some("text/html")).await;
    store(env, bucket, "docs/page.html", "page", None).await;
    store(env, bucket, "app.js", "js", Some("application/octet-stream")).await;
}

#[tokio::test]
async fn sites_try_the_path_its_index_then_the_root_index() {
    let env = env();
    website(&env, "app-web", BucketPolicy::Readonly).await;
    let r = get(&env, "/_/site/app-web/docs/page.html").await;
    assert_eq!((r.status, &r.body[..]), (StatusCode::OK, &b"page"[..]));
    assert_eq!(r.header(header::CONTENT_TYPE), "text/html; charset=utf-8");
    assert_eq!(get(&env, "/_/site/app-web/docs").await.body, "docs index");
    assert_eq!(get(&env, "/_/site/app-web/docs/").await.body, "docs index");
    let r = get(&env, "/_/site/app-web/some/client/route").await;
    assert_eq!((r.status, &r.body[..]), (StatusCode::OK, &b"root index"[..]));
    assert_eq!(get(&env, "/_/site/app-web/").await.body, "root index");
    let r = get(&env, "/_/site/app-web").await;
    assert_eq!((r.status, r.header(header::LOCATION)), (StatusCode::PERMANENT_REDIRECT, "/_/site/app-web/"));
    assert_eq!(
        get(&env, "/_/site/app-web/app.js").await.header(header::CONTENT_TYPE),
        "text/javascript; charset=utf-8"
    );

    website(&env, "app-hidden", BucketPolicy::Private).await;
    assert_eq!(get(&env, "/_/site/app-hidden/").await.status, StatusCode::FORBIDDEN);
    env.storage.create_bucket("app-empty", BucketPolicy::Readonly).await.unwrap();
    assert_eq!(get(&env, "/_/site/app-empty/x").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_configured_domain_serves_its_bucket_for_every_path() {
    let env = env_with(|b| b.site("WWW.example.com", "app-web"));
    website(&env, "app-web", BucketPolicy::Readonly).await;
    let on = |method: Method, host: &str, path: &str| {
        Request::builder().method(method).uri(path).header(header::HOST, host).body(Body::empty()).unwrap()
    };
    let r = send(&env, on(Method::GET, "www.example.com:8080", "/docs/")).await;
    assert_eq!((r.status, &r.body[..]), (StatusCode::OK, &b"docs index"[..]));
    assert_eq!(send(&env, on(Method::GET, "www.example.com", "/")).await.body, "root index");
    assert_eq!(send(&env, on(Method::GET, "www.example.com", "/deep/link")).await.body, "root index");
    assert_eq!(send(&env, on(Method::GET, "www.example.com", "/docs/page.html")).await.body, "page");
    let r = send(&env, on(Method::HEAD, "www.example.com", "/docs/page.html")).await;
    assert_eq!((r.status, r.header(header::CONTENT_LENGTH), r.body.len()), (StatusCode::OK, "4", 0));
    assert_eq!(send(&env, on(Method::POST, "www.example.com", "/")).await.status, StatusCode::METHOD_NOT_ALLOWED);
    // Other hosts go on to function routing (no app here).
    let r = send(&env, on(Method::GET, "other.example.com", "/docs/")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_ne!(r.body, "docs index");
}

#[tokio::test]
async fn browsers_may_upload_cross_origin() {
    let env = env();
    env.storage.create_bucket("app-files", BucketPolicy::Private).await.unwrap();
    let upload = presigned(&env, PresignMethod::Put, "app-files", "k", MINUTE).await;
    let preflight = Request::builder()
        .method(Method::OPTIONS)
        .uri(&upload)
        .header(header::ORIGIN, "https://app.example")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "PUT")
        .body(Body::empty())
        .unwrap();
    let r = send(&env, preflight).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(r.header(header::ACCESS_CONTROL_ALLOW_ORIGIN), "https://app.example");
    let upload = Request::put(&upload).header(header::ORIGIN, "https://app.example").body(Body::from("x")).unwrap();
    let r = send(&env, upload).await;
    assert_eq!((r.status, r.header(header::ACCESS_CONTROL_ALLOW_ORIGIN)), (StatusCode::OK, "https://app.example"));
}

#[tokio::test]
async fn buckets_are_served_only_on_their_apps_origin() {
    let env = env();
    env.host.create_app("evil", None).unwrap();
    env.storage.create_bucket("evil-web", BucketPolicy::Readonly).await.unwrap();
    let page = "<script>fetch('/secrets')</script>";
    store(&env, "evil-web", "index.html", page, Some("text/html")).await;
    website(&env, "app-web", BucketPolicy::Readonly).await;

    // On the default app's origin, and on app `app`'s: as if the bucket did not exist.
    for host in [None, Some("app.example.com"), Some("app.example.com:8000"), Some("nobody.example.com")] {
        for uri in ["/_/storage/evil-web/index.html", "/_/site/evil-web/", "/_/site/evil-web/index.html"] {
            let r = match host {
                Some(host) => get_on(&env, host, uri).await,
                None => get(&env, uri).await,
            };
            assert_eq!((r.status, r.code().as_str()), (StatusCode::NOT_FOUND, "NoSuchBucket"), "{host:?} {uri}");
            assert_eq!(r.header(header::CONTENT_TYPE), "application/json");
        }
    }
    // A presigned URL does not carry it to another origin either.
    let signed = presigned(&env, PresignMethod::Get, "evil-web", "index.html", MINUTE).await;
    assert_eq!(get(&env, &signed).await.status, StatusCode::NOT_FOUND);
    let upload = presigned(&env, PresignMethod::Put, "evil-web", "index.html", MINUTE).await;
    assert_eq!(put(&env, &upload, "x").await.status, StatusCode::NOT_FOUND);

    // On its own app's origin it is served.
    let r = get_on(&env, "evil.example.com", "/_/storage/evil-web/index.html").await;
    assert_eq!((r.status, &r.body[..]), (StatusCode::OK, page.as_bytes()));
    assert_eq!(get_on(&env, "evil.example.com", "/_/site/evil-web/").await.body, page);
    let signed = format!("{}&x=1", signed);
    assert_eq!(get_on(&env, "evil.example.com", &signed).await.body, page);
    // And app `app`'s bucket is not served on app `evil`'s origin.
    assert_eq!(get_on(&env, "evil.example.com", "/_/site/app-web/").await.status, StatusCode::NOT_FOUND);
    assert_eq!(get_on(&env, "app.example.com", "/_/site/app-web/").await.body, "root index");
}

#[tokio::test]
async fn a_host_without_apps_serves_no_bucket_by_path() {
    let dir = TempDir(std::env::temp_dir().join(format!("laf-routes-{}", uuid::Uuid::new_v4().simple())));
    let clock = Arc::new(ManualClock::new(std::time::SystemTime::now()));
    let storage = Arc::new(LocalStorage::open(&dir.0, PUBLIC_URL).unwrap().with_clock(clock.clone()));
    let host = Host::builder().workers(1).storage(storage.clone()).build().unwrap();
    storage.create_bucket("app-web", BucketPolicy::Readonly).await.unwrap();
    let env = Env { _dir: dir, host, storage, clock };
    store(&env, "app-web", "index.html", "page", None).await;
    assert_eq!(get(&env, "/_/storage/app-web/index.html").await.status, StatusCode::NOT_FOUND);
    assert_eq!(get(&env, "/_/site/app-web/").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn served_objects_are_not_sniffed_and_storage_objects_are_sandboxed() {
    let env = env();
    website(&env, "app-web", BucketPolicy::Readonly).await;
    let r = get(&env, "/_/storage/app-web/index.html").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    assert_eq!(r.header(header::CONTENT_SECURITY_POLICY), "sandbox");
    let head = send(&env, Request::head("/_/storage/app-web/index.html").body(Body::empty()).unwrap()).await;
    assert_eq!(head.header(header::CONTENT_SECURITY_POLICY), "sandbox");
    // A site runs its scripts: no sandbox, but no sniffing either.
    let r = get(&env, "/_/site/app-web/app.js").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    assert!(r.headers.get(header::CONTENT_SECURITY_POLICY).is_none());
}

#[tokio::test]
async fn an_upload_whose_body_breaks_gets_400_and_stores_nothing() {
    let env = env();
    env.storage.create_bucket("app-open", BucketPolicy::Readwrite).await.unwrap();
    store(&env, "app-open", "k", "old", None).await;
    // A client that goes away mid-body: the body stream fails.
    let chunks = vec![Ok(Bytes::from_static(b"partial")), Err(std::io::Error::other("connection reset"))];
    let r = put(&env, "/_/storage/app-open/k", Body::from_stream(futures_util::stream::iter(chunks))).await;
    assert_eq!((r.status, r.code().as_str()), (StatusCode::BAD_REQUEST, "IncompleteBody"));
    assert!(String::from_utf8_lossy(&r.body).contains("the request body could not be read"));
    assert_eq!(get(&env, "/_/storage/app-open/k").await.body, "old");
}

#[tokio::test]
async fn a_matching_etag_is_304_even_with_an_unsatisfiable_range() {
    let env = env();
    env.storage.create_bucket("app-public", BucketPolicy::Readonly).await.unwrap();
    store(&env, "app-public", "digits", "0123456789", None).await;
    let etag = get(&env, "/_/storage/app-public/digits").await.header(header::ETAG).to_owned();
    let request = |if_none_match: &str| {
        Request::get("/_/storage/app-public/digits")
            .header(header::RANGE, "bytes=20-")
            .header(header::IF_NONE_MATCH, if_none_match)
            .body(Body::empty())
            .unwrap()
    };
    let r = send(&env, request(&etag)).await;
    assert_eq!((r.status, r.header(header::ETAG)), (StatusCode::NOT_MODIFIED, etag.as_str()));
    assert_eq!(send(&env, request("\"other\"")).await.status, StatusCode::RANGE_NOT_SATISFIABLE);
    // The same on a site.
    env.storage.create_bucket("app-site", BucketPolicy::Readonly).await.unwrap();
    store(&env, "app-site", "index.html", "home", None).await;
    let etag = get(&env, "/_/site/app-site/").await.header(header::ETAG).to_owned();
    let r = send(
        &env,
        Request::get("/_/site/app-site/")
            .header(header::RANGE, "bytes=99-")
            .header(header::IF_NONE_MATCH, &etag)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_MODIFIED);
}
