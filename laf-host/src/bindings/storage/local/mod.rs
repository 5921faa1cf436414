//! [`LocalStorage`]: buckets and objects in a directory of the local filesystem, the default
//! backend, with S3's semantics.
//!
//! # Layout
//!
//! ```text
//! <root>/
//!   .secret                    32 random bytes (mode 0600): the HMAC key of presigned URLs
//!   .tmp/                      puts, copies and bucket changes in flight (renamed into place)
//!   buckets/<bucket>/
//!     bucket.json              {"policy": "private", "created": <unix ms>}
//!     objects/                 the keys: `photos/2024/cat.png` is `objects/photos/2024/=cat.png`
//! ```
//!
//! Every `/`-separated segment of a key but the last is a directory; the last is the file
//! `=<segment>`, so the keys `a` (`objects/=a`) and `a/b` (`objects/a/=b`) coexist and a
//! folder marker `dir/` is `objects/dir/=`. Segments are stored as they are except `%`, `\`,
//! control characters and a leading `.` or `=`, which are percent-encoded: no name is `.` or
//! `..`, none starts with `.`, no directory starts with `=`. Keys pass [`validate_key`] before
//! any path is built, and the path built is checked to stay below the bucket's `objects`.
//! Each segment must fit a file name (255 bytes encoded), a limit MinIO has too.
//!
//! An object file is a small header (content type, metadata, size, MD5) followed by the bytes
//! (see `object.rs`). A put streams into a file under `.tmp/`, syncs it and renames it over the
//! old one: readers see the old object or the new one, never a mix, and the content type and
//! metadata change with the data in that one rename. Files and the directories created for
//! them are synced before and after their rename, `bucket.json` too.
//!
//! Within one [`LocalStorage`], a per-bucket lock orders the steps that must not interleave:
//! a put or copy renames its object into place, and a policy change rewrites `bucket.json`,
//! holding the bucket's lock shared; creating and deleting the bucket hold it exclusively. So
//! a put racing the bucket's deletion either lands before it (and the bucket is not empty) or
//! fails with `NoSuchBucket`, never recreating the bucket's directories. Two `LocalStorage`s
//! (or processes) on one directory do not share these locks.
//!
//! # Known limits
//!
//! A listing reads and sorts each directory it enters: one page of a flat bucket of N keys
//! (no `/`) costs O(N) however small the page. Keys spread over `/`-separated prefixes keep
//! each directory, and so each page, small.
//!
//! A key's path is the data directory, the bucket, and up to three bytes per key byte (see
//! the escapes above): under a deep data directory a valid 1024-byte key can exceed the
//! operating system's path limit, and is then refused as `InvalidKey`.
//!
//! [`validate_key`]: super::validate_key

mod layout;
mod list;
mod object;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use hmac::{KeyInit, Mac};
use tokio::io::{AsyncReadExt, AsyncSeekExt};

use super::name::check_bucket;
use super::{
    BucketInfo, BucketPolicy, ByteRange, CHUNK_SIZE, GetObject, ListOptions, ListPage, MAX_PRESIGN_EXPIRY, ObjectMeta,
    PresignMethod, PutBody, PutOptions, PutResult, StorageBackend, StorageError, validate_key,
};
use crate::clock::{Clock, SystemClock};
use layout::object_path;
use object::TempFile;

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// Temporary files older than this are left over from a crash and removed at open.
const STALE_TEMP: Duration = Duration::from_secs(3600);

/// Fewest bytes of an HMAC key for presigned URLs: a shorter key is guessable.
pub const MIN_SECRET_LEN: usize = 32;

/// Bucket locks kept past their use before unused ones are dropped from the map.
const IDLE_LOCKS: usize = 64;

/// The local filesystem backend. See the module documentation for the layout on disk.
pub struct LocalStorage {
    root: PathBuf,
    public_url: String,
    secret: Vec<u8>,
    /// What presigned URLs expire by.
    clock: Arc<dyn Clock>,
    /// Per-bucket locks (see the module documentation), created on first use.
    locks: Mutex<HashMap<String, Arc<tokio::sync::RwLock<()>>>>,
}

impl std::fmt::Debug for LocalStorage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalStorage").field("root", &self.root).field("public_url", &self.public_url).finish()
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
struct BucketFile {
    policy: BucketPolicy,
    /// Unix milliseconds.
    created: u64,
}

impl LocalStorage {
    /// Opens (creating) the storage directory `root`, whose presigned and external URLs start
    /// with `public_url` (the host's address, such as `http://localhost:8000`). The signing key
    /// is loaded from `<root>/.secret`, or created there, so URLs survive restarts.
    pub fn open(root: &Path, public_url: &str) -> Result<LocalStorage, StorageError> {
        std::fs::create_dir_all(root.join("buckets"))?;
        std::fs::create_dir_all(root.join(".tmp"))?;
        // Every app's objects: the host's user only, whatever the umask.
        #[cfg(unix)]
        std::fs::set_permissions(root, std::os::unix::fs::PermissionsExt::from_mode(0o700))?;
        remove_stale(&root.join(".tmp"));
        let secret = load_or_create_secret(root)?;
        Ok(LocalStorage {
            root: root.to_path_buf(),
            public_url: public_url.trim_end_matches('/').to_owned(),
            secret,
            clock: Arc::new(SystemClock),
            locks: Mutex::default(),
        })
    }

    /// Dates presigned URLs, and checks their expiry, by `clock` instead of the system clock.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Signs URLs with `secret` instead of the key in `<root>/.secret` (which is left as is).
    ///
    /// # Errors
    ///
    /// [`StorageError::InvalidArgument`] when `secret` is shorter than [`MIN_SECRET_LEN`] (32)
    /// bytes: anyone could forge URLs signed with an empty or short key. Use random bytes.
    pub fn with_secret(mut self, secret: &[u8]) -> Result<Self, StorageError> {
        if secret.len() < MIN_SECRET_LEN {
            return Err(StorageError::InvalidArgument(format!(
                "the presigning key is {} bytes: it must be at least {MIN_SECRET_LEN} random bytes",
                secret.len()
            )));
        }
        self.secret = secret.to_vec();
        Ok(self)
    }

    /// The storage directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn tmp(&self) -> PathBuf {
        self.root.join(".tmp")
    }

    /// The lock of `bucket`: held shared to put an object or rewrite `bucket.json`,
    /// exclusively to create or delete the bucket.
    fn bucket_lock(&self, bucket: &str) -> Arc<tokio::sync::RwLock<()>> {
        let mut locks = self.locks.lock().unwrap_or_else(|e| e.into_inner());
        if locks.len() > IDLE_LOCKS {
            // Only the map holds these: nobody is waiting on them or holding them.
            locks.retain(|_, lock| Arc::strong_count(lock) > 1);
        }
        locks.entry(bucket.to_owned()).or_default().clone()
    }

    fn bucket_dir(&self, bucket: &str) -> Result<PathBuf, StorageError> {
        check_bucket(bucket)?;
        Ok(self.root.join("buckets").join(bucket))
    }

    /// The bucket's `objects` directory, when the bucket exists.
    async fn objects(&self, bucket: &str) -> Result<PathBuf, StorageError> {
        let dir = self.bucket_dir(bucket)?;
        if !tokio::fs::try_exists(dir.join("bucket.json")).await? {
            return Err(StorageError::NoSuchBucket(bucket.to_owned()));
        }
        Ok(dir.join("objects"))
    }

    async fn read_bucket(&self, bucket: &str) -> Result<BucketFile, StorageError> {
        let path = self.bucket_dir(bucket)?.join("bucket.json");
        let bytes = match tokio::fs::read(&path).await {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(StorageError::NoSuchBucket(bucket.into())),
            Err(e) => return Err(e.into()),
        };
        serde_json::from_slice(&bytes)
            .map_err(|e| StorageError::Io(io::Error::new(io::ErrorKind::InvalidData, format!("{path:?}: {e}"))))
    }

    /// Opens an object file and reads its header.
    async fn open_object(
        &self,
        bucket: &str,
        key: &str,
    ) -> Result<(tokio::fs::File, object::Header, SystemTime), StorageError> {
        let objects = self.objects(bucket).await?;
        let path = object_path(&objects, key)?;
        let mut file = match tokio::fs::File::open(&path).await {
            Ok(file) => file,
            Err(e) if matches!(e.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory) => {
                return Err(StorageError::NoSuchKey { bucket: bucket.into(), key: key.into() });
            }
            Err(e) => return Err(key_error(e, key)),
        };
        let header = object::read_header(&mut file).await?;
        let modified = file.metadata().await?.modified()?;
        Ok((file, header, modified))
    }

    /// Renames a finished temporary object file to `key`, holding the bucket's lock shared so
    /// that the bucket cannot be deleted between the check that it exists and the rename.
    async fn commit(&self, temp: TempFile, bucket: &str, key: &str) -> Result<(), StorageError> {
        let lock = self.bucket_lock(bucket);
        let _shared = lock.read().await;
        let objects = self.objects(bucket).await?;
        let path = object_path(&objects, key)?;
        temp.persist(&path, &objects).await.map_err(|e| key_error(e, key))
    }

    fn signature(&self, method: PresignMethod, bucket: &str, key: &str, expires: u64) -> HmacSha256 {
        // Any key length is valid for HMAC, so this cannot fail.
        let mut mac = <HmacSha256 as KeyInit>::new_from_slice(&self.secret).unwrap_or_else(|_| unreachable!());
        // The key goes last: the other fields hold no newline, so the message parses one way only.
        mac.update(format!("LAF-PRESIGN-1\n{}\n{bucket}\n{expires}\n{key}", method.as_str()).as_bytes());
        mac
    }
}

fn load_or_create_secret(root: &Path) -> Result<Vec<u8>, StorageError> {
    let path = root.join(".secret");
    if !path.exists() {
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret).map_err(|e| StorageError::Io(io::Error::other(e.to_string())))?;
        // Written whole under a temporary name, then linked into place: a concurrent opener
        // never reads half a key, and the first link wins.
        let temp = root.join(".tmp").join(format!("secret-{}", uuid::Uuid::new_v4().simple()));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let written = (|| {
            let mut file = options.open(&temp)?;
            io::Write::write_all(&mut file, &secret)?;
            file.sync_all()?;
            match std::fs::hard_link(&temp, &path) {
                Err(e) if e.kind() != io::ErrorKind::AlreadyExists => Err(e),
                _ => Ok(()),
            }
        })();
        let _ = std::fs::remove_file(&temp);
        written?;
    }
    let secret = std::fs::read(&path)?;
    if secret.len() < MIN_SECRET_LEN {
        return Err(StorageError::Io(io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "{path:?} holds {} bytes, not a {MIN_SECRET_LEN}-byte key: remove it to make a new one",
                secret.len()
            ),
        )));
    }
    Ok(secret)
}

fn remove_stale(tmp: &Path) {
    let Ok(entries) = std::fs::read_dir(tmp) else { return };
    for entry in entries.flatten() {
        let old =
            entry.metadata().and_then(|m| m.modified()).is_ok_and(|t| t.elapsed().is_ok_and(|age| age > STALE_TEMP));
        if old {
            let path = entry.path();
            let _ = if path.is_dir() { std::fs::remove_dir_all(&path) } else { std::fs::remove_file(&path) };
        }
    }
}

/// Lowercase hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || !s.is_ascii() {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok()).collect()
}

fn unix_secs(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// An I/O error on the path of `key`: a path too long for the operating system
/// (`ENAMETOOLONG`) is the key's fault, and said so; anything else is an I/O failure.
fn key_error(e: io::Error, key: &str) -> StorageError {
    if e.kind() == io::ErrorKind::InvalidFilename {
        return StorageError::InvalidKey(format!(
            "invalid object key {key:?}: its path in the local storage directory is longer than the operating \
             system allows; use a shorter key (or fewer characters the local backend escapes: '%', '\\')"
        ));
    }
    e.into()
}

fn denied(why: &str) -> StorageError {
    StorageError::AccessDenied(format!("the presigned URL is not valid: {why}"))
}

#[async_trait]
impl StorageBackend for LocalStorage {
    fn kind(&self) -> &'static str {
        "local"
    }

    async fn create_bucket(&self, bucket: &str, policy: BucketPolicy) -> Result<(), StorageError> {
        let dir = self.bucket_dir(bucket)?;
        let lock = self.bucket_lock(bucket);
        let _exclusive = lock.write().await;
        if tokio::fs::try_exists(dir.join("bucket.json")).await? {
            return Err(StorageError::BucketExists(bucket.into()));
        }
        // Built aside, synced, then renamed into place: the bucket appears whole or not at all.
        let staged = self.tmp().join(uuid::Uuid::new_v4().simple().to_string());
        let built = async {
            tokio::fs::create_dir_all(staged.join("objects")).await?;
            let created = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64);
            let json = serde_json::to_vec(&BucketFile { policy, created }).map_err(io::Error::other)?;
            object::write_synced(&staged.join("bucket.json"), &json).await?;
            object::sync_dir(&staged).await;
            match tokio::fs::rename(&staged, &dir).await {
                Err(e) if matches!(e.kind(), io::ErrorKind::DirectoryNotEmpty | io::ErrorKind::AlreadyExists) => {
                    // A directory without `bucket.json` (checked above, under the lock): the
                    // leftovers of a crash, or of a bucket deleted while a put raced it before
                    // that put had to take the lock. Not a bucket: moved away, then replaced.
                    let doomed = self.tmp().join(uuid::Uuid::new_v4().simple().to_string());
                    tokio::fs::rename(&dir, &doomed).await?;
                    tokio::fs::rename(&staged, &dir).await?;
                    let _ = tokio::fs::remove_dir_all(&doomed).await;
                    Ok(())
                }
                renamed => renamed,
            }
        };
        match built.await {
            Ok(()) => {
                object::sync_dir(&self.root.join("buckets")).await;
                Ok(())
            }
            Err(e) => {
                let _ = tokio::fs::remove_dir_all(&staged).await;
                Err(e.into())
            }
        }
    }

    async fn delete_bucket(&self, bucket: &str) -> Result<(), StorageError> {
        let lock = self.bucket_lock(bucket);
        let exclusive = lock.write().await;
        let objects = self.objects(bucket).await?;
        let one = ListOptions { max_keys: Some(1), ..ListOptions::default() };
        // The walk reads directories: blocking work, kept off the async workers.
        let walked = tokio::task::spawn_blocking(move || list::walk(&objects, &one))
            .await
            .map_err(|e| StorageError::Io(io::Error::other(e)))??;
        if !walked.items.is_empty() {
            return Err(StorageError::BucketNotEmpty(bucket.into()));
        }
        // Renamed away first so the bucket disappears at once, then removed.
        let doomed = self.tmp().join(uuid::Uuid::new_v4().simple().to_string());
        tokio::fs::rename(self.bucket_dir(bucket)?, &doomed).await?;
        object::sync_dir(&self.root.join("buckets")).await;
        drop(exclusive);
        tokio::fs::remove_dir_all(&doomed).await?;
        Ok(())
    }

    async fn list_buckets(&self, prefix: &str) -> Result<Vec<BucketInfo>, StorageError> {
        let mut entries = tokio::fs::read_dir(self.root.join("buckets")).await?;
        let mut names = Vec::new();
        while let Some(entry) = entries.next_entry().await? {
            if let Some(name) = entry.file_name().to_str()
                && name.starts_with(prefix)
                && check_bucket(name).is_ok()
            {
                names.push(name.to_owned());
            }
        }
        names.sort();
        let mut buckets = Vec::with_capacity(names.len());
        for name in names {
            match self.read_bucket(&name).await {
                Ok(file) => buckets.push(BucketInfo {
                    name,
                    policy: file.policy,
                    created: Some(UNIX_EPOCH + Duration::from_millis(file.created)),
                }),
                // Deleted since the directory was read.
                Err(StorageError::NoSuchBucket(_)) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(buckets)
    }

    async fn bucket_policy(&self, bucket: &str) -> Result<BucketPolicy, StorageError> {
        Ok(self.read_bucket(bucket).await?.policy)
    }

    async fn set_bucket_policy(&self, bucket: &str, policy: BucketPolicy) -> Result<(), StorageError> {
        let dir = self.bucket_dir(bucket)?;
        // Shared: a deletion cannot slip between the read and the rename and be undone by it.
        let lock = self.bucket_lock(bucket);
        let _shared = lock.read().await;
        let mut file = self.read_bucket(bucket).await?;
        file.policy = policy;
        let temp = TempFile::new(&self.tmp());
        object::write_synced(temp.path(), &serde_json::to_vec(&file).map_err(io::Error::other)?).await?;
        temp.persist(&dir.join("bucket.json"), &dir).await?;
        Ok(())
    }

    async fn put_object(
        &self,
        bucket: &str,
        key: &str,
        body: PutBody,
        options: PutOptions,
    ) -> Result<PutResult, StorageError> {
        // Checked before the body is read; checked again (under the bucket's lock) at the rename.
        object_path(&self.objects(bucket).await?, key)?;
        let info = object::info_of(options)?;
        let temp = TempFile::new(&self.tmp());
        let result = object::write(&temp, body, &info).await?;
        self.commit(temp, bucket, key).await?;
        Ok(result)
    }

    async fn get_object(&self, bucket: &str, key: &str, range: Option<ByteRange>) -> Result<GetObject, StorageError> {
        let (mut file, header, modified) = self.open_object(bucket, key).await?;
        let span = range.map(|r| r.resolve(header.size)).transpose()?;
        let (start, len) = match span {
            Some((start, end)) => (start, end + 1 - start),
            None => (0, header.size),
        };
        file.seek(io::SeekFrom::Start(header.data_offset + start)).await?;
        // The open file keeps this version readable even if a put replaces it meanwhile.
        let body = tokio_util::io::ReaderStream::with_capacity(file.take(len), CHUNK_SIZE);
        Ok(GetObject { meta: header.meta(key, modified), range: span, body: Box::pin(body) })
    }

    async fn head_object(&self, bucket: &str, key: &str) -> Result<ObjectMeta, StorageError> {
        let (_, header, modified) = self.open_object(bucket, key).await?;
        Ok(header.meta(key, modified))
    }

    async fn list_objects(&self, bucket: &str, options: &ListOptions) -> Result<ListPage, StorageError> {
        let objects = self.objects(bucket).await?;
        let walk_options = options.clone();
        let walked = tokio::task::spawn_blocking(move || list::walk(&objects, &walk_options))
            .await
            .map_err(|e| StorageError::Io(io::Error::other(e)))??;
        let next_continuation_token = match walked.items.last() {
            Some(list::Item::Object(key, _)) if walked.truncated => Some(list::Marker::Key(key.clone()).token()),
            Some(list::Item::Prefix(prefix)) if walked.truncated => Some(list::Marker::Prefix(prefix.clone()).token()),
            _ => None,
        };
        let mut page = ListPage { is_truncated: walked.truncated, next_continuation_token, ..ListPage::default() };
        for item in walked.items {
            match item {
                list::Item::Prefix(prefix) => page.common_prefixes.push(prefix),
                list::Item::Object(key, path) => {
                    let mut file = match tokio::fs::File::open(&path).await {
                        Ok(file) => file,
                        // Deleted since the walk.
                        Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                        Err(e) => return Err(e.into()),
                    };
                    let header = object::read_header(&mut file).await?;
                    let modified = file.metadata().await?.modified()?;
                    let mut meta = header.meta(&key, modified);
                    // As S3's listing: no content type or metadata.
                    meta.content_type = None;
                    meta.metadata.clear();
                    page.objects.push(meta);
                }
            }
        }
        Ok(page)
    }

    async fn delete_object(&self, bucket: &str, key: &str) -> Result<(), StorageError> {
        let objects = self.objects(bucket).await?;
        let path = object_path(&objects, key)?;
        match tokio::fs::remove_file(&path).await {
            Ok(()) => {}
            Err(e) if matches!(e.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory) => return Ok(()),
            Err(e) => return Err(key_error(e, key)),
        }
        // Prune directories left empty; one that is not empty (or was just refilled) stops it.
        let mut dir = path.parent();
        while let Some(d) = dir.filter(|d| *d != objects && d.starts_with(&objects)) {
            if tokio::fs::remove_dir(d).await.is_err() {
                break;
            }
            dir = d.parent();
        }
        Ok(())
    }

    async fn copy_object(
        &self,
        from_bucket: &str,
        from_key: &str,
        to_bucket: &str,
        to_key: &str,
    ) -> Result<PutResult, StorageError> {
        let (file, header, _) = self.open_object(from_bucket, from_key).await?;
        object_path(&self.objects(to_bucket).await?, to_key)?;
        let temp = TempFile::new(&self.tmp());
        let mut source = file.into_std().await;
        // The whole file, header included: content type and metadata travel with the bytes. The
        // guard moves into the task: were it held here, a cancelled copy would drop it before
        // the task creates the file, and the file would be left behind. This way, a copy whose
        // caller is gone drops the guard (removing the file) when the task ends.
        let temp = tokio::task::spawn_blocking(move || -> io::Result<TempFile> {
            io::Seek::seek(&mut source, io::SeekFrom::Start(0))?;
            let mut out = std::fs::OpenOptions::new().write(true).create_new(true).open(temp.path())?;
            io::copy(&mut source, &mut out)?;
            out.sync_all()?;
            Ok(temp)
        })
        .await
        .map_err(|e| StorageError::Io(io::Error::other(e)))??;
        self.commit(temp, to_bucket, to_key).await?;
        Ok(PutResult { etag: header.etag(), size: header.size })
    }

    async fn presign(
        &self,
        method: PresignMethod,
        bucket: &str,
        key: &str,
        expires_in: Duration,
    ) -> Result<String, StorageError> {
        check_bucket(bucket)?;
        validate_key(key)?;
        if expires_in > MAX_PRESIGN_EXPIRY {
            return Err(StorageError::InvalidArgument("a presigned URL may last at most 7 days".into()));
        }
        let expires = unix_secs(self.clock.now()) + expires_in.as_secs();
        let signature = hex(&self.signature(method, bucket, key, expires).finalize().into_bytes());
        Ok(format!(
            "{}?X-Laf-Method={}&X-Laf-Expires={expires}&X-Laf-Signature={signature}",
            self.external_url(bucket, key),
            method.as_str()
        ))
    }

    fn external_url(&self, bucket: &str, key: &str) -> String {
        format!("{}/_/storage/{bucket}/{}", self.public_url, crate::percent::encode_path(key))
    }

    fn verify_presigned(
        &self,
        method: PresignMethod,
        bucket: &str,
        key: &str,
        query: &str,
    ) -> Result<(), StorageError> {
        let (mut signed_method, mut expires, mut signature) = (None, None, None);
        for (name, value) in form_urlencoded::parse(query.as_bytes()) {
            match &*name {
                "X-Laf-Method" => signed_method = Some(value),
                "X-Laf-Expires" => expires = Some(value),
                "X-Laf-Signature" => signature = Some(value),
                _ => {}
            }
        }
        let (Some(signed_method), Some(expires), Some(signature)) = (signed_method, expires, signature) else {
            return Err(denied("X-Laf-Method, X-Laf-Expires and X-Laf-Signature are required"));
        };
        if signed_method != method.as_str() {
            return Err(denied(&format!("it allows {signed_method}, not {}", method.as_str())));
        }
        let expires: u64 = expires.parse().map_err(|_| denied("X-Laf-Expires is not a number"))?;
        let signature = unhex(&signature).ok_or_else(|| denied("X-Laf-Signature is not hex"))?;
        // verify_slice compares in constant time.
        self.signature(method, bucket, key, expires)
            .verify_slice(&signature)
            .map_err(|_| denied("the signature does not match"))?;
        if unix_secs(self.clock.now()) > expires {
            return Err(denied("it expired"));
        }
        Ok(())
    }
}
