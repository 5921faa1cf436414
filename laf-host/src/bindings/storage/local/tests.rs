use std::collections::BTreeMap;
use std::sync::Arc;

use bytes::Bytes;
use futures_util::StreamExt;

use super::*;

/// A fresh directory under the system's temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("laf-local-{name}-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

async fn store(name: &str) -> (TempDir, LocalStorage) {
    let dir = TempDir::new(name);
    let storage = LocalStorage::open(&dir.0.join("data"), "http://localhost:8000/").unwrap();
    storage.create_bucket("app-b", BucketPolicy::Private).await.unwrap();
    (dir, storage)
}

async fn put(s: &LocalStorage, key: &str, body: &'static str) -> PutResult {
    s.put_object("app-b", key, body.into(), PutOptions::default()).await.unwrap()
}

async fn read(s: &LocalStorage, key: &str) -> Bytes {
    s.get_object("app-b", key, None).await.unwrap().bytes(1 << 20).await.unwrap()
}

fn keys(page: &ListPage) -> Vec<&str> {
    page.objects.iter().map(|o| o.key.as_str()).collect()
}

/// Every regular file under `dir`, recursively.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() { out.extend(files(&path)) } else { out.push(path) }
    }
    out
}

#[tokio::test]
async fn buckets_are_created_listed_and_deleted_as_s3() {
    let (_dir, s) = store("buckets").await;
    assert!(matches!(s.create_bucket("app-b", BucketPolicy::Private).await, Err(StorageError::BucketExists(_))));
    s.create_bucket("app-a", BucketPolicy::Readonly).await.unwrap();
    s.create_bucket("other-c", BucketPolicy::Private).await.unwrap();
    let names: Vec<_> = s.list_buckets("app-").await.unwrap().into_iter().map(|b| b.name).collect();
    assert_eq!(names, ["app-a", "app-b"]);
    assert_eq!(s.bucket_policy("app-a").await.unwrap(), BucketPolicy::Readonly);
    s.set_bucket_policy("app-a", BucketPolicy::Readwrite).await.unwrap();
    // Persisted: a new handle on the same directory sees it.
    let again = LocalStorage::open(&s.root, "http://x").unwrap();
    assert_eq!(again.bucket_policy("app-a").await.unwrap(), BucketPolicy::Readwrite);

    put(&s, "dir/x", "1").await;
    assert!(matches!(s.delete_bucket("app-b").await, Err(StorageError::BucketNotEmpty(_))));
    s.delete_object("app-b", "dir/x").await.unwrap();
    s.delete_bucket("app-b").await.unwrap();
    assert!(matches!(s.bucket_policy("app-b").await, Err(StorageError::NoSuchBucket(_))));
    assert!(matches!(s.delete_bucket("app-b").await, Err(StorageError::NoSuchBucket(_))));
    for bad in ["../x", "APP-b", "a/b", "-ab"] {
        assert!(matches!(s.create_bucket(bad, BucketPolicy::Private).await, Err(StorageError::InvalidBucketName(_))));
    }
}

#[tokio::test]
async fn objects_round_trip_with_type_metadata_etag_and_ranges() {
    let (_dir, s) = store("objects").await;
    let mut metadata = BTreeMap::new();
    metadata.insert("Owner".to_owned(), "ann".to_owned());
    let options = PutOptions { content_type: Some("text/plain".into()), metadata };
    let stored = s.put_object("app-b", "a/b.txt", "hello world".into(), options).await.unwrap();
    // MD5("hello world").
    assert_eq!(stored.etag, "\"5eb63bbbe01eeed093cb22bb8f5acdc3\"");
    assert_eq!(stored.size, 11);
    let head = s.head_object("app-b", "a/b.txt").await.unwrap();
    assert_eq!(head.content_type.as_deref(), Some("text/plain"));
    assert_eq!(head.metadata.get("owner").map(String::as_str), Some("ann"));
    assert_eq!(head.etag, stored.etag);

    let got = s.get_object("app-b", "a/b.txt", Some(ByteRange::From { start: 6, end: None })).await.unwrap();
    assert_eq!(got.range, Some((6, 10)));
    assert_eq!(got.bytes(100).await.unwrap(), "world");
    let got = s.get_object("app-b", "a/b.txt", Some(ByteRange::Suffix(3))).await.unwrap();
    assert_eq!(got.bytes(100).await.unwrap(), "rld");
    let past = s.get_object("app-b", "a/b.txt", Some(ByteRange::From { start: 11, end: None })).await;
    assert!(matches!(past, Err(StorageError::InvalidRange(_))));

    // `a` and `a/b.txt` coexist, and so does the folder marker `a/`.
    put(&s, "a", "file a").await;
    put(&s, "a/", "").await;
    assert_eq!(read(&s, "a").await, "file a");
    assert_eq!(read(&s, "a/").await, "");
    assert_eq!(read(&s, "a/b.txt").await, "hello world");

    let copied = s.copy_object("app-b", "a/b.txt", "app-b", "c/d").await.unwrap();
    assert_eq!(copied.etag, stored.etag);
    let head = s.head_object("app-b", "c/d").await.unwrap();
    assert_eq!(head.content_type.as_deref(), Some("text/plain"));
    assert_eq!(head.metadata.get("owner").map(String::as_str), Some("ann"));

    s.delete_object("app-b", "a/b.txt").await.unwrap();
    s.delete_object("app-b", "a/b.txt").await.unwrap();
    assert!(matches!(s.head_object("app-b", "a/b.txt").await, Err(StorageError::NoSuchKey { .. })));
    assert!(matches!(s.head_object("nope-x", "a").await, Err(StorageError::NoSuchBucket(_))));
    assert_eq!(read(&s, "a").await, "file a");
}

#[tokio::test]
async fn a_put_replaces_data_and_type_atomically() {
    let (_dir, s) = Box::pin(store("atomic")).await;
    let s = Arc::new(s);
    let old = Bytes::from(vec![b'o'; 300_000]);
    let new = Bytes::from(vec![b'n'; 200_000]);
    let opts = |t: &str| PutOptions { content_type: Some(t.into()), ..PutOptions::default() };
    s.put_object("app-b", "k", old.clone().into(), opts("text/old")).await.unwrap();

    // A reader that opened the old version keeps reading it whole while a put replaces it.
    let reading = s.get_object("app-b", "k", None).await.unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let (reading_body, body_read) = tokio::sync::oneshot::channel::<()>();
    let slow = futures_util::stream::once(async move {
        let _ = reading_body.send(());
        let _ = rx.await;
        Ok::<_, io::Error>(Bytes::from(vec![b'n'; 200_000]))
    });
    let writer = {
        let s = s.clone();
        tokio::spawn(async move {
            let body = PutBody::Stream { stream: Box::pin(slow), length: None };
            s.put_object("app-b", "k", body, opts("text/new")).await
        })
    };
    body_read.await.expect("the put reads its body");
    // Mid-put, readers still see the whole old object, with its old type.
    let mid = s.get_object("app-b", "k", None).await.unwrap();
    assert_eq!(mid.meta.content_type.as_deref(), Some("text/old"));
    assert_eq!(mid.bytes(1 << 20).await.unwrap(), old);
    tx.send(()).unwrap();
    writer.await.unwrap().unwrap();
    assert_eq!(reading.bytes(1 << 20).await.unwrap(), old);
    let now = s.get_object("app-b", "k", None).await.unwrap();
    assert_eq!(now.meta.content_type.as_deref(), Some("text/new"));
    assert_eq!(now.bytes(1 << 20).await.unwrap(), new);

    // A put whose body fails leaves the old object and no temporary file.
    let failing = futures_util::stream::iter([Ok(Bytes::from_static(b"x")), Err(io::Error::other("cut"))]);
    let body = PutBody::Stream { stream: Box::pin(failing), length: None };
    assert!(s.put_object("app-b", "k", body, opts("text/bad")).await.is_err());
    assert_eq!(read(&s, "k").await, new);
    assert!(files(&s.root.join(".tmp")).is_empty());
    // So does a body shorter than its declared length.
    let body =
        PutBody::Stream { stream: Box::pin(futures_util::stream::iter([Ok(Bytes::from("ab"))])), length: Some(3) };
    assert!(s.put_object("app-b", "k", body, opts("text/bad")).await.is_err());
    assert_eq!(read(&s, "k").await, new);
}

#[tokio::test]
async fn listing_follows_list_objects_v2() {
    let (_dir, s) = store("list").await;
    for key in ["a", "a/b", "a/c/d", "a-b", "b/1", "b/2", "b/3/x", "c", "ü", "dir/", "dir/x"] {
        put(&s, key, "x").await;
    }
    let all = s.list_objects("app-b", &ListOptions::default()).await.unwrap();
    // UTF-8 byte order: '-' < '/' and 'ü' after ASCII.
    assert_eq!(keys(&all), ["a", "a-b", "a/b", "a/c/d", "b/1", "b/2", "b/3/x", "c", "dir/", "dir/x", "ü"]);
    assert!(!all.is_truncated && all.next_continuation_token.is_none());
    assert_eq!(all.objects[0].size, 1);
    assert_eq!(all.objects[0].etag, "\"9dd4e461268c8034f5c8564e155c67a6\"");

    let delimited = ListOptions { delimiter: Some("/".into()), ..ListOptions::default() };
    let page = s.list_objects("app-b", &delimited).await.unwrap();
    assert_eq!(keys(&page), ["a", "a-b", "c", "ü"]);
    assert_eq!(page.common_prefixes, ["a/", "b/", "dir/"]);

    let under_b = ListOptions { prefix: Some("b/".into()), ..delimited.clone() };
    let page = s.list_objects("app-b", &under_b).await.unwrap();
    assert_eq!(keys(&page), ["b/1", "b/2"]);
    assert_eq!(page.common_prefixes, ["b/3/"]);
    let partial = ListOptions { prefix: Some("a".into()), ..ListOptions::default() };
    assert_eq!(keys(&s.list_objects("app-b", &partial).await.unwrap()), ["a", "a-b", "a/b", "a/c/d"]);

    // Pages of two, delimiter on: keys and prefixes both count, and tokens resume exactly.
    let mut seen = (Vec::new(), Vec::new());
    let mut options = ListOptions { max_keys: Some(2), ..delimited.clone() };
    let mut pages = 0;
    loop {
        let page = s.list_objects("app-b", &options).await.unwrap();
        pages += 1;
        assert!(page.objects.len() + page.common_prefixes.len() <= 2);
        seen.0.extend(page.objects.iter().map(|o| o.key.clone()));
        seen.1.extend(page.common_prefixes.clone());
        if !page.is_truncated {
            break;
        }
        options.continuation_token = page.next_continuation_token;
    }
    assert_eq!(pages, 4);
    assert_eq!(seen.0, ["a", "a-b", "c", "ü"]);
    assert_eq!(seen.1, ["a/", "b/", "dir/"]);

    let after = ListOptions { start_after: Some("b/2".into()), max_keys: Some(3), ..ListOptions::default() };
    let page = s.list_objects("app-b", &after).await.unwrap();
    assert_eq!(keys(&page), ["b/3/x", "c", "dir/"]);
    assert!(page.is_truncated);
    // A v1 client resumes after a rolled-up prefix by naming it: nothing under it comes again.
    let after_prefix = ListOptions { start_after: Some("a/".into()), ..delimited.clone() };
    let page = s.list_objects("app-b", &after_prefix).await.unwrap();
    assert_eq!(keys(&page), ["c", "ü"]);
    assert_eq!(page.common_prefixes, ["b/", "dir/"]);
    let bad = ListOptions { continuation_token: Some("zz".into()), ..ListOptions::default() };
    assert!(matches!(s.list_objects("app-b", &bad).await, Err(StorageError::InvalidArgument(_))));
}

#[tokio::test]
async fn keys_cannot_reach_outside_the_data_directory() {
    let dir = TempDir::new("traversal");
    let root = dir.0.join("data");
    let s = LocalStorage::open(&root, "http://x").unwrap();
    s.create_bucket("app-b", BucketPolicy::Private).await.unwrap();
    let outside = dir.0.join("outside.txt");
    std::fs::write(&outside, "secret").unwrap();
    let escapes = ["../../outside.txt", "../../../outside.txt", "/etc/passwd", "a/../../x", "a\0b", "..", "./x"];
    for key in escapes {
        let put = s.put_object("app-b", key, "pwned".into(), PutOptions::default()).await;
        assert!(matches!(put, Err(StorageError::InvalidKey(_))), "{key:?}: {put:?}");
        assert!(matches!(s.get_object("app-b", key, None).await, Err(StorageError::InvalidKey(_))), "{key:?}");
        assert!(s.delete_object("app-b", key).await.is_err(), "{key:?}");
        assert!(s.copy_object("app-b", key, "app-b", "x").await.is_err(), "{key:?}");
    }
    for bucket in ["..", "../..", "/etc", "app-b/../.."] {
        assert!(s.put_object(bucket, "x", "pwned".into(), PutOptions::default()).await.is_err(), "{bucket}");
    }
    // Names that look like traversal but are legal keys stay inside the bucket.
    for key in ["..x", ".hidden", "%2e%2e/x", "a..b/..c"] {
        put(&s, key, "ok").await;
        assert_eq!(read(&s, key).await, "ok");
    }
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "secret");
    // Every file written is an object under the bucket (plus the bucket's own and the key).
    let objects = root.join("buckets/app-b/objects");
    for file in files(&dir.0) {
        let ours = file.starts_with(&objects)
            || file == root.join("buckets/app-b/bucket.json")
            || file == root.join(".secret")
            || file == outside;
        assert!(ours, "unexpected file {file:?}");
    }
    assert_eq!(files(&objects).len(), 4);
}

#[tokio::test]
async fn presigned_urls_are_checked_for_method_expiry_and_signature() {
    let (_dir, s) = store("presign").await;
    let url = s.presign(PresignMethod::Get, "app-b", "a b/c.txt", Duration::from_secs(60)).await.unwrap();
    let (path, query) = url.split_once('?').unwrap();
    assert_eq!(path, "http://localhost:8000/_/storage/app-b/a%20b/c.txt");
    s.verify_presigned(PresignMethod::Get, "app-b", "a b/c.txt", query).unwrap();
    assert!(s.verify_presigned(PresignMethod::Put, "app-b", "a b/c.txt", query).is_err());
    assert!(s.verify_presigned(PresignMethod::Get, "app-b", "a b/d.txt", query).is_err());
    assert!(s.verify_presigned(PresignMethod::Get, "app-c", "a b/c.txt", query).is_err());
    let tampered = query.replace("X-Laf-Expires=", "X-Laf-Expires=1");
    assert!(s.verify_presigned(PresignMethod::Get, "app-b", "a b/c.txt", &tampered).is_err());
    assert!(s.verify_presigned(PresignMethod::Get, "app-b", "a b/c.txt", "").is_err());

    // Signed with the key in `.secret`: a reopened store accepts it, another key does not.
    let reopened = LocalStorage::open(&s.root, "http://x").unwrap();
    reopened.verify_presigned(PresignMethod::Get, "app-b", "a b/c.txt", query).unwrap();
    let other = LocalStorage::open(&s.root, "http://x").unwrap().with_secret(&[7; 32]).unwrap();
    assert!(other.verify_presigned(PresignMethod::Get, "app-b", "a b/c.txt", query).is_err());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(s.root.join(".secret")).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    let past = unix_secs(SystemTime::now()) - 1;
    let expired = format!("X-Laf-Method=GET&X-Laf-Expires={past}");
    let sig = hex(&s.signature(PresignMethod::Get, "app-b", "k", past).finalize().into_bytes());
    let err = s.verify_presigned(PresignMethod::Get, "app-b", "k", &format!("{expired}&X-Laf-Signature={sig}"));
    assert!(matches!(err, Err(StorageError::AccessDenied(m)) if m.contains("expired")));
    // The store's clock dates and expires its URLs: valid through the last second, refused after.
    let clock = Arc::new(crate::clock::ManualClock::new(SystemTime::now()));
    let timed = LocalStorage::open(&s.root, "http://x").unwrap().with_clock(clock.clone());
    let url = timed.presign(PresignMethod::Get, "app-b", "k", Duration::from_secs(60)).await.unwrap();
    let query = url.split_once('?').unwrap().1;
    clock.advance(Duration::from_secs(60));
    timed.verify_presigned(PresignMethod::Get, "app-b", "k", query).unwrap();
    clock.advance(Duration::from_secs(1));
    let err = timed.verify_presigned(PresignMethod::Get, "app-b", "k", query);
    assert!(matches!(&err, Err(StorageError::AccessDenied(m)) if m.contains("expired")), "{err:?}");
    assert_eq!(s.external_url("app-b", "x/y"), "http://localhost:8000/_/storage/app-b/x/y");
}

#[tokio::test]
async fn large_bodies_stream_in_chunks() {
    let (_dir, s) = store("large").await;
    let chunk = Bytes::from(vec![7u8; CHUNK_SIZE]);
    let stream = futures_util::stream::iter((0..40).map(move |_| Ok(chunk.clone())));
    let body = PutBody::Stream { stream: Box::pin(stream), length: Some(40 * CHUNK_SIZE as u64) };
    let put = s.put_object("app-b", "big", body, PutOptions::default()).await.unwrap();
    assert_eq!(put.size, 40 * CHUNK_SIZE as u64);
    let mut got = s.get_object("app-b", "big", None).await.unwrap();
    let mut total = 0;
    while let Some(chunk) = got.body.next().await {
        let chunk = chunk.unwrap();
        assert!(chunk.len() <= CHUNK_SIZE && chunk.iter().all(|&b| b == 7));
        total += chunk.len();
    }
    assert_eq!(total, 40 * CHUNK_SIZE);
}

#[tokio::test]
async fn short_signing_keys_are_refused() {
    let (_dir, s) = store("secret").await;
    for short in [&b""[..], b"another key", &[1; 31]] {
        let refused = LocalStorage::open(&s.root, "http://x").unwrap().with_secret(short);
        assert!(matches!(refused, Err(StorageError::InvalidArgument(_))), "{} bytes", short.len());
    }
    assert!(LocalStorage::open(&s.root, "http://x").unwrap().with_secret(&[1; 32]).is_ok());
}

/// The paths synced since `from` (an index into `SYNCED`) under `root`.
fn synced_since(from: usize, root: &Path) -> Vec<PathBuf> {
    let all = object::SYNCED.lock().unwrap();
    all.iter().skip(from).filter(|p| p.starts_with(root)).cloned().collect()
}

fn synced_len() -> usize {
    object::SYNCED.lock().unwrap().len()
}

#[tokio::test]
async fn bucket_files_and_new_directories_are_synced() {
    let dir = TempDir::new("sync");
    let s = LocalStorage::open(&dir.0.join("data"), "http://x").unwrap();
    let (tmp, buckets) = (s.root.join(".tmp"), s.root.join("buckets"));
    // Other tests sync too, under their own roots: counted from here, filtered by root.
    let start = synced_len();
    s.create_bucket("app-b", BucketPolicy::Private).await.unwrap();
    let synced = synced_since(start, &s.root);
    // bucket.json, synced while staged, then the directory that received the bucket.
    assert!(synced.iter().any(|p| p.starts_with(&tmp) && p.ends_with("bucket.json")), "{synced:?}");
    assert!(synced.contains(&buckets), "{synced:?}");

    let start = synced_len();
    s.set_bucket_policy("app-b", BucketPolicy::Readonly).await.unwrap();
    let synced = synced_since(start, &s.root);
    assert!(synced.iter().any(|p| p.parent() == Some(&*tmp)), "the new bucket.json is synced: {synced:?}");
    assert!(synced.contains(&buckets.join("app-b")), "{synced:?}");

    let start = synced_len();
    put(&s, "x/y/z", "1").await;
    let objects = buckets.join("app-b/objects");
    let synced = synced_since(start, &s.root);
    // `x` and `x/y` were created: their parents hold the new entries.
    for dir in [objects.clone(), objects.join("x"), objects.join("x/y")] {
        assert!(synced.contains(&dir), "{dir:?} not in {synced:?}");
    }
}

#[tokio::test]
async fn a_put_racing_the_buckets_deletion_does_not_bring_it_back() {
    let (_dir, s) = Box::pin(store("race")).await;
    let s = Arc::new(s);
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let (reading_body, body_read) = tokio::sync::oneshot::channel::<()>();
    let slow = futures_util::stream::once(async move {
        let _ = reading_body.send(());
        let _ = rx.await;
        Ok::<_, io::Error>(Bytes::from_static(b"late"))
    });
    let writer = {
        let s = s.clone();
        tokio::spawn(async move {
            let body = PutBody::Stream { stream: Box::pin(slow), length: None };
            s.put_object("app-b", "dir/k", body, PutOptions::default()).await
        })
    };
    // The put has checked the bucket and is reading its body when the (empty) bucket goes.
    body_read.await.expect("the put reads its body");
    s.delete_bucket("app-b").await.unwrap();
    tx.send(()).unwrap();
    let put = writer.await.unwrap();
    assert!(matches!(put, Err(StorageError::NoSuchBucket(_))), "{put:?}");
    assert!(!s.root.join("buckets/app-b").exists(), "the put recreated the bucket's directories");
    assert!(files(&s.root.join(".tmp")).is_empty());
    // And the name is free again.
    s.create_bucket("app-b", BucketPolicy::Private).await.unwrap();
    assert!(s.list_objects("app-b", &ListOptions::default()).await.unwrap().objects.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_policy_change_racing_the_buckets_deletion_does_not_bring_it_back() {
    let (_dir, s) = Box::pin(store("policy-race")).await;
    let s = Arc::new(s);
    s.delete_bucket("app-b").await.unwrap();
    for _ in 0..100 {
        s.create_bucket("app-b", BucketPolicy::Private).await.unwrap();
        let setter = {
            let s = s.clone();
            tokio::spawn(async move { s.set_bucket_policy("app-b", BucketPolicy::Readonly).await })
        };
        let deleted = s.delete_bucket("app-b").await;
        let set = setter.await.unwrap();
        assert!(deleted.is_ok(), "{deleted:?}");
        assert!(set.is_ok() || matches!(set, Err(StorageError::NoSuchBucket(_))), "{set:?}");
        assert!(!s.root.join("buckets/app-b").exists(), "set_bucket_policy brought the bucket back");
    }
}

#[tokio::test]
async fn a_bucket_directory_without_bucket_json_is_replaced_on_create() {
    let (_dir, s) = store("leftover").await;
    // What a put racing a deletion left before puts took the bucket's lock.
    let leftover = s.root.join("buckets/app-x/objects/dir");
    std::fs::create_dir_all(&leftover).unwrap();
    std::fs::write(leftover.join("=orphan"), "old").unwrap();
    assert!(matches!(s.bucket_policy("app-x").await, Err(StorageError::NoSuchBucket(_))));
    s.create_bucket("app-x", BucketPolicy::Readonly).await.unwrap();
    assert_eq!(s.bucket_policy("app-x").await.unwrap(), BucketPolicy::Readonly);
    assert!(s.list_objects("app-x", &ListOptions::default()).await.unwrap().objects.is_empty());
    assert!(matches!(s.create_bucket("app-x", BucketPolicy::Private).await, Err(StorageError::BucketExists(_))));
}

/// A copy cancelled at any await leaves no temporary file, even one cancelled after it handed
/// the copy to the blocking pool and before the pool created the file.
#[test]
fn a_cancelled_copy_leaves_no_temporary_file() {
    use std::task::{Context, Poll, Waker};
    // One blocking thread: a task parked on it holds back everything queued after it.
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().max_blocking_threads(1).build().unwrap();
    runtime.block_on(async {
        let (_dir, s) = store("copy-cancel").await;
        put(&s, "from", "some bytes").await;
        let mut cx = Context::from_waker(Waker::noop());
        for polls in 1.. {
            let mut copy = Box::pin(s.copy_object("app-b", "from", "app-b", "to"));
            // Advance the copy `polls - 1` steps, letting each step's blocking work finish.
            let mut done = false;
            for _ in 1..polls {
                done = copy.as_mut().poll(&mut cx).is_ready();
                if done {
                    break;
                }
                // FIFO on one thread: runs after the step's blocking work.
                tokio::task::spawn_blocking(|| ()).await.unwrap();
            }
            if done {
                break;
            }
            // Park the blocking thread, take one more step (its blocking work queues behind the
            // parked task), cancel, then let the queue drain.
            let (started_tx, started_rx) = std::sync::mpsc::channel::<()>();
            let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
            let parked = tokio::task::spawn_blocking(move || {
                let _ = started_tx.send(());
                let _ = release_rx.recv();
            });
            started_rx.recv().unwrap();
            // A few polls: whatever the step queues stays queued (a step may first answer
            // Pending on its own, as a cooperative yield).
            let mut last = Poll::Pending;
            for _ in 0..3 {
                last = copy.as_mut().poll(&mut cx);
                if last.is_ready() {
                    break;
                }
                tokio::task::yield_now().await;
            }
            drop(copy);
            release_tx.send(()).unwrap();
            parked.await.unwrap();
            // FIFO on one thread: this runs after whatever the cancelled copy queued.
            tokio::task::spawn_blocking(|| ()).await.unwrap();
            assert!(files(&s.root.join(".tmp")).is_empty(), "leaked after {polls} steps");
            if last.is_ready() {
                break;
            }
            assert!(polls < 100, "the copy never finished");
        }
    });
}

#[tokio::test]
async fn deleting_a_bucket_walks_it_off_the_async_thread() {
    let (_dir, s) = store("delete-walk").await;
    let this = std::thread::current().id();
    // The record works: a walk on this thread shows up.
    list::walk(&s.root.join("buckets/app-b/objects"), &ListOptions::default()).unwrap();
    assert!(list::WALK_THREADS.lock().unwrap().contains(&this));
    list::WALK_THREADS.lock().unwrap().retain(|t| *t != this);
    s.delete_bucket("app-b").await.unwrap();
    assert!(!list::WALK_THREADS.lock().unwrap().contains(&this), "delete_bucket walked on the runtime's thread");
}

#[tokio::test]
async fn a_key_too_long_for_the_os_path_limit_is_an_invalid_key() {
    let dir = TempDir::new("long");
    // A deep data directory (about 2 KB), as a container's volume path might be.
    let mut root = dir.0.clone();
    for _ in 0..8 {
        root.push("d".repeat(250));
    }
    let s = LocalStorage::open(&root, "http://x").unwrap();
    s.create_bucket("app-b", BucketPolicy::Private).await.unwrap();
    // 1024 bytes, valid everywhere; each '%' takes three bytes on disk: over 4 KB of path.
    let mut key = vec!["%".repeat(80); 12].join("/");
    key.push('/');
    key.push_str(&"%".repeat(1024 - key.len()));
    assert_eq!(key.len(), 1024);
    assert!(validate_key(&key).is_ok());
    let put = s.put_object("app-b", &key, "x".into(), PutOptions::default()).await;
    assert!(
        matches!(&put, Err(StorageError::InvalidKey(m)) if m.contains("longer than the operating system allows")),
        "{put:?}"
    );
    assert!(matches!(s.head_object("app-b", &key).await, Err(StorageError::InvalidKey(_))));
    assert!(matches!(s.get_object("app-b", &key, None).await, Err(StorageError::InvalidKey(_))));
    assert!(files(&root.join(".tmp")).is_empty());
}

#[tokio::test]
async fn read_all_takes_a_whole_object_up_to_its_cap_and_refuses_past_it() {
    let (_dir, s) = store("read-all").await;
    let options = PutOptions { content_type: Some("text/plain".into()), ..Default::default() };
    s.put_object("app-b", "k", "0123456789".into(), options).await.unwrap();
    let app = crate::bindings::storage::Storage::new("app", Arc::new(s));
    let whole = app.read_all("b", "k", 10).await.unwrap();
    assert_eq!((whole.body.as_ref(), whole.meta.content_type.as_deref()), (&b"0123456789"[..], Some("text/plain")));
    let refused = app.read_all("b", "k", 9).await.unwrap_err();
    assert_eq!((refused.code(), refused.status().as_u16()), ("EntityTooLarge", 413));
    assert!(refused.to_string().contains("10 bytes") && refused.to_string().contains('9'), "{refused}");
}
