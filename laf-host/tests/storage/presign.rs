//! Presigned URLs fetched over HTTP: GET and PUT work, a tampered or expired URL gets 403.

use std::time::{Duration, SystemTime};

use laf_host::bindings::storage::{BucketPolicy, PresignMethod, PutOptions};
use reqwest::{StatusCode, Url};

use crate::harness::Env;
use crate::support::{options, read};

fn http() -> reqwest::Client {
    reqwest::Client::new()
}

pub async fn presigned_get_and_put(env: Env) {
    let app = env.app("app");
    app.create_bucket("share", BucketPolicy::Private).await.unwrap();
    app.put_object("share", "docs/a b ü.txt", "downloaded".into(), options("text/plain", &[])).await.unwrap();

    let url = app.presign(PresignMethod::Get, "share", "docs/a b ü.txt", Duration::from_secs(60)).await.unwrap();
    let response = http().get(&url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{url}");
    assert_eq!(response.headers()["content-type"], "text/plain");
    assert_eq!(response.text().await.unwrap(), "downloaded");

    let url = app.presign(PresignMethod::Put, "share", "up/new.bin", Duration::from_secs(60)).await.unwrap();
    let response = http().put(&url).body("uploaded through a URL").send().await.unwrap();
    assert!(response.status().is_success(), "{url}: {}", response.status());
    assert_eq!(read(&app, "share", "up/new.bin").await, "uploaded through a URL");

    // A GET URL does not allow a PUT.
    let url = app.presign(PresignMethod::Get, "share", "up/new.bin", Duration::from_secs(60)).await.unwrap();
    let response = http().put(&url).body("overwrite").send().await.unwrap();
    assert!(response.status().is_client_error(), "PUT with a GET URL: {}", response.status());
    assert_eq!(read(&app, "share", "up/new.bin").await, "uploaded through a URL");
}

/// `url` with one character of its signature changed.
fn tamper_signature(url: &str) -> String {
    let mut url = Url::parse(url).unwrap();
    let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    assert!(pairs.iter().any(|(k, _)| k.to_ascii_lowercase().contains("sig")), "no signature in {url}");
    let tampered = pairs.into_iter().map(|(k, mut v)| {
        if k.to_ascii_lowercase().contains("sig") {
            let last = v.pop().unwrap_or('0');
            v.push(if last == '0' { '1' } else { '0' });
        }
        (k, v)
    });
    url.query_pairs_mut().clear().extend_pairs(tampered);
    url.to_string()
}

pub async fn tampered_url_is_refused(env: Env) {
    let app = env.app("app");
    app.create_bucket("share", BucketPolicy::Private).await.unwrap();
    app.put_object("share", "secret.txt", "secret".into(), PutOptions::default()).await.unwrap();
    app.put_object("share", "other.txt", "other".into(), PutOptions::default()).await.unwrap();

    let url = app.presign(PresignMethod::Get, "share", "secret.txt", Duration::from_secs(60)).await.unwrap();
    let status = http().get(tamper_signature(&url)).send().await.unwrap().status();
    assert_eq!(status, StatusCode::FORBIDDEN, "tampered signature");
    // The signature covers the key: it cannot be moved to another object.
    let moved = url.replacen("secret.txt", "other.txt", 1);
    assert_eq!(http().get(&moved).send().await.unwrap().status(), StatusCode::FORBIDDEN, "moved URL");

    let url = app.presign(PresignMethod::Put, "share", "secret.txt", Duration::from_secs(60)).await.unwrap();
    let status = http().put(tamper_signature(&url)).body("replaced").send().await.unwrap().status();
    assert_eq!(status, StatusCode::FORBIDDEN, "tampered PUT signature");
    assert_eq!(read(&app, "share", "secret.txt").await, "secret");
}

pub async fn expired_url_is_refused(env: Env) {
    let app = env.app("app");
    app.create_bucket("share", BucketPolicy::Private).await.unwrap();
    app.put_object("share", "k.txt", "soon gone".into(), PutOptions::default()).await.unwrap();
    // Signed three seconds ago for one second: by the real time (which the S3 server checks
    // against) and by the backend's clock, set back to it, they expired two seconds ago.
    env.clock.set(SystemTime::now() - Duration::from_secs(3));
    let get = app.presign(PresignMethod::Get, "share", "k.txt", Duration::from_secs(1)).await.unwrap();
    let put = app.presign(PresignMethod::Put, "share", "k.txt", Duration::from_secs(1)).await.unwrap();
    env.clock.set(SystemTime::now());
    assert_eq!(http().get(&get).send().await.unwrap().status(), StatusCode::FORBIDDEN, "expired GET");
    assert_eq!(http().put(&put).body("late").send().await.unwrap().status(), StatusCode::FORBIDDEN, "expired PUT");
    assert_eq!(read(&app, "share", "k.txt").await, "soon gone");
    // Expiries outside 1 s to 7 days are refused up front.
    assert!(app.presign(PresignMethod::Get, "share", "k.txt", Duration::from_millis(500)).await.is_err());
    assert!(app.presign(PresignMethod::Get, "share", "k.txt", Duration::from_secs(8 * 24 * 3600)).await.is_err());
}
