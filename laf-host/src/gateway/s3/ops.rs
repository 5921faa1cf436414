//! The S3 operations over the [`StorageBackend`]: buckets, objects, listings, copies,
//! policies and multipart uploads. [`super::access`] has let the request through; each
//! operation still checks names itself, and bodies stream (a put holds one chunk at a time).

use std::collections::BTreeMap;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::SystemTime;

use bytes::Bytes;
use futures_core::Stream;
use futures_util::TryStreamExt;
use http::{HeaderValue, header};
use md5::Digest;
use s3s::dto::*;
use s3s::{S3, S3Error, S3ErrorCode, S3Request, S3Response, S3Result, s3_error};

use super::Backend;
use super::access::Caller;
use super::multipart::{Upload, Uploads};
use crate::bindings::storage::{
    BucketPolicy, ByteRange, ByteStream, ListOptions, ObjectMeta, PutBody, PutOptions, StorageError, app_of_bucket,
    bucket_for_app, validate_key, validate_put_options,
};
use crate::host::Host;

/// The S3 service: the host (for its apps and limits), its backend and the staged uploads.
pub(super) struct Endpoint {
    pub host: Host,
    pub backend: Backend,
    pub uploads: Uploads,
}

/// A storage error as S3 says it: its code, its message and its status.
fn failed(e: StorageError) -> S3Error {
    let code = S3ErrorCode::from_bytes(e.code().as_bytes()).unwrap_or(S3ErrorCode::InternalError);
    let status = e.status();
    let mut error = S3Error::with_message(code, e.to_string());
    error.set_status_code(status);
    error
}

fn caller<T>(req: &S3Request<T>) -> Caller {
    req.extensions.get::<Caller>().cloned().unwrap_or(Caller::Anonymous)
}

fn key_of(key: &str) -> S3Result<()> {
    validate_key(key).map_err(failed)
}

/// Our ETags are kept quoted, as S3 sends them; `s3s` quotes them itself.
fn etag(quoted: &str) -> ETag {
    ETag::Strong(quoted.trim_matches('"').to_owned())
}

fn timestamp(time: SystemTime) -> Timestamp {
    Timestamp::from(time)
}

fn system_time(time: &Timestamp) -> SystemTime {
    let time: time::OffsetDateTime = time.clone().into();
    time.into()
}

fn metadata(map: &BTreeMap<String, String>) -> Option<Metadata> {
    (!map.is_empty()).then(|| map.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
}

fn put_options(content_type: Option<String>, metadata: Option<Metadata>) -> S3Result<PutOptions> {
    let options = PutOptions {
        content_type,
        metadata: metadata.unwrap_or_default().into_iter().map(|(k, v)| (k.to_ascii_lowercase(), v)).collect(),
    };
    validate_put_options(&options).map_err(failed)?;
    Ok(options)
}

/// Conditional headers against the object's current version, as S3 orders them: If-Match
/// before If-Unmodified-Since (412), If-None-Match before If-Modified-Since (304).
fn preconditions(
    meta: &ObjectMeta,
    if_match: Option<&ETagCondition>,
    if_unmodified_since: Option<&Timestamp>,
    if_none_match: Option<&ETagCondition>,
    if_modified_since: Option<&Timestamp>,
) -> S3Result<()> {
    let current = meta.etag.trim_matches('"');
    let matches = |c: &ETagCondition| match c {
        ETagCondition::Any => true,
        ETagCondition::ETag(e) => e.value() == current,
    };
    // HTTP dates have whole seconds.
    let modified = meta.last_modified.duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let secs = |t: &Timestamp| system_time(t).duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    match if_match {
        Some(c) if !matches(c) => return Err(s3_error!(PreconditionFailed, "the object's ETag is {current}")),
        Some(_) => {}
        None => {
            if if_unmodified_since.is_some_and(|t| modified > secs(t)) {
                return Err(s3_error!(PreconditionFailed, "the object was modified since"));
            }
        }
    }
    match if_none_match {
        Some(c) if matches(c) => Err(not_modified()),
        Some(_) => Ok(()),
        None if if_modified_since.is_some_and(|t| modified <= secs(t)) => Err(not_modified()),
        None => Ok(()),
    }
}

fn not_modified() -> S3Error {
    let mut e = S3Error::new(S3ErrorCode::NotModified);
    e.set_status_code(http::StatusCode::NOT_MODIFIED);
    e
}

/// A body stream `s3s` can send: its streams must be `Sync`, the backend's are `Send` only.
/// The mutex is never contended (one task polls), and `get_mut` does not lock.
struct SyncBody(std::sync::Mutex<ByteStream>);

impl Stream for SyncBody {
    type Item = std::io::Result<Bytes>;
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let stream = self.get_mut().0.get_mut().unwrap_or_else(|e| e.into_inner());
        stream.as_mut().poll_next(cx)
    }
}

/// A request body as the backend takes it: at most `limit` bytes, and when the client sent
/// `Content-MD5`, checked against it before the last chunk is handed over, so a corrupted
/// upload fails the put instead of replacing the object.
fn put_body(body: Option<StreamingBlob>, length: Option<i64>, md5: Option<&str>, limit: u64) -> S3Result<PutBody> {
    let length = length.and_then(|l| u64::try_from(l).ok());
    if length.is_some_and(|l| l > limit) {
        return Err(s3_error!(EntityTooLarge, "this host takes bodies of at most {limit} bytes"));
    }
    let expected = match md5 {
        Some(b64) => {
            use base64::Engine as _;
            let digest = base64::engine::general_purpose::STANDARD
                .decode(b64.trim())
                .map_err(|_| s3_error!(InvalidDigest, "Content-MD5 is not base64"))?;
            Some(digest)
        }
        None => None,
    };
    let Some(body) = body else {
        return Ok(PutBody::Bytes(Bytes::new()));
    };
    let mut seen = 0u64;
    let stream = body.map_err(std::io::Error::other).and_then(move |chunk| {
        seen += chunk.len() as u64;
        std::future::ready(if seen > limit {
            Err(std::io::Error::other(format!("the body is over this host's limit of {limit} bytes")))
        } else {
            Ok(chunk)
        })
    });
    let Some(expected) = expected else {
        return Ok(PutBody::Stream { stream: Box::pin(stream), length });
    };
    Ok(PutBody::Stream {
        stream: Box::pin(Md5Checked { inner: Box::pin(stream), md5: md5::Md5::new(), expected }),
        length,
    })
}

/// Hashes what passes and fails the stream at its end when the digest is not `expected`.
struct Md5Checked {
    inner: ByteStream,
    md5: md5::Md5,
    expected: Vec<u8>,
}

impl Stream for Md5Checked {
    type Item = std::io::Result<Bytes>;
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        match this.inner.as_mut().poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                this.md5.update(&chunk);
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Ready(None) => {
                if this.md5.clone().finalize().as_slice() == this.expected.as_slice() {
                    Poll::Ready(None)
                } else {
                    Poll::Ready(Some(Err(std::io::Error::other(BAD_DIGEST))))
                }
            }
            other => other,
        }
    }
}

const BAD_DIGEST: &str = "the body does not match its Content-MD5";

/// The error of a put whose body failed: a bad digest, the limit, or the client.
fn body_failed(e: StorageError) -> S3Error {
    let text = e.to_string();
    if text.contains(BAD_DIGEST) {
        s3_error!(BadDigest, "{BAD_DIGEST}")
    } else if text.contains("over this host's limit") {
        s3_error!(EntityTooLarge, "{text}")
    } else {
        failed(e)
    }
}

/// Keys, prefixes and markers as `encoding-type=url` asks (boto3 and the AWS CLI always do).
struct Encoding(bool);

impl Encoding {
    fn of(kind: Option<&EncodingType>) -> Encoding {
        Encoding(kind.is_some_and(|k| k.as_str() == EncodingType::URL))
    }
    fn apply(&self, s: String) -> String {
        if self.0 { crate::percent::encode_path(&s) } else { s }
    }
    fn opt(&self, s: Option<String>) -> Option<String> {
        s.map(|s| self.apply(s))
    }
}

impl Endpoint {
    fn limit(&self) -> u64 {
        self.host.gateway_config().upload_limit
    }

    /// A listing of the backend with S3's inputs, made into S3's entries.
    async fn list(
        &self,
        bucket: &str,
        options: ListOptions,
        encoding: &Encoding,
    ) -> S3Result<(Vec<Object>, Vec<CommonPrefix>, bool, Option<String>, Option<String>)> {
        let page = self.backend.list_objects(bucket, &options).await.map_err(failed)?;
        let last = match (page.objects.last(), page.common_prefixes.last()) {
            (Some(o), Some(p)) => Some(if o.key > *p { o.key.clone() } else { p.clone() }),
            (Some(o), None) => Some(o.key.clone()),
            (None, Some(p)) => Some(p.clone()),
            (None, None) => None,
        };
        let objects = page
            .objects
            .into_iter()
            .map(|o| Object {
                key: Some(encoding.apply(o.key)),
                size: Some(o.size as i64),
                e_tag: Some(etag(&o.etag)),
                last_modified: Some(timestamp(o.last_modified)),
                storage_class: Some(ObjectStorageClass::from_static(ObjectStorageClass::STANDARD)),
                ..Default::default()
            })
            .collect();
        let prefixes =
            page.common_prefixes.into_iter().map(|p| CommonPrefix { prefix: Some(encoding.apply(p)) }).collect();
        Ok((objects, prefixes, page.is_truncated, page.next_continuation_token, last))
    }

    async fn create(&self, caller: &Caller, bucket: &str, policy: BucketPolicy) -> S3Result<()> {
        let app = match caller {
            Caller::App(app) => app.clone(),
            _ => match app_of_bucket(bucket).filter(|app| self.host.app(app).is_some()) {
                Some(app) => app.to_owned(),
                None => {
                    return Err(s3_error!(
                        InvalidBucketName,
                        "{bucket:?} is not named \"<appid>-<name>\" for an app of this host"
                    ));
                }
            },
        };
        // The app's naming rule: `<appid>-<lowercase letters and digits>`.
        let full = bucket_for_app(&app, bucket).map_err(failed)?;
        if full != bucket {
            return Err(s3_error!(InvalidBucketName, "the bucket must be named {full:?}"));
        }
        match self.backend.create_bucket(bucket, policy).await {
            // As S3 in us-east-1: creating a bucket one already owns succeeds.
            Ok(()) | Err(StorageError::BucketExists(_)) => Ok(()),
            Err(e) => Err(failed(e)),
        }
    }
}

#[async_trait::async_trait]
impl S3 for Endpoint {
    async fn list_buckets(&self, req: S3Request<ListBucketsInput>) -> S3Result<S3Response<ListBucketsOutput>> {
        let caller = caller(&req);
        let prefix = match &caller {
            Caller::App(app) => format!("{app}-"),
            _ => String::new(),
        };
        let mut buckets = self.backend.list_buckets(&prefix).await.map_err(failed)?;
        buckets.retain(|b| caller.owns(&b.name));
        let buckets = buckets
            .into_iter()
            .map(|b| Bucket { name: Some(b.name), creation_date: b.created.map(timestamp), bucket_region: None })
            .collect();
        let owner = match &caller {
            Caller::App(app) => app.clone(),
            _ => "admin".to_owned(),
        };
        Ok(S3Response::new(ListBucketsOutput {
            buckets: Some(buckets),
            owner: Some(Owner { display_name: Some(owner.clone()), id: Some(owner) }),
            ..Default::default()
        }))
    }

    async fn create_bucket(&self, req: S3Request<CreateBucketInput>) -> S3Result<S3Response<CreateBucketOutput>> {
        let policy = match req.input.acl.as_ref().map(|a| a.as_str()) {
            Some(BucketCannedACL::PUBLIC_READ) => BucketPolicy::Readonly,
            Some(BucketCannedACL::PUBLIC_READ_WRITE) => BucketPolicy::Readwrite,
            _ => BucketPolicy::Private,
        };
        self.create(&caller(&req), &req.input.bucket, policy).await?;
        let location = format!("/{}", req.input.bucket);
        Ok(S3Response::new(CreateBucketOutput { location: Some(location) }))
    }

    async fn delete_bucket(&self, req: S3Request<DeleteBucketInput>) -> S3Result<S3Response<DeleteBucketOutput>> {
        self.backend.delete_bucket(&req.input.bucket).await.map_err(failed)?;
        Ok(S3Response::new(DeleteBucketOutput::default()))
    }

    async fn head_bucket(&self, req: S3Request<HeadBucketInput>) -> S3Result<S3Response<HeadBucketOutput>> {
        self.backend.bucket_policy(&req.input.bucket).await.map_err(failed)?;
        Ok(S3Response::new(HeadBucketOutput::default()))
    }

    async fn get_bucket_location(
        &self,
        req: S3Request<GetBucketLocationInput>,
    ) -> S3Result<S3Response<GetBucketLocationOutput>> {
        self.backend.bucket_policy(&req.input.bucket).await.map_err(failed)?;
        // us-east-1 is answered as no constraint at all, as S3 does.
        let region = self.host.gateway_config().s3.as_ref().map(|e| e.region.clone()).filter(|r| r != "us-east-1");
        Ok(S3Response::new(GetBucketLocationOutput { location_constraint: region.map(BucketLocationConstraint::from) }))
    }

    async fn get_bucket_versioning(
        &self,
        req: S3Request<GetBucketVersioningInput>,
    ) -> S3Result<S3Response<GetBucketVersioningOutput>> {
        // Never versioned: no status at all, as S3 answers for a bucket that never was (rclone asks).
        self.backend.bucket_policy(&req.input.bucket).await.map_err(failed)?;
        Ok(S3Response::new(GetBucketVersioningOutput::default()))
    }

    async fn get_bucket_policy(
        &self,
        req: S3Request<GetBucketPolicyInput>,
    ) -> S3Result<S3Response<GetBucketPolicyOutput>> {
        let bucket = &req.input.bucket;
        let policy = self.backend.bucket_policy(bucket).await.map_err(failed)?;
        match crate::bindings::storage::s3::policy_document(bucket, policy) {
            Some(document) => Ok(S3Response::new(GetBucketPolicyOutput { policy: Some(document) })),
            None => Err(s3_error!(NoSuchBucketPolicy, "the bucket {bucket:?} is private: it has no policy")),
        }
    }

    async fn put_bucket_policy(
        &self,
        req: S3Request<PutBucketPolicyInput>,
    ) -> S3Result<S3Response<PutBucketPolicyOutput>> {
        let bucket = &req.input.bucket;
        if serde_json::from_str::<serde_json::Value>(&req.input.policy).is_err() {
            return Err(s3_error!(MalformedPolicy, "the policy is not a JSON document"));
        }
        let policy = crate::bindings::storage::s3::classify_policy(bucket, &req.input.policy);
        self.backend.set_bucket_policy(bucket, policy).await.map_err(failed)?;
        Ok(S3Response::new(PutBucketPolicyOutput::default()))
    }

    async fn delete_bucket_policy(
        &self,
        req: S3Request<DeleteBucketPolicyInput>,
    ) -> S3Result<S3Response<DeleteBucketPolicyOutput>> {
        self.backend.set_bucket_policy(&req.input.bucket, BucketPolicy::Private).await.map_err(failed)?;
        Ok(S3Response::new(DeleteBucketPolicyOutput::default()))
    }

    async fn put_object(&self, req: S3Request<PutObjectInput>) -> S3Result<S3Response<PutObjectOutput>> {
        let input = req.input;
        key_of(&input.key)?;
        let options = put_options(input.content_type, input.metadata)?;
        let body = put_body(input.body, input.content_length, input.content_md5.as_deref(), self.limit())?;
        let put = self.backend.put_object(&input.bucket, &input.key, body, options).await.map_err(body_failed)?;
        Ok(S3Response::new(PutObjectOutput {
            e_tag: Some(etag(&put.etag)),
            size: Some(put.size as i64),
            ..Default::default()
        }))
    }

    async fn get_object(&self, req: S3Request<GetObjectInput>) -> S3Result<S3Response<GetObjectOutput>> {
        let input = req.input;
        key_of(&input.key)?;
        let range = input.range.map(|r| match r {
            Range::Int { first, last } => ByteRange::From { start: first, end: last },
            Range::Suffix { length } => ByteRange::Suffix(length),
        });
        let object = self.backend.get_object(&input.bucket, &input.key, range).await.map_err(failed)?;
        preconditions(
            &object.meta,
            input.if_match.as_ref(),
            input.if_unmodified_since.as_ref(),
            input.if_none_match.as_ref(),
            input.if_modified_since.as_ref(),
        )?;
        let length = object.content_length();
        let meta = object.meta;
        let content_range = object.range.map(|(start, end)| format!("bytes {start}-{end}/{}", meta.size));
        let output = GetObjectOutput {
            body: Some(StreamingBlob::wrap(SyncBody(std::sync::Mutex::new(object.body)))),
            content_length: Some(length as i64),
            content_range,
            accept_ranges: Some("bytes".to_owned()),
            e_tag: Some(etag(&meta.etag)),
            last_modified: Some(timestamp(meta.last_modified)),
            content_type: input.response_content_type.or(meta.content_type),
            content_disposition: input.response_content_disposition,
            content_encoding: input.response_content_encoding,
            content_language: input.response_content_language,
            cache_control: input.response_cache_control,
            metadata: metadata(&meta.metadata),
            ..Default::default()
        };
        let mut response = S3Response::new(output);
        // As on the host's /_/storage/ route: an uploaded page is not a page with the endpoint's origin.
        response.headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
        response.headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("sandbox"));
        Ok(response)
    }

    async fn head_object(&self, req: S3Request<HeadObjectInput>) -> S3Result<S3Response<HeadObjectOutput>> {
        let input = req.input;
        key_of(&input.key)?;
        let meta = self.backend.head_object(&input.bucket, &input.key).await.map_err(failed)?;
        preconditions(
            &meta,
            input.if_match.as_ref(),
            input.if_unmodified_since.as_ref(),
            input.if_none_match.as_ref(),
            input.if_modified_since.as_ref(),
        )?;
        Ok(S3Response::new(HeadObjectOutput {
            content_length: Some(meta.size as i64),
            accept_ranges: Some("bytes".to_owned()),
            e_tag: Some(etag(&meta.etag)),
            last_modified: Some(timestamp(meta.last_modified)),
            content_type: meta.content_type.clone(),
            metadata: metadata(&meta.metadata),
            ..Default::default()
        }))
    }

    async fn delete_object(&self, req: S3Request<DeleteObjectInput>) -> S3Result<S3Response<DeleteObjectOutput>> {
        key_of(&req.input.key)?;
        self.backend.delete_object(&req.input.bucket, &req.input.key).await.map_err(failed)?;
        Ok(S3Response::new(DeleteObjectOutput::default()))
    }

    async fn delete_objects(&self, req: S3Request<DeleteObjectsInput>) -> S3Result<S3Response<DeleteObjectsOutput>> {
        let input = req.input;
        if input.delete.objects.len() > 1000 {
            return Err(s3_error!(MalformedXML, "DeleteObjects takes at most 1000 keys"));
        }
        let quiet = input.delete.quiet.unwrap_or(false);
        let (mut deleted, mut errors) = (Vec::new(), Vec::new());
        for object in input.delete.objects {
            let result = match validate_key(&object.key) {
                Ok(()) => self.backend.delete_object(&input.bucket, &object.key).await,
                Err(e) => Err(e),
            };
            match result {
                Ok(()) if quiet => {}
                Ok(()) => deleted.push(DeletedObject { key: Some(object.key), ..Default::default() }),
                Err(e) => errors.push(Error {
                    code: Some(e.code().to_owned()),
                    key: Some(object.key),
                    message: Some(e.to_string()),
                    version_id: None,
                }),
            }
        }
        Ok(S3Response::new(DeleteObjectsOutput { deleted: Some(deleted), errors: Some(errors), ..Default::default() }))
    }

    async fn copy_object(&self, req: S3Request<CopyObjectInput>) -> S3Result<S3Response<CopyObjectOutput>> {
        let input = req.input;
        let CopySource::Bucket { bucket: from_bucket, key: from_key, .. } = &input.copy_source else {
            return Err(s3_error!(NotImplemented, "copy sources are `<bucket>/<key>` on this endpoint"));
        };
        key_of(from_key)?;
        key_of(&input.key)?;
        let source = self.backend.head_object(from_bucket, from_key).await.map_err(failed)?;
        preconditions(
            &source,
            input.copy_source_if_match.as_ref(),
            input.copy_source_if_unmodified_since.as_ref(),
            input.copy_source_if_none_match.as_ref(),
            input.copy_source_if_modified_since.as_ref(),
        )
        .map_err(|e| if *e.code() == S3ErrorCode::NotModified { s3_error!(PreconditionFailed) } else { e })?;
        let replace = input.metadata_directive.as_ref().is_some_and(|d| d.as_str() == MetadataDirective::REPLACE);
        let put = if replace {
            // New metadata: the bytes go through the host (the backends copy metadata with them).
            let options = put_options(input.content_type, input.metadata)?;
            let object = self.backend.get_object(from_bucket, from_key, None).await.map_err(failed)?;
            let body = PutBody::Stream { length: Some(object.content_length()), stream: object.body };
            self.backend.put_object(&input.bucket, &input.key, body, options).await.map_err(failed)?
        } else {
            if from_bucket.as_ref() == input.bucket && from_key.as_ref() == input.key {
                return Err(s3_error!(
                    InvalidRequest,
                    "copying an object onto itself needs the metadata directive REPLACE"
                ));
            }
            self.backend.copy_object(from_bucket, from_key, &input.bucket, &input.key).await.map_err(failed)?
        };
        Ok(S3Response::new(CopyObjectOutput {
            copy_object_result: Some(CopyObjectResult {
                e_tag: Some(etag(&put.etag)),
                last_modified: Some(timestamp(SystemTime::now())),
                ..Default::default()
            }),
            ..Default::default()
        }))
    }

    async fn list_objects(&self, req: S3Request<ListObjectsInput>) -> S3Result<S3Response<ListObjectsOutput>> {
        let input = req.input;
        let encoding = Encoding::of(input.encoding_type.as_ref());
        let options = ListOptions {
            prefix: input.prefix.clone(),
            delimiter: input.delimiter.clone(),
            max_keys: input.max_keys.and_then(|n| u32::try_from(n).ok()),
            continuation_token: None,
            start_after: input.marker.clone().filter(|m| !m.is_empty()),
        };
        let (contents, prefixes, truncated, _, last) = self.list(&input.bucket, options, &encoding).await?;
        Ok(S3Response::new(ListObjectsOutput {
            name: Some(input.bucket),
            prefix: Some(encoding.apply(input.prefix.unwrap_or_default())),
            marker: Some(encoding.apply(input.marker.unwrap_or_default())),
            delimiter: encoding.opt(input.delimiter),
            max_keys: Some(input.max_keys.unwrap_or(1000)),
            is_truncated: Some(truncated),
            // A v1 marker is a key: the last key or rolled-up prefix of the page.
            next_marker: encoding.opt(last.filter(|_| truncated)),
            contents: Some(contents),
            common_prefixes: Some(prefixes),
            encoding_type: input.encoding_type,
            ..Default::default()
        }))
    }

    async fn list_objects_v2(&self, req: S3Request<ListObjectsV2Input>) -> S3Result<S3Response<ListObjectsV2Output>> {
        let input = req.input;
        let encoding = Encoding::of(input.encoding_type.as_ref());
        let options = ListOptions {
            prefix: input.prefix.clone(),
            delimiter: input.delimiter.clone(),
            max_keys: input.max_keys.and_then(|n| u32::try_from(n).ok()),
            continuation_token: input.continuation_token.clone().filter(|t| !t.is_empty()),
            start_after: input.start_after.clone().filter(|s| !s.is_empty()),
        };
        let (contents, prefixes, truncated, next, _) = self.list(&input.bucket, options, &encoding).await?;
        let count = (contents.len() + prefixes.len()) as i32;
        Ok(S3Response::new(ListObjectsV2Output {
            name: Some(input.bucket),
            prefix: Some(encoding.apply(input.prefix.unwrap_or_default())),
            delimiter: encoding.opt(input.delimiter),
            max_keys: Some(input.max_keys.unwrap_or(1000)),
            key_count: Some(count),
            continuation_token: input.continuation_token,
            start_after: encoding.opt(input.start_after),
            is_truncated: Some(truncated),
            next_continuation_token: next,
            contents: Some(contents),
            common_prefixes: Some(prefixes),
            encoding_type: input.encoding_type,
            ..Default::default()
        }))
    }

    async fn create_multipart_upload(
        &self,
        req: S3Request<CreateMultipartUploadInput>,
    ) -> S3Result<S3Response<CreateMultipartUploadOutput>> {
        let input = req.input;
        key_of(&input.key)?;
        // The bucket must exist now, not only at the end.
        self.backend.bucket_policy(&input.bucket).await.map_err(failed)?;
        let options = put_options(input.content_type, input.metadata)?;
        let upload = Upload {
            bucket: input.bucket.clone(),
            key: input.key.clone(),
            content_type: options.content_type,
            metadata: options.metadata,
        };
        let id = self.uploads.create(upload).await?;
        Ok(S3Response::new(CreateMultipartUploadOutput {
            bucket: Some(input.bucket),
            key: Some(input.key),
            upload_id: Some(id),
            ..Default::default()
        }))
    }

    async fn upload_part(&self, req: S3Request<UploadPartInput>) -> S3Result<S3Response<UploadPartOutput>> {
        let input = req.input;
        self.uploads.get(&input.upload_id, &input.bucket, &input.key).await?;
        let body = match put_body(input.body, input.content_length, input.content_md5.as_deref(), self.limit())? {
            PutBody::Bytes(bytes) => PutBody::Bytes(bytes).into_stream(),
            PutBody::Stream { stream, .. } => stream,
        };
        let md5 =
            self.uploads.put_part(&input.upload_id, input.part_number, body, self.limit()).await.map_err(|e| {
                if e.message().is_some_and(|m| m.contains(BAD_DIGEST)) {
                    s3_error!(BadDigest, "{BAD_DIGEST}")
                } else {
                    e
                }
            })?;
        Ok(S3Response::new(UploadPartOutput { e_tag: Some(ETag::Strong(md5)), ..Default::default() }))
    }

    async fn list_parts(&self, req: S3Request<ListPartsInput>) -> S3Result<S3Response<ListPartsOutput>> {
        let input = req.input;
        self.uploads.get(&input.upload_id, &input.bucket, &input.key).await?;
        let after = input.part_number_marker.unwrap_or(0);
        let max = input.max_parts.unwrap_or(1000).clamp(1, 1000) as usize;
        let all: Vec<_> =
            self.uploads.parts(&input.upload_id).await?.into_iter().filter(|p| p.number > after).collect();
        let truncated = all.len() > max;
        let page: Vec<_> = all.into_iter().take(max).collect();
        let next = page.last().filter(|_| truncated).map(|p| p.number);
        let parts = page
            .into_iter()
            .map(|p| Part {
                part_number: Some(p.number),
                size: Some(p.size as i64),
                e_tag: Some(ETag::Strong(p.md5)),
                last_modified: Some(timestamp(p.modified)),
                ..Default::default()
            })
            .collect();
        Ok(S3Response::new(ListPartsOutput {
            bucket: Some(input.bucket),
            key: Some(input.key),
            upload_id: Some(input.upload_id),
            part_number_marker: input.part_number_marker,
            next_part_number_marker: next,
            max_parts: Some(max as i32),
            is_truncated: Some(truncated),
            parts: Some(parts),
            ..Default::default()
        }))
    }

    async fn complete_multipart_upload(
        &self,
        req: S3Request<CompleteMultipartUploadInput>,
    ) -> S3Result<S3Response<CompleteMultipartUploadOutput>> {
        let input = req.input;
        let upload = self.uploads.get(&input.upload_id, &input.bucket, &input.key).await?;
        let listed: Vec<(i32, Option<String>)> = input
            .multipart_upload
            .and_then(|m| m.parts)
            .unwrap_or_default()
            .into_iter()
            .map(|p| (p.part_number.unwrap_or(0), p.e_tag.map(|e| e.value().to_owned())))
            .collect();
        let body = self.uploads.assemble(&input.upload_id, &listed).await?;
        let put = self.backend.put_object(&upload.bucket, &upload.key, body, upload.options()).await.map_err(failed)?;
        // Only once the object is in place: a failure above leaves the upload to retry.
        let _ = self.uploads.remove(&input.upload_id).await;
        Ok(S3Response::new(CompleteMultipartUploadOutput {
            bucket: Some(input.bucket),
            key: Some(input.key),
            e_tag: Some(etag(&put.etag)),
            ..Default::default()
        }))
    }

    async fn abort_multipart_upload(
        &self,
        req: S3Request<AbortMultipartUploadInput>,
    ) -> S3Result<S3Response<AbortMultipartUploadOutput>> {
        let input = req.input;
        self.uploads.get(&input.upload_id, &input.bucket, &input.key).await?;
        self.uploads.remove(&input.upload_id).await?;
        Ok(S3Response::new(AbortMultipartUploadOutput::default()))
    }
}
