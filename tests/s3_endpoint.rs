//! The S3 endpoint of `laf serve` on its default local backend, through real S3 clients: the
//! Rust AWS SDK (its defaults: trailing CRC checksums, aws-chunked bodies), boto3, and presigned
//! URLs used with plain HTTP; with the isolation the seed's MinIO policy gives each app.

#[path = "support/admin.rs"]
mod admin;
#[path = "../laf-host/tests/storage/s3_server.rs"]
mod s3_server;
mod support;

use aws_sdk_s3::Client;
use aws_sdk_s3::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_s3::error::ProvideErrorMetadata;
use aws_sdk_s3::presigning::PresigningConfig;
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::{CompletedMultipartUpload, CompletedPart, Delete, ObjectIdentifier};
use aws_smithy_http_client::tls;
use serde_json::{Value, json};
use std::time::Duration;
use support::{Server, start, temp_dir};

/// Reads an object of the app's `photos` bucket through `cloud.storage`, and tells what
/// `OSS_*` variables functions see.
const READER: &str = r#"import cloud from '@lafjs/cloud'
export default async function (ctx) {
  if (ctx.query.env) {
    const e = process.env
    return { endpoint: e.OSS_ENDPOINT, external: e.OSS_EXTERNAL_ENDPOINT, region: e.OSS_REGION, key: e.OSS_ACCESS_KEY, secret: e.OSS_ACCESS_SECRET }
  }
  const res = await cloud.storage.bucket('photos').readFile(ctx.query.key)
  return { text: await res.Body.transformToString() }
}
"#;

async fn serve() -> Server {
    let dir = temp_dir("s3-fns");
    std::fs::write(dir.join("reader.ts"), READER).unwrap();
    start(&dir, &["--admin-token", admin::TOKEN]).await
}

/// The key pair of `app`, from the admin API.
async fn key_of(api: &admin::Api, app: &str) -> (String, String) {
    let (status, key) = api.admin(reqwest::Method::GET, &format!("apps/{app}/s3-key"), None).await;
    assert_eq!(status, 200, "{key}");
    (key["accessKey"].as_str().unwrap().to_owned(), key["secretKey"].as_str().unwrap().to_owned())
}

fn client(endpoint: &str, (access, secret): &(String, String)) -> Client {
    session_client(endpoint, access, secret, None)
}

/// A client signing with `access`/`secret`, and with a session `token` when temporary (STS).
fn session_client(endpoint: &str, access: &str, secret: &str, token: Option<String>) -> Client {
    let config = aws_sdk_s3::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(access, secret, token, None, "test"))
        .endpoint_url(endpoint)
        .force_path_style(true)
        .http_client(
            aws_smithy_http_client::Builder::new()
                .tls_provider(tls::Provider::Rustls(tls::rustls_provider::CryptoMode::Ring))
                .build_https(),
        )
        .build();
    Client::from_conf(config)
}

/// The S3 error code of a failed SDK call.
fn code<E: ProvideErrorMetadata + std::fmt::Debug, R: std::fmt::Debug>(
    result: Result<R, aws_sdk_s3::error::SdkError<E, aws_sdk_s3::config::http::HttpResponse>>,
) -> String {
    match result {
        Ok(r) => panic!("expected an error, got {r:?}"),
        Err(e) => e.code().map(str::to_owned).unwrap_or_else(|| format!("{e:?}")),
    }
}

async fn body(client: &Client, bucket: &str, key: &str) -> Vec<u8> {
    let got = client.get_object().bucket(bucket).key(key).send().await.unwrap();
    got.body.collect().await.unwrap().into_bytes().to_vec()
}

#[tokio::test]
async fn the_aws_sdk_does_everything_laf_functions_and_tools_do() {
    let server = serve().await;
    let api = admin::Api::new(&server.base);
    let endpoint = server.s3_endpoint();
    let s3 = client(&endpoint, &key_of(&api, "local").await);

    s3.create_bucket().bucket("local-photos").send().await.unwrap();
    s3.put_object()
        .bucket("local-photos")
        .key("a/b.txt")
        .body(ByteStream::from_static(b"hello world"))
        .send()
        .await
        .unwrap();
    let head = s3.head_object().bucket("local-photos").key("a/b.txt").send().await.unwrap();
    assert_eq!(head.content_length(), Some(11));
    assert_eq!(head.e_tag(), Some("\"5eb63bbbe01eeed093cb22bb8f5acdc3\""), "the MD5 of the bytes");
    let ranged = s3.get_object().bucket("local-photos").key("a/b.txt").range("bytes=6-").send().await.unwrap();
    assert_eq!(ranged.content_range(), Some("bytes 6-10/11"));
    assert_eq!(ranged.body.collect().await.unwrap().into_bytes().as_ref(), b"world");

    // The same object through the app's functions, which also see their keys and endpoints.
    let (status, read) = api.get("reader?key=a/b.txt").await;
    assert_eq!((status, read["text"].as_str()), (200, Some("hello world")), "{read}");
    let (_, env) = api.get("reader?env=1").await;
    let (access, secret) = key_of(&api, "local").await;
    assert_eq!(
        env,
        json!({ "endpoint": endpoint, "external": endpoint, "region": "us-east-1", "key": access, "secret": secret })
    );

    // Listings: prefix, delimiter, pages.
    for key in ["a/c.txt", "a/d/e.txt", "b.txt", "c.txt", "sp ace+plus%.txt"] {
        s3.put_object().bucket("local-photos").key(key).body(ByteStream::from_static(b"x")).send().await.unwrap();
    }
    let top = s3.list_objects_v2().bucket("local-photos").delimiter("/").send().await.unwrap();
    let keys: Vec<_> = top.contents().iter().filter_map(|o| o.key()).collect();
    let prefixes: Vec<_> = top.common_prefixes().iter().filter_map(|p| p.prefix()).collect();
    assert_eq!((keys, prefixes), (vec!["b.txt", "c.txt", "sp ace+plus%.txt"], vec!["a/"]));
    let under_a = s3.list_objects_v2().bucket("local-photos").prefix("a/").send().await.unwrap();
    assert_eq!(under_a.key_count(), Some(3));
    let mut pages = s3.list_objects_v2().bucket("local-photos").max_keys(2).into_paginator().send();
    let (mut seen, mut count) = (Vec::new(), 0);
    while let Some(page) = pages.next().await {
        let page = page.unwrap();
        count += 1;
        seen.extend(page.contents().iter().filter_map(|o| o.key().map(str::to_owned)));
    }
    assert_eq!((count, seen.len()), (3, 6), "{seen:?}");
    let v1 = s3.list_objects().bucket("local-photos").delimiter("/").max_keys(1).marker("a/").send().await.unwrap();
    assert_eq!(v1.contents().iter().filter_map(|o| o.key()).collect::<Vec<_>>(), ["b.txt"], "after the prefix a/");
    assert_eq!(v1.next_marker(), Some("b.txt"));

    // Multipart: 40 MB in parts of 5 MiB and a short last one, listed, completed, read back whole.
    let data: Vec<u8> = (0..40_000_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect();
    let upload = s3
        .create_multipart_upload()
        .bucket("local-photos")
        .key("big.bin")
        .content_type("application/x-test")
        .send()
        .await
        .unwrap();
    let id = upload.upload_id().unwrap();
    let mut parts = Vec::new();
    for (i, chunk) in data.chunks(5 << 20).enumerate() {
        let n = i as i32 + 1;
        let part = s3
            .upload_part()
            .bucket("local-photos")
            .key("big.bin")
            .upload_id(id)
            .part_number(n)
            .body(ByteStream::from(chunk.to_vec()))
            .send()
            .await
            .unwrap();
        parts.push(CompletedPart::builder().part_number(n).e_tag(part.e_tag().unwrap()).build());
    }
    let listed = s3.list_parts().bucket("local-photos").key("big.bin").upload_id(id).send().await.unwrap();
    assert_eq!(listed.parts().len(), 8);
    assert_eq!(listed.parts()[7].size(), Some(40_000_000 - 7 * (5 << 20)));
    s3.complete_multipart_upload()
        .bucket("local-photos")
        .key("big.bin")
        .upload_id(id)
        .multipart_upload(CompletedMultipartUpload::builder().set_parts(Some(parts)).build())
        .send()
        .await
        .unwrap();
    assert!(body(&s3, "local-photos", "big.bin").await == data, "the 40 MB object reads back as uploaded");
    let big = s3.head_object().bucket("local-photos").key("big.bin").send().await.unwrap();
    assert_eq!(big.content_type(), Some("application/x-test"));
    // An abandoned upload is gone after its abort.
    let abandoned = s3.create_multipart_upload().bucket("local-photos").key("gone").send().await.unwrap();
    let gone = abandoned.upload_id().unwrap();
    s3.abort_multipart_upload().bucket("local-photos").key("gone").upload_id(gone).send().await.unwrap();
    assert_eq!(code(s3.list_parts().bucket("local-photos").key("gone").upload_id(gone).send().await), "NoSuchUpload");

    // Copy, delete, delete many.
    s3.copy_object().bucket("local-photos").key("copy.txt").copy_source("local-photos/a/b.txt").send().await.unwrap();
    assert_eq!(body(&s3, "local-photos", "copy.txt").await, b"hello world");
    s3.delete_object().bucket("local-photos").key("copy.txt").send().await.unwrap();
    assert_eq!(code(s3.get_object().bucket("local-photos").key("copy.txt").send().await), "NoSuchKey");
    let many = Delete::builder()
        .objects(ObjectIdentifier::builder().key("b.txt").build().unwrap())
        .objects(ObjectIdentifier::builder().key("c.txt").build().unwrap())
        .build()
        .unwrap();
    let deleted = s3.delete_objects().bucket("local-photos").delete(many).send().await.unwrap();
    assert_eq!(deleted.deleted().len(), 2);
    assert_eq!(code(s3.head_object().bucket("local-photos").key("b.txt").send().await), "NotFound");

    // Presigned GET and PUT, used with plain HTTP.
    let presigning = PresigningConfig::expires_in(Duration::from_secs(300)).unwrap();
    let put = s3.put_object().bucket("local-photos").key("signed.txt").presigned(presigning.clone()).await.unwrap();
    let http = reqwest::Client::new();
    let answer = http.put(put.uri()).body("via a presigned PUT").send().await.unwrap();
    assert_eq!(answer.status(), 200, "{}", answer.text().await.unwrap());
    let get = s3.get_object().bucket("local-photos").key("signed.txt").presigned(presigning).await.unwrap();
    assert_eq!(reqwest::get(get.uri()).await.unwrap().text().await.unwrap(), "via a presigned PUT");

    // Policies map onto the bucket's: readonly lets anyone read, and only read.
    let readonly = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["*"]},"Action":["s3:GetObject"],"Resource":["arn:aws:s3:::local-photos/*"]}]}"#;
    let plain = format!("{endpoint}/local-photos/a/b.txt");
    assert_eq!(reqwest::get(&plain).await.unwrap().status(), 403, "private by default");
    s3.put_bucket_policy().bucket("local-photos").policy(readonly).send().await.unwrap();
    let policy = s3.get_bucket_policy().bucket("local-photos").send().await.unwrap();
    assert!(policy.policy().unwrap().contains("s3:GetObject"));
    assert_eq!(reqwest::get(&plain).await.unwrap().text().await.unwrap(), "hello world");
    assert_eq!(http.put(&plain).body("defaced").send().await.unwrap().status(), 403);
    assert_eq!(body(&s3, "local-photos", "a/b.txt").await, b"hello world");

    // A browser's preflight for a signed upload, and the headers its SDK reads on the answer.
    let preflight = http
        .request(reqwest::Method::OPTIONS, &plain)
        .header("origin", "https://app.example.com")
        .header("access-control-request-method", "PUT")
        .header("access-control-request-headers", "authorization,x-amz-date,x-amz-content-sha256")
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status(), 200);
    assert_eq!(preflight.headers()["access-control-allow-origin"], "https://app.example.com");
    assert!(preflight.headers()["access-control-allow-headers"].to_str().unwrap().contains("x-amz-date"));
    let read = http.get(&plain).header("origin", "https://app.example.com").send().await.unwrap();
    assert_eq!(read.headers()["access-control-allow-origin"], "https://app.example.com");
    assert!(read.headers()["access-control-expose-headers"].to_str().unwrap().contains("ETag"));
}

#[tokio::test]
async fn each_key_reaches_its_own_apps_buckets_only() {
    let server = serve().await;
    let api = admin::Api::new(&server.base);
    let endpoint = server.s3_endpoint();
    let (status, made) = api.admin(reqwest::Method::POST, "apps", Some(json!({ "id": "other" }))).await;
    assert_eq!(status, 201, "{made}");
    let a = client(&endpoint, &key_of(&api, "local").await);
    let b = client(&endpoint, &key_of(&api, "other").await);
    a.create_bucket().bucket("local-files").send().await.unwrap();
    a.put_object().bucket("local-files").key("k").body(ByteStream::from_static(b"A's")).send().await.unwrap();
    b.create_bucket().bucket("other-files").send().await.unwrap();

    // B's key on A's bucket: every operation refused, nothing changed.
    assert_eq!(code(b.get_object().bucket("local-files").key("k").send().await), "AccessDenied");
    assert_eq!(
        code(b.put_object().bucket("local-files").key("k").body(ByteStream::from_static(b"B")).send().await),
        "AccessDenied"
    );
    assert_eq!(code(b.delete_object().bucket("local-files").key("k").send().await), "AccessDenied");
    assert_eq!(code(b.list_objects_v2().bucket("local-files").send().await), "AccessDenied");
    assert_eq!(
        code(b.copy_object().bucket("other-files").key("stolen").copy_source("local-files/k").send().await),
        "AccessDenied"
    );
    assert_eq!(code(b.delete_bucket().bucket("local-files").send().await), "AccessDenied");
    assert_eq!(body(&a, "local-files", "k").await, b"A's");

    // Names outside the caller's prefix: `local-my-files` would be app `local-my`'s.
    assert_eq!(code(a.create_bucket().bucket("photos").send().await), "AccessDenied");
    assert_eq!(code(a.create_bucket().bucket("local-my-files").send().await), "AccessDenied");

    // ListBuckets shows the caller's buckets only; the admin key sees both apps'.
    let names = |out: aws_sdk_s3::operation::list_buckets::ListBucketsOutput| -> Vec<String> {
        out.buckets().iter().filter_map(|b| b.name().map(str::to_owned)).collect()
    };
    assert_eq!(names(a.list_buckets().send().await.unwrap()), ["local-files"]);
    assert_eq!(names(b.list_buckets().send().await.unwrap()), ["other-files"]);
    let admin = client(&endpoint, &("ADMIN".to_owned(), admin::TOKEN.to_owned()));
    assert_eq!(names(admin.list_buckets().send().await.unwrap()), ["local-files", "other-files"]);

    // A tampered signature, an unknown key, a rotated secret.
    let (access, secret) = key_of(&api, "local").await;
    let forged = client(&endpoint, &(access.clone(), format!("{secret}x")));
    assert_eq!(code(forged.get_object().bucket("local-files").key("k").send().await), "SignatureDoesNotMatch");
    let stranger = client(&endpoint, &("nobody".to_owned(), secret.clone()));
    assert_eq!(code(stranger.list_buckets().send().await), "InvalidAccessKeyId");
    let (status, rotated) = api.admin(reqwest::Method::POST, "apps/local/s3-key", None).await;
    assert_eq!(status, 200, "{rotated}");
    assert_ne!(rotated["secretKey"], Value::String(secret));
    assert_eq!(code(a.get_object().bucket("local-files").key("k").send().await), "SignatureDoesNotMatch");
    let a = client(&endpoint, &key_of(&api, "local").await);
    assert_eq!(body(&a, "local-files", "k").await, b"A's");

    // An expired presigned URL; an unsigned request for a private bucket.
    let short = PresigningConfig::expires_in(Duration::from_secs(1)).unwrap();
    let url = a.get_object().bucket("local-files").key("k").presigned(short).await.unwrap();
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let expired = reqwest::get(url.uri()).await.unwrap();
    assert_eq!(expired.status(), 403);
    assert!(expired.text().await.unwrap().contains("AccessDenied"));
    assert_eq!(reqwest::get(format!("{endpoint}/local-files/k")).await.unwrap().status(), 403);
    assert_eq!(reqwest::get(format!("{endpoint}/")).await.unwrap().status(), 403, "anonymous ListBuckets");
}

#[tokio::test]
async fn boto3_talks_to_the_endpoint() {
    let python = "/usr/bin/python3.11";
    let probe = std::process::Command::new(python).args(["-c", "import boto3"]).output();
    assert!(
        probe.as_ref().is_ok_and(|o| o.status.success()),
        "boto3 is missing for {python}: scripts/setup.sh installs it (pip install boto3): {probe:?}"
    );
    let server = serve().await;
    let api = admin::Api::new(&server.base);
    let (access, secret) = key_of(&api, "local").await;
    let script = r#"
import sys, boto3
from botocore.config import Config
endpoint, access, secret = sys.argv[1:4]
s3 = boto3.client('s3', endpoint_url=endpoint, aws_access_key_id=access, aws_secret_access_key=secret,
                  region_name='us-east-1', config=Config(s3={'addressing_style': 'path'}))
s3.create_bucket(Bucket='local-boto')
s3.put_object(Bucket='local-boto', Key='dir/hello world.txt', Body=b'from boto3', ContentType='text/plain')
assert s3.get_object(Bucket='local-boto', Key='dir/hello world.txt', Range='bytes=5-9')['Body'].read() == b'boto3'
for i in range(5):
    s3.put_object(Bucket='local-boto', Key=f'many/{i}+x', Body=b'.')
keys = [o['Key'] for page in s3.get_paginator('list_objects_v2').paginate(Bucket='local-boto', Prefix='many/', PaginationConfig={'PageSize': 2}) for o in page.get('Contents', [])]
assert keys == [f'many/{i}+x' for i in range(5)], keys
top = s3.list_objects(Bucket='local-boto', Delimiter='/')
assert [p['Prefix'] for p in top['CommonPrefixes']] == ['dir/', 'many/'], top
# upload_file switches to multipart past its threshold.
import io
from boto3.s3.transfer import TransferConfig
data = bytes(range(256)) * (12 * 4096)
s3.upload_fileobj(io.BytesIO(data), 'local-boto', 'big', Config=TransferConfig(multipart_threshold=5 << 20, multipart_chunksize=5 << 20))
assert s3.get_object(Bucket='local-boto', Key='big')['Body'].read() == data
url = s3.generate_presigned_url('get_object', Params={'Bucket': 'local-boto', 'Key': 'dir/hello world.txt'}, ExpiresIn=60)
import urllib.request
assert urllib.request.urlopen(url).read() == b'from boto3'
s3.delete_objects(Bucket='local-boto', Delete={'Objects': [{'Key': f'many/{i}+x'} for i in range(5)]})
assert 'Contents' not in s3.list_objects_v2(Bucket='local-boto', Prefix='many/')
print('ok')
"#;
    let out = std::process::Command::new(python)
        .args(["-c", script, &server.s3_endpoint(), &access, &secret])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.trim() == "ok",
        "boto3 failed: {stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `tests/s3/sdk.ts`: a function creating its own `S3Client` (the AWS SDK for JavaScript v3,
/// installed from npm with the app's package.json) from the `OSS_*` variables, on the host.
#[tokio::test]
async fn a_laf_function_uses_the_aws_sdk_for_javascript() {
    let dir = temp_dir("s3-sdk");
    for file in ["sdk.ts", "sts.ts", "package.json"] {
        std::fs::copy(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/s3").join(file), dir.join(file))
            .unwrap();
    }
    // npm installs the SDK before the host serves.
    let server = support::start_within(&dir, &["--admin-token", admin::TOKEN], Duration::from_secs(300)).await;
    let (status, out) = admin::Api::new(&server.base).get("sdk").await;
    assert_eq!(status, 200, "{out}\n{}", server.log.lock().unwrap());
    assert_eq!((out["text"].as_str(), &out["keys"]), (Some("from the JS SDK"), &json!(["hello.txt"])));
    let url = out["url"].as_str().unwrap();
    assert!(url.starts_with(&server.s3_endpoint()) && url.contains("X-Amz-Signature="), "{url}");
    assert_eq!(reqwest::get(url).await.unwrap().text().await.unwrap(), "from the JS SDK");

    // Laf's STS example: temporary credentials from AssumeRole, used as a browser's SDK would.
    let (status, temp) = admin::Api::new(&server.base).get("sts").await;
    assert_eq!(status, 200, "{temp}\n{}", server.log.lock().unwrap());
    let field = |name: &str| temp[name].as_str().unwrap_or_else(|| panic!("{name} in {temp}")).to_owned();
    assert!(field("accessKeyId").starts_with("local.") && !field("expiration").is_empty(), "{temp}");
    let session = |token: Option<String>| {
        session_client(&server.s3_endpoint(), &field("accessKeyId"), &field("secretAccessKey"), token)
    };
    let browser = session(Some(field("sessionToken")));
    browser
        .put_object()
        .bucket("local-sdk")
        .key("from-browser")
        .body(ByteStream::from_static(b"hi"))
        .send()
        .await
        .unwrap();
    assert_eq!(body(&browser, "local-sdk", "from-browser").await, b"hi");
    assert_eq!(code(browser.list_objects_v2().bucket("other-sdk").send().await), "AccessDenied");
    assert_eq!(code(session(None).list_objects_v2().bucket("local-sdk").send().await), "AccessDenied", "no token");
    let forged = session(Some(format!("{}0", field("sessionToken"))));
    assert_eq!(code(forged.list_objects_v2().bucket("local-sdk").send().await), "InvalidToken");
    // Rotating the app's secret revokes the temporary pairs made from it.
    let (status, _) = admin::Api::new(&server.base).admin(reqwest::Method::POST, "apps/local/s3-key", None).await;
    assert_eq!(status, 200);
    assert_eq!(
        code(browser.get_object().bucket("local-sdk").key("from-browser").send().await),
        "SignatureDoesNotMatch"
    );
}

/// Whatever the backend: the endpoint in front of an S3 service (a real S3 server in the test
/// process) keeps its keys, its isolation and its multipart uploads.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_endpoint_fronts_an_s3_backend_the_same_way() {
    let behind = s3_server::start(&temp_dir("s3-behind")).await;
    let backend = format!("http://{behind}");
    let args = [
        "--admin-token",
        admin::TOKEN,
        "--s3-endpoint",
        &backend,
        "--s3-access-key",
        s3_server::ACCESS_KEY,
        "--s3-secret-key",
        s3_server::SECRET_KEY,
        "--s3-path-style",
    ];
    let server = start(&temp_dir("s3-front"), &args).await;
    let api = admin::Api::new(&server.base);
    let (status, made) = api.admin(reqwest::Method::POST, "apps", Some(json!({ "id": "other" }))).await;
    assert_eq!(status, 201, "{made}");
    let endpoint = server.s3_endpoint();
    let a = client(&endpoint, &key_of(&api, "local").await);
    let b = client(&endpoint, &key_of(&api, "other").await);
    a.create_bucket().bucket("local-docs").send().await.unwrap();
    a.put_object()
        .bucket("local-docs")
        .key("x/y.txt")
        .body(ByteStream::from_static(b"behind the host"))
        .send()
        .await
        .unwrap();
    let got = a.get_object().bucket("local-docs").key("x/y.txt").range("bytes=0-5").send().await.unwrap();
    assert_eq!(got.body.collect().await.unwrap().into_bytes().as_ref(), b"behind");
    let listed = a.list_objects_v2().bucket("local-docs").prefix("x/").send().await.unwrap();
    assert_eq!(listed.contents().iter().filter_map(|o| o.key()).collect::<Vec<_>>(), ["x/y.txt"]);
    let data = vec![7u8; (5 << 20) + 10];
    let upload = a.create_multipart_upload().bucket("local-docs").key("parts").send().await.unwrap();
    let id = upload.upload_id().unwrap();
    let mut parts = Vec::new();
    for (i, chunk) in data.chunks(5 << 20).enumerate() {
        let n = i as i32 + 1;
        let body = ByteStream::from(chunk.to_vec());
        let part = a
            .upload_part()
            .bucket("local-docs")
            .key("parts")
            .upload_id(id)
            .part_number(n)
            .body(body)
            .send()
            .await
            .unwrap();
        parts.push(CompletedPart::builder().part_number(n).e_tag(part.e_tag().unwrap()).build());
    }
    let whole = CompletedMultipartUpload::builder().set_parts(Some(parts)).build();
    a.complete_multipart_upload()
        .bucket("local-docs")
        .key("parts")
        .upload_id(id)
        .multipart_upload(whole)
        .send()
        .await
        .unwrap();
    assert!(body(&a, "local-docs", "parts").await == data);
    assert_eq!(code(b.get_object().bucket("local-docs").key("x/y.txt").send().await), "AccessDenied");
    let seen_by_b = b.list_buckets().send().await.unwrap();
    assert!(seen_by_b.buckets().is_empty(), "{seen_by_b:?}");
}

#[tokio::test]
async fn the_endpoint_can_be_turned_off() {
    let server = start(&temp_dir("s3-off"), &["--s3-listen", "off"]).await;
    assert!(!server.log.lock().unwrap().contains("S3 endpoint on"));
}
