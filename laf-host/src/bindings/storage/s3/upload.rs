//! Puts: one PutObject for bodies that fit one part, a multipart upload above it, holding one
//! part in memory at a time. Parts are [`PART_SIZE`] bytes, larger for known lengths that would
//! need more than S3's 10,000 parts. An upload that does not complete (an error, or the put's
//! future dropped at a deadline or on shutdown) is aborted, so its parts are not kept.

use aws_sdk_s3::primitives::ByteStream as SdkBody;
use aws_sdk_s3::types::{CompletedMultipartUpload, CompletedPart};
use bytes::Bytes;
use futures_util::StreamExt;

use super::error::from_sdk;
use crate::bindings::storage::{ByteStream, PutBody, PutOptions, PutResult, StorageError};

/// The smallest size of a multipart upload's parts (the size for bodies of unknown length and of
/// up to 10,000 of these), and the largest body sent in one PutObject.
pub const PART_SIZE: usize = 8 * 1024 * 1024;

/// S3's limit on the parts of one upload.
const MAX_PARTS: u32 = 10_000;

/// S3's limit on the size of one part.
const MAX_PART_SIZE: u64 = 5 * 1024 * 1024 * 1024;

const MIB: u64 = 1024 * 1024;

/// The part size for a body of `length` bytes (`None`: unknown): [`PART_SIZE`], or for bodies
/// that would need more than [`MAX_PARTS`] of those, the smallest whole number of MiB that
/// keeps them within it.
pub(super) fn part_size(length: Option<u64>) -> Result<usize, StorageError> {
    let Some(length) = length else {
        return Ok(PART_SIZE);
    };
    let size = length.div_ceil(u64::from(MAX_PARTS)).div_ceil(MIB) * MIB;
    let size = size.max(PART_SIZE as u64);
    if size > MAX_PART_SIZE {
        return Err(StorageError::InvalidArgument(format!(
            "the body is {length} bytes, more than S3 can store in {MAX_PARTS} parts of at most {MAX_PART_SIZE} bytes"
        )));
    }
    usize::try_from(size)
        .map_err(|_| StorageError::InvalidArgument(format!("the body is {length} bytes, too large for this machine")))
}

/// Reads a stream in parts of `size` bytes (the last one shorter), at most `max_parts` of them.
/// A part is built in a buffer that never grows past `size`: chunks are split at the part's end
/// and their rest kept for the next part.
struct Parts {
    stream: ByteStream,
    size: usize,
    max_parts: u32,
    /// The declared length, if any: sizes the buffers and explains a refusal.
    length: Option<u64>,
    /// Read from the stream but not yet part of a part.
    pending: Option<Bytes>,
    /// Bytes handed out in parts so far.
    read: u64,
    /// Parts handed out so far.
    count: u32,
    done: bool,
}

impl Parts {
    fn new(stream: ByteStream, length: Option<u64>) -> Result<Parts, StorageError> {
        Ok(Parts::with_size(stream, length, part_size(length)?, MAX_PARTS))
    }

    fn with_size(stream: ByteStream, length: Option<u64>, size: usize, max_parts: u32) -> Parts {
        Parts { stream, size, max_parts, length, pending: None, read: 0, count: 0, done: false }
    }

    /// Whether more bytes follow, reading ahead one chunk of the stream if need be.
    async fn more(&mut self) -> Result<bool, StorageError> {
        while self.pending.as_ref().is_none_or(Bytes::is_empty) {
            if self.done {
                return Ok(false);
            }
            match self.stream.next().await {
                Some(chunk) => self.pending = Some(chunk?),
                None => self.done = true,
            }
        }
        Ok(true)
    }

    /// The next part, `None` at the end; an error instead of a part past the limit.
    async fn next(&mut self) -> Result<Option<Bytes>, StorageError> {
        if !self.more().await? {
            return Ok(None);
        }
        if self.count == self.max_parts {
            return Err(self.too_many_parts());
        }
        let mut buf: Vec<u8> = Vec::new();
        while buf.len() < self.size && self.more().await? {
            let Some(mut chunk) = self.pending.take() else { break };
            let room = self.size - buf.len();
            if chunk.len() > room {
                self.pending = Some(chunk.split_off(room));
            }
            if buf.is_empty() && chunk.len() == self.size {
                // A chunk (or the start of one) that is exactly one part goes on as it is.
                return Ok(Some(self.hand_out(chunk)));
            }
            if buf.capacity() - buf.len() < chunk.len() {
                // The declared rest of the body, or doubling for unknown lengths; never past a part.
                let declared = self.length.map_or(0, |n| n.saturating_sub(self.read).min(self.size as u64) as usize);
                let capacity = (buf.len() + chunk.len()).max(buf.capacity() * 2).max(declared).min(self.size);
                buf.reserve_exact(capacity - buf.len());
            }
            buf.extend_from_slice(&chunk);
        }
        debug_assert!(
            buf.capacity() <= self.size,
            "a part buffer of {} bytes for {}-byte parts",
            buf.capacity(),
            self.size
        );
        Ok(Some(self.hand_out(Bytes::from(buf))))
    }

    fn hand_out(&mut self, part: Bytes) -> Bytes {
        self.count += 1;
        self.read += part.len() as u64;
        part
    }

    fn too_many_parts(&self) -> StorageError {
        let limit = u64::from(self.max_parts) * self.size as u64;
        StorageError::InvalidArgument(match self.length {
            None => format!(
                "objects of unknown length are limited to {} GiB ({} parts of {} MiB); give the length to store a larger one",
                limit / (1024 * MIB),
                self.max_parts,
                self.size as u64 / MIB
            ),
            Some(declared) => format!(
                "the body is longer than the {declared} bytes declared, past the {} parts of {} bytes it was split in",
                self.max_parts, self.size
            ),
        })
    }
}

/// Stores `body` at `bucket/key`.
pub(super) async fn put(
    client: &aws_sdk_s3::Client,
    bucket: &str,
    key: &str,
    body: PutBody,
    options: PutOptions,
) -> Result<PutResult, StorageError> {
    let (stream, length) = match body {
        PutBody::Bytes(bytes) => return put_single(client, bucket, key, bytes, options).await,
        PutBody::Stream { stream, length } => (stream, length),
    };
    let mut parts = Parts::new(stream, length)?;
    let first = parts.next().await?.unwrap_or_default();
    if !parts.more().await? {
        return put_single(client, bucket, key, first, options).await;
    }
    put_multipart(client, bucket, key, first, parts, options).await
}

async fn put_single(
    client: &aws_sdk_s3::Client,
    bucket: &str,
    key: &str,
    bytes: Bytes,
    options: PutOptions,
) -> Result<PutResult, StorageError> {
    let size = bytes.len() as u64;
    let out = client
        .put_object()
        .bucket(bucket)
        .key(key)
        .set_content_type(options.content_type)
        .set_metadata(Some(options.metadata.into_iter().collect()))
        .content_length(size as i64)
        .body(SdkBody::from(bytes))
        .send()
        .await
        .map_err(|e| from_sdk(e, bucket, Some(key)))?;
    Ok(PutResult { etag: out.e_tag.unwrap_or_default(), size })
}

/// A multipart upload under way.
#[derive(Debug)]
struct Upload {
    client: aws_sdk_s3::Client,
    bucket: String,
    key: String,
    id: String,
}

impl Upload {
    /// Aborts the upload, which deletes its parts; a failure is logged.
    async fn abort(&self) {
        let request = self.client.abort_multipart_upload().bucket(&self.bucket).key(&self.key).upload_id(&self.id);
        if let Err(e) = request.send().await {
            let error = from_sdk(e, &self.bucket, Some(&self.key));
            tracing::warn!(bucket = %self.bucket, key = %self.key, upload_id = %self.id, %error, "aborting a multipart upload failed; its parts stay stored");
        }
    }
}

/// Aborts a multipart upload unless disarmed: when dropped armed (the put's future dropped at a
/// deadline or on shutdown), it spawns the abort on the current tokio runtime, since parts of an
/// upload that is neither completed nor aborted are kept (and billed) by the service.
#[derive(Debug)]
struct AbortGuard(Option<Upload>);

impl AbortGuard {
    fn new(upload: Upload) -> AbortGuard {
        AbortGuard(Some(upload))
    }

    fn upload(&self) -> Option<&Upload> {
        self.0.as_ref()
    }

    /// The upload completed: nothing to abort.
    fn disarm(&mut self) {
        self.0 = None;
    }

    /// Aborts now; if this is dropped before the abort is answered, the drop aborts again.
    async fn abort(&mut self) {
        if let Some(upload) = &self.0 {
            upload.abort().await;
        }
        self.0 = None;
    }
}

impl Drop for AbortGuard {
    fn drop(&mut self) {
        let Some(upload) = self.0.take() else { return };
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                tracing::debug!(bucket = %upload.bucket, key = %upload.key, upload_id = %upload.id, "aborting an abandoned multipart upload");
                runtime.spawn(async move { upload.abort().await });
            }
            Err(_) => tracing::warn!(
                bucket = %upload.bucket,
                key = %upload.key,
                upload_id = %upload.id,
                "a multipart upload was abandoned outside a tokio runtime and cannot be aborted; its parts stay stored until a lifecycle rule removes them"
            ),
        }
    }
}

async fn put_multipart(
    client: &aws_sdk_s3::Client,
    bucket: &str,
    key: &str,
    first: Bytes,
    parts: Parts,
    options: PutOptions,
) -> Result<PutResult, StorageError> {
    let created = client
        .create_multipart_upload()
        .bucket(bucket)
        .key(key)
        .set_content_type(options.content_type)
        .set_metadata(Some(options.metadata.into_iter().collect()))
        .send()
        .await
        .map_err(|e| from_sdk(e, bucket, Some(key)))?;
    let upload_id = created
        .upload_id
        .ok_or_else(|| StorageError::Backend("CreateMultipartUpload answered without an upload id".into()))?;
    let mut guard = AbortGuard::new(Upload {
        client: client.clone(),
        bucket: bucket.to_owned(),
        key: key.to_owned(),
        id: upload_id,
    });
    let result = upload_parts(&guard, first, parts).await;
    match result {
        Ok(_) => guard.disarm(),
        // The put's own error matters more than the abort's, which is only logged.
        Err(_) => guard.abort().await,
    }
    result
}

/// Uploads `first` and the rest of `parts` to `guard`'s upload, and completes it.
async fn upload_parts(guard: &AbortGuard, first: Bytes, mut parts: Parts) -> Result<PutResult, StorageError> {
    let Some(Upload { client, bucket, key, id }) = guard.upload() else {
        return Err(StorageError::Backend("the multipart upload was already aborted".into()));
    };
    let mut completed = Vec::new();
    let mut size = 0u64;
    let mut number = 0i32;
    let mut next = Some(first);
    while let Some(part) = next {
        number += 1;
        size += part.len() as u64;
        let out = client
            .upload_part()
            .bucket(bucket)
            .key(key)
            .upload_id(id)
            .part_number(number)
            .content_length(part.len() as i64)
            .body(SdkBody::from(part))
            .send()
            .await
            .map_err(|e| from_sdk(e, bucket, Some(key)))?;
        completed.push(CompletedPart::builder().part_number(number).set_e_tag(out.e_tag).build());
        next = parts.next().await?;
    }
    let out = client
        .complete_multipart_upload()
        .bucket(bucket)
        .key(key)
        .upload_id(id)
        .multipart_upload(CompletedMultipartUpload::builder().set_parts(Some(completed)).build())
        .send()
        .await
        .map_err(|e| from_sdk(e, bucket, Some(key)))?;
    Ok(PutResult { etag: out.e_tag.unwrap_or_default(), size })
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::*;

    const GIB: u64 = 1024 * MIB;

    #[test]
    fn part_sizes_keep_uploads_within_ten_thousand_parts() {
        // Unknown and small lengths: the standard size.
        assert_eq!(part_size(None).unwrap(), PART_SIZE);
        assert_eq!(part_size(Some(0)).unwrap(), PART_SIZE);
        assert_eq!(part_size(Some(200 * MIB)).unwrap(), PART_SIZE);
        // Exactly 10,000 parts of 8 MiB still fit; one byte more needs 9 MiB parts.
        assert_eq!(part_size(Some(10_000 * 8 * MIB)).unwrap(), PART_SIZE);
        assert_eq!(part_size(Some(10_000 * 8 * MIB + 1)).unwrap(), 9 * MIB as usize);
        // 1 TiB: ceil(1 TiB / 10,000) = 104.9 MiB, rounded up to a whole MiB.
        assert_eq!(part_size(Some(1024 * GIB)).unwrap(), 105 * MIB as usize);
        for length in [1, 8 * MIB, 78 * GIB, 80 * GIB, 100 * GIB, 1024 * GIB, 5 * 1024 * GIB, 48 * 1024 * GIB] {
            let size = part_size(Some(length)).unwrap() as u64;
            assert!(size >= PART_SIZE as u64 && size.is_multiple_of(MIB) && size <= MAX_PART_SIZE, "{length}: {size}");
            assert!(length.div_ceil(size) <= u64::from(MAX_PARTS), "{length} in parts of {size}");
        }
        // Past 10,000 parts of S3's largest part size.
        assert!(matches!(part_size(Some(u64::MAX)), Err(StorageError::InvalidArgument(_))));
        assert!(part_size(Some(u64::from(MAX_PARTS) * MAX_PART_SIZE + 1)).is_err());
    }

    fn stream_of(chunks: &[&[u8]]) -> ByteStream {
        let chunks: Vec<_> = chunks.iter().map(|c| Ok(Bytes::copy_from_slice(c))).collect();
        Box::pin(futures_util::stream::iter(chunks))
    }

    async fn all_parts(parts: &mut Parts) -> Result<Vec<Vec<u8>>, StorageError> {
        let mut out = Vec::new();
        while let Some(part) = parts.next().await? {
            out.push(part.to_vec());
        }
        Ok(out)
    }

    #[tokio::test]
    async fn parts_split_chunks_at_the_part_boundary() {
        // Chunks smaller than, larger than and across parts of 4 (a debug assertion checks
        // that no part's buffer is allocated past 4 bytes).
        let mut parts = Parts::with_size(stream_of(&[b"ab", b"", b"cdefghij", b"k", b"lmnopq"]), None, 4, 10);
        let got = all_parts(&mut parts).await.unwrap();
        assert_eq!(got, [&b"abcd"[..], b"efgh", b"ijkl", b"mnop", b"q"]);
        // A body of exactly whole parts ends there, with no empty part.
        let mut parts = Parts::with_size(stream_of(&[b"abcdefgh"]), Some(8), 4, 10);
        assert_eq!(all_parts(&mut parts).await.unwrap(), [b"abcd", b"efgh"]);
        assert!(!parts.more().await.unwrap());
        let mut parts = Parts::with_size(stream_of(&[]), None, 4, 10);
        assert_eq!(parts.next().await.unwrap(), None);
    }

    #[tokio::test]
    async fn parts_stop_at_the_limit() {
        // Three parts of 4 are allowed: 12 bytes go, 13 are refused before a fourth part is read.
        let mut parts = Parts::with_size(stream_of(&[b"abcdefghijkl"]), None, 4, 3);
        assert_eq!(all_parts(&mut parts).await.unwrap().len(), 3);
        let mut parts = Parts::with_size(stream_of(&[b"abcdefghijkl", b"m"]), None, 4, 3);
        let err = all_parts(&mut parts).await.unwrap_err();
        assert!(matches!(&err, StorageError::InvalidArgument(m) if m.contains("unknown length are limited")), "{err}");
        let mut parts = Parts::with_size(stream_of(&[b"abcdefghijklm"]), Some(12), 4, 3);
        let err = all_parts(&mut parts).await.unwrap_err();
        assert!(matches!(&err, StorageError::InvalidArgument(m) if m.contains("12 bytes declared")), "{err}");
        // With S3's numbers, the message gives the limit.
        let parts = Parts::new(stream_of(&[]), None).unwrap();
        assert!(parts.too_many_parts().to_string().contains("limited to 78 GiB"), "{}", parts.too_many_parts());
    }

    /// A client of the S3 "service" at `addr`.
    fn client(addr: std::net::SocketAddr) -> aws_sdk_s3::Client {
        let config = super::super::S3Config {
            endpoint: Some(format!("http://{addr}")),
            region: "us-east-1".into(),
            access_key: "key".into(),
            secret_key: "secret".into(),
            path_style: true,
            public_endpoint: None,
        };
        config.client(config.endpoint.as_deref(), &super::super::config::http_client())
    }

    fn guard(client: aws_sdk_s3::Client) -> AbortGuard {
        AbortGuard::new(Upload { client, bucket: "app-b".into(), key: "k".into(), id: "upload-1".into() })
    }

    /// The head of the next request to `listener`, answered 204, or `None` within `wait`.
    async fn next_request(listener: &tokio::net::TcpListener, wait: Duration) -> Option<String> {
        let (mut socket, _) = tokio::time::timeout(wait, listener.accept()).await.ok()?.ok()?;
        let mut head = Vec::new();
        let mut buf = [0u8; 1024];
        while !head.ends_with(b"\r\n\r\n") {
            let n = socket.read(&mut buf).await.ok()?;
            if n == 0 {
                break;
            }
            head.extend_from_slice(&buf[..n]);
        }
        let _ = socket.write_all(b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n").await;
        Some(String::from_utf8_lossy(&head).into_owned())
    }

    /// The tasks alive on the test's runtime: an abort on drop is one more, spawned by the drop
    /// itself, so counting around a drop tells without waiting whether it spawned one.
    fn tasks() -> usize {
        tokio::runtime::Handle::current().metrics().num_alive_tasks()
    }

    #[tokio::test]
    async fn a_dropped_armed_guard_aborts_the_upload() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let armed = guard(client(listener.local_addr().unwrap()));
        let before = tasks();
        drop(armed);
        assert_eq!(tasks(), before + 1, "the drop spawns the abort");
        let head = next_request(&listener, Duration::from_secs(10)).await.expect("an abort request");
        assert!(head.starts_with("DELETE /app-b/k?") && head.contains("uploadId=upload-1"), "{head}");
    }

    #[tokio::test]
    async fn a_disarmed_guard_does_nothing() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let mut completed = guard(client(listener.local_addr().unwrap()));
        completed.disarm();
        assert!(completed.upload().is_none());
        let before = tasks();
        drop(completed);
        assert_eq!(tasks(), before, "a completed upload's guard spawns no abort");
        // Aborted explicitly: one request, and none again on drop.
        let mut failed = guard(client(listener.local_addr().unwrap()));
        let (_, head) = tokio::join!(failed.abort(), next_request(&listener, Duration::from_secs(10)));
        assert!(head.is_some_and(|h| h.starts_with("DELETE ")));
        assert!(failed.upload().is_none());
        let before = tasks();
        drop(failed);
        assert_eq!(tasks(), before, "an aborted upload's guard does not abort again");
    }

    /// Collects what a `tracing` subscriber writes.
    #[derive(Clone, Default)]
    struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_guard_dropped_outside_a_runtime_only_logs() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let captured = Captured::default();
        let subscriber = tracing_subscriber::fmt().with_ansi(false).with_writer({
            let captured = captured.clone();
            move || captured.clone()
        });
        tracing::subscriber::with_default(subscriber.finish(), || {
            drop(guard(client(listener.local_addr().unwrap())));
        });
        let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        assert!(logs.contains("WARN"), "{logs}");
        assert!(logs.contains("cannot be aborted") && logs.contains("upload_id=upload-1"), "{logs}");
        // With no runtime to run it on, no abort request was sent.
        let accepted = listener.accept();
        assert!(matches!(&accepted, Err(e) if e.kind() == std::io::ErrorKind::WouldBlock), "{accepted:?}");
    }
}
