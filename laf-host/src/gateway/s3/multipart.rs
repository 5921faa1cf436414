//! Multipart uploads, staged on the host's disk whatever the backend.
//!
//! An upload is a folder `<staging>/<upload id>/` holding `upload.json` (bucket, key, content
//! type, metadata) and one file per part named `<number>-<md5 hex>`: the name carries the
//! part's ETag, so a part is written to a temporary file, renamed into place in one step, and
//! any older file of the same number removed after. Completing streams the listed parts in
//! order into one put to the backend (which makes the object appear whole or not at all) and
//! then removes the folder; a failed completion leaves the upload as it was, to retry.
//!
//! Parts live on the host that received them: behind a load balancer spreading one upload over
//! several hosts, the staging folder must be shared (or the balancer sticky per client).

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use futures_util::{StreamExt, TryStreamExt};
use md5::Digest;
use s3s::{S3Error, S3Result, s3_error};
use tokio::io::AsyncWriteExt;

use crate::bindings::storage::{ByteStream, CHUNK_SIZE, PutBody, PutOptions};

/// Smallest part but the last, as S3 requires (clients split on it).
pub(super) const MIN_PART_SIZE: u64 = 5 << 20;

/// Highest part number, as S3's.
pub(super) const MAX_PART_NUMBER: i32 = 10_000;

/// Uploads left this long are abandoned and removed when the endpoint starts.
const STALE_UPLOAD: Duration = Duration::from_secs(7 * 24 * 3600);

/// What an upload will become.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(super) struct Upload {
    pub bucket: String,
    pub key: String,
    pub content_type: Option<String>,
    pub metadata: BTreeMap<String, String>,
}

/// One stored part.
#[derive(Debug, Clone)]
pub(super) struct Part {
    pub number: i32,
    pub size: u64,
    /// MD5 of the part, hex (its ETag without quotes).
    pub md5: String,
    pub modified: SystemTime,
    path: PathBuf,
}

/// The staging folder of every upload in progress.
pub(super) struct Uploads {
    root: PathBuf,
}

impl Uploads {
    pub fn new(root: PathBuf) -> Uploads {
        Uploads { root }
    }

    /// Starts an upload; returns its id.
    pub async fn create(&self, upload: Upload) -> S3Result<String> {
        let id = uuid::Uuid::new_v4().simple().to_string();
        let dir = self.root.join(&id);
        tokio::fs::create_dir_all(&dir).await.map_err(internal)?;
        let json = serde_json::to_vec(&upload).map_err(internal)?;
        tokio::fs::write(dir.join("upload.json"), json).await.map_err(internal)?;
        Ok(id)
    }

    fn dir(&self, id: &str) -> S3Result<PathBuf> {
        // Ids are the hex of a UUID: nothing else names a folder, so none escapes the staging root.
        if id.len() != 32 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(no_such_upload(id));
        }
        Ok(self.root.join(id))
    }

    /// The upload `id`, if it is one of `bucket`/`key`.
    pub async fn get(&self, id: &str, bucket: &str, key: &str) -> S3Result<Upload> {
        let json = match tokio::fs::read(self.dir(id)?.join("upload.json")).await {
            Ok(json) => json,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(no_such_upload(id)),
            Err(e) => return Err(internal(e)),
        };
        let upload: Upload = serde_json::from_slice(&json).map_err(internal)?;
        if upload.bucket != bucket || upload.key != key {
            return Err(no_such_upload(id));
        }
        Ok(upload)
    }

    /// Stores part `number` of upload `id` from `body`, refusing more than `limit` bytes;
    /// returns the part's MD5 in hex.
    pub async fn put_part(&self, id: &str, number: i32, mut body: ByteStream, limit: u64) -> S3Result<String> {
        if !(1..=MAX_PART_NUMBER).contains(&number) {
            return Err(s3_error!(InvalidArgument, "part numbers are 1 to {MAX_PART_NUMBER}, not {number}"));
        }
        let dir = self.dir(id)?;
        let temp = dir.join(format!(".part-{}", uuid::Uuid::new_v4().simple()));
        let written = async {
            let mut file = tokio::fs::File::create(&temp).await.map_err(internal)?;
            let (mut md5, mut size) = (md5::Md5::new(), 0u64);
            while let Some(chunk) = body.next().await {
                let chunk = chunk.map_err(|e| s3_error!(IncompleteBody, "the part's body failed: {e}"))?;
                size += chunk.len() as u64;
                if size > limit {
                    return Err(s3_error!(EntityTooLarge, "a part may hold at most {limit} bytes on this host"));
                }
                md5.update(&chunk);
                file.write_all(&chunk).await.map_err(internal)?;
            }
            file.sync_all().await.map_err(internal)?;
            Ok::<_, S3Error>(crate::bindings::storage::local::hex(&md5.finalize()))
        }
        .await;
        let md5 = match written {
            Ok(md5) => md5,
            Err(e) => {
                let _ = tokio::fs::remove_file(&temp).await;
                return Err(e);
            }
        };
        if tokio::fs::metadata(dir.join("upload.json")).await.is_err() {
            // Aborted or completed while the part arrived.
            let _ = tokio::fs::remove_file(&temp).await;
            return Err(no_such_upload(id));
        }
        let name = format!("{number:05}-{md5}");
        tokio::fs::rename(&temp, dir.join(&name)).await.map_err(internal)?;
        for old in self.parts(id).await? {
            if old.number == number && old.md5 != md5 {
                let _ = tokio::fs::remove_file(&old.path).await;
            }
        }
        Ok(md5)
    }

    /// The upload's parts, by number.
    pub async fn parts(&self, id: &str) -> S3Result<Vec<Part>> {
        let dir = self.dir(id)?;
        let mut entries = match tokio::fs::read_dir(&dir).await {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(no_such_upload(id)),
            Err(e) => return Err(internal(e)),
        };
        let mut parts = Vec::new();
        while let Some(entry) = entries.next_entry().await.map_err(internal)? {
            let name = entry.file_name();
            let Some((number, md5)) = name.to_str().and_then(|n| n.split_once('-')) else {
                continue;
            };
            let Ok(number) = number.parse::<i32>() else {
                continue;
            };
            let meta = entry.metadata().await.map_err(internal)?;
            parts.push(Part {
                number,
                size: meta.len(),
                md5: md5.to_owned(),
                modified: meta.modified().map_err(internal)?,
                path: entry.path(),
            });
        }
        parts.sort_by_key(|p| p.number);
        Ok(parts)
    }

    /// The body of the object the listed parts make (`(number, etag)` in the client's order),
    /// after checking them as S3 does.
    pub async fn assemble(&self, id: &str, listed: &[(i32, Option<String>)]) -> S3Result<PutBody> {
        if listed.is_empty() {
            return Err(s3_error!(MalformedXML, "a multipart upload completes with at least one part"));
        }
        let stored = self.parts(id).await?;
        let mut chosen: Vec<&Part> = Vec::with_capacity(listed.len());
        for (i, (number, etag)) in listed.iter().enumerate() {
            if i > 0 && *number <= listed[i - 1].0 {
                return Err(s3_error!(InvalidPartOrder, "parts must be listed in ascending order of number"));
            }
            let part = stored
                .iter()
                .find(|p| p.number == *number)
                .ok_or_else(|| s3_error!(InvalidPart, "part {number} was not uploaded"))?;
            if let Some(etag) = etag
                && etag.trim_matches('"') != part.md5
            {
                return Err(s3_error!(InvalidPart, "part {number}'s ETag is not {etag}"));
            }
            if i + 1 < listed.len() && part.size < MIN_PART_SIZE {
                return Err(s3_error!(
                    EntityTooSmall,
                    "part {number} has {} bytes; every part but the last needs at least 5 MiB",
                    part.size
                ));
            }
            chosen.push(part);
        }
        let length = chosen.iter().map(|p| p.size).sum();
        let paths: Vec<PathBuf> = chosen.iter().map(|p| p.path.clone()).collect();
        let stream = futures_util::stream::iter(paths)
            .then(|path| async move { tokio::fs::File::open(path).await })
            .map_ok(|file| tokio_util::io::ReaderStream::with_capacity(file, CHUNK_SIZE))
            .try_flatten();
        Ok(PutBody::Stream { stream: Box::pin(stream), length: Some(length) })
    }

    /// Removes an upload and its parts.
    pub async fn remove(&self, id: &str) -> S3Result<()> {
        match tokio::fs::remove_dir_all(self.dir(id)?).await {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Err(no_such_upload(id)),
            Err(e) => Err(internal(e)),
        }
    }
}

impl Upload {
    /// The put options the completed object is stored with.
    pub fn options(&self) -> PutOptions {
        PutOptions { content_type: self.content_type.clone(), metadata: self.metadata.clone() }
    }
}

/// Removes uploads abandoned for a week (in the background: a large folder takes a while).
pub(super) fn remove_stale(root: &Path) {
    let root = root.to_owned();
    std::thread::spawn(move || {
        let Ok(entries) = std::fs::read_dir(&root) else {
            return;
        };
        for entry in entries.flatten() {
            let old = entry.metadata().and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok());
            if old.is_some_and(|age| age > STALE_UPLOAD) {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    });
}

fn no_such_upload(id: &str) -> S3Error {
    s3_error!(NoSuchUpload, "no multipart upload {id:?} of this object is in progress")
}

fn internal(e: impl std::fmt::Display) -> S3Error {
    s3_error!(InternalError, "the S3 endpoint failed: {e}")
}
