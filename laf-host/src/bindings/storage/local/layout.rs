//! Names on disk: bucket names, key segments and the paths they map to.
//!
//! A key is split at `/`; every segment but the last names a directory, the last names the
//! object file, written `=<segment>`. Segments are stored nearly as they are (readable on disk),
//! except that `%`, `\`, control bytes and a leading `.` or `=` are percent-encoded. So an
//! encoded name is never `.` or `..`, never contains `/`, never starts with `.` (the backend's
//! own files do) and a directory never starts with `=`: the key `a` (file `=a`) and the keys
//! under `a/` (directory `a`) coexist, as S3 allows.

use std::path::{Component, Path, PathBuf};

use crate::bindings::storage::{StorageError, validate_key};

/// Longest file name most Linux filesystems take (`NAME_MAX`).
const NAME_MAX: usize = 255;

/// Encodes one key segment as a file or directory name.
pub(super) fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for (i, c) in segment.char_indices() {
        let escape = match c {
            '%' | '\\' | '/' => true,
            '.' | '=' => i == 0,
            c => c.is_control(),
        };
        if escape {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Decodes a name written by [`encode_segment`]; `None` for a name it could not have written.
pub(super) fn decode_segment(name: &str) -> Option<String> {
    crate::percent::decode(name)
}

/// The object file of `key` under a bucket's `objects` directory. Refuses what
/// [`validate_key`] refuses (so `..`, a leading `/` and NUL never get here) and segments too
/// long for a file name, then checks that the path it built stays below `objects`.
pub(super) fn object_path(objects: &Path, key: &str) -> Result<PathBuf, StorageError> {
    validate_key(key)?;
    let mut segments: Vec<&str> = key.split('/').collect();
    let last = segments.pop().unwrap_or_default();
    let mut path = objects.to_path_buf();
    for segment in segments {
        path.push(checked_name(key, encode_segment(segment))?);
    }
    path.push(checked_name(key, format!("={}", encode_segment(last)))?);
    let relative = path.strip_prefix(objects).map_err(|_| escape(key))?;
    if !relative.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err(escape(key));
    }
    Ok(path)
}

/// The directory holding the keys that start with `prefix` up to its last `/`, with that part
/// of the prefix; `None` when no stored key can start with `prefix`.
pub(super) fn prefix_dir(objects: &Path, prefix: &str) -> Option<(PathBuf, String)> {
    let Some((dirs, _)) = prefix.rsplit_once('/') else {
        return Some((objects.to_path_buf(), String::new()));
    };
    let mut path = objects.to_path_buf();
    for segment in dirs.split('/') {
        let name = encode_segment(segment);
        // Such segments are refused at put, so no key lies below them.
        if segment.is_empty() || segment == "." || segment == ".." || name.len() > NAME_MAX {
            return None;
        }
        path.push(name);
    }
    Some((path, format!("{dirs}/")))
}

fn checked_name(key: &str, name: String) -> Result<String, StorageError> {
    if name.len() > NAME_MAX {
        return Err(StorageError::InvalidKey(format!(
            "invalid object key {key:?}: the local backend stores each '/'-separated segment as a file name, \
             and one is longer than {NAME_MAX} bytes"
        )));
    }
    Ok(name)
}

fn escape(key: &str) -> StorageError {
    StorageError::InvalidKey(format!("invalid object key {key:?}: it would leave its bucket"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_round_trip_and_never_name_a_parent() {
        for s in ["a", "..x", ".hidden", "=eq", "a=b", "100%", "ü b", "x\\y", "a.b.", ""] {
            let e = encode_segment(s);
            assert!(!e.contains('/') && e != "." && e != ".." && !e.starts_with('.') && !e.starts_with('='), "{e}");
            assert_eq!(decode_segment(&e).as_deref(), Some(s));
        }
        assert_eq!(encode_segment(".."), "%2E.");
        assert_eq!(decode_segment("bad%2"), None);
    }

    #[test]
    fn keys_map_to_files_below_objects() {
        let root = Path::new("/data/b/objects");
        assert_eq!(object_path(root, "a").unwrap(), root.join("=a"));
        assert_eq!(object_path(root, "a/b").unwrap(), root.join("a/=b"));
        assert_eq!(object_path(root, "dir/").unwrap(), root.join("dir/="));
        for bad in ["../../etc/passwd", "/etc/passwd", "a/../../x", "a\0b", ""] {
            assert!(matches!(object_path(root, bad), Err(StorageError::InvalidKey(_))), "{bad:?}");
        }
        assert!(object_path(root, &"x".repeat(255)).is_err());
        assert!(object_path(root, &format!("{}/y", "x".repeat(255))).is_ok());
    }

    #[test]
    fn bucket_names_are_s3_names() {
        for ok in ["app-web", "abc", "a1-b2-c3"] {
            assert!(crate::bindings::storage::name::check_bucket(ok).is_ok(), "{ok}");
        }
        for bad in ["ab", "App-web", "-abc", "abc-", "a/b", "..", "a.b", "a_b", &"x".repeat(64)] {
            assert!(crate::bindings::storage::name::check_bucket(bad).is_err(), "{bad}");
        }
    }
}
