//! ListObjectsV2 over the directory tree, in key order without reading the whole bucket.
//!
//! In a directory, an object file `=n` stands for the key `<dir>n` and a subdirectory `n` for
//! the keys starting `<dir>n/`. Sorting a directory's entries by those strings (`n` for files,
//! `n/` for directories) sorts the keys themselves, because names hold no `/`; so a depth-first
//! walk in that order yields keys in UTF-8 byte order, and whole subdirectories that lie before
//! the marker, outside the prefix or inside an already rolled-up common prefix are skipped
//! unread.

use std::io;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use super::layout::{decode_segment, prefix_dir};
use crate::bindings::storage::{ListOptions, StorageError};

/// Where a listing resumes: after a key, or after every key under a common prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Marker {
    /// Keys up to and including this one are done.
    Key(String),
    /// Keys up to this prefix and every key starting with it are done.
    Prefix(String),
}

impl Marker {
    /// The opaque continuation token.
    pub fn token(&self) -> String {
        let raw = match self {
            Marker::Key(k) => format!("k{k}"),
            Marker::Prefix(p) => format!("p{p}"),
        };
        super::hex(raw.as_bytes())
    }

    /// Parses a token made by [`Marker::token`].
    pub fn from_token(token: &str) -> Result<Marker, StorageError> {
        let bad = || StorageError::InvalidArgument("the continuation token is not valid".into());
        let raw = super::unhex(token).and_then(|b| String::from_utf8(b).ok()).ok_or_else(bad)?;
        match raw.split_at_checked(1) {
            Some(("k", k)) => Ok(Marker::Key(k.to_owned())),
            Some(("p", p)) => Ok(Marker::Prefix(p.to_owned())),
            _ => Err(bad()),
        }
    }

    /// Whether `key` was listed already.
    fn covers(&self, key: &str) -> bool {
        match self {
            Marker::Key(m) => key <= m.as_str(),
            Marker::Prefix(p) => key <= p.as_str() || key.starts_with(p.as_str()),
        }
    }

    /// Whether every key starting with `dir` was listed already.
    fn covers_all(&self, dir: &str) -> bool {
        let m = match self {
            Marker::Key(m) => m,
            Marker::Prefix(p) if dir.starts_with(p.as_str()) => return true,
            Marker::Prefix(p) => p,
        };
        dir < m.as_str() && !m.starts_with(dir)
    }
}

/// The threads [`walk`] ran on, for tests: its directory reads block, so it must never run
/// on an async worker.
#[cfg(test)]
pub(super) static WALK_THREADS: std::sync::Mutex<Vec<std::thread::ThreadId>> = std::sync::Mutex::new(Vec::new());

/// One entry of a page, before its metadata is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Item {
    /// An object and its file.
    Object(String, PathBuf),
    /// A common prefix.
    Prefix(String),
}

/// The keys of one page and whether more follow.
#[derive(Debug, Default)]
pub(super) struct Walked {
    pub items: Vec<Item>,
    pub truncated: bool,
}

struct Walk<'a> {
    prefix: &'a str,
    delimiter: Option<&'a str>,
    marker: Option<Marker>,
    limit: usize,
    out: Walked,
}

/// The marker of a listing that starts after `after` (S3's `start-after`, or a v1 `marker`):
/// with a delimiter, a common prefix of the listing (`photos/` under `/`) means every key under
/// it was listed, as a v1 `NextMarker` naming a rolled-up prefix does.
fn start_after(after: &str, options: &ListOptions) -> Marker {
    let prefix = options.prefix.as_deref().unwrap_or("");
    if let Some(delimiter) = options.delimiter.as_deref().filter(|d| !d.is_empty())
        && let Some(rest) = after.strip_prefix(prefix)
        && rest.find(delimiter).is_some_and(|at| at + delimiter.len() == rest.len())
    {
        return Marker::Prefix(after.to_owned());
    }
    Marker::Key(after.to_owned())
}

/// Walks the bucket's `objects` directory for one page of `options`.
pub(super) fn walk(objects: &Path, options: &ListOptions) -> Result<Walked, StorageError> {
    #[cfg(test)]
    WALK_THREADS.lock().unwrap_or_else(|e| e.into_inner()).push(std::thread::current().id());
    let marker = match (&options.continuation_token, &options.start_after) {
        (Some(token), _) => Some(Marker::from_token(token)?),
        (None, Some(after)) => Some(start_after(after, options)),
        (None, None) => None,
    };
    let prefix = options.prefix.as_deref().unwrap_or("");
    let mut walk = Walk {
        prefix,
        delimiter: options.delimiter.as_deref().filter(|d| !d.is_empty()),
        marker,
        limit: options.page_size(),
        out: Walked::default(),
    };
    if let Some((dir, dir_key)) = prefix_dir(objects, prefix) {
        // Stopping early (a full page, or past the prefix) is not an error.
        let _ = walk.dir(&dir, &dir_key)?;
    }
    Ok(walk.out)
}

impl Walk<'_> {
    fn dir(&mut self, dir: &Path, dir_key: &str) -> io::Result<ControlFlow<()>> {
        let read = match std::fs::read_dir(dir) {
            Ok(read) => read,
            // A directory pruned by a concurrent delete holds no keys.
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(ControlFlow::Continue(())),
            Err(e) => return Err(e),
        };
        let mut entries = Vec::new();
        for entry in read {
            let entry = entry?;
            let Some(name) = entry.file_name().to_str().map(str::to_owned) else { continue };
            if let Some(file) = name.strip_prefix('=') {
                if let Some(seg) = decode_segment(file) {
                    entries.push((format!("{dir_key}{seg}"), false, entry.path()));
                }
            } else if !name.starts_with('.')
                && let Some(seg) = decode_segment(&name)
                && entry.file_type()?.is_dir()
            {
                entries.push((format!("{dir_key}{seg}/"), true, entry.path()));
            }
        }
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for (key, is_dir, path) in entries {
            let flow = if is_dir {
                if self.skip_dir(&key) {
                    continue;
                }
                self.dir(&path, &key)?
            } else {
                self.key(key, path)
            };
            if flow.is_break() {
                return Ok(flow);
            }
        }
        Ok(ControlFlow::Continue(()))
    }

    /// Whether no key starting with `dir` can join the page.
    fn skip_dir(&self, dir: &str) -> bool {
        if !dir.starts_with(self.prefix) && !self.prefix.starts_with(dir) {
            return true;
        }
        if self.marker.as_ref().is_some_and(|m| m.covers_all(dir)) {
            return true;
        }
        matches!(self.out.items.last(), Some(Item::Prefix(p)) if dir.starts_with(p.as_str()))
    }

    fn key(&mut self, key: String, path: PathBuf) -> ControlFlow<()> {
        if !key.starts_with(self.prefix) {
            // Keys come sorted: once past the prefix, none further can match.
            return if key.as_str() > self.prefix { ControlFlow::Break(()) } else { ControlFlow::Continue(()) };
        }
        if self.marker.as_ref().is_some_and(|m| m.covers(&key)) {
            return ControlFlow::Continue(());
        }
        let item = match self.delimiter.and_then(|d| key[self.prefix.len()..].find(d).map(|i| (i, d))) {
            Some((i, d)) => {
                let common = &key[..self.prefix.len() + i + d.len()];
                if matches!(self.out.items.last(), Some(Item::Prefix(p)) if p == common) {
                    return ControlFlow::Continue(());
                }
                Item::Prefix(common.to_owned())
            }
            None => Item::Object(key, path),
        };
        if self.out.items.len() == self.limit {
            // One more entry exists: the page is full and truncated, as S3 counts keys and prefixes.
            self.out.truncated = true;
            return ControlFlow::Break(());
        }
        self.out.items.push(item);
        ControlFlow::Continue(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_bad_ones_are_refused() {
        for m in [Marker::Key("a/b ü".into()), Marker::Prefix("dir/".into())] {
            assert_eq!(Marker::from_token(&m.token()).unwrap(), m);
        }
        for bad in ["zz", "", "78"] {
            assert!(Marker::from_token(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn markers_cover_what_was_listed() {
        let k = Marker::Key("b/c".into());
        assert!(k.covers("b/c") && k.covers("a") && !k.covers("b/d"));
        assert!(k.covers_all("a/") && !k.covers_all("b/") && !k.covers_all("c/"));
        let p = Marker::Prefix("b/".into());
        assert!(p.covers("b/") && p.covers("b/z") && !p.covers("c"));
        assert!(p.covers_all("b/x/") && p.covers_all("a/") && !p.covers_all("c/"));
    }
}
