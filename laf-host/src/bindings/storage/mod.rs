//! The storage binding: S3-style buckets and objects, per app.
//!
//! A [`StorageBackend`] holds every app's buckets under their full names (`<appid>-<name>`);
//! each app gets a [`Storage`] handle that turns its own short names into full ones and refuses
//! every bucket outside its prefix, so a function can never name another app's bucket. Two
//! backends ship: the local filesystem (the default) and any S3 service.

mod body;
mod error;
pub mod local;
pub mod name;
pub mod s3;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use async_trait::async_trait;

pub use body::{ByteStream, CHUNK_SIZE, GetObject, PutBody};
pub use error::StorageError;
pub use local::LocalStorage;
pub use name::{app_of_bucket, bucket_for_app, validate_key};
pub use s3::{S3Config, S3Storage};

/// Longest expiry of a presigned URL: seven days, as S3.
pub const MAX_PRESIGN_EXPIRY: Duration = Duration::from_secs(7 * 24 * 3600);

/// Who may reach a bucket's objects without credentials, as Laf's bucket policies say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BucketPolicy {
    /// Only the app (and presigned URLs).
    Private,
    /// Anyone may read; the bucket can be served as a website.
    Readonly,
    /// Anyone may read and write.
    Readwrite,
}

impl BucketPolicy {
    /// The policy's name: `private`, `readonly` or `readwrite`.
    pub fn as_str(self) -> &'static str {
        match self {
            BucketPolicy::Private => "private",
            BucketPolicy::Readonly => "readonly",
            BucketPolicy::Readwrite => "readwrite",
        }
    }

    /// Whether anonymous callers may read objects.
    pub fn public_read(self) -> bool {
        self != BucketPolicy::Private
    }

    /// Whether anonymous callers may write objects.
    pub fn public_write(self) -> bool {
        self == BucketPolicy::Readwrite
    }
}

impl std::str::FromStr for BucketPolicy {
    type Err = StorageError;
    fn from_str(s: &str) -> Result<Self, StorageError> {
        match s {
            "private" => Ok(BucketPolicy::Private),
            "readonly" => Ok(BucketPolicy::Readonly),
            "readwrite" => Ok(BucketPolicy::Readwrite),
            _ => Err(StorageError::InvalidArgument(format!(
                "unknown bucket policy {s:?}: use private, readonly or readwrite"
            ))),
        }
    }
}

/// A bucket as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BucketInfo {
    /// Full name, `<appid>-<name>`.
    pub name: String,
    /// Anonymous access.
    pub policy: BucketPolicy,
    /// Creation time, when the backend knows it.
    pub created: Option<SystemTime>,
}

/// An object's metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectMeta {
    /// The key.
    pub key: String,
    /// Size in bytes.
    pub size: u64,
    /// Entity tag, quoted as S3 sends it (`"<hex md5>"` for single-part objects).
    pub etag: String,
    /// Content type given at put, if any (listings may leave it out).
    pub content_type: Option<String>,
    /// Last write.
    pub last_modified: SystemTime,
    /// User metadata (`x-amz-meta-*`), names lowercase; listings may leave it out.
    pub metadata: BTreeMap<String, String>,
}

/// A whole object in memory, from [`Storage::read_all`].
#[derive(Debug, Clone)]
pub struct ObjectBytes {
    /// The object's metadata.
    pub meta: ObjectMeta,
    /// Its bytes.
    pub body: bytes::Bytes,
}

/// Options of a put.
#[derive(Debug, Clone, Default)]
pub struct PutOptions {
    /// `Content-Type` to store and serve the object with.
    pub content_type: Option<String>,
    /// User metadata; names are stored lowercase.
    pub metadata: BTreeMap<String, String>,
}

/// What a put answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PutResult {
    /// The stored object's entity tag.
    pub etag: String,
    /// Bytes stored.
    pub size: u64,
}

/// A byte range of a get, as an HTTP `Range: bytes=` header names one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ByteRange {
    /// `start-` or `start-end` (inclusive).
    From {
        /// First byte.
        start: u64,
        /// Last byte, inclusive; `None` for the end of the object.
        end: Option<u64>,
    },
    /// `-n`: the last `n` bytes.
    Suffix(u64),
}

impl ByteRange {
    /// Parses one range of a `Range` header value (`bytes=0-99`, `bytes=100-`, `bytes=-20`).
    pub fn parse_header(value: &str) -> Result<ByteRange, StorageError> {
        let bad = || StorageError::InvalidRange(value.to_owned());
        let spec = value.trim().strip_prefix("bytes=").ok_or_else(bad)?;
        if spec.contains(',') {
            return Err(StorageError::Unsupported(format!("multiple byte ranges are not supported: {value}")));
        }
        let (a, b) = spec.split_once('-').ok_or_else(bad)?;
        let num = |s: &str| s.trim().parse::<u64>().map_err(|_| bad());
        match (a.trim().is_empty(), b.trim().is_empty()) {
            (true, false) => Ok(ByteRange::Suffix(num(b)?)),
            (false, true) => Ok(ByteRange::From { start: num(a)?, end: None }),
            (false, false) => {
                let (start, end) = (num(a)?, num(b)?);
                if end < start {
                    return Err(bad());
                }
                Ok(ByteRange::From { start, end: Some(end) })
            }
            (true, true) => Err(bad()),
        }
    }

    /// The inclusive byte span this range covers in an object of `len` bytes, as S3 resolves it
    /// (an end past the object is cut to the object's end; a start past it is unsatisfiable).
    pub fn resolve(self, len: u64) -> Result<(u64, u64), StorageError> {
        let unsatisfiable = || StorageError::InvalidRange(format!("{self} of a {len}-byte object"));
        match self {
            ByteRange::From { start, end } => {
                if start >= len {
                    return Err(unsatisfiable());
                }
                Ok((start, end.map_or(len - 1, |e| e.min(len - 1))))
            }
            ByteRange::Suffix(n) => {
                if n == 0 || len == 0 {
                    return Err(unsatisfiable());
                }
                Ok((len.saturating_sub(n), len - 1))
            }
        }
    }
}

impl std::fmt::Display for ByteRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ByteRange::From { start, end: Some(end) } => write!(f, "bytes={start}-{end}"),
            ByteRange::From { start, end: None } => write!(f, "bytes={start}-"),
            ByteRange::Suffix(n) => write!(f, "bytes=-{n}"),
        }
    }
}

/// Options of a listing, as ListObjectsV2 takes them.
#[derive(Debug, Clone, Default)]
pub struct ListOptions {
    /// Only keys starting with this.
    pub prefix: Option<String>,
    /// Roll keys up to their first `delimiter` after the prefix into [`ListPage::common_prefixes`].
    pub delimiter: Option<String>,
    /// Most keys and prefixes in one page (default and maximum 1000).
    pub max_keys: Option<u32>,
    /// The token of the previous page's [`ListPage::next_continuation_token`].
    pub continuation_token: Option<String>,
    /// Only keys after this one.
    pub start_after: Option<String>,
}

impl ListOptions {
    /// The page size to use: `max_keys` bounded to 1..=1000 (1000 when unset).
    pub fn page_size(&self) -> usize {
        self.max_keys.map_or(1000, |n| n.clamp(1, 1000)) as usize
    }
}

/// One page of a listing, in key order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListPage {
    /// Objects (content type and metadata may be left out).
    pub objects: Vec<ObjectMeta>,
    /// Key prefixes rolled up by the delimiter, each ending with it.
    pub common_prefixes: Vec<String>,
    /// Whether more keys follow.
    pub is_truncated: bool,
    /// Token to pass for the next page when truncated.
    pub next_continuation_token: Option<String>,
}

/// What a presigned URL allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PresignMethod {
    /// Download the object.
    Get,
    /// Upload (replace) the object.
    Put,
}

impl PresignMethod {
    /// The HTTP method name.
    pub fn as_str(self) -> &'static str {
        match self {
            PresignMethod::Get => "GET",
            PresignMethod::Put => "PUT",
        }
    }
}

/// Buckets and objects of every app on one backend, by full bucket name. Implement it to add a
/// backend; apps reach it only through [`Storage`], which checks names first.
#[async_trait]
pub trait StorageBackend: Send + Sync + 'static {
    /// Short name of the backend, for logs (`local`, `s3`).
    fn kind(&self) -> &'static str;
    /// Creates a bucket.
    async fn create_bucket(&self, bucket: &str, policy: BucketPolicy) -> Result<(), StorageError>;
    /// Deletes an empty bucket.
    async fn delete_bucket(&self, bucket: &str) -> Result<(), StorageError>;
    /// Buckets whose name starts with `prefix`, sorted by name.
    async fn list_buckets(&self, prefix: &str) -> Result<Vec<BucketInfo>, StorageError>;
    /// A bucket's policy.
    async fn bucket_policy(&self, bucket: &str) -> Result<BucketPolicy, StorageError>;
    /// Changes a bucket's policy.
    async fn set_bucket_policy(&self, bucket: &str, policy: BucketPolicy) -> Result<(), StorageError>;
    /// Stores an object, replacing any with the same key; readers see the old or the new
    /// object, never a partial one.
    async fn put_object(
        &self,
        bucket: &str,
        key: &str,
        body: PutBody,
        options: PutOptions,
    ) -> Result<PutResult, StorageError>;
    /// Reads an object, or a byte range of it, as a stream.
    async fn get_object(&self, bucket: &str, key: &str, range: Option<ByteRange>) -> Result<GetObject, StorageError>;
    /// An object's metadata.
    async fn head_object(&self, bucket: &str, key: &str) -> Result<ObjectMeta, StorageError>;
    /// One page of keys.
    async fn list_objects(&self, bucket: &str, options: &ListOptions) -> Result<ListPage, StorageError>;
    /// Deletes an object; deleting a missing key is not an error (as S3).
    async fn delete_object(&self, bucket: &str, key: &str) -> Result<(), StorageError>;
    /// Copies an object with its content type and metadata.
    async fn copy_object(
        &self,
        from_bucket: &str,
        from_key: &str,
        to_bucket: &str,
        to_key: &str,
    ) -> Result<PutResult, StorageError>;
    /// A URL that lets anyone holding it `method` the object until `expires_in` has passed.
    async fn presign(
        &self,
        method: PresignMethod,
        bucket: &str,
        key: &str,
        expires_in: Duration,
    ) -> Result<String, StorageError>;
    /// The object's unsigned URL, which answers when the bucket's policy allows public reads.
    fn external_url(&self, bucket: &str, key: &str) -> String;
    /// Checks a request to the host's `/_/storage/<bucket>/<key>` route against the URLs this
    /// backend presigns (`query` is the raw query string). Backends whose URLs point elsewhere
    /// (S3) keep the default, which refuses.
    fn verify_presigned(
        &self,
        method: PresignMethod,
        bucket: &str,
        key: &str,
        query: &str,
    ) -> Result<(), StorageError> {
        let _ = (method, bucket, key, query);
        Err(StorageError::AccessDenied("this backend's presigned URLs are not served by the host".into()))
    }
}

/// One app's view of storage: short bucket names get the app's prefix, other apps' buckets
/// are refused, keys are checked, and every call goes to the shared backend.
#[derive(Clone)]
pub struct Storage {
    app: Arc<str>,
    backend: Arc<dyn StorageBackend>,
}

impl std::fmt::Debug for Storage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Storage").field("app", &self.app).field("backend", &self.backend.kind()).finish()
    }
}

impl Storage {
    /// App `app`'s storage on `backend`.
    pub fn new(app: &str, backend: Arc<dyn StorageBackend>) -> Storage {
        Storage { app: app.into(), backend }
    }

    /// The app's id.
    pub fn app_id(&self) -> &str {
        &self.app
    }

    /// The full name of the app's bucket `name` (`web` or `<appid>-web`).
    pub fn bucket_name(&self, name: &str) -> Result<String, StorageError> {
        bucket_for_app(&self.app, name)
    }

    fn object(&self, bucket: &str, key: &str) -> Result<String, StorageError> {
        let bucket = self.bucket_name(bucket)?;
        validate_key(key)?;
        Ok(bucket)
    }

    /// Creates the app's bucket `name`; returns its full name.
    pub async fn create_bucket(&self, name: &str, policy: BucketPolicy) -> Result<String, StorageError> {
        let bucket = self.bucket_name(name)?;
        self.backend.create_bucket(&bucket, policy).await?;
        Ok(bucket)
    }

    /// Creates the bucket if missing and sets its policy; returns its full name.
    pub async fn ensure_bucket(&self, name: &str, policy: BucketPolicy) -> Result<String, StorageError> {
        let bucket = self.bucket_name(name)?;
        match self.backend.create_bucket(&bucket, policy).await {
            Ok(()) => {}
            Err(StorageError::BucketExists(_)) => self.backend.set_bucket_policy(&bucket, policy).await?,
            Err(e) => return Err(e),
        }
        Ok(bucket)
    }

    /// Deletes the app's empty bucket `name`.
    pub async fn delete_bucket(&self, name: &str) -> Result<(), StorageError> {
        self.backend.delete_bucket(&self.bucket_name(name)?).await
    }

    /// The app's buckets (never another app's, even one whose id extends this one's).
    pub async fn list_buckets(&self) -> Result<Vec<BucketInfo>, StorageError> {
        let mut buckets = self.backend.list_buckets(&format!("{}-", self.app)).await?;
        buckets.retain(|b| app_of_bucket(&b.name) == Some(&*self.app));
        Ok(buckets)
    }

    /// The policy of the app's bucket `name`.
    pub async fn bucket_policy(&self, name: &str) -> Result<BucketPolicy, StorageError> {
        self.backend.bucket_policy(&self.bucket_name(name)?).await
    }

    /// Sets the policy of the app's bucket `name`.
    pub async fn set_bucket_policy(&self, name: &str, policy: BucketPolicy) -> Result<(), StorageError> {
        self.backend.set_bucket_policy(&self.bucket_name(name)?, policy).await
    }

    /// Stores an object.
    pub async fn put_object(
        &self,
        bucket: &str,
        key: &str,
        body: PutBody,
        options: PutOptions,
    ) -> Result<PutResult, StorageError> {
        let bucket = self.object(bucket, key)?;
        validate_put_options(&options)?;
        self.backend.put_object(&bucket, key, body, options).await
    }

    /// Reads an object or a range of it.
    pub async fn get_object(
        &self,
        bucket: &str,
        key: &str,
        range: Option<ByteRange>,
    ) -> Result<GetObject, StorageError> {
        let bucket = self.object(bucket, key)?;
        self.backend.get_object(&bucket, key, range).await
    }

    /// Reads a whole object into memory, refusing one over `max` bytes
    /// ([`StorageError::TooLarge`]) before any of it is read. Languages that copy an object into
    /// their own memory (a guest, a worker process, a plugin) read through here, so that one
    /// limit check and one error serve them all.
    pub async fn read_all(&self, bucket: &str, key: &str, max: u64) -> Result<ObjectBytes, StorageError> {
        let object = self.get_object(bucket, key, None).await?;
        let meta = object.meta.clone();
        let body = object.bytes(usize::try_from(max).unwrap_or(usize::MAX)).await?;
        Ok(ObjectBytes { meta, body })
    }

    /// An object's metadata.
    pub async fn head_object(&self, bucket: &str, key: &str) -> Result<ObjectMeta, StorageError> {
        let bucket = self.object(bucket, key)?;
        self.backend.head_object(&bucket, key).await
    }

    /// One page of the bucket's keys.
    pub async fn list_objects(&self, bucket: &str, options: &ListOptions) -> Result<ListPage, StorageError> {
        self.backend.list_objects(&self.bucket_name(bucket)?, options).await
    }

    /// Deletes an object.
    pub async fn delete_object(&self, bucket: &str, key: &str) -> Result<(), StorageError> {
        let bucket = self.object(bucket, key)?;
        self.backend.delete_object(&bucket, key).await
    }

    /// Copies an object between two of the app's buckets (or within one).
    pub async fn copy_object(
        &self,
        from_bucket: &str,
        from_key: &str,
        to_bucket: &str,
        to_key: &str,
    ) -> Result<PutResult, StorageError> {
        let from = self.object(from_bucket, from_key)?;
        let to = self.object(to_bucket, to_key)?;
        self.backend.copy_object(&from, from_key, &to, to_key).await
    }

    /// A URL that lets its holder `method` the object for `expires_in` (1 s to 7 days).
    pub async fn presign(
        &self,
        method: PresignMethod,
        bucket: &str,
        key: &str,
        expires_in: Duration,
    ) -> Result<String, StorageError> {
        if expires_in < Duration::from_secs(1) || expires_in > MAX_PRESIGN_EXPIRY {
            return Err(StorageError::InvalidArgument(format!(
                "a presigned URL must expire in 1 to 604800 seconds, not {}",
                expires_in.as_secs_f64()
            )));
        }
        let bucket = self.object(bucket, key)?;
        self.backend.presign(method, &bucket, key, expires_in).await
    }

    /// The object's public URL (it answers when the bucket's policy allows public reads).
    pub fn external_url(&self, bucket: &str, key: &str) -> Result<String, StorageError> {
        let bucket = self.object(bucket, key)?;
        Ok(self.backend.external_url(&bucket, key))
    }
}

/// Largest user metadata of one object, names and values together: S3's 2 KB.
pub const MAX_METADATA_BYTES: usize = 2048;

/// Checks what a put stores besides its body the same way on every backend: S3 sends metadata as
/// `x-amz-meta-*` headers, so names are header tokens, values printable ASCII, 2 KB in all, and the
/// content type a valid header value.
pub fn validate_put_options(options: &PutOptions) -> Result<(), StorageError> {
    let printable = |s: &str| s.bytes().all(|b| (b' '..=b'~').contains(&b));
    if let Some(ct) = &options.content_type
        && !printable(ct)
    {
        return Err(StorageError::InvalidArgument(format!("invalid content type {ct:?}: use printable ASCII")));
    }
    let mut total = 0;
    for (name, value) in &options.metadata {
        let token = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
        if name.is_empty() || !name.bytes().all(token) {
            return Err(StorageError::InvalidArgument(format!(
                "invalid metadata name {name:?}: use letters, digits and -_.!#$%&'*+^`|~"
            )));
        }
        if !printable(value) {
            return Err(StorageError::InvalidArgument(format!(
                "invalid value of metadata {name:?}: S3 carries metadata in headers, so use printable ASCII \
                 (encode other text, e.g. with encodeURIComponent)"
            )));
        }
        total += name.len() + value.len();
    }
    if total > MAX_METADATA_BYTES {
        return Err(StorageError::InvalidArgument(format!(
            "metadata of {total} bytes is over S3's limit of {MAX_METADATA_BYTES}"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_parse_and_resolve_as_s3_does() {
        let r = ByteRange::parse_header("bytes=0-99").unwrap();
        assert_eq!(r.resolve(1000).unwrap(), (0, 99));
        assert_eq!(r.resolve(50).unwrap(), (0, 49));
        assert_eq!(ByteRange::parse_header("bytes=100-").unwrap().resolve(1000).unwrap(), (100, 999));
        assert_eq!(ByteRange::parse_header("bytes=-20").unwrap().resolve(1000).unwrap(), (980, 999));
        assert_eq!(ByteRange::parse_header("bytes=-2000").unwrap().resolve(1000).unwrap(), (0, 999));
        assert!(matches!(
            ByteRange::parse_header("bytes=1000-").unwrap().resolve(1000),
            Err(StorageError::InvalidRange(_))
        ));
        for bad in ["0-99", "bytes=9-1", "bytes=-", "bytes=a-b"] {
            assert!(ByteRange::parse_header(bad).is_err(), "{bad}");
        }
        assert!(matches!(ByteRange::parse_header("bytes=0-1,4-5"), Err(StorageError::Unsupported(_))));
    }

    #[test]
    fn policies_parse_by_name() {
        assert_eq!("readonly".parse::<BucketPolicy>().unwrap(), BucketPolicy::Readonly);
        assert!("public".parse::<BucketPolicy>().is_err());
        assert!(BucketPolicy::Readonly.public_read() && !BucketPolicy::Readonly.public_write());
        assert!(!BucketPolicy::Private.public_read());
    }
}
