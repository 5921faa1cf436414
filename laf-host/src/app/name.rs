//! Laf's naming rules for functions and apps.

use crate::error::PublishError;

/// Checks a function name against Laf's rule
/// `^[a-zA-Z0-9_.\-](?:[a-zA-Z0-9_.\-/]{0,254}[a-zA-Z0-9_.\-])?$`, and keeps `/_/` for the host.
/// A whole segment may also be a path parameter, `[name]` (`users/[id]`).
pub fn validate_function_name(name: &str) -> Result<(), PublishError> {
    let fail = |reason| Err(PublishError::InvalidName { name: name.to_owned(), reason });
    let bytes = name.as_bytes();
    if bytes.is_empty() {
        return fail("a name must not be empty");
    }
    if bytes.len() > 256 {
        return fail("a name is at most 256 characters");
    }
    let plain = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-');
    if !bytes.iter().all(|&b| plain(b) || matches!(b, b'/' | b'[' | b']')) {
        return fail("use only letters, digits, '_', '.', '-', '/' and '[name]' segments");
    }
    let edge = |b: u8| plain(b) || b == b'[' || b == b']';
    if !edge(bytes[0]) || !edge(bytes[bytes.len() - 1]) {
        return fail("a name cannot start or end with '/'");
    }
    if name == "_" || name.starts_with("_/") {
        return fail("the path '/_/' is reserved for the host");
    }
    if name.split('/').any(|seg| seg.is_empty() || seg == "." || seg == "..") {
        return fail("empty, '.' and '..' path segments are not allowed");
    }
    for seg in name.split('/').filter(|s| s.contains(['[', ']'])) {
        match super::routes::param_name(seg) {
            Some(p) if !p.is_empty() && p.bytes().all(plain) => {}
            _ => return fail("a path parameter is a whole segment '[name]' of letters, digits, '_', '.', '-'"),
        }
    }
    Ok(())
}

/// Checks an app id: 1 to 63 lowercase letters, digits or `-` (a DNS label, as Laf's app ids are).
pub fn is_valid_app_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 63
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn laf_names() {
        for ok in ["hello", "api/user", "a", "__init__", "v1.2-x_y", "users/[id]", "[a]/[b]"] {
            assert!(validate_function_name(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "/a",
            "a/",
            "a b",
            "_/x",
            "a//b",
            "a/../b",
            "é",
            "a/[]",
            "a/x[id]",
            "[a/b]",
            "a/[i d]",
            &"x".repeat(257),
        ] {
            assert!(validate_function_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn app_ids() {
        assert!(is_valid_app_id("my-app1"));
        assert!(!is_valid_app_id("My"));
        assert!(!is_valid_app_id("-a"));
        assert!(!is_valid_app_id("a/b"));
    }
}
