//! Bucket names and object keys: what an app may name, and how a name becomes its bucket.
//!
//! An app's buckets are named `<appid>-<name>`, as Laf names them. App ids may contain `-`
//! themselves (`shop` and `shop-eu` can both exist), so the short name may not: then a full
//! name splits at its last `-` into exactly one app id, and no app can ever name a bucket of
//! another app by choosing a short name that completes the other's prefix.

use super::StorageError;

/// Longest object key, in bytes (S3's limit).
pub const MAX_KEY_LEN: usize = 1024;

/// The full bucket name `name` means for app `app`: a short name (`web`) gets the app's prefix,
/// a full name (`<app>-web`) is taken as is, anything else is refused.
pub fn bucket_for_app(app: &str, name: &str) -> Result<String, StorageError> {
    let short = match name.strip_prefix(app).and_then(|rest| rest.strip_prefix('-')) {
        // `shop-eu-web` named from app `shop` is app `shop-eu`'s bucket.
        Some(short) if !short.contains('-') => short,
        _ if !name.contains('-') => name,
        _ => {
            return Err(StorageError::AccessDenied(format!(
                "the bucket {name:?} is not one of app {app:?}'s buckets (they are named \"{app}-<name>\")"
            )));
        }
    };
    validate_short_name(app, short)?;
    Ok(format!("{app}-{short}"))
}

/// The app that owns full bucket name `bucket`, if it is well formed.
pub fn app_of_bucket(bucket: &str) -> Option<&str> {
    let (app, short) = bucket.rsplit_once('-')?;
    (!app.is_empty() && !short.is_empty()).then_some(app)
}

fn validate_short_name(app: &str, short: &str) -> Result<(), StorageError> {
    let max = 63usize.saturating_sub(app.len() + 1);
    if short.is_empty() || short.len() > max || !short.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
        return Err(StorageError::InvalidBucketName(format!(
            "invalid bucket name {short:?}: use 1 to {max} lowercase letters and digits (the full name \
             \"{app}-{short}\" must be a valid S3 bucket name of at most 63 characters)"
        )));
    }
    Ok(())
}

/// Checks a full bucket name: 3 to 63 of `[a-z0-9-]`, starting and ending with a letter or a
/// digit, as S3 requires. Safe as a directory name (local store) and in a `Location` header.
pub fn check_bucket(bucket: &str) -> Result<(), StorageError> {
    let ok = (3..=63).contains(&bucket.len())
        && bucket.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !bucket.starts_with('-')
        && !bucket.ends_with('-');
    if ok {
        Ok(())
    } else {
        Err(StorageError::InvalidBucketName(format!(
            "invalid bucket name {bucket:?}: use 3 to 63 lowercase letters, digits and '-', not starting or ending with '-'"
        )))
    }
}

/// Checks an object key: 1 to 1024 bytes, no control characters, no leading `/`, and no empty,
/// `.` or `..` segment (a trailing `/`, S3's folder marker, is allowed). Keys are the same on
/// every backend, and none can name a path outside its bucket.
pub fn validate_key(key: &str) -> Result<(), StorageError> {
    let bad = |why: &str| Err(StorageError::InvalidKey(format!("invalid object key {key:?}: {why}")));
    if key.is_empty() {
        return bad("it is empty");
    }
    if key.len() > MAX_KEY_LEN {
        return bad("it is longer than 1024 bytes");
    }
    if key.chars().any(char::is_control) {
        return bad("it contains a control character");
    }
    if key.starts_with('/') {
        return bad("it starts with '/'");
    }
    let body = key.strip_suffix('/').unwrap_or(key);
    if body.split('/').any(|s| s.is_empty() || s == "." || s == "..") {
        return bad("it has an empty, '.' or '..' segment");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_get_the_app_prefix_and_full_names_must_be_the_apps() {
        assert_eq!(bucket_for_app("shop", "web").unwrap(), "shop-web");
        assert_eq!(bucket_for_app("shop", "shop-web").unwrap(), "shop-web");
        assert_eq!(bucket_for_app("shop-eu", "web").unwrap(), "shop-eu-web");
        // `shop` cannot reach `shop-eu`'s bucket by completing its prefix.
        assert!(matches!(bucket_for_app("shop", "eu-web"), Err(StorageError::AccessDenied(_))));
        assert!(matches!(bucket_for_app("shop", "shop-eu-web"), Err(StorageError::AccessDenied(_))));
        assert!(matches!(bucket_for_app("a", "b-data"), Err(StorageError::AccessDenied(_))));
        assert!(matches!(bucket_for_app("shop", "Web"), Err(StorageError::InvalidBucketName(_))));
        assert!(matches!(bucket_for_app("shop", ""), Err(StorageError::InvalidBucketName(_))));
        assert!(bucket_for_app("shop", &"x".repeat(58)).is_ok());
        assert!(bucket_for_app("shop", &"x".repeat(59)).is_err());
        assert_eq!(app_of_bucket("shop-eu-web"), Some("shop-eu"));
        assert_eq!(app_of_bucket("web"), None);
    }

    #[test]
    fn keys_cannot_climb_out_of_their_bucket() {
        for ok in ["a", "a/b.txt", "dir/", "x..y", ".hidden", "a b/ü.png"] {
            assert!(validate_key(ok).is_ok(), "{ok}");
        }
        for bad in ["", "../../etc/passwd", "a/../b", "/etc/passwd", "a//b", "./a", "a/.", "a\0b", "a\nb"] {
            assert!(matches!(validate_key(bad), Err(StorageError::InvalidKey(_))), "{bad:?}");
        }
        assert!(validate_key(&"k".repeat(1025)).is_err());
    }
}
