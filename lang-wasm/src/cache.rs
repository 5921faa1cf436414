//! Compiled components kept on disk, so a restart (or a republish of the same bytes) loads
//! machine code in milliseconds instead of compiling again for seconds.
//!
//! An entry is named by the SHA-256 of the engine's compatibility hash (target, compiler flags,
//! tunables, features and the wasmtime version: `Engine::precompile_compatibility_hash`) and of
//! the component's bytes, so an upgrade of wasmtime or a changed configuration never loads an old
//! artifact. Deserializing runs the stored machine code, so the cache must be as trusted as the
//! host binary: its directory is made `0700` (opening fails when that is not possible, i.e. it is
//! not ours), an entry is used only when it has the directory's owner and is writable by nobody
//! else, every file is written whole to a temporary name and renamed, and each carries the SHA-256
//! of its contents, checked before use (a torn or corrupted file is recompiled, not executed; the
//! checksum guards against accidents, the ownership checks against other users). Entries are
//! touched on use; past the size cap the least recently used are removed.

use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use sha2::{Digest, Sha256};
use wasmtime::Engine;
use wasmtime::component::Component;

/// Identifies what this code writes, so a change of the file layout starts a fresh cache.
const FORMAT: &[u8] = b"laf-wasm-cache-1\0";
const SUFFIX: &str = "cwasm";

/// A directory of compiled components.
pub(crate) struct ComponentCache {
    dir: PathBuf,
    /// Largest total size of the entries, in bytes.
    limit: u64,
    /// Hash of the engine's compilation environment, fed into every key.
    engine_key: [u8; 32],
}

/// Where a component came from, reported by [`ComponentCache::load_or_compile`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// Compiled now (and stored when the cache is writable).
    Compiled,
    /// Loaded from the cache.
    Cached,
}

impl ComponentCache {
    /// A cache in `dir` (created if missing) holding at most `limit` bytes.
    pub(crate) fn open(engine: &Engine, dir: &Path, limit: u64) -> std::io::Result<ComponentCache> {
        create_private_dir(dir)?;
        #[cfg(unix)]
        {
            // An existing directory keeps its mode: make it ours alone (this fails unless we own it).
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        }
        let mut hasher = ShaHasher(Sha256::new());
        hasher.0.update(FORMAT);
        engine.precompile_compatibility_hash().hash(&mut hasher);
        Ok(ComponentCache { dir: dir.to_path_buf(), limit, engine_key: hasher.0.finalize().into() })
    }

    fn path_for(&self, bytes: &[u8]) -> PathBuf {
        let mut sha = Sha256::new();
        sha.update(self.engine_key);
        sha.update(bytes);
        self.dir.join(format!("{}.{SUFFIX}", hex(&sha.finalize())))
    }

    /// The compiled form of `bytes`: from the cache when a valid entry exists, else compiled and
    /// stored. Failing to read or write the cache only costs a compile (and a warning).
    pub(crate) fn load_or_compile(&self, engine: &Engine, bytes: &[u8]) -> wasmtime::Result<(Component, Origin)> {
        let path = self.path_for(bytes);
        if let Some(component) = self.load(engine, &path) {
            return Ok((component, Origin::Cached));
        }
        let component = Component::from_binary(engine, bytes)?;
        match component.serialize() {
            Ok(artifact) => {
                if let Err(e) = self.store(&path, &artifact) {
                    tracing::warn!("cannot store the compiled component in {}: {e}", self.dir.display());
                }
            }
            Err(e) => tracing::warn!("cannot serialize the compiled component: {e:#}"),
        }
        Ok((component, Origin::Compiled))
    }

    fn load(&self, engine: &Engine, path: &Path) -> Option<Component> {
        if !self.trusted(path) {
            tracing::warn!(
                "{} is not owned by the cache's owner or is writable by others; compiling again",
                path.display()
            );
            let _ = std::fs::remove_file(path);
            return None;
        }
        let data = match std::fs::read(path) {
            Ok(data) => data,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
            Err(e) => {
                tracing::warn!("cannot read {}: {e}; compiling again", path.display());
                return None;
            }
        };
        let Some(artifact) = verified(&data) else {
            tracing::warn!("{} is damaged (checksum mismatch); compiling again", path.display());
            let _ = std::fs::remove_file(path);
            return None;
        };
        // SAFETY: the artifact was produced by `Component::serialize` of an engine with the same
        // compatibility hash (it is part of the file name), written by this module into a private
        // directory, and its checksum was verified just above, so it is exactly those bytes.
        match unsafe { Component::deserialize(engine, artifact) } {
            Ok(component) => {
                // The modification time orders entries for eviction: a hit makes this one recent.
                let _ =
                    std::fs::File::options().append(true).open(path).and_then(|f| f.set_modified(SystemTime::now()));
                Some(component)
            }
            Err(e) => {
                tracing::warn!("cannot load {} ({e:#}); compiling again", path.display());
                let _ = std::fs::remove_file(path);
                None
            }
        }
    }

    /// Whether the entry at `path` (if any) was written by the directory's owner and only they
    /// can change it.
    fn trusted(&self, path: &Path) -> bool {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            match (std::fs::symlink_metadata(path), std::fs::metadata(&self.dir)) {
                (Ok(file), Ok(dir)) => file.is_file() && file.uid() == dir.uid() && file.mode() & 0o022 == 0,
                // Missing: nothing to trust; the read that follows reports it.
                _ => true,
            }
        }
        #[cfg(not(unix))]
        {
            let _ = path;
            true
        }
    }

    fn store(&self, path: &Path, artifact: &[u8]) -> std::io::Result<()> {
        // Unique per process and per store, and never opened if it exists: two compiles of the same
        // bytes (two apps, two hosts on one volume) cannot write into each other's file.
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let tmp = path.with_extension(format!("{SUFFIX}.tmp{}-{n}", std::process::id()));
        let written = (|| {
            let mut file = std::fs::File::options().write(true).create_new(true).open(&tmp)?;
            file.write_all(artifact)?;
            file.write_all(&Sha256::digest(artifact))?;
            file.sync_all()?;
            std::fs::rename(&tmp, path)
        })();
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        written?;
        self.evict();
        Ok(())
    }

    /// Removes the least recently used entries while the total exceeds the limit (the newest entry
    /// always stays, even alone above the limit).
    fn evict(&self) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        let now = SystemTime::now();
        let mut files: Vec<(SystemTime, u64, PathBuf)> = entries
            .flatten()
            .filter(|e| {
                // A temporary file an hour old was left by a crash mid-write.
                let path = e.path();
                if path.to_string_lossy().contains(&format!(".{SUFFIX}.tmp")) {
                    let age = e.metadata().and_then(|m| m.modified()).ok().and_then(|m| now.duration_since(m).ok());
                    if age.is_some_and(|a| a > Duration::from_secs(3600)) {
                        let _ = std::fs::remove_file(&path);
                    }
                    return false;
                }
                path.extension().is_some_and(|x| x == SUFFIX)
            })
            .filter_map(|e| {
                let meta = e.metadata().ok()?;
                Some((meta.modified().unwrap_or(SystemTime::UNIX_EPOCH), meta.len(), e.path()))
            })
            .collect();
        let mut total: u64 = files.iter().map(|f| f.1).sum();
        files.sort();
        for (_, len, path) in files.iter().take(files.len().saturating_sub(1)) {
            if total <= self.limit {
                break;
            }
            if std::fs::remove_file(path).is_ok() {
                total -= len;
            }
        }
    }
}

/// The artifact inside a cache file, if its trailing SHA-256 matches.
fn verified(data: &[u8]) -> Option<&[u8]> {
    let split = data.len().checked_sub(32)?;
    let (artifact, sum) = data.split_at(split);
    (Sha256::digest(artifact).as_slice() == sum).then_some(artifact)
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Feeds `Hash` output into SHA-256 (std's hashers are not stable across Rust releases).
struct ShaHasher(Sha256);

impl Hasher for ShaHasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    fn finish(&self) -> u64 {
        let digest = self.0.clone().finalize();
        u64::from_le_bytes(digest[..8].try_into().unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_checksum_guards_every_entry() {
        let artifact = b"machine code".to_vec();
        let mut file = artifact.clone();
        file.extend_from_slice(&Sha256::digest(&artifact));
        assert_eq!(verified(&file), Some(artifact.as_slice()));
        file[3] ^= 1;
        assert_eq!(verified(&file), None, "a flipped bit is refused");
        assert_eq!(verified(&file[..10]), None, "a torn file is refused");
        assert_eq!(verified(b""), None);
    }
}
