//! Streamed bodies: a 20 MB put from a stream of unknown length (a multipart upload on S3) and
//! its streamed get, compared by hash; a failing stream stores nothing.

use std::io;

use bytes::Bytes;
use futures_util::StreamExt;
use laf_host::bindings::storage::{BucketPolicy, ByteRange, PutBody, PutOptions, StorageError};
use sha2::{Digest, Sha256};

use crate::harness::Env;
use crate::support::{assert_err, body};

const LARGE: usize = 20 * 1024 * 1024;
const CHUNK: usize = 64 * 1024;

/// Deterministic, non-repeating-per-chunk bytes: chunk `i` is filled from a seed of `i`.
fn chunk(i: usize, len: usize) -> Bytes {
    let mut x = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect::<Vec<u8>>()
        .into()
}

fn large_stream() -> PutBody {
    let chunks = (0..LARGE / CHUNK).map(|i| Ok::<_, io::Error>(chunk(i, CHUNK)));
    PutBody::Stream { stream: Box::pin(futures_util::stream::iter(chunks)), length: None }
}

pub async fn large_streamed_put_and_get(env: Env) {
    let app = env.app("app");
    app.create_bucket("big", BucketPolicy::Private).await.unwrap();
    let expected = {
        let mut hash = Sha256::new();
        (0..LARGE / CHUNK).for_each(|i| hash.update(chunk(i, CHUNK)));
        hash.finalize()
    };
    let options = PutOptions { content_type: Some("application/x-test".into()), ..Default::default() };
    let put = app.put_object("big", "large.bin", large_stream(), options).await.unwrap();
    assert_eq!(put.size, LARGE as u64);

    let head = app.head_object("big", "large.bin").await.unwrap();
    assert_eq!(head.size, LARGE as u64);
    assert_eq!(head.content_type.as_deref(), Some("application/x-test"));

    let mut get = app.get_object("big", "large.bin", None).await.unwrap();
    assert_eq!(get.content_length(), LARGE as u64);
    let mut hash = Sha256::new();
    let (mut total, mut largest) = (0usize, 0usize);
    while let Some(piece) = get.body.next().await {
        let piece = piece.unwrap();
        (total, largest) = (total + piece.len(), largest.max(piece.len()));
        hash.update(&piece);
    }
    assert_eq!(total, LARGE);
    assert_eq!(hash.finalize(), expected, "the object reads back as written");
    assert!(largest < LARGE / 4, "the body streams in pieces, not as one {largest}-byte buffer");

    // A range across the 8 MiB boundary (S3's first part ends there).
    let start = 8 * 1024 * 1024 - 100;
    let get =
        app.get_object("big", "large.bin", Some(ByteRange::From { start, end: Some(start + 199) })).await.unwrap();
    let piece = body(get).await;
    let first = start as usize / CHUNK;
    let expected: Vec<u8> = [chunk(first, CHUNK), chunk(first + 1, CHUNK)].concat();
    let offset = start as usize % CHUNK;
    assert_eq!(piece, expected[offset..offset + 200]);
}

pub async fn small_known_length_stream(env: Env) {
    let app = env.app("app");
    app.create_bucket("data", BucketPolicy::Private).await.unwrap();
    let parts = ["hello ", "streamed ", "world"].map(|s| Ok::<_, io::Error>(Bytes::from_static(s.as_bytes())));
    let body_in = PutBody::Stream { stream: Box::pin(futures_util::stream::iter(parts)), length: Some(20) };
    let put = app.put_object("data", "s.txt", body_in, PutOptions::default()).await.unwrap();
    assert_eq!(put.size, 20);
    assert_eq!(crate::support::read(&app, "data", "s.txt").await, "hello streamed world");
}

pub async fn failed_stream_leaves_no_object(env: Env) {
    let app = env.app("app");
    app.create_bucket("data", BucketPolicy::Private).await.unwrap();
    // Fails after 9 MB: past the first part of an S3 multipart upload.
    let chunks = (0..9 * 1024 * 1024 / CHUNK)
        .map(|i| Ok(chunk(i, CHUNK)))
        .chain(std::iter::once(Err(io::Error::other("client went away"))));
    let failing = PutBody::Stream { stream: Box::pin(futures_util::stream::iter(chunks)), length: None };
    assert!(app.put_object("data", "partial.bin", failing, PutOptions::default()).await.is_err());
    assert_err(
        app.head_object("data", "partial.bin").await,
        |e| matches!(e, StorageError::NoSuchKey { .. }),
        "a failed put stores nothing",
    );
    assert!(crate::support::all_keys(&app, "data", None).await.is_empty());
    // The bucket is clean enough to delete.
    app.delete_bucket("data").await.unwrap();
}
