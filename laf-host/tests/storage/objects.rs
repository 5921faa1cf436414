//! Objects: put, get (whole and ranges), head, overwrite, delete, copy, and key edge cases.

use bytes::Bytes;
use laf_host::bindings::storage::{BucketPolicy, ByteRange, PresignMethod, PutBody, PutOptions, StorageError};
use std::time::Duration;

use crate::harness::Env;
use crate::support::{all_keys, assert_err, body, options, read, write};

pub async fn put_get_head_keep_content_type_and_metadata(env: Env) {
    let app = env.app("app");
    app.create_bucket("docs", BucketPolicy::Private).await.unwrap();
    let put = app
        .put_object("docs", "notes/hello.txt", "hello, world".into(), options("text/plain", &[("Author", "ada")]))
        .await
        .unwrap();
    assert_eq!(put.size, 12);
    assert!(put.etag.starts_with('"') && put.etag.ends_with('"'), "S3 quotes entity tags: {}", put.etag);

    let get = app.get_object("docs", "notes/hello.txt", None).await.unwrap();
    assert_eq!(get.range, None);
    assert_eq!(get.content_length(), 12);
    let meta = get.meta.clone();
    assert_eq!(body(get).await, "hello, world");
    let head = app.head_object("docs", "notes/hello.txt").await.unwrap();
    for m in [&meta, &head] {
        assert_eq!(m.key, "notes/hello.txt");
        assert_eq!(m.size, 12);
        assert_eq!(m.etag, put.etag);
        assert_eq!(m.content_type.as_deref(), Some("text/plain"));
        // Metadata names come back lowercase, as S3 stores them.
        assert_eq!(m.metadata.get("author").map(String::as_str), Some("ada"), "{m:?}");
    }
    let age = std::time::SystemTime::now().duration_since(head.last_modified).unwrap_or_default();
    assert!(age < Duration::from_secs(60), "last_modified is now, not {:?}", head.last_modified);
}

pub async fn missing_objects_and_buckets(env: Env) {
    let app = env.app("app");
    app.create_bucket("docs", BucketPolicy::Private).await.unwrap();
    let no_key = |e: &StorageError| matches!(e, StorageError::NoSuchKey { bucket, key } if bucket == "app-docs" && key == "nope");
    assert_err(app.get_object("docs", "nope", None).await, no_key, "get missing key");
    assert_err(app.head_object("docs", "nope").await, no_key, "head missing key");
    let no_bucket = |e: &StorageError| matches!(e, StorageError::NoSuchBucket(_));
    assert_err(app.get_object("gone", "k", None).await, no_bucket, "get in missing bucket");
    assert_err(
        app.put_object("gone", "k", "x".into(), PutOptions::default()).await,
        no_bucket,
        "put in missing bucket",
    );
    assert_err(app.list_objects("gone", &Default::default()).await, no_bucket, "list missing bucket");
}

pub async fn byte_ranges(env: Env) {
    let app = env.app("app");
    app.create_bucket("data", BucketPolicy::Private).await.unwrap();
    let data: Vec<u8> = (0..1000u32).map(|i| (i % 251) as u8).collect();
    app.put_object("data", "blob", data.clone().into(), PutOptions::default()).await.unwrap();

    let cases = [
        (ByteRange::From { start: 0, end: Some(99) }, (0, 99)),
        (ByteRange::From { start: 400, end: Some(499) }, (400, 499)),
        (ByteRange::From { start: 990, end: None }, (990, 999)),
        (ByteRange::Suffix(20), (980, 999)),
        // An end past the object is cut to its end.
        (ByteRange::From { start: 900, end: Some(5000) }, (900, 999)),
    ];
    for (range, (start, end)) in cases {
        let get = app.get_object("data", "blob", Some(range)).await.unwrap();
        assert_eq!(get.range, Some((start, end)), "{range}");
        assert_eq!(get.meta.size, 1000, "{range}: size is the whole object's");
        assert_eq!(get.content_length(), end - start + 1);
        assert_eq!(body(get).await, data[start as usize..=end as usize], "{range}");
    }
    assert_err(
        app.get_object("data", "blob", Some(ByteRange::From { start: 1000, end: None })).await,
        |e| matches!(e, StorageError::InvalidRange(_)),
        "range past the end",
    );
}

pub async fn overwrite_replaces(env: Env) {
    let app = env.app("app");
    app.create_bucket("data", BucketPolicy::Private).await.unwrap();
    app.put_object("data", "k", "first version".into(), options("text/plain", &[("v", "1")])).await.unwrap();
    app.put_object("data", "k", "second".into(), options("application/json", &[("w", "2")])).await.unwrap();
    assert_eq!(read(&app, "data", "k").await, "second");
    let head = app.head_object("data", "k").await.unwrap();
    assert_eq!(head.size, 6);
    assert_eq!(head.content_type.as_deref(), Some("application/json"));
    assert_eq!(head.metadata.into_iter().collect::<Vec<_>>(), [("w".to_owned(), "2".to_owned())]);
    assert_eq!(all_keys(&app, "data", None).await, ["k"]);
}

pub async fn delete_is_idempotent(env: Env) {
    let app = env.app("app");
    app.create_bucket("data", BucketPolicy::Private).await.unwrap();
    write(&app, "data", "a/b.txt", "x").await;
    write(&app, "data", "a/c.txt", "y").await;
    app.delete_object("data", "a/b.txt").await.unwrap();
    assert_err(app.head_object("data", "a/b.txt").await, |e| matches!(e, StorageError::NoSuchKey { .. }), "deleted");
    // Deleting a missing key succeeds, as in S3.
    app.delete_object("data", "a/b.txt").await.unwrap();
    app.delete_object("data", "never-there").await.unwrap();
    assert_eq!(all_keys(&app, "data", None).await, ["a/c.txt"]);
}

pub async fn copy_keeps_content_type_and_metadata(env: Env) {
    let app = env.app("app");
    app.create_bucket("src", BucketPolicy::Private).await.unwrap();
    app.create_bucket("dst", BucketPolicy::Private).await.unwrap();
    app.put_object("src", "in/a b.txt", "copied body".into(), options("text/markdown", &[("tag", "x")])).await.unwrap();

    let within = app.copy_object("src", "in/a b.txt", "src", "out/copy.txt").await.unwrap();
    assert_eq!(within.size, 11);
    let across = app.copy_object("src", "in/a b.txt", "dst", "ü/copy.txt").await.unwrap();
    assert_eq!(across.size, 11);
    for (bucket, key) in [("src", "out/copy.txt"), ("dst", "ü/copy.txt")] {
        assert_eq!(read(&app, bucket, key).await, "copied body");
        let head = app.head_object(bucket, key).await.unwrap();
        assert_eq!(head.content_type.as_deref(), Some("text/markdown"));
        assert_eq!(head.metadata.get("tag").map(String::as_str), Some("x"));
    }
    // The source is untouched.
    assert_eq!(read(&app, "src", "in/a b.txt").await, "copied body");
    assert_err(
        app.copy_object("src", "missing", "dst", "x").await,
        |e| matches!(e, StorageError::NoSuchKey { .. }),
        "copy a missing key",
    );
}

pub async fn awkward_keys(env: Env) {
    let app = env.app("app");
    app.create_bucket("data", BucketPolicy::Private).await.unwrap();
    // `a` and `a/b` side by side: a file and a "directory" of the same name, which S3 allows.
    let keys = ["a", "a/b", "a/b/c", "with space.txt", "ünïcødé/日本語.txt", "plus+and&amp=.txt", "dir/", "x..y"];
    for key in keys {
        app.put_object("data", key, Bytes::from(format!("body of {key}")).into(), PutOptions::default())
            .await
            .unwrap_or_else(|e| panic!("put {key:?}: {e}"));
    }
    for key in keys {
        assert_eq!(read(&app, "data", key).await, format!("body of {key}"), "{key:?}");
    }
    let mut sorted = keys.map(str::to_owned).to_vec();
    sorted.sort();
    assert_eq!(all_keys(&app, "data", None).await, sorted);
    app.delete_object("data", "a").await.unwrap();
    assert_eq!(read(&app, "data", "a/b").await, "body of a/b");
}

pub async fn traversal_keys_are_refused(env: Env) {
    let app = env.app("app");
    app.create_bucket("data", BucketPolicy::Private).await.unwrap();
    let invalid = |e: &StorageError| matches!(e, StorageError::InvalidKey(_));
    for key in ["../../etc/passwd", "a/../../b", "/etc/passwd", "a\0b", ""] {
        let body = PutBody::from("x");
        assert_err(app.put_object("data", key, body, PutOptions::default()).await, invalid, key);
        assert_err(app.get_object("data", key, None).await, invalid, key);
        assert_err(app.head_object("data", key).await, invalid, key);
        assert_err(app.delete_object("data", key).await, invalid, key);
        assert_err(app.copy_object("data", key, "data", "x").await, invalid, key);
        assert_err(app.copy_object("data", "x", "data", key).await, invalid, key);
        assert_err(app.presign(PresignMethod::Get, "data", key, Duration::from_secs(60)).await, invalid, key);
        assert!(app.external_url("data", key).is_err(), "{key:?}");
    }
    assert!(all_keys(&app, "data", None).await.is_empty());
}

pub async fn metadata_must_travel_as_headers(env: Env) {
    let app = env.app("app");
    app.create_bucket("docs", BucketPolicy::Private).await.unwrap();
    let invalid = |e: &StorageError| matches!(e, StorageError::InvalidArgument(_));
    for (ct, meta) in [
        ("text/plain", ("author", "Zoë")),
        ("text/plain", ("two words", "x")),
        ("text/plain", ("", "x")),
        ("text/plain", ("line", "a\nb")),
        ("text/plain\r\nx: y", ("a", "b")),
    ] {
        let r = app.put_object("docs", "k", "x".into(), options(ct, &[meta])).await;
        assert_err(r, invalid, &format!("{ct:?} {meta:?}"));
    }
    let big = "v".repeat(2049);
    assert_err(
        app.put_object("docs", "k", "x".into(), options("text/plain", &[("a", &big)])).await,
        invalid,
        "over 2 KB",
    );
    assert!(all_keys(&app, "docs", None).await.is_empty(), "nothing was stored");
    let ok = "v".repeat(2030);
    app.put_object("docs", "k", "x".into(), options("text/plain", &[("Author-Name", &ok)])).await.unwrap();
    assert_eq!(app.head_object("docs", "k").await.unwrap().metadata["author-name"], ok);
}
