//! Puts: one PutObject for bodies up to [`PART_SIZE`], a multipart upload in [`PART_SIZE`] parts
//! above it (or when the length is unknown and turns out larger), holding one part at a time.

use aws_sdk_s3::primitives::ByteStream as SdkBody;
use aws_sdk_s3::types::{CompletedMultipartUpload, CompletedPart};
use bytes::{Bytes, BytesMut};
use futures_util::StreamExt;

use super::error::from_sdk;
use crate::bindings::storage::{ByteStream, PutBody, PutOptions, PutResult, StorageError};

/// Size of a multipart upload's parts, and the largest body sent in one PutObject.
pub const PART_SIZE: usize = 8 * 1024 * 1024;

/// S3's limit on the parts of one upload.
const MAX_PARTS: i32 = 10_000;

/// Reads a stream in parts of [`PART_SIZE`] bytes (the last one shorter).
struct Parts {
    stream: ByteStream,
    buf: BytesMut,
    done: bool,
}

impl Parts {
    /// Reads until one byte more than a part is buffered (so that a body of exactly one part is
    /// known to end there) or the stream ends.
    async fn fill(&mut self) -> Result<(), StorageError> {
        while !self.done && self.buf.len() <= PART_SIZE {
            match self.stream.next().await {
                Some(chunk) => self.buf.extend_from_slice(&chunk?),
                None => self.done = true,
            }
        }
        Ok(())
    }

    /// The next part, `None` at the end.
    async fn next(&mut self) -> Result<Option<Bytes>, StorageError> {
        self.fill().await?;
        if self.buf.is_empty() {
            return Ok(None);
        }
        let n = self.buf.len().min(PART_SIZE);
        Ok(Some(self.buf.split_to(n).freeze()))
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
    let capacity = length.map_or(PART_SIZE, |n| n.min(PART_SIZE as u64 + 1) as usize);
    let mut parts = Parts { stream, buf: BytesMut::with_capacity(capacity), done: false };
    parts.fill().await?;
    if parts.done && parts.buf.len() <= PART_SIZE {
        let bytes = std::mem::take(&mut parts.buf).freeze();
        return put_single(client, bucket, key, bytes, options).await;
    }
    put_multipart(client, bucket, key, parts, options).await
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

async fn put_multipart(
    client: &aws_sdk_s3::Client,
    bucket: &str,
    key: &str,
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
    let result = upload_parts(client, bucket, key, &upload_id, parts).await;
    if result.is_err() {
        // Parts of an upload that is neither completed nor aborted are kept (and billed) by the
        // service; the put's own error matters more than the abort's.
        let abort = client.abort_multipart_upload().bucket(bucket).key(key).upload_id(&upload_id).send().await;
        if let Err(e) = abort {
            tracing::warn!(bucket, key, error = %from_sdk(e, bucket, Some(key)), "aborting a failed multipart upload failed");
        }
    }
    result
}

async fn upload_parts(
    client: &aws_sdk_s3::Client,
    bucket: &str,
    key: &str,
    upload_id: &str,
    mut parts: Parts,
) -> Result<PutResult, StorageError> {
    let mut completed = Vec::new();
    let mut size = 0u64;
    let mut number = 0i32;
    while let Some(part) = parts.next().await? {
        number += 1;
        if number > MAX_PARTS {
            return Err(StorageError::InvalidArgument(format!(
                "the object is larger than S3's {MAX_PARTS} parts of {PART_SIZE} bytes"
            )));
        }
        size += part.len() as u64;
        let out = client
            .upload_part()
            .bucket(bucket)
            .key(key)
            .upload_id(upload_id)
            .part_number(number)
            .content_length(part.len() as i64)
            .body(SdkBody::from(part))
            .send()
            .await
            .map_err(|e| from_sdk(e, bucket, Some(key)))?;
        completed.push(CompletedPart::builder().part_number(number).set_e_tag(out.e_tag).build());
    }
    let out = client
        .complete_multipart_upload()
        .bucket(bucket)
        .key(key)
        .upload_id(upload_id)
        .multipart_upload(CompletedMultipartUpload::builder().set_parts(Some(completed)).build())
        .send()
        .await
        .map_err(|e| from_sdk(e, bucket, Some(key)))?;
    Ok(PutResult { etag: out.e_tag.unwrap_or_default(), size })
}
