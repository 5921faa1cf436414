//! A real S3 server in the test process: s3s over s3s-fs on a random loopback port.
//!
//! [`PolicyFs`] wraps s3s-fs for what the suite needs that s3s-fs lacks: bucket policies (kept in
//! memory), refusing to delete a non-empty bucket (s3s-fs deletes it whole), and keys such as `a`
//! and `a/b` side by side (s3s-fs stores a key as a path, and `a` cannot be both a file and a
//! directory). For the last, keys are stored flat, with `/` and `%` percent-encoded, and
//! ListObjectsV2 (prefix, delimiter, paging) is done here over the decoded keys. It also lists
//! the multipart uploads under way (ListMultipartUploads), which s3s-fs does not.

use std::collections::{BTreeSet, HashMap};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto::Builder as ConnBuilder;
use s3s::dto::*;
use s3s::{S3, S3Request, S3Response, S3Result, s3_error};
use s3s_fs::FileSystem;

/// Credentials the server accepts.
pub const ACCESS_KEY: &str = "laf-test";
/// Secret of [`ACCESS_KEY`].
pub const SECRET_KEY: &str = "laf-test-secret";

/// Starts the server on `root` and returns its address; it runs until the runtime stops.
pub async fn start(root: &Path) -> SocketAddr {
    let fs = FileSystem::new(root).expect("open the s3s-fs root");
    let s3 = PolicyFs { fs, root: root.to_owned(), policies: Mutex::default() };
    let service = {
        let mut builder = s3s::service::S3ServiceBuilder::new(s3);
        builder.set_auth(s3s::auth::SimpleAuth::from_single(ACCESS_KEY, SECRET_KEY.to_owned()));
        builder.build()
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind the S3 server");
    let addr = listener.local_addr().expect("the S3 server's address");
    tokio::spawn(async move {
        let http = ConnBuilder::new(TokioExecutor::new());
        while let Ok((socket, _)) = listener.accept().await {
            // Without it every request on a reused connection waits ~40 ms for delayed ACKs.
            let _ = socket.set_nodelay(true);
            let conn = http.serve_connection(TokioIo::new(socket), service.clone()).into_owned();
            tokio::spawn(conn);
        }
    });
    addr
}

/// s3s-fs plus bucket policies, a non-empty check on bucket deletion, and flat keys.
struct PolicyFs {
    fs: FileSystem,
    root: PathBuf,
    policies: Mutex<HashMap<String, String>>,
}

impl std::fmt::Debug for PolicyFs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PolicyFs").field("root", &self.root).finish_non_exhaustive()
    }
}

/// A key as the file name s3s-fs stores it under.
fn flat(key: &str) -> String {
    key.replace('%', "%25").replace('/', "%2F")
}

fn unflat(name: &str) -> String {
    name.replace("%2F", "/").replace("%25", "%")
}

/// Decodes unpadded URL-safe base64, as s3s-fs writes bucket names and keys into file names.
fn base64url_decode(text: &str) -> Option<String> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let (mut out, mut acc, mut bits) = (Vec::new(), 0u32, 0u32);
    for c in text.bytes() {
        acc = (acc << 6) | ALPHABET.iter().position(|&a| a == c)? as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The (bucket, flat key, upload id) of a multipart upload's metadata file in s3s-fs's root,
/// `.bucket-<base64 bucket>.object-<base64 key>.upload-<id>.metadata.json`.
fn upload_of(file_name: &str) -> Option<(String, String, String)> {
    let rest = file_name.strip_prefix(".bucket-")?.strip_suffix(".metadata.json")?;
    let (bucket, rest) = rest.split_once(".object-")?;
    let (key, id) = rest.rsplit_once(".upload-")?;
    Some((base64url_decode(bucket)?, base64url_decode(key)?, id.to_owned()))
}

impl PolicyFs {
    fn bucket_exists(&self, bucket: &str) -> bool {
        s3s::path::check_bucket_name(bucket) && self.root.join(bucket).is_dir()
    }

    fn require_bucket(&self, bucket: &str) -> S3Result<()> {
        if self.bucket_exists(bucket) { Ok(()) } else { Err(s3_error!(NoSuchBucket)) }
    }

    fn policies(&self) -> std::sync::MutexGuard<'_, HashMap<String, String>> {
        self.policies.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A request the wrapper makes of s3s-fs itself.
fn internal_request<T>(input: T) -> S3Request<T> {
    S3Request {
        input,
        method: http::Method::GET,
        uri: http::Uri::from_static("/"),
        headers: Default::default(),
        extensions: Default::default(),
        credentials: None,
        region: None,
        service: None,
        trailing_headers: None,
    }
}

/// One entry of a listing page: an object or a rolled-up prefix.
enum Entry {
    Object(Box<Object>),
    Prefix(String),
}

impl Entry {
    fn key(&self) -> &str {
        match self {
            Entry::Object(o) => o.key.as_deref().unwrap_or_default(),
            Entry::Prefix(p) => p,
        }
    }
}

#[async_trait::async_trait]
impl S3 for PolicyFs {
    async fn create_bucket(&self, req: S3Request<CreateBucketInput>) -> S3Result<S3Response<CreateBucketOutput>> {
        self.fs.create_bucket(req).await
    }

    async fn head_bucket(&self, req: S3Request<HeadBucketInput>) -> S3Result<S3Response<HeadBucketOutput>> {
        self.fs.head_bucket(req).await
    }

    async fn list_buckets(&self, req: S3Request<ListBucketsInput>) -> S3Result<S3Response<ListBucketsOutput>> {
        self.fs.list_buckets(req).await
    }

    async fn delete_bucket(&self, req: S3Request<DeleteBucketInput>) -> S3Result<S3Response<DeleteBucketOutput>> {
        let bucket = req.input.bucket.clone();
        self.require_bucket(&bucket)?;
        let not_empty =
            std::fs::read_dir(self.root.join(&bucket)).map_err(|e| s3_error!(e, InternalError))?.next().is_some();
        if not_empty {
            return Err(s3_error!(BucketNotEmpty));
        }
        let out = self.fs.delete_bucket(req).await?;
        self.policies().remove(&bucket);
        Ok(out)
    }

    async fn get_bucket_policy(
        &self,
        req: S3Request<GetBucketPolicyInput>,
    ) -> S3Result<S3Response<GetBucketPolicyOutput>> {
        self.require_bucket(&req.input.bucket)?;
        let policy = self.policies().get(&req.input.bucket).cloned().ok_or_else(|| s3_error!(NoSuchBucketPolicy))?;
        Ok(S3Response::new(GetBucketPolicyOutput { policy: Some(policy) }))
    }

    async fn put_bucket_policy(
        &self,
        req: S3Request<PutBucketPolicyInput>,
    ) -> S3Result<S3Response<PutBucketPolicyOutput>> {
        self.require_bucket(&req.input.bucket)?;
        if serde_json::from_str::<serde_json::Value>(&req.input.policy).is_err() {
            return Err(s3_error!(MalformedPolicy));
        }
        self.policies().insert(req.input.bucket, req.input.policy);
        Ok(S3Response::new(PutBucketPolicyOutput {}))
    }

    async fn delete_bucket_policy(
        &self,
        req: S3Request<DeleteBucketPolicyInput>,
    ) -> S3Result<S3Response<DeleteBucketPolicyOutput>> {
        self.require_bucket(&req.input.bucket)?;
        self.policies().remove(&req.input.bucket);
        Ok(S3Response::new(DeleteBucketPolicyOutput {}))
    }

    async fn put_object(&self, mut req: S3Request<PutObjectInput>) -> S3Result<S3Response<PutObjectOutput>> {
        req.input.key = flat(&req.input.key);
        // s3s-fs would create the bucket's directory.
        self.require_bucket(&req.input.bucket)?;
        self.fs.put_object(req).await
    }

    async fn get_object(&self, mut req: S3Request<GetObjectInput>) -> S3Result<S3Response<GetObjectOutput>> {
        req.input.key = flat(&req.input.key);
        self.require_bucket(&req.input.bucket)?;
        self.fs.get_object(req).await
    }

    async fn head_object(&self, mut req: S3Request<HeadObjectInput>) -> S3Result<S3Response<HeadObjectOutput>> {
        req.input.key = flat(&req.input.key);
        self.fs.head_object(req).await
    }

    async fn delete_object(&self, mut req: S3Request<DeleteObjectInput>) -> S3Result<S3Response<DeleteObjectOutput>> {
        req.input.key = flat(&req.input.key);
        self.fs.delete_object(req).await
    }

    async fn copy_object(&self, mut req: S3Request<CopyObjectInput>) -> S3Result<S3Response<CopyObjectOutput>> {
        req.input.key = flat(&req.input.key);
        if let CopySource::Bucket { bucket, key, .. } = &mut req.input.copy_source {
            self.require_bucket(bucket)?;
            *key = flat(key).into();
        }
        self.require_bucket(&req.input.bucket)?;
        self.fs.copy_object(req).await
    }

    async fn create_multipart_upload(
        &self,
        mut req: S3Request<CreateMultipartUploadInput>,
    ) -> S3Result<S3Response<CreateMultipartUploadOutput>> {
        req.input.key = flat(&req.input.key);
        self.require_bucket(&req.input.bucket)?;
        self.fs.create_multipart_upload(req).await
    }

    async fn upload_part(&self, mut req: S3Request<UploadPartInput>) -> S3Result<S3Response<UploadPartOutput>> {
        req.input.key = flat(&req.input.key);
        self.fs.upload_part(req).await
    }

    async fn complete_multipart_upload(
        &self,
        mut req: S3Request<CompleteMultipartUploadInput>,
    ) -> S3Result<S3Response<CompleteMultipartUploadOutput>> {
        req.input.key = flat(&req.input.key);
        self.fs.complete_multipart_upload(req).await
    }

    async fn abort_multipart_upload(
        &self,
        mut req: S3Request<AbortMultipartUploadInput>,
    ) -> S3Result<S3Response<AbortMultipartUploadOutput>> {
        req.input.key = flat(&req.input.key);
        self.fs.abort_multipart_upload(req).await
    }

    async fn list_parts(&self, mut req: S3Request<ListPartsInput>) -> S3Result<S3Response<ListPartsOutput>> {
        req.input.key = flat(&req.input.key);
        let mut out = self.fs.list_parts(req).await?;
        out.output.key = out.output.key.as_deref().map(unflat);
        Ok(out)
    }

    /// s3s-fs has no ListMultipartUploads: the uploads under way are those whose metadata and
    /// upload files are in its root (completing or aborting one removes both). No paging.
    async fn list_multipart_uploads(
        &self,
        req: S3Request<ListMultipartUploadsInput>,
    ) -> S3Result<S3Response<ListMultipartUploadsOutput>> {
        let bucket = req.input.bucket;
        self.require_bucket(&bucket)?;
        let mut uploads = Vec::new();
        for entry in std::fs::read_dir(&self.root).map_err(|e| s3_error!(e, InternalError))? {
            let entry = entry.map_err(|e| s3_error!(e, InternalError))?;
            let Some((of, key, id)) = entry.file_name().to_str().and_then(upload_of) else { continue };
            if of == bucket && self.root.join(format!(".upload-{id}.json")).is_file() {
                let key = unflat(&key);
                if req.input.prefix.as_deref().is_none_or(|p| key.starts_with(p)) {
                    uploads.push(MultipartUpload { key: Some(key), upload_id: Some(id), ..Default::default() });
                }
            }
        }
        uploads.sort_by(|a, b| (&a.key, &a.upload_id).cmp(&(&b.key, &b.upload_id)));
        Ok(S3Response::new(ListMultipartUploadsOutput {
            bucket: Some(bucket),
            prefix: req.input.prefix,
            is_truncated: Some(false),
            uploads: Some(uploads),
            ..Default::default()
        }))
    }

    async fn list_objects_v2(&self, req: S3Request<ListObjectsV2Input>) -> S3Result<S3Response<ListObjectsV2Output>> {
        let input = req.input.clone();
        // Every (flat) key of the bucket, then S3's listing rules over the real keys.
        let all = self
            .fs
            .list_objects_v2(req.map_input(|mut i| {
                (i.prefix, i.delimiter, i.continuation_token, i.start_after) = (None, None, None, None);
                i.max_keys = Some(i32::MAX);
                i
            }))
            .await?;
        let mut objects: Vec<Object> = all.output.contents.unwrap_or_default();
        for o in &mut objects {
            o.key = o.key.as_deref().map(unflat);
        }
        objects.sort_by(|a, b| a.key.cmp(&b.key));
        let prefix = input.prefix.clone().unwrap_or_default();
        let marker = match (input.continuation_token.as_deref(), input.start_after.as_deref()) {
            (Some(token), Some(after)) => Some(token.max(after)),
            (token, after) => token.or(after),
        };
        let mut entries: Vec<Entry> = Vec::new();
        let mut seen_prefixes = BTreeSet::new();
        for o in objects {
            let key = o.key.clone().unwrap_or_default();
            let Some(rest) = key.strip_prefix(&prefix) else { continue };
            let entry = match input
                .delimiter
                .as_deref()
                .filter(|d| !d.is_empty())
                .and_then(|d| rest.find(d).map(|i| i + d.len()))
            {
                Some(end) => Entry::Prefix(format!("{prefix}{}", &rest[..end])),
                None => Entry::Object(Box::new(o)),
            };
            if marker.is_some_and(|m| entry.key() <= m) {
                continue;
            }
            if let Entry::Prefix(p) = &entry
                && !seen_prefixes.insert(p.clone())
            {
                continue;
            }
            entries.push(entry);
        }
        let max_keys = input.max_keys.unwrap_or(1000).clamp(0, 1000) as usize;
        let is_truncated = entries.len() > max_keys;
        entries.truncate(max_keys);
        let next_continuation_token = is_truncated.then(|| entries.last().map(|e| e.key().to_owned())).flatten();
        let key_count = entries.len() as i32;
        let (mut contents, mut common_prefixes) = (Vec::new(), Vec::new());
        for entry in entries {
            match entry {
                Entry::Object(mut o) => {
                    // s3s-fs lists no entity tags; S3 does.
                    let key = flat(o.key.as_deref().unwrap_or_default());
                    let head = HeadObjectInput { bucket: input.bucket.clone(), key, ..Default::default() };
                    o.e_tag = self.fs.head_object(internal_request(head)).await?.output.e_tag;
                    contents.push(*o);
                }
                Entry::Prefix(p) => common_prefixes.push(CommonPrefix { prefix: Some(p) }),
            }
        }
        Ok(S3Response::new(ListObjectsV2Output {
            name: Some(input.bucket),
            prefix: input.prefix,
            delimiter: input.delimiter,
            max_keys: Some(max_keys as i32),
            key_count: Some(key_count),
            continuation_token: input.continuation_token,
            start_after: input.start_after,
            is_truncated: Some(is_truncated),
            next_continuation_token,
            contents: Some(contents),
            common_prefixes: Some(common_prefixes),
            ..Default::default()
        }))
    }
}
