//! The object file: a small header, then the bytes, in one file so that one rename replaces the
//! data, its content type and its metadata together.
//!
//! ```text
//! 0..4    magic "LAF1"
//! 4..8    length n of the JSON part, u32 little-endian
//! 8..16   size of the data, u64 little-endian
//! 16..32  MD5 of the data (the ETag)
//! 32..32+n JSON: {"content_type": ..., "metadata": {...}}
//! then    the data
//! ```
//!
//! Size and MD5 are known only once the body has been streamed, so a put writes zeros there
//! first and fills them in before the file is synced and renamed into place.

use std::collections::BTreeMap;
use std::io::{self, SeekFrom};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use futures_util::StreamExt;
use md5::{Digest, Md5};
use tokio::io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt};

use crate::bindings::storage::{ObjectMeta, PutBody, PutOptions, PutResult, StorageError};

const MAGIC: &[u8; 4] = b"LAF1";
const FIXED: u64 = 32;
/// Most bytes of user metadata (names and values), as S3 allows.
const MAX_METADATA: usize = 2048;
/// Most bytes of the JSON part a reader accepts; anything larger is not one of our files.
const MAX_INFO: u32 = 64 * 1024;

/// What the JSON part holds.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(super) struct Info {
    #[serde(default)]
    pub content_type: Option<String>,
    #[serde(default)]
    pub metadata: BTreeMap<String, String>,
}

/// A parsed header.
#[derive(Debug)]
pub(super) struct Header {
    pub size: u64,
    pub md5: [u8; 16],
    pub info: Info,
    /// Where the data starts.
    pub data_offset: u64,
}

impl Header {
    /// The quoted hex MD5, as S3 gives single-part ETags.
    pub fn etag(&self) -> String {
        etag(&self.md5)
    }

    /// The object's metadata, for `key`, last written at `modified`.
    pub fn meta(self, key: &str, modified: SystemTime) -> ObjectMeta {
        ObjectMeta {
            key: key.to_owned(),
            size: self.size,
            etag: self.etag(),
            content_type: self.info.content_type,
            last_modified: modified,
            metadata: self.info.metadata,
        }
    }
}

fn etag(md5: &[u8; 16]) -> String {
    format!("\"{}\"", super::hex(md5))
}

fn corrupt(why: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("not a valid object file: {why}"))
}

/// Reads the header of an open object file, leaving the cursor at the data.
pub(super) async fn read_header(file: &mut tokio::fs::File) -> io::Result<Header> {
    let mut fixed = [0u8; FIXED as usize];
    file.read_exact(&mut fixed).await?;
    if &fixed[..4] != MAGIC {
        return Err(corrupt("bad magic"));
    }
    let info_len = u32::from_le_bytes([fixed[4], fixed[5], fixed[6], fixed[7]]);
    if info_len > MAX_INFO {
        return Err(corrupt("header too long"));
    }
    let mut size = [0u8; 8];
    size.copy_from_slice(&fixed[8..16]);
    let mut md5 = [0u8; 16];
    md5.copy_from_slice(&fixed[16..32]);
    let mut json = vec![0u8; info_len as usize];
    file.read_exact(&mut json).await?;
    let info: Info = serde_json::from_slice(&json).map_err(|_| corrupt("bad JSON header"))?;
    let header = Header { size: u64::from_le_bytes(size), md5, info, data_offset: FIXED + u64::from(info_len) };
    let len = file.metadata().await?.len();
    if len != header.data_offset + header.size {
        return Err(corrupt("length does not match its header"));
    }
    Ok(header)
}

/// Builds the info of a put: metadata names lowercase, within S3's 2 KB.
pub(super) fn info_of(options: PutOptions) -> Result<Info, StorageError> {
    let metadata: BTreeMap<String, String> =
        options.metadata.into_iter().map(|(k, v)| (k.to_ascii_lowercase(), v)).collect();
    let bytes: usize = metadata.iter().map(|(k, v)| k.len() + v.len()).sum();
    if bytes > MAX_METADATA {
        return Err(StorageError::InvalidArgument(format!(
            "the user metadata is {bytes} bytes, over the {MAX_METADATA}-byte limit"
        )));
    }
    Ok(Info { content_type: options.content_type, metadata })
}

/// A temporary file that is removed when dropped unless [`TempFile::persist`] renamed it, so a
/// failed or cancelled put leaves nothing behind.
pub(super) struct TempFile {
    path: Option<PathBuf>,
}

impl TempFile {
    /// A fresh name in `dir`.
    pub fn new(dir: &Path) -> TempFile {
        TempFile { path: Some(dir.join(uuid::Uuid::new_v4().simple().to_string())) }
    }

    /// The path.
    pub fn path(&self) -> &Path {
        self.path.as_deref().unwrap_or(Path::new(""))
    }

    /// Renames the file to `target`, creating (and syncing) the directories between `base` and
    /// it, then syncs the directory it landed in. `base` must exist: it is never created, so a
    /// put racing a bucket's deletion cannot bring the bucket's directories back (it fails
    /// with `NotFound` instead).
    pub async fn persist(mut self, target: &Path, base: &Path) -> io::Result<()> {
        let from = self.path().to_path_buf();
        let parent = target.parent().unwrap_or(Path::new("/"));
        // A concurrent delete may prune a freshly created directory before the rename: retry,
        // unless `base` itself is gone.
        let mut attempts = 0;
        loop {
            let moved = match create_dirs(parent, base).await {
                Ok(()) => tokio::fs::rename(&from, target).await,
                Err(e) => Err(e),
            };
            match moved {
                Ok(()) => break,
                Err(e)
                    if e.kind() == io::ErrorKind::NotFound
                        && attempts < 5
                        && tokio::fs::try_exists(base).await.unwrap_or(false) =>
                {
                    attempts += 1
                }
                Err(e) => return Err(e),
            }
        }
        self.path = None;
        sync_dir(parent).await;
        Ok(())
    }
}

/// Creates `dir` and its missing ancestors below `base` (which must exist), syncing the parent
/// of each one created so that the new entries survive a crash with the file renamed into them.
async fn create_dirs(dir: &Path, base: &Path) -> io::Result<()> {
    if !dir.starts_with(base) {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("{dir:?} is not below {base:?}")));
    }
    let mut missing = Vec::new();
    let mut d = dir;
    while !tokio::fs::try_exists(d).await? {
        if d == base {
            return Err(io::Error::new(io::ErrorKind::NotFound, format!("{base:?} does not exist")));
        }
        missing.push(d);
        d = d.parent().unwrap_or(base);
    }
    for d in missing.iter().rev() {
        match tokio::fs::create_dir(d).await {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    for d in missing {
        sync_dir(d.parent().unwrap_or(base)).await;
    }
    Ok(())
}

/// Writes `bytes` to the new file `path` and syncs it, so that a rename of it is durable.
pub(super) async fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = tokio::fs::OpenOptions::new().write(true).create_new(true).open(path).await?;
    file.write_all(bytes).await?;
    file.flush().await?;
    file.sync_all().await?;
    #[cfg(test)]
    record_sync(path);
    Ok(())
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(path) = self.path.take() {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// Every file and directory synced, for tests: a crash cannot be staged in-process, so they
/// check that the syncs that make renames durable are issued.
#[cfg(test)]
pub(super) static SYNCED: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

#[cfg(test)]
fn record_sync(path: &Path) {
    SYNCED.lock().unwrap_or_else(|e| e.into_inner()).push(path.to_path_buf());
}

/// Syncs a directory so a rename in it survives a crash; best effort (some filesystems refuse).
pub(super) async fn sync_dir(dir: &Path) {
    #[cfg(test)]
    record_sync(dir);
    if let Ok(d) = tokio::fs::File::open(dir).await {
        let _ = d.sync_all().await;
    }
}

/// Streams `body` into a new object file at `temp`, synced, and answers what was written.
pub(super) async fn write(temp: &TempFile, body: PutBody, info: &Info) -> Result<PutResult, StorageError> {
    let expected = body.len_hint();
    let json = serde_json::to_vec(info).map_err(|e| StorageError::InvalidArgument(e.to_string()))?;
    let info_len = u32::try_from(json.len())
        .ok()
        .filter(|&n| n <= MAX_INFO)
        .ok_or_else(|| StorageError::InvalidArgument("the content type and metadata are too long".into()))?;
    let mut options = tokio::fs::OpenOptions::new();
    options.write(true).create_new(true);
    let mut file = options.open(temp.path()).await?;
    let mut head = Vec::with_capacity(FIXED as usize + json.len());
    head.extend_from_slice(MAGIC);
    head.extend_from_slice(&info_len.to_le_bytes());
    head.extend_from_slice(&[0u8; 24]);
    head.extend_from_slice(&json);
    file.write_all(&head).await?;

    let mut md5 = Md5::new();
    let mut size = 0u64;
    let mut stream = body.into_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        md5.update(&chunk);
        size += chunk.len() as u64;
        file.write_all(&chunk).await?;
    }
    if expected.is_some_and(|n| n != size) {
        return Err(StorageError::InvalidArgument(format!(
            "the body was {size} bytes, not the {} bytes its length said",
            expected.unwrap_or_default()
        )));
    }
    let digest: [u8; 16] = md5.finalize().into();
    file.flush().await?;
    file.seek(SeekFrom::Start(8)).await?;
    file.write_all(&size.to_le_bytes()).await?;
    file.write_all(&digest).await?;
    file.flush().await?;
    file.sync_all().await?;
    Ok(PutResult { etag: etag(&digest), size })
}
