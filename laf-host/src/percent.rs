//! Percent-encoding as the host needs it: strict decoding (a malformed escape or invalid UTF-8 is
//! refused, not passed through) and encoding of object keys for URL paths.

/// Decodes `%XX` escapes; `None` for a malformed escape or a result that is not UTF-8.
pub(crate) fn decode(s: &str) -> Option<String> {
    if !s.contains('%') {
        return Some(s.to_owned());
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Encodes an object key for a URL path: RFC 3986's unreserved characters and `/` stay as they
/// are, every other byte becomes `%XX` (the form S3 signs and the host's routes decode).
pub(crate) fn encode_path(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for b in key.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_is_strict_and_encoding_round_trips() {
        assert_eq!(decode("api/user").as_deref(), Some("api/user"));
        assert_eq!(decode("a%2Fb%20c").as_deref(), Some("a/b c"));
        assert_eq!(decode("bad%2"), None);
        assert_eq!(decode("%zz"), None);
        assert_eq!(decode("%FF"), None, "not UTF-8");
        assert_eq!(encode_path("a b/ü?.txt"), "a%20b/%C3%BC%3F.txt");
        for key in ["a b/ü?.txt", "100%/x+y=z", "plain/key.png"] {
            assert_eq!(decode(&encode_path(key)).as_deref(), Some(key));
        }
    }
}
