//! `cloud.storage` and `ctx.files` end to end: functions on the real QuickJS engine against the
//! local filesystem backend, invoked through `Host::invoke`.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, SystemTime};

use async_trait::async_trait;
use bytes::Bytes;
use http::Request;
use laf_host::bindings::storage::{
    BucketInfo, BucketPolicy, ByteRange, GetObject, ListOptions, ListPage, LocalStorage, ObjectMeta, PresignMethod,
    PutBody, PutOptions, PutResult, StorageBackend, StorageError,
};
use laf_host::{AppConfig, FunctionSource, Host, UploadedFile, Uploads};
use lang_js::{JsConfig, JsLanguage};
use serde_json::{Value, json};

const APP: &str = "t";

/// A host with local storage in a fresh directory (removed when dropped), app `t` with a
/// private bucket `t-data`, and app `other` with a bucket `other-data`.
struct StHost {
    host: Host,
    dir: PathBuf,
}

impl Drop for StHost {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn temp_dir(what: &str) -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "lafjs-st-{what}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn st_host_with(
    language: JsLanguage,
    timeout: Duration,
    wrap: fn(LocalStorage) -> Arc<dyn StorageBackend>,
) -> StHost {
    let dir = temp_dir("host");
    let backend = LocalStorage::open(&dir.join("data"), "http://files.test").unwrap();
    let host = Host::builder().language(language).storage(wrap(backend)).workers(1).build().unwrap();
    for app in [APP, "other"] {
        let app = host.create_app(app, Some(AppConfig { timeout, ..AppConfig::default() })).unwrap();
        app.bindings().storage().unwrap().create_bucket("data", BucketPolicy::Private).await.unwrap();
    }
    StHost { host, dir }
}

async fn st_host() -> StHost {
    st_host_with(JsLanguage::new(), Duration::from_secs(20), |b| Arc::new(b)).await
}

async fn publish(h: &Host, name: &str, code: &str) {
    let src = FunctionSource::new(name, format!("{name}.ts"), code);
    if let Err(e) = h.app(APP).unwrap().publish(src).await {
        panic!("publish {name}: {e}");
    }
}

async fn invoke(h: &Host, name: &str, req: Request<Bytes>) -> (u16, Value) {
    let r = h.invoke(APP, name, req).await.unwrap();
    let status = r.status.as_u16();
    let body = r.collect_body().await;
    let v = serde_json::from_slice(&body).unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&body).into()));
    (status, v)
}

/// Publishes `code` as function `name` and returns its JSON answer to a bare GET (200 only).
async fn run(h: &Host, name: &str, code: &str) -> Value {
    publish(h, name, code).await;
    let req = Request::get(format!("/{name}")).body(Bytes::new()).unwrap();
    let (status, v) = invoke(h, name, req).await;
    if status != 200 {
        panic!("{name} answered {status} {v}: {}", thrown(h, name).await);
    }
    v
}

/// What the function threw, for failure messages (the HTTP answer hides it).
async fn thrown(h: &Host, name: &str) -> String {
    let app = h.app(APP).unwrap();
    let ctx = common::get_context(&app, name, "diag", Duration::from_secs(10));
    match app.function(name).unwrap().loaded.invoke(ctx).await {
        Err(e) => format!("{e:?}"),
        Ok(r) => format!("status {}", r.status),
    }
}

#[tokio::test]
async fn written_strings_and_bytes_read_back_with_s3_fields() {
    let h = st_host().await;
    let v = run(
        &h.host,
        "roundtrip",
        r#"
        import cloud from '@lafjs/cloud';
        export default async function () {
          const b = cloud.storage.bucket('data');
          const w1 = await b.writeFile('notes/a.txt', 'héllo', { ContentType: 'text/plain', Metadata: { Author: 'ann' } });
          const w2 = await b.writeFile('bin/u8', new Uint8Array([0, 1, 2, 255]));
          const w3 = await b.writeFile('bin/ab', new Uint16Array([0x0201, 0x0403]).buffer);
          const r1 = await b.readFile('notes/a.txt');
          const r2 = await b.readFile('bin/u8');
          const r3 = await b.readFile('bin/ab');
          const part = await b.readFile('notes/a.txt', { Range: 'bytes=1-2' });
          return {
            name: b.name,
            w1, etagMatches: w1.ETag === r1.ETag && w2.ETag === r2.ETag && w3.ETag === r3.ETag,
            text: await r1.Body.transformToString(),
            type: r1.ContentType, length: r1.ContentLength, meta: r1.Metadata, status: r1.$metadata.httpStatusCode,
            dated: r1.LastModified instanceof Date && Math.abs(Date.now() - r1.LastModified) < 60000,
            u8: Array.from(await r2.Body.transformToByteArray()), isU8: (await r3.Body.transformToByteArray()) instanceof Uint8Array,
            part: await part.Body.transformToString(), partLength: part.ContentLength, range: part.ContentRange,
            partStatus: part.$metadata.httpStatusCode,
          };
        }
        "#,
    )
    .await;
    assert_eq!(v["name"], "t-data");
    assert!(v["w1"]["ETag"].as_str().unwrap().starts_with('"'), "{v}");
    assert_eq!(v["w1"]["$metadata"]["httpStatusCode"], 200);
    assert_eq!(v["etagMatches"], true);
    assert_eq!(v["text"], "héllo");
    assert_eq!(v["type"], "text/plain");
    assert_eq!(v["length"], 6);
    assert_eq!(v["meta"], json!({ "author": "ann" }));
    assert_eq!(v["status"], 200);
    assert_eq!(v["dated"], true);
    assert_eq!(v["u8"], json!([0, 1, 2, 255]));
    assert_eq!(v["isU8"], true);
    // 'é' is two bytes: bytes 1-2 are exactly it.
    assert_eq!(v["part"], "é");
    assert_eq!(v["partLength"], 2);
    assert_eq!(v["range"], "bytes 1-2/6");
    assert_eq!(v["partStatus"], 206);

    // The ArrayBuffer's bytes as stored (little-endian u16s), and the string as UTF-8.
    let storage = h.host.app(APP).unwrap().bindings().storage().unwrap().clone();
    let got = storage.get_object("data", "bin/ab", None).await.unwrap();
    assert_eq!(&got.bytes(1 << 20).await.unwrap()[..], &[1, 2, 3, 4]);
    let v = run(
        &h.host,
        "encodings",
        r#"
        import cloud from '@lafjs/cloud';
        export default async function () {
          const b = cloud.storage.bucket('data');
          const read = async (enc) => (await b.readFile('bin/u8')).Body.transformToString(enc);
          const twice = await b.readFile('bin/u8');
          await twice.Body.transformToByteArray();
          let again;
          try { await twice.Body.transformToByteArray(); } catch (e) { again = e.message; }
          return { b64: await read('base64'), hex: await read('hex'), again };
        }
        "#,
    )
    .await;
    assert_eq!(v, json!({ "b64": "AAEC/w==", "hex": "000102ff", "again": "the body has already been read" }));
}

#[tokio::test]
async fn a_large_body_streams_in_bounded_chunks() {
    let h = st_host().await;
    let v = run(
        &h.host,
        "big",
        r#"
        import cloud from '@lafjs/cloud';
        export default async function () {
          const b = cloud.storage.bucket('data');
          const data = new Uint8Array(5 * 1024 * 1024);
          for (let i = 0; i < data.length; i++) data[i] = i % 251;
          await b.writeFile('big.bin', data);
          const res = await b.readFile('big.bin');
          let chunks = 0, total = 0, max = 0, ok = true;
          for await (const chunk of res.Body) {
            if (!(chunk instanceof Uint8Array)) ok = false;
            for (let j = 0; j < chunk.length; j++) if (chunk[j] !== (total + j) % 251) ok = false;
            chunks++; total += chunk.length; max = Math.max(max, chunk.length);
          }
          // Leaving a loop early closes the stream: the body is then done.
          const early = await b.readFile('big.bin');
          for await (const _ of early.Body) break;
          let after = [];
          for await (const c of early.Body) after.push(c.length);
          return { length: res.ContentLength, chunks, total, max, ok, after };
        }
        "#,
    )
    .await;
    assert_eq!(v["length"], 5 * 1024 * 1024);
    assert_eq!(v["total"], 5 * 1024 * 1024);
    assert_eq!(v["ok"], true);
    assert!(v["chunks"].as_u64().unwrap() > 1, "{v}");
    assert!(v["max"].as_u64().unwrap() <= 1024 * 1024, "{v}");
    assert_eq!(v["after"], json!([]));
}

#[tokio::test]
async fn an_object_larger_than_the_heap_passes_through_a_function() {
    // A 16 MB JavaScript heap, a 40 MB object: it passes only because chunks are let go of (a
    // function that keeps them runs out of memory: chunks live in the heap).
    let config = JsConfig { memory_limit: 16 << 20, ..JsConfig::default() };
    let h = st_host_with(JsLanguage::with_config(config), Duration::from_secs(30), |b| Arc::new(b)).await;
    let storage = h.host.app(APP).unwrap().bindings().storage().unwrap().clone();
    let object: Vec<u8> = (0..40u32 << 20).map(|i| (i % 253) as u8).collect();
    storage.put_object("data", "huge.bin", Bytes::from(object).into(), PutOptions::default()).await.unwrap();
    let v = run(
        &h.host,
        "huge",
        r#"
        import cloud from '@lafjs/cloud';
        export default async function () {
          const res = await cloud.storage.bucket('data').readFile('huge.bin');
          let total = 0, sum = 0;
          for await (const chunk of res.Body) { total += chunk.length; sum = (sum + chunk[0]) % 1000003; }
          const whole = await cloud.storage.bucket('data').readFile('huge.bin');
          let refused;
          try { await whole.Body.transformToByteArray(); } catch (e) { refused = e.Code; }
          return { total, refused };
        }
        "#,
    )
    .await;
    assert_eq!(v["total"], 40 << 20);
    assert_eq!(v["refused"], "InvalidArgument");
}

#[tokio::test]
async fn list_files_pages_with_prefix_delimiter_and_tokens() {
    let h = st_host().await;
    let v = run(
        &h.host,
        "list",
        r#"
        import cloud from '@lafjs/cloud';
        export default async function () {
          const b = cloud.storage.bucket('data');
          for (const k of ['a/1', 'a/2', 'a/3', 'b/x/1', 'b/y', 'c']) await b.writeFile(k, k);
          const all = await b.listFiles();
          const folders = await b.listFiles({ Delimiter: '/' });
          const inB = await b.listFiles({ Prefix: 'b/', Delimiter: '/' });
          const pages = [];
          let token;
          do {
            const p = await b.listFiles({ Prefix: 'a/', MaxKeys: 2, ContinuationToken: token });
            pages.push({ keys: p.Contents.map((c) => c.Key), truncated: p.IsTruncated, count: p.KeyCount, max: p.MaxKeys });
            token = p.NextContinuationToken;
          } while (token);
          const after = await b.listFiles({ StartAfter: 'a/3' });
          const marker = await b.listFiles({ Marker: 'b/y' });
          const empty = await b.listFiles({ Prefix: 'zzz/' });
          const first = all.Contents[0];
          return {
            keys: all.Contents.map((c) => c.Key), name: all.Name, prefix: all.Prefix, truncated: all.IsTruncated,
            count: all.KeyCount, max: all.MaxKeys, status: all.$metadata.httpStatusCode,
            item: { size: first.Size, etag: first.ETag.startsWith('"'), dated: first.LastModified instanceof Date },
            folders: { keys: folders.Contents.map((c) => c.Key), prefixes: folders.CommonPrefixes, delimiter: folders.Delimiter },
            inB: { keys: inB.Contents.map((c) => c.Key), prefixes: inB.CommonPrefixes.map((p) => p.Prefix), prefix: inB.Prefix },
            pages, after: after.Contents.map((c) => c.Key), marker: marker.Contents.map((c) => c.Key),
            empty: { contents: empty.Contents, count: empty.KeyCount },
          };
        }
        "#,
    )
    .await;
    assert_eq!(v["keys"], json!(["a/1", "a/2", "a/3", "b/x/1", "b/y", "c"]));
    assert_eq!(v["name"], "t-data");
    assert_eq!(v["prefix"], "");
    assert_eq!(v["truncated"], false);
    assert_eq!(v["count"], 6);
    assert_eq!(v["max"], 1000);
    assert_eq!(v["status"], 200);
    assert_eq!(v["item"], json!({ "size": 3, "etag": true, "dated": true }));
    assert_eq!(
        v["folders"],
        json!({ "keys": ["c"], "prefixes": [{ "Prefix": "a/" }, { "Prefix": "b/" }], "delimiter": "/" })
    );
    assert_eq!(v["inB"], json!({ "keys": ["b/y"], "prefixes": ["b/x/"], "prefix": "b/" }));
    assert_eq!(
        v["pages"],
        json!([
            { "keys": ["a/1", "a/2"], "truncated": true, "count": 2, "max": 2 },
            { "keys": ["a/3"], "truncated": false, "count": 1, "max": 2 },
        ])
    );
    assert_eq!(v["after"], json!(["b/x/1", "b/y", "c"]));
    assert_eq!(v["marker"], json!(["c"]));
    assert_eq!(v["empty"], json!({ "contents": [], "count": 0 }));
}

#[tokio::test]
async fn errors_have_the_aws_sdk_shape() {
    let h = st_host().await;
    let v = run(
        &h.host,
        "errors",
        r#"
        import cloud from '@lafjs/cloud';
        const shape = (e) => ({ error: e instanceof Error, name: e.name, Code: e.Code, status: e.$metadata?.httpStatusCode, fault: e.$fault, message: e.message });
        const attempt = async (f) => { try { await f(); return 'no error'; } catch (e) { return shape(e); } };
        export default async function () {
          const b = cloud.storage.bucket('data');
          await b.writeFile('gone.txt', 'x');
          const deleted = await b.deleteFile('gone.txt');
          const missing = await attempt(() => b.readFile('gone.txt'));
          const deleteAgain = await b.deleteFile('gone.txt');
          const other = cloud.storage.bucket('other-data');
          const foreign = await attempt(() => other.readFile('x'));
          const foreignWrite = await attempt(() => other.writeFile('x', 'y'));
          const foreignList = await attempt(() => other.listFiles());
          let foreignUrl;
          try { other.externalUrl('x'); } catch (e) { foreignUrl = shape(e); }
          const badKey = await attempt(() => b.writeFile('../escape', 'x'));
          const noBucket = await attempt(() => cloud.storage.bucket('nope').readFile('x'));
          const noKey = await attempt(() => b.readFile());
          return { deleted, missing, deleteAgain, foreign, foreignWrite, foreignList, foreignUrl, otherName: other.name, badKey, noBucket, noKey };
        }
        "#,
    )
    .await;
    assert_eq!(v["deleted"], json!({ "$metadata": { "httpStatusCode": 204 } }));
    assert_eq!(v["deleteAgain"], v["deleted"]);
    let missing = &v["missing"];
    assert_eq!(missing["error"], true);
    assert_eq!(missing["name"], "NoSuchKey");
    assert_eq!(missing["Code"], "NoSuchKey");
    assert_eq!(missing["status"], 404);
    assert_eq!(missing["fault"], "client");
    assert!(missing["message"].as_str().unwrap().contains("gone.txt"), "{missing}");
    for op in ["foreign", "foreignWrite", "foreignList", "foreignUrl"] {
        assert_eq!(v[op]["Code"], "AccessDenied", "{op}: {v}");
        assert_eq!(v[op]["status"], 403, "{op}: {v}");
    }
    assert_eq!(v["otherName"], "other-data");
    assert_eq!(v["badKey"]["Code"], "InvalidKey");
    assert_eq!(v["badKey"]["status"], 400);
    assert_eq!(v["noBucket"]["Code"], "NoSuchBucket");
    assert_eq!(v["noKey"]["name"], "TypeError");
    // Nothing reached the other app's bucket.
    let other = h.host.app("other").unwrap().bindings().storage().unwrap().clone();
    assert!(other.list_objects("data", &ListOptions::default()).await.unwrap().objects.is_empty());
}

#[tokio::test]
async fn urls_are_presigned_for_the_apps_bucket() {
    let h = st_host().await;
    let v = run(
        &h.host,
        "urls",
        r#"
        import cloud from '@lafjs/cloud';
        export default async function () {
          const b = cloud.storage.bucket('data');
          let bad;
          try { await b.getDownloadUrl('k.txt', 0); } catch (e) { bad = e.Code; }
          return {
            down: await b.getDownloadUrl('dir/k.txt'),
            down60: await b.getDownloadUrl('k.txt', 60),
            up: await b.getUploadUrl('k.txt', 600),
            external: b.externalUrl('dir/k.txt'),
            bad,
          };
        }
        "#,
    )
    .await;
    let now = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs();
    let expires = |url: &str| -> u64 {
        let q = url.split_once('?').map_or("", |(_, q)| q);
        let v =
            q.split('&').find_map(|p| p.strip_prefix("X-Laf-Expires=")).unwrap_or_else(|| panic!("no expiry: {url}"));
        v.parse().unwrap()
    };
    let down = v["down"].as_str().unwrap();
    assert!(down.starts_with("http://files.test/_/storage/t-data/dir/k.txt?"), "{down}");
    assert!(expires(down).abs_diff(now + 3600) <= 5, "{down}");
    assert!(expires(v["down60"].as_str().unwrap()).abs_diff(now + 60) <= 5, "{v}");
    let up = v["up"].as_str().unwrap();
    assert!(up.contains("/_/storage/t-data/k.txt?") && up.contains("X-Laf-Method=PUT"), "{up}");
    assert!(expires(up).abs_diff(now + 600) <= 5, "{up}");
    assert!(v["external"].as_str().unwrap().ends_with("/t-data/dir/k.txt"), "{v}");
    assert_eq!(v["bad"], "InvalidArgument");
}

fn upload(dir: &Path, name: &str, content: &[u8]) -> UploadedFile {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    UploadedFile {
        fieldname: "file".into(),
        originalname: format!("original-{name}"),
        mimetype: "image/png".into(),
        size: content.len() as u64,
        path,
    }
}

#[tokio::test]
async fn uploads_are_ctx_files_and_only_they_can_be_written_from_a_path() {
    let h = st_host().await;
    publish(
        &h.host,
        "upload",
        r#"
        import cloud from '@lafjs/cloud';
        export default async function (ctx) {
          const b = cloud.storage.bucket('data');
          if (ctx.files === undefined) return { files: 'undefined' };
          const f = ctx.files[0];
          const out = { files: ctx.files.map(({ fieldname, originalname, mimetype, size, encoding }) => ({ fieldname, originalname, mimetype, size, encoding })) };
          if (!f) return out;
          out.pathIsString = typeof f.path === 'string';
          out.put = await b.writeFile('up/' + f.originalname, f);
          out.typed = await b.writeFile('up/typed', f, { ContentType: 'text/plain' });
          const r = await b.readFile('up/' + f.originalname);
          out.read = { text: await r.Body.transformToString(), type: r.ContentType, length: r.ContentLength };
          out.typedType = (await b.readFile('up/typed')).ContentType;
          const refuse = async (file) => { try { await b.writeFile('up/forged', file); return 'written'; } catch (e) { return e.Code; } };
          out.forged = await refuse({ path: '/etc/passwd' });
          out.tampered = await refuse({ ...f, path: f.path + '-other' });
          return out;
        }
        "#,
    )
    .await;
    let dir = temp_dir("uploads");
    let file = upload(&dir, "a.png", b"png bytes");
    let path = file.path.clone();
    // Another invocation's upload, alive at the same time: not this one's to write.
    let elsewhere = upload(&dir, "b.png", b"other");
    let req = Request::post("/upload")
        .header("content-type", "multipart/form-data; boundary=x")
        .extension(Uploads(Arc::from(vec![file])))
        .body(Bytes::from_static(b"{}"))
        .unwrap();
    let (status, v) = invoke(&h.host, "upload", req).await;
    assert_eq!(status, 200, "{v}: {}", thrown(&h.host, "upload").await);
    assert_eq!(
        v["files"],
        json!([{ "fieldname": "file", "originalname": "original-a.png", "mimetype": "image/png", "size": 9, "encoding": "7bit" }])
    );
    assert_eq!(v["pathIsString"], true);
    assert!(v["put"]["ETag"].is_string(), "{v}");
    // The upload's own type unless the function names one.
    assert_eq!(v["read"], json!({ "text": "png bytes", "type": "image/png", "length": 9 }));
    assert_eq!(v["typedType"], "text/plain");
    assert_eq!(v["forged"], "AccessDenied");
    assert_eq!(v["tampered"], "AccessDenied");
    let storage = h.host.app(APP).unwrap().bindings().storage().unwrap().clone();
    assert!(matches!(storage.head_object("data", "up/forged").await, Err(StorageError::NoSuchKey { .. })));
    // The invocation is over: its upload is deleted (by the worker, just after it answered), the
    // other one is not.
    common::eventually("the upload to be deleted", || async { (!path.exists()).then_some(()) }).await;
    assert!(elsewhere.path.exists());

    // multer's req.files: undefined without multipart, an empty array for a multipart body without files.
    let (_, v) = invoke(&h.host, "upload", Request::get("/upload").body(Bytes::new()).unwrap()).await;
    assert_eq!(v, json!({ "files": "undefined" }));
    let req = Request::post("/upload")
        .header("content-type", "multipart/form-data; boundary=x")
        .extension(Uploads(Arc::from(Vec::new())))
        .body(Bytes::from_static(b"{}"))
        .unwrap();
    let (_, v) = invoke(&h.host, "upload", req).await;
    assert_eq!(v, json!({ "files": [] }));
    drop(elsewhere);
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_host_without_storage_rejects_clearly() {
    let host = Host::builder().language(JsLanguage::new()).workers(1).build().unwrap();
    host.create_app(APP, None).unwrap();
    let v = run(
        &host,
        "nostorage",
        r#"
        import cloud from '@lafjs/cloud';
        export default async function () {
          try { await cloud.storage.bucket('data').readFile('x'); return 'read'; }
          catch (e) { return { Code: e.Code, message: e.message }; }
        }
        "#,
    )
    .await;
    assert_eq!(v["Code"], "NotImplemented");
    assert!(v["message"].as_str().unwrap().contains("no storage configured"), "{v}");
}

/// Local storage with one thing changed.
struct Tweaked(LocalStorage, Tweak);

#[derive(PartialEq)]
enum Tweak {
    /// Puts never finish: for the deadline.
    StallPuts,
    /// Whole objects claim a length of a petabyte: for buffers reserved from it.
    HugeLengths,
}

#[async_trait]
impl StorageBackend for Tweaked {
    fn kind(&self) -> &'static str {
        "tweaked"
    }
    async fn create_bucket(&self, bucket: &str, policy: BucketPolicy) -> Result<(), StorageError> {
        self.0.create_bucket(bucket, policy).await
    }
    async fn delete_bucket(&self, bucket: &str) -> Result<(), StorageError> {
        self.0.delete_bucket(bucket).await
    }
    async fn list_buckets(&self, prefix: &str) -> Result<Vec<BucketInfo>, StorageError> {
        self.0.list_buckets(prefix).await
    }
    async fn bucket_policy(&self, bucket: &str) -> Result<BucketPolicy, StorageError> {
        self.0.bucket_policy(bucket).await
    }
    async fn set_bucket_policy(&self, bucket: &str, policy: BucketPolicy) -> Result<(), StorageError> {
        self.0.set_bucket_policy(bucket, policy).await
    }
    async fn put_object(&self, b: &str, k: &str, body: PutBody, o: PutOptions) -> Result<PutResult, StorageError> {
        if self.1 == Tweak::StallPuts {
            std::future::pending::<()>().await;
        }
        self.0.put_object(b, k, body, o).await
    }
    async fn get_object(&self, bucket: &str, key: &str, range: Option<ByteRange>) -> Result<GetObject, StorageError> {
        let mut got = self.0.get_object(bucket, key, range).await?;
        if self.1 == Tweak::HugeLengths && got.range.is_none() {
            got.meta.size = 1 << 50;
        }
        Ok(got)
    }
    async fn head_object(&self, bucket: &str, key: &str) -> Result<ObjectMeta, StorageError> {
        self.0.head_object(bucket, key).await
    }
    async fn list_objects(&self, bucket: &str, options: &ListOptions) -> Result<ListPage, StorageError> {
        self.0.list_objects(bucket, options).await
    }
    async fn delete_object(&self, bucket: &str, key: &str) -> Result<(), StorageError> {
        self.0.delete_object(bucket, key).await
    }
    async fn copy_object(&self, fb: &str, fk: &str, tb: &str, tk: &str) -> Result<PutResult, StorageError> {
        self.0.copy_object(fb, fk, tb, tk).await
    }
    async fn presign(&self, m: PresignMethod, b: &str, k: &str, e: Duration) -> Result<String, StorageError> {
        self.0.presign(m, b, k, e).await
    }
    fn external_url(&self, bucket: &str, key: &str) -> String {
        self.0.external_url(bucket, key)
    }
}

#[tokio::test]
async fn a_stalled_storage_call_ends_at_the_deadline() {
    let h =
        st_host_with(JsLanguage::new(), Duration::from_millis(300), |b| Arc::new(Tweaked(b, Tweak::StallPuts))).await;
    publish(
        &h.host,
        "stall",
        r#"
        import cloud from '@lafjs/cloud';
        export default async function () {
          try { await cloud.storage.bucket('data').writeFile('k', 'v'); cloud.shared.set('outcome', 'written'); }
          catch (e) { cloud.shared.set('outcome', e.message); }
          return 'late';
        }
        "#,
    )
    .await;
    // The host's timeout and the call's rejection fire at the same instant: the answer is a 504
    // or, when the rejection wins, the function's own; either way the call does not hang.
    let (status, _) = invoke(&h.host, "stall", Request::get("/stall").body(Bytes::new()).unwrap()).await;
    assert!(status == 504 || status == 200, "{status}");
    // The promise rejects at the deadline (not never), and the function's handler still runs.
    let app = h.host.app(APP).unwrap();
    let outcome = common::eventually("the stalled call to end", || async {
        app.bindings().shared.get("outcome").map(|v| v.to_string())
    })
    .await;
    assert!(outcome.contains("deadline"), "{outcome}");
}

#[tokio::test]
async fn copies_outside_the_heap_are_bounded_across_operations_in_flight() {
    // A 64 MiB runtime: storage operations in flight may hold at most 64 MiB outside its heap.
    let config = JsConfig { memory_limit: 64 << 20, ..JsConfig::default() };
    let h = st_host_with(JsLanguage::with_config(config), Duration::from_secs(30), |b| Arc::new(b)).await;
    let v = run(
        &h.host,
        "inflight",
        r#"
        import cloud from '@lafjs/cloud';
        const b = cloud.storage.bucket('data');
        const outcome = (rs) => ({
          ok: rs.filter((r) => r.status === 'fulfilled').length,
          refused: rs.filter((r) => r.status === 'rejected').map((r) => `${r.reason.name}: ${r.reason.message}`),
        });
        async function burst(tag) {
          const s = 'x'.repeat(12e6);
          return outcome(await Promise.allSettled([...Array(10)].map((_, i) => b.writeFile(tag + i, s))));
        }
        async function reads() {
          const bodies = await Promise.all([...Array(4)].map(() => b.readFile('obj')));
          const rs = await Promise.allSettled(bodies.map((r) => r.Body.transformToByteArray().then((a) => a.length)));
          return { ...outcome(rs), lengths: rs.filter((r) => r.status === 'fulfilled').map((r) => r.value) };
        }
        export default async function () {
          const first = await burst('a');
          // Everything was given back: the same burst again fares the same, one at a time all pass.
          const second = await burst('b');
          let oneByOne = 0;
          for (let i = 0; i < 6; i++) { await b.writeFile('c' + i, 'y'.repeat(12e6)); oneByOne++; }
          await b.writeFile('obj', new Uint8Array(24e6));
          const whole = await reads();
          const after = (await (await b.readFile('obj')).Body.transformToString('latin1')).length;
          return { first, second, oneByOne, whole, after };
        }
        "#,
    )
    .await;
    let limit = 64 << 20;
    let message = format!(
        "RangeError: storage operations in flight hold more than {limit} bytes; await some before starting more"
    );
    for burst in ["first", "second"] {
        let b = &v[burst];
        // 5 × 12 MB fit in 64 MiB, a sixth does not.
        assert!(b["ok"].as_u64().unwrap() >= 5, "{burst}: {v}");
        let refused = b["refused"].as_array().unwrap();
        assert!(!refused.is_empty(), "{burst}: {v}");
        assert!(refused.iter().all(|r| r == &json!(message)), "{burst}: {v}");
    }
    assert_eq!(v["oneByOne"], 6);
    // Two 24 MB objects read whole fit, a third does not.
    assert!(v["whole"]["ok"].as_u64().unwrap() >= 2, "{v}");
    assert!(v["whole"]["lengths"].as_array().unwrap().iter().all(|l| l == 24_000_000), "{v}");
    assert!(v["whole"]["refused"].as_array().unwrap().iter().all(|r| r == &json!(message)), "{v}");
    assert!(!v["whole"]["refused"].as_array().unwrap().is_empty(), "{v}");
    assert_eq!(v["after"], 24_000_000);
}

#[tokio::test]
async fn a_whole_read_without_a_memory_limit_reserves_no_more_than_it_reads() {
    // No memory limit, and a backend claiming every object is a petabyte: reserving that much up
    // front would abort the process.
    let config = JsConfig { memory_limit: 0, ..JsConfig::default() };
    let h = st_host_with(JsLanguage::with_config(config), Duration::from_secs(20), |b| {
        Arc::new(Tweaked(b, Tweak::HugeLengths))
    })
    .await;
    let v = run(
        &h.host,
        "claimed",
        r#"
        import cloud from '@lafjs/cloud';
        export default async function () {
          const b = cloud.storage.bucket('data');
          await b.writeFile('small', 'abc');
          const text = await (await b.readFile('small')).Body.transformToString();
          const bytes = await (await b.readFile('small')).Body.transformToByteArray();
          const claimed = (await b.readFile('small')).ContentLength;
          return { text, bytes: bytes.length, claimed };
        }
        "#,
    )
    .await;
    assert_eq!(v, json!({ "text": "abc", "bytes": 3, "claimed": 1u64 << 50 }));
}

#[tokio::test]
async fn a_returned_body_is_sent_whole_or_not_at_all() {
    let h = st_host().await;
    let object: Vec<u8> = (0..300_000u32).map(|i| (i % 241) as u8).collect();
    let storage = h.host.app(APP).unwrap().bindings().storage().unwrap().clone();
    let options = PutOptions { content_type: Some("application/x-test".into()), ..PutOptions::default() };
    storage.put_object("data", "obj.bin", Bytes::from(object.clone()).into(), options).await.unwrap();
    let functions = [
        ("sendWhole", "return res;"),
        ("sendBody", "return res.Body;"),
        // One chunk read: the rest is not the object its Content-Length announces.
        ("sendPartial", "const it = res.Body[Symbol.asyncIterator](); await it.next(); return res;"),
        ("sendPartialBody", "for await (const c of res.Body) break; return res.Body;"),
    ];
    for (name, tail) in functions {
        let code = format!(
            "import cloud from '@lafjs/cloud';
            export default async function () {{ const res = await cloud.storage.bucket('data').readFile('obj.bin'); {tail} }}"
        );
        publish(&h.host, name, &code).await;
    }
    for name in ["sendWhole", "sendBody"] {
        let r = h.host.invoke(APP, name, Request::get(format!("/{name}")).body(Bytes::new()).unwrap()).await.unwrap();
        assert_eq!(r.status, 200, "{name}");
        assert_eq!(r.headers.get("content-type").unwrap(), "application/x-test", "{name}");
        assert_eq!(&r.collect_body().await[..], &object[..], "{name}");
    }
    let (status, _) = invoke(&h.host, "sendPartial", Request::get("/sendPartial").body(Bytes::new()).unwrap()).await;
    assert_eq!(status, 500);
    let why = thrown(&h.host, "sendPartial").await;
    assert!(why.contains("the body has been partly read: it cannot be sent"), "{why}");
    // A loop left early closed the body: refused as well, never an empty or short answer.
    let (status, _) =
        invoke(&h.host, "sendPartialBody", Request::get("/sendPartialBody").body(Bytes::new()).unwrap()).await;
    assert_eq!(status, 500);
}

#[tokio::test]
async fn function_code_cannot_answer_another_invocation_with_a_body() {
    let h = st_host().await;
    publish(
        &h.host,
        "steal",
        r#"
        import cloud from '@lafjs/cloud';
        let release = null;
        export default async function (ctx) {
          if (ctx.query.role === 'victim') { await new Promise((r) => { release = r; }); return 'victim answer'; }
          if (!release) return 'not yet';
          const b = cloud.storage.bucket('data');
          await b.writeFile('secret.txt', 'secret');
          // Every function reachable on a result or its body, called with every plausible call id.
          let calls = 0;
          for (let id = 1; id < 200; id++) {
            const res = await b.readFile('secret.txt');
            for (const target of [res, res.Body]) {
              for (const key of Reflect.ownKeys(target)) {
                const f = target[key];
                if (typeof f !== 'function') continue;
                calls++;
                try { f(id, 200, null); } catch {}
                try { f(4, id, 200, null); } catch {}
              }
            }
          }
          const r = release;
          release = null;
          r();
          return { calls };
        }
        "#,
    )
    .await;
    let victim = invoke(&h.host, "steal", Request::get("/steal?role=victim").body(Bytes::new()).unwrap());
    let attacker = common::eventually("the victim to start waiting", || async {
        let (status, v) = invoke(&h.host, "steal", Request::get("/steal").body(Bytes::new()).unwrap()).await;
        (v != "not yet").then_some((status, v))
    });
    let ((status, v), (_, a)) = tokio::join!(victim, attacker);
    assert_eq!((status, v), (200, json!("victim answer")), "attacker: {a}");
    assert_eq!(a, json!({ "calls": 0 }));
}

#[tokio::test]
async fn uploads_are_writable_from_any_job_of_their_invocation_and_not_after_it() {
    let h = st_host().await;
    publish(
        &h.host,
        "relay",
        r#"
        import cloud from '@lafjs/cloud';
        let wake = null, stash = null;
        const write = async (key, file) => {
          try { await cloud.storage.bucket('data').writeFile(key, file); return 'written'; } catch (e) { return e.Code; }
        };
        export default async function (ctx) {
          const role = ctx.query.role;
          if (role === 'wait') {
            stash = ctx.files[0];
            await new Promise((r) => { wake = r; });
            // Runs while the jobs of the invocation that woke this one drain.
            return write('relayed', stash);
          }
          if (role === 'wake') {
            if (!wake) return 'not yet';
            const w = wake;
            wake = null;
            w();
            return 'woke';
          }
          // The upload of an invocation that has finished.
          return write('late', stash);
        }
        "#,
    )
    .await;
    let dir = temp_dir("relay");
    let req = Request::post("/relay?role=wait")
        .header("content-type", "multipart/form-data; boundary=x")
        .extension(Uploads(Arc::from(vec![upload(&dir, "r.png", b"relayed bytes")])))
        // The gateway parsed the multipart body into the uploads; what is left for ctx.body.
        .body(Bytes::from_static(b"{}"))
        .unwrap();
    let wait = invoke(&h.host, "relay", req);
    let wake = common::eventually("the waiting invocation to start waiting", || async {
        let (_, v) = invoke(&h.host, "relay", Request::get("/relay?role=wake").body(Bytes::new()).unwrap()).await;
        (v == "woke").then_some(())
    });
    let ((status, v), ()) = tokio::join!(wait, wake);
    assert_eq!((status, v), (200, json!("written")));
    let storage = h.host.app(APP).unwrap().bindings().storage().unwrap().clone();
    let got = storage.get_object("data", "relayed", None).await.unwrap();
    assert_eq!(&got.bytes(1 << 20).await.unwrap()[..], b"relayed bytes");
    let (_, v) = invoke(&h.host, "relay", Request::get("/relay").body(Bytes::new()).unwrap()).await;
    assert_eq!(v, "AccessDenied");
    assert!(matches!(storage.head_object("data", "late").await, Err(StorageError::NoSuchKey { .. })));
    let _ = std::fs::remove_dir_all(dir);
}

/// `bucket.writeFile` takes a Node readable stream, as Laf's docs pass `fs.createReadStream(...)`.
#[tokio::test]
async fn write_file_takes_a_node_readable_stream() {
    let h = st_host().await;
    publish(
        &h.host,
        "streamed",
        r#"
        import cloud from '@lafjs/cloud';
        import fs from 'fs';
        import { Readable } from 'stream';
        export default async function () {
          const b = cloud.storage.bucket('data');
          fs.writeFileSync('/tmp/report.csv', 'a,b\n1,2\n');
          await b.writeFile('from-file.csv', fs.createReadStream('/tmp/report.csv', { highWaterMark: 3 }));
          await b.writeFile('from-gen.txt', Readable.from(['x', Buffer.from('y'), 'z']));
          const read = async (k) => (await b.readFile(k)).Body.transformToString();
          return { file: await read('from-file.csv'), gen: await read('from-gen.txt') };
        }
        "#,
    )
    .await;
    let (status, v) = invoke(&h.host, "streamed", Request::get("/streamed").body(Bytes::new()).unwrap()).await;
    assert_eq!(status, 200, "{v}: {}", thrown(&h.host, "streamed").await);
    assert_eq!(v, json!({"file": "a,b\n1,2\n", "gen": "xyz"}));
}
