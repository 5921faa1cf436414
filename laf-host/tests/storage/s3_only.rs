//! What only the S3 backend does: presigning for a public endpoint, multipart uploads (and
//! aborting them), and reading policy documents written by other tools.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures_util::StreamExt;
use laf_host::bindings::storage::{BucketPolicy, PresignMethod, PutBody, PutOptions, S3Storage, Storage};

use crate::eventually::eventually;
use crate::harness::{s3_config, s3_server};
use crate::s3_server::{ACCESS_KEY, SECRET_KEY};

/// A plain SDK client of the test server at `addr`, to look at what the backend left there.
fn raw_client(addr: std::net::SocketAddr) -> aws_sdk_s3::Client {
    use aws_sdk_s3::config::{BehaviorVersion, Credentials, Region};
    use aws_smithy_http_client::tls;
    let http = aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(tls::rustls_provider::CryptoMode::Ring))
        .build_https();
    let config = aws_sdk_s3::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(ACCESS_KEY, SECRET_KEY, None, None, "test"))
        .force_path_style(true)
        .endpoint_url(format!("http://{addr}"))
        .http_client(http)
        .build();
    aws_sdk_s3::Client::from_conf(config)
}

/// The ids of the multipart uploads under way in `bucket`.
async fn uploads(client: &aws_sdk_s3::Client, bucket: &str) -> Vec<String> {
    let out = client.list_multipart_uploads().bucket(bucket).send().await.expect("ListMultipartUploads");
    out.uploads().iter().filter_map(|u| u.upload_id().map(str::to_owned)).collect()
}

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_multipart_put_is_aborted() {
    let (addr, _dir) = s3_server().await;
    let app = Storage::new("app", Arc::new(S3Storage::new(s3_config(addr, None)).unwrap()));
    app.create_bucket("big", BucketPolicy::Private).await.unwrap();
    let raw = raw_client(addr);
    let part = laf_host::bindings::storage::s3::PART_SIZE;
    // A part and a byte, then a client that never sends more: the first part is uploaded and the
    // put waits for the second, until its deadline drops it.
    let stuck =
        futures_util::stream::iter([Ok(Bytes::from(vec![1u8; part + 1]))]).chain(futures_util::stream::pending());
    let body = PutBody::Stream { stream: Box::pin(stuck), length: None };
    let put = tokio::spawn(async move { app.put_object("big", "stuck.bin", body, PutOptions::default()).await });

    let upload = eventually("the first part to be stored", || async {
        let id = uploads(&raw, "app-big").await.pop()?;
        let parts = raw.list_parts().bucket("app-big").key("stuck.bin").upload_id(&id).send().await.unwrap();
        (parts.parts().len() == 1).then_some(id)
    })
    .await;
    assert!(!put.is_finished(), "the put waits for the rest of the body");
    put.abort();
    assert!(put.await.unwrap_err().is_cancelled());

    eventually("the dropped upload to be aborted", || async {
        uploads(&raw, "app-big").await.is_empty().then_some(())
    })
    .await;
    let parts = raw.list_parts().bucket("app-big").key("stuck.bin").upload_id(&upload).send().await.unwrap();
    assert!(parts.parts().is_empty(), "the uploaded part is deleted: {parts:?}");
    let listed = raw.list_objects_v2().bucket("app-big").send().await.unwrap();
    assert!(listed.contents().is_empty(), "no object: {listed:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn completed_and_failed_multipart_puts_leave_no_upload() {
    let (addr, _dir) = s3_server().await;
    let app = Storage::new("app", Arc::new(S3Storage::new(s3_config(addr, None)).unwrap()));
    app.create_bucket("big", BucketPolicy::Private).await.unwrap();
    let raw = raw_client(addr);
    let part = laf_host::bindings::storage::s3::PART_SIZE;
    // Two parts in chunks that straddle the part boundary.
    let chunks = (0..3).map(move |i| Ok::<_, std::io::Error>(Bytes::from(vec![i as u8; part * 2 / 3])));
    let body = PutBody::Stream { stream: Box::pin(futures_util::stream::iter(chunks)), length: None };
    let put = app.put_object("big", "two-parts", body, PutOptions::default()).await.unwrap();
    assert_eq!(put.size, 3 * (part * 2 / 3) as u64);
    assert!(put.etag.ends_with("-2\""), "a two-part upload's entity tag: {}", put.etag);
    let get = app.get_object("big", "two-parts", None).await.unwrap();
    let bytes = get.bytes(4 * part).await.unwrap();
    let expected: Vec<u8> = (0..3u8).flat_map(|i| std::iter::repeat_n(i, part * 2 / 3)).collect();
    assert!(bytes[..] == expected[..], "the object reads back as written");
    // A stream failing in the second part: aborted before the put returns.
    let failing =
        futures_util::stream::iter([Ok(Bytes::from(vec![0u8; part + 10])), Err(std::io::Error::other("gone"))]);
    let body = PutBody::Stream { stream: Box::pin(failing), length: None };
    assert!(app.put_object("big", "failed", body, PutOptions::default()).await.is_err());
    assert_eq!(uploads(&raw, "app-big").await, Vec::<String>::new());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn policies_with_a_deny_are_not_served_as_sites() {
    use laf_host::Host;

    let (addr, _dir) = s3_server().await;
    let backend = Arc::new(S3Storage::new(s3_config(addr, None)).unwrap());
    let app = Storage::new("app", backend.clone());
    app.create_bucket("web", BucketPolicy::Readonly).await.unwrap();
    for key in ["index.html", "private/x"] {
        app.put_object("web", key, Bytes::from(format!("<p>{key}</p>")).into(), PutOptions::default()).await.unwrap();
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let site = format!("http://{}/_/site/app-web", listener.local_addr().unwrap());
    let host = Host::builder().storage(backend).build().unwrap();
    host.create_app("app", None).unwrap();
    host.set_default_app("app").unwrap();
    let router = host.router();
    tokio::spawn(async move { axum::serve(listener, router).await });

    let get = |path: &str| reqwest::get(format!("{site}/{path}"));
    // The standard readonly policy: the whole bucket is public.
    assert_eq!(get("private/x").await.unwrap().status(), 200);

    // Public reads except under private/, as an operator could write it: not a public site.
    let policy = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Principal":{"AWS":["*"]},"Action":["s3:GetObject"],"Resource":["arn:aws:s3:::app-web/*"]},
        {"Effect":"Deny","Principal":{"AWS":["*"]},"Action":["s3:GetObject"],"Resource":["arn:aws:s3:::app-web/private/*"]}]}"#;
    raw_client(addr).put_bucket_policy().bucket("app-web").policy(policy).send().await.unwrap();
    assert_eq!(app.bucket_policy("web").await.unwrap(), BucketPolicy::Private);
    for path in ["private/x", "index.html", ""] {
        assert_eq!(get(path).await.unwrap().status(), 403, "{path}");
    }
}
