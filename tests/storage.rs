//! Storage end to end: `laf serve` with `examples/functions/upload.ts`, multipart uploads,
//! presigned download URLs fetched over HTTP, and upload files cleaned up after the call.

#[path = "../laf-host/tests/storage/s3_server.rs"]
mod s3_server;
mod support;

use std::path::Path;

use serde_json::Value;
use support::{start, temp_dir};

/// A `multipart/form-data` body with one text field and one file, and its content type.
fn multipart(field: &str, filename: &str, data: &[u8]) -> (String, Vec<u8>) {
    let boundary = "laf-test-boundary-7d1f";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n").as_bytes(),
    );
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\n\
             Content-Type: image/png\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(data);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn sample(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 31 % 251) as u8).collect()
}

/// Flips one hex digit of the query parameter `name`.
fn tamper(url: &str, name: &str) -> String {
    let at = url.find(&format!("{name}=")).expect("the parameter is in the URL") + name.len() + 1;
    let mut bytes = url.as_bytes().to_vec();
    bytes[at] = if bytes[at] == b'0' { b'1' } else { b'0' };
    String::from_utf8(bytes).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upload_ts_on_the_local_storage() {
    upload_ts(&[], "X-Laf-Signature").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upload_ts_on_an_s3_service() {
    let root = temp_dir("s3");
    let addr = s3_server::start(&root).await;
    let endpoint = format!("http://{addr}");
    let args = [
        "--s3-endpoint",
        &endpoint,
        "--s3-access-key",
        s3_server::ACCESS_KEY,
        "--s3-secret-key",
        s3_server::SECRET_KEY,
        "--s3-path-style",
    ];
    let url = upload_ts(&args, "X-Amz-Signature").await;
    assert!(url.starts_with(&format!("{endpoint}/local-uploads/")), "the URL is the S3 service's: {url}");
    let _ = std::fs::remove_dir_all(&root);
}

/// Runs upload.ts on `laf serve` with `extra` options; returns the download URL it gave.
async fn upload_ts(extra: &[&str], signature: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/functions");
    let args: Vec<&str> = ["--bucket", "uploads"].iter().chain(extra).copied().collect();
    let s = start(&dir, &args).await;
    let c = reqwest::Client::new();
    let data = sample(300_000);
    let (ct, body) = multipart("file", "cat photo.png", &data);
    let r = c.post(format!("{}/upload", s.base)).header("content-type", ct).body(body).send().await.unwrap();
    assert_eq!(r.status(), 200, "{}", s.log.lock().unwrap());
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["size"], 300_000);
    let key = v["key"].as_str().unwrap();
    assert!(key.ends_with("-cat_photo.png"), "{v}");
    let url = v["url"].as_str().unwrap();

    let r = c.get(url).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "image/png");
    assert_eq!(r.bytes().await.unwrap().as_ref(), data.as_slice());

    let r = c.get(tamper(url, signature)).send().await.unwrap();
    assert_eq!(r.status(), 403, "a tampered signature is refused");
    let unsigned = url.split('?').next().unwrap();
    assert_eq!(c.get(unsigned).send().await.unwrap().status(), 403, "the bucket is private");

    // Read back through the function: streamed from the bucket with its type and length.
    let r = c.get(format!("{}/upload", s.base)).query(&[("key", key)]).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "image/png");
    assert_eq!(r.headers()["content-length"], "300000");
    assert_eq!(r.bytes().await.unwrap().as_ref(), data.as_slice());
    let list: Value = c.get(format!("{}/upload", s.base)).send().await.unwrap().json().await.unwrap();
    assert_eq!(list, serde_json::json!([{"key": key, "size": 300_000}]));

    let r = c.post(format!("{}/upload", s.base)).json(&serde_json::json!({})).send().await.unwrap();
    assert_eq!(r.status(), 400, "no file: the function's own 400");
    url.to_owned()
}

#[tokio::test]
async fn a_local_url_with_a_changed_expiry_is_refused() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/functions");
    let s = start(&dir, &["--bucket", "uploads"]).await;
    let c = reqwest::Client::new();
    let (ct, body) = multipart("file", "a.txt", b"hello");
    let v: Value = c
        .post(format!("{}/upload", s.base))
        .header("content-type", ct)
        .body(body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let url = v["url"].as_str().unwrap();
    assert!(url.starts_with(&format!("{}/_/storage/local-uploads/", s.base)), "{url}");
    let r = c.get(url.replace("X-Laf-Expires=", "X-Laf-Expires=9")).send().await.unwrap();
    assert_eq!(r.status(), 403, "a lengthened expiry breaks the signature");
}

#[tokio::test]
async fn upload_files_are_gone_after_the_call_and_the_limit_answers_413() {
    let functions = temp_dir("files");
    std::fs::write(functions.join("files.ts"), "export default (ctx) => ctx.files.map((f) => ({ ...f }))\n").unwrap();
    let s = start(&functions, &["--upload-limit", "100000"]).await;
    let c = reqwest::Client::new();
    let (ct, body) = multipart("doc", "a.bin", &sample(5000));
    let r = c.post(format!("{}/files", s.base)).header("content-type", &ct).body(body).send().await.unwrap();
    assert_eq!(r.status(), 200, "{}", s.log.lock().unwrap());
    let v: Value = r.json().await.unwrap();
    let f = &v[0];
    assert_eq!(
        (&f["fieldname"], &f["originalname"], &f["mimetype"], &f["size"]),
        (&"doc".into(), &"a.bin".into(), &"image/png".into(), &5000.into())
    );
    let path = Path::new(f["path"].as_str().unwrap());
    assert!(!path.exists(), "{} is deleted once the call has answered", path.display());

    let (ct, body) = multipart("doc", "big.bin", &sample(150_000));
    let r = c.post(format!("{}/files", s.base)).header("content-type", &ct).body(body).send().await.unwrap();
    assert_eq!(r.status(), 413);
    let v: Value = r.json().await.unwrap();
    assert!(v["error"].as_str().unwrap().contains("100000"), "{v}");
    let _ = std::fs::remove_dir_all(&functions);
}
