//! [`S3Storage`]: the storage backend on any S3 service (AWS, MinIO, R2...) through aws-sdk-s3.
//!
//! Bodies stream both ways: a get hands the service's response body on as it arrives, a put
//! sends bodies up to [`PART_SIZE`] in one request and larger ones as a multipart upload, one
//! part in memory at a time. Bucket policies are S3 policy documents granting anonymous access.

mod config;
mod error;
mod policy;
mod upload;

use std::collections::BTreeMap;
use std::io;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use async_trait::async_trait;
use aws_sdk_s3::presigning::PresigningConfig;
use aws_sdk_s3::primitives::DateTime;
use futures_util::future::join_all;

pub use config::S3Config;
pub(crate) use policy::{classify as classify_policy, document as policy_document};
pub use upload::PART_SIZE;

use self::error::{code, from_sdk};
use super::{
    BucketInfo, BucketPolicy, ByteRange, GetObject, ListOptions, ListPage, ObjectMeta, PresignMethod, PutBody,
    PutOptions, PutResult, StorageBackend, StorageError,
};
use crate::clock::{Clock, SystemClock};

/// Buckets and objects on an S3 service.
#[derive(Debug, Clone)]
pub struct S3Storage {
    config: S3Config,
    client: aws_sdk_s3::Client,
    /// The client presigned URLs are made with: one for the public endpoint when there is one,
    /// since the signature covers the `Host` the browser will send.
    presigner: aws_sdk_s3::Client,
    /// What presigned URLs are dated by.
    clock: Arc<dyn Clock>,
}

impl S3Storage {
    /// A backend on the service `config` describes (no request is made yet).
    pub fn new(config: S3Config) -> Result<S3Storage, StorageError> {
        let config = config.validated()?;
        let http = config::http_client();
        let client = config.client(config.endpoint.as_deref(), &http);
        let presigner = match &config.public_endpoint {
            Some(public) => config.client(Some(public), &http),
            None => client.clone(),
        };
        Ok(S3Storage { config, client, presigner, clock: Arc::new(SystemClock) })
    }

    /// Dates presigned URLs by `clock` instead of the system clock (the service checks their
    /// expiry by its own).
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// The configuration in use.
    pub fn config(&self) -> &S3Config {
        &self.config
    }
}

fn system_time(t: Option<&DateTime>) -> Option<SystemTime> {
    t.and_then(|t| SystemTime::try_from(*t).ok())
}

fn metadata(m: Option<&std::collections::HashMap<String, String>>) -> BTreeMap<String, String> {
    m.into_iter().flatten().map(|(k, v)| (k.to_ascii_lowercase(), v.clone())).collect()
}

/// The served span and whole size in a `Content-Range: bytes <start>-<end>/<size>` value
/// (`<size>` may be `*`), `None` unless `start <= end < size` (and `end + 1` is a length).
fn parse_content_range(value: &str) -> Option<((u64, u64), Option<u64>)> {
    let (span, size) = value.trim().strip_prefix("bytes ")?.split_once('/')?;
    let (start, end) = span.split_once('-')?;
    let (start, end): (u64, u64) = (start.parse().ok()?, end.parse().ok()?);
    let size = match size {
        "*" => None,
        size => Some(size.parse::<u64>().ok()?),
    };
    let valid = start <= end && end < size.unwrap_or(u64::MAX);
    valid.then_some(((start, end), size))
}

/// The span served and the whole object's size, from the `Content-Range` value of an answer to a
/// range request with `length` bytes of body: a malformed or inconsistent value (which would
/// misstate what the body holds) is the service's error.
fn served_range(value: &str, length: Option<u64>) -> Result<(Option<(u64, u64)>, u64), StorageError> {
    let malformed = || {
        StorageError::Backend(format!(
            "the S3 service answered a range request with a malformed Content-Range {value:?}"
        ))
    };
    let ((start, end), size) = parse_content_range(value).ok_or_else(malformed)?;
    if length.is_some_and(|n| n != end - start + 1) {
        return Err(malformed());
    }
    Ok((Some((start, end)), size.unwrap_or(end + 1)))
}

#[async_trait]
impl StorageBackend for S3Storage {
    fn kind(&self) -> &'static str {
        "s3"
    }

    async fn create_bucket(&self, bucket: &str, policy: BucketPolicy) -> Result<(), StorageError> {
        let mut request = self.client.create_bucket().bucket(bucket);
        // AWS wants the region named outside us-east-1; other services take their own region
        // (and some refuse a constraint they do not know), so only AWS gets one.
        if self.config.endpoint.is_none() && self.config.region != "us-east-1" {
            let location = aws_sdk_s3::types::BucketLocationConstraint::from(self.config.region.as_str());
            request = request.create_bucket_configuration(
                aws_sdk_s3::types::CreateBucketConfiguration::builder().location_constraint(location).build(),
            );
        }
        request.send().await.map_err(|e| from_sdk(e, bucket, None))?;
        if policy != BucketPolicy::Private
            && let Err(e) = self.set_bucket_policy(bucket, policy).await
        {
            // A bucket without the policy asked for would be served wrongly; leave none behind.
            let _ = self.client.delete_bucket().bucket(bucket).send().await;
            return Err(e);
        }
        Ok(())
    }

    async fn delete_bucket(&self, bucket: &str) -> Result<(), StorageError> {
        self.client.delete_bucket().bucket(bucket).send().await.map_err(|e| from_sdk(e, bucket, None))?;
        Ok(())
    }

    async fn list_buckets(&self, prefix: &str) -> Result<Vec<BucketInfo>, StorageError> {
        let mut found = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let out = self
                .client
                .list_buckets()
                .prefix(prefix)
                .set_continuation_token(token.clone())
                .send()
                .await
                .map_err(|e| from_sdk(e, prefix, None))?;
            for b in out.buckets() {
                // Services that ignore the prefix parameter list every bucket.
                if let Some(name) = b.name().filter(|n| n.starts_with(prefix)) {
                    found.push((name.to_owned(), system_time(b.creation_date())));
                }
            }
            match out.continuation_token {
                Some(next) if !next.is_empty() && token.as_ref() != Some(&next) => token = Some(next),
                _ => break,
            }
        }
        let policies = join_all(found.iter().map(|(name, _)| self.bucket_policy(name))).await;
        let mut buckets = Vec::with_capacity(found.len());
        for ((name, created), policy) in found.into_iter().zip(policies) {
            match policy {
                Ok(policy) => buckets.push(BucketInfo { name, policy, created }),
                // Deleted between the listing and the policy read.
                Err(StorageError::NoSuchBucket(_)) => {}
                Err(e) => return Err(e),
            }
        }
        buckets.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(buckets)
    }

    async fn bucket_policy(&self, bucket: &str) -> Result<BucketPolicy, StorageError> {
        match self.client.get_bucket_policy().bucket(bucket).send().await {
            Ok(out) => Ok(out.policy().map_or(BucketPolicy::Private, |doc| policy::classify(bucket, doc))),
            Err(e) if code(&e) == Some("NoSuchBucketPolicy") => Ok(BucketPolicy::Private),
            Err(e) => Err(from_sdk(e, bucket, None)),
        }
    }

    async fn set_bucket_policy(&self, bucket: &str, policy: BucketPolicy) -> Result<(), StorageError> {
        match policy::document(bucket, policy) {
            Some(doc) => {
                self.client
                    .put_bucket_policy()
                    .bucket(bucket)
                    .policy(doc)
                    .send()
                    .await
                    .map_err(|e| from_sdk(e, bucket, None))?;
            }
            None => match self.client.delete_bucket_policy().bucket(bucket).send().await {
                Ok(_) => {}
                Err(e) if code(&e) == Some("NoSuchBucketPolicy") => {}
                Err(e) => return Err(from_sdk(e, bucket, None)),
            },
        }
        Ok(())
    }

    async fn put_object(
        &self,
        bucket: &str,
        key: &str,
        body: PutBody,
        options: PutOptions,
    ) -> Result<PutResult, StorageError> {
        upload::put(&self.client, bucket, key, body, options).await
    }

    async fn get_object(&self, bucket: &str, key: &str, range: Option<ByteRange>) -> Result<GetObject, StorageError> {
        let out = self
            .client
            .get_object()
            .bucket(bucket)
            .key(key)
            .set_range(range.map(|r| r.to_string()))
            .send()
            .await
            .map_err(|e| from_sdk(e, bucket, Some(key)))?;
        let length = out.content_length().and_then(|n| u64::try_from(n).ok());
        let (served, size) = match (range, out.content_range()) {
            (Some(_), Some(value)) => served_range(value, length)?,
            // A service that ignores the range answers 200 with the whole object and no
            // Content-Range.
            _ => (None, length.unwrap_or(0)),
        };
        let meta = ObjectMeta {
            key: key.to_owned(),
            size,
            etag: out.e_tag().unwrap_or_default().to_owned(),
            content_type: out.content_type().map(str::to_owned),
            last_modified: system_time(out.last_modified()).unwrap_or(SystemTime::UNIX_EPOCH),
            metadata: metadata(out.metadata()),
        };
        let body = futures_util::stream::unfold(out.body, |mut body| async move {
            body.next().await.map(|chunk| (chunk.map_err(io::Error::other), body))
        });
        Ok(GetObject { meta, range: served, body: Box::pin(body) })
    }

    async fn head_object(&self, bucket: &str, key: &str) -> Result<ObjectMeta, StorageError> {
        let out = self
            .client
            .head_object()
            .bucket(bucket)
            .key(key)
            .send()
            .await
            .map_err(|e| from_sdk(e, bucket, Some(key)))?;
        Ok(ObjectMeta {
            key: key.to_owned(),
            size: out.content_length().and_then(|n| u64::try_from(n).ok()).unwrap_or(0),
            etag: out.e_tag().unwrap_or_default().to_owned(),
            content_type: out.content_type().map(str::to_owned),
            last_modified: system_time(out.last_modified()).unwrap_or(SystemTime::UNIX_EPOCH),
            metadata: metadata(out.metadata()),
        })
    }

    async fn list_objects(&self, bucket: &str, options: &ListOptions) -> Result<ListPage, StorageError> {
        let out = self
            .client
            .list_objects_v2()
            .bucket(bucket)
            .set_prefix(options.prefix.clone())
            .set_delimiter(options.delimiter.clone())
            .max_keys(options.page_size() as i32)
            .set_continuation_token(options.continuation_token.clone())
            .set_start_after(options.start_after.clone())
            .send()
            .await
            .map_err(|e| from_sdk(e, bucket, None))?;
        let objects = out
            .contents()
            .iter()
            .filter_map(|o| {
                Some(ObjectMeta {
                    key: o.key()?.to_owned(),
                    size: o.size().and_then(|n| u64::try_from(n).ok()).unwrap_or(0),
                    etag: o.e_tag().unwrap_or_default().to_owned(),
                    content_type: None,
                    last_modified: system_time(o.last_modified()).unwrap_or(SystemTime::UNIX_EPOCH),
                    metadata: BTreeMap::new(),
                })
            })
            .collect();
        let common_prefixes = out.common_prefixes().iter().filter_map(|p| p.prefix().map(str::to_owned)).collect();
        let is_truncated = out.is_truncated().unwrap_or(false);
        Ok(ListPage {
            objects,
            common_prefixes,
            is_truncated,
            next_continuation_token: out.next_continuation_token.filter(|_| is_truncated),
        })
    }

    async fn delete_object(&self, bucket: &str, key: &str) -> Result<(), StorageError> {
        self.client.delete_object().bucket(bucket).key(key).send().await.map_err(|e| from_sdk(e, bucket, Some(key)))?;
        Ok(())
    }

    async fn copy_object(
        &self,
        from_bucket: &str,
        from_key: &str,
        to_bucket: &str,
        to_key: &str,
    ) -> Result<PutResult, StorageError> {
        // The metadata directive defaults to COPY: content type and metadata come along.
        let out = self
            .client
            .copy_object()
            .copy_source(format!("{from_bucket}/{}", crate::percent::encode_path(from_key)))
            .bucket(to_bucket)
            .key(to_key)
            .send()
            .await
            .map_err(|e| match from_sdk(e, from_bucket, Some(from_key)) {
                // The source is named first, but a missing destination bucket is just as likely.
                StorageError::NoSuchBucket(_) => StorageError::NoSuchBucket(format!("{from_bucket} or {to_bucket}")),
                other => other,
            })?;
        // CopyObject does not say how large the copy is.
        let meta = self.head_object(to_bucket, to_key).await?;
        let etag = out.copy_object_result.and_then(|r| r.e_tag).unwrap_or(meta.etag);
        Ok(PutResult { etag, size: meta.size })
    }

    async fn presign(
        &self,
        method: PresignMethod,
        bucket: &str,
        key: &str,
        expires_in: Duration,
    ) -> Result<String, StorageError> {
        let presigning = PresigningConfig::builder()
            .start_time(self.clock.now())
            .expires_in(expires_in)
            .build()
            .map_err(|e| StorageError::InvalidArgument(format!("cannot presign for {expires_in:?}: {e}")))?;
        let request = match method {
            PresignMethod::Get => {
                let request = self.presigner.get_object().bucket(bucket).key(key);
                request.presigned(presigning).await.map_err(|e| from_sdk(e, bucket, Some(key)))?
            }
            PresignMethod::Put => {
                let request = self.presigner.put_object().bucket(bucket).key(key);
                request.presigned(presigning).await.map_err(|e| from_sdk(e, bucket, Some(key)))?
            }
        };
        Ok(request.uri().to_owned())
    }

    fn external_url(&self, bucket: &str, key: &str) -> String {
        let endpoint = self.config.public_endpoint.as_deref().or(self.config.endpoint.as_deref());
        config::object_url(endpoint, &self.config.region, self.config.path_style, bucket, key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_ranges_parse() {
        assert_eq!(parse_content_range("bytes 0-99/1000"), Some(((0, 99), Some(1000))));
        assert_eq!(parse_content_range("bytes 5-9/*"), Some(((5, 9), None)));
        assert_eq!(parse_content_range("items 0-1/2"), None);
        assert_eq!(parse_content_range("bytes 0-0/1"), Some(((0, 0), Some(1))));
    }

    #[test]
    fn inconsistent_content_ranges_are_refused() {
        // The review's case: end before start would underflow `end + 1 - start`.
        assert_eq!(parse_content_range("bytes 10-5/100"), None);
        // The span must lie inside the object.
        assert_eq!(parse_content_range("bytes 0-100/100"), None);
        assert_eq!(parse_content_range("bytes 200-300/100"), None);
        assert_eq!(parse_content_range("bytes 0-18446744073709551615/*"), None);
        assert_eq!(parse_content_range("bytes -5-9/100"), None);
        assert_eq!(parse_content_range("bytes 0-9/ten"), None);
        assert_eq!(parse_content_range("bytes 0-9"), None);

        assert_eq!(served_range("bytes 5-9/100", Some(5)).unwrap(), (Some((5, 9)), 100));
        assert_eq!(served_range("bytes 5-9/*", None).unwrap(), (Some((5, 9)), 10));
        for (value, length) in [("bytes 10-5/100", Some(0)), ("bytes 0-9/100", Some(20)), ("garbage", None)] {
            let err = served_range(value, length).unwrap_err();
            assert!(matches!(&err, StorageError::Backend(m) if m.contains("Content-Range")), "{value}: {err}");
        }
    }
}
