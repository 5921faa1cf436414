//! What only the S3 backend does: presigning for a public endpoint, and multipart uploads.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use laf_host::bindings::storage::{BucketPolicy, PresignMethod, PutBody, PutOptions, S3Storage, Storage};

use crate::harness::{s3_config, s3_server};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn presigned_urls_use_the_public_endpoint() {
    let (addr, _dir) = s3_server().await;
    // The same server under another host name, as a proxy in front of a private endpoint would be.
    let public = format!("http://localhost:{}", addr.port());
    let backend = S3Storage::new(s3_config(addr, Some(public.clone()))).unwrap();
    let app = Storage::new("app", Arc::new(backend));
    app.create_bucket("pub", BucketPolicy::Private).await.unwrap();
    app.put_object("pub", "a b.txt", "via the public name".into(), PutOptions::default()).await.unwrap();

    let url = app.presign(PresignMethod::Get, "pub", "a b.txt", Duration::from_secs(60)).await.unwrap();
    assert!(url.starts_with(&format!("{public}/app-pub/a%20b.txt?")), "{url}");
    // Signed for the public host: the server checks the Host header it is fetched with.
    let response = reqwest::get(&url).await.unwrap();
    assert_eq!(response.status(), 200, "{url}");
    assert_eq!(response.text().await.unwrap(), "via the public name");
    assert_eq!(app.external_url("pub", "a b.txt").unwrap(), format!("{public}/app-pub/a%20b.txt"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn large_and_unknown_length_bodies_go_multipart() {
    let (addr, _dir) = s3_server().await;
    let app = Storage::new("app", Arc::new(S3Storage::new(s3_config(addr, None)).unwrap()));
    app.create_bucket("big", BucketPolicy::Private).await.unwrap();
    let part = laf_host::bindings::storage::s3::PART_SIZE;
    let chunks = (0..3).map(move |i| Ok::<_, std::io::Error>(Bytes::from(vec![i as u8; part])));
    // Three full parts, length unknown: three parts, no more (one more byte is read ahead only).
    let body = PutBody::Stream { stream: Box::pin(futures_util::stream::iter(chunks)), length: None };
    let put = app.put_object("big", "three-parts", body, PutOptions::default()).await.unwrap();
    assert_eq!(put.size, 3 * part as u64);
    assert!(put.etag.ends_with("-3\""), "a three-part upload's entity tag: {}", put.etag);
    // Exactly one part's worth in a stream is one PutObject.
    let body = PutBody::Stream {
        stream: Box::pin(futures_util::stream::iter([Ok(Bytes::from(vec![7u8; part]))])),
        length: Some(part as u64),
    };
    let put = app.put_object("big", "one-part", body, PutOptions::default()).await.unwrap();
    assert!(!put.etag.contains('-'), "a single PutObject's entity tag: {}", put.etag);
}
