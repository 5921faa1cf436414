//! `multipart/form-data` bodies, as Laf's multer takes them: each file is streamed to its own
//! temporary file (never held in memory) and becomes one of `ctx.files`; the other fields become
//! the JSON object `ctx.body`.
//!
//! The files are deleted when the invocation's context is dropped ([`UploadedFile`]'s `Drop`), and
//! at once when the upload fails part way.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use bytes::Bytes;
use futures_util::TryStreamExt;
use tokio::io::AsyncWriteExt;

use crate::context::{UploadedFile, Uploads, pairs_to_object};

/// Why a multipart body was refused.
#[derive(Debug)]
pub(crate) enum MultipartError {
    /// More bytes than allowed; the limit that was passed.
    TooLarge(u64),
    /// Not a well-formed multipart body.
    Malformed(String),
    /// The upload directory could not be written.
    Io(std::io::Error),
}

/// The boundary of a `multipart/form-data` content type, or `None` for any other type.
pub(crate) fn boundary(content_type: Option<&str>) -> Option<Result<String, MultipartError>> {
    let ct = content_type?;
    let mime = ct.split(';').next().unwrap_or("").trim();
    if !mime.eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    Some(multer::parse_boundary(ct).map_err(|e| MultipartError::Malformed(e.to_string())))
}

/// Most parts in one body: each file part costs a file, so their number is bounded too.
const MAX_PARTS: usize = 1000;

/// Most bytes the parser may hold that are not yet part of a field's content (part headers,
/// a boundary being matched). multer buffers a part's headers until their blank line with no cap
/// of its own, so without this a header that never ends would grow without bound.
const MAX_UNCONSUMED: u64 = 1 << 20;

/// Reads a multipart body: files go to `dir` (at most `file_limit` bytes in all), the other
/// fields into a JSON object (at most `field_limit` bytes in all). Returns that object's JSON and
/// the files.
pub(crate) async fn read(
    body: axum::body::Body,
    boundary: String,
    dir: &Path,
    file_limit: u64,
    field_limit: usize,
) -> Result<(Bytes, Uploads), MultipartError> {
    // Bytes handed to the parser and bytes of field content taken out of it: the difference is
    // what the parser holds.
    let fed = Arc::new(AtomicU64::new(0));
    let taken = Arc::new(AtomicU64::new(0));
    let (fed_in, taken_in) = (fed.clone(), taken.clone());
    let stream = body.into_data_stream().map_err(std::io::Error::other).and_then(move |chunk| {
        let held =
            fed_in.fetch_add(chunk.len() as u64, Ordering::Relaxed).saturating_sub(taken_in.load(Ordering::Relaxed));
        let result = if held > MAX_UNCONSUMED {
            Err(std::io::Error::other(format!("a part's headers or boundary run past {MAX_UNCONSUMED} bytes")))
        } else {
            Ok(chunk)
        };
        std::future::ready(result)
    });
    let whole = file_limit.saturating_add(field_limit as u64).saturating_add(MAX_UNCONSUMED);
    let constraints = multer::Constraints::new().size_limit(multer::SizeLimit::new().whole_stream(whole));
    let mut multipart = multer::Multipart::with_constraints(stream, boundary, constraints);
    let mut files: Vec<UploadedFile> = Vec::new();
    let mut fields: Vec<(String, String)> = Vec::new();
    let (mut file_bytes, mut field_bytes) = (0u64, 0usize);
    let malformed = |e: multer::Error| match e {
        multer::Error::StreamSizeExceeded { .. } => MultipartError::TooLarge(file_limit),
        multer::Error::StreamReadFailed(inner) => {
            MultipartError::Malformed(format!("the body could not be read: {inner}"))
        }
        other => MultipartError::Malformed(other.to_string()),
    };
    let mut parts = 0;
    while let Some(mut field) = multipart.next_field().await.map_err(malformed)? {
        parts += 1;
        if parts > MAX_PARTS {
            return Err(MultipartError::Malformed(format!("more than {MAX_PARTS} parts")));
        }
        let name = field.name().unwrap_or("").to_owned();
        let Some(original) = field.file_name().map(str::to_owned) else {
            let mut text = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(malformed)? {
                taken.fetch_add(chunk.len() as u64, Ordering::Relaxed);
                field_bytes += chunk.len();
                if field_bytes > field_limit {
                    return Err(MultipartError::TooLarge(field_limit as u64));
                }
                text.extend_from_slice(&chunk);
            }
            fields.push((name, String::from_utf8_lossy(&text).into_owned()));
            continue;
        };
        let mimetype =
            field.content_type().map_or_else(|| "application/octet-stream".to_owned(), |m| m.essence_str().to_owned());
        if files.is_empty() {
            let mut builder = tokio::fs::DirBuilder::new();
            builder.recursive(true);
            // Traversable, not listable: another user (a sandboxed worker's) reaches a file of
            // its app by name; the files themselves are owner-only.
            #[cfg(unix)]
            builder.mode(0o711);
            builder.create(dir).await.map_err(MultipartError::Io)?;
        }
        let path = dir.join(uuid::Uuid::new_v4().simple().to_string());
        let mut options = tokio::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        options.mode(0o600);
        let mut out = options.open(&path).await.map_err(MultipartError::Io)?;
        // Registered before the first write so that any failure below still deletes the file.
        files.push(UploadedFile { fieldname: name, originalname: original, mimetype, size: 0, path });
        let mut size = 0u64;
        while let Some(chunk) = field.chunk().await.map_err(malformed)? {
            taken.fetch_add(chunk.len() as u64, Ordering::Relaxed);
            file_bytes += chunk.len() as u64;
            if file_bytes > file_limit {
                return Err(MultipartError::TooLarge(file_limit));
            }
            size += chunk.len() as u64;
            out.write_all(&chunk).await.map_err(MultipartError::Io)?;
        }
        out.flush().await.map_err(MultipartError::Io)?;
        if let Some(file) = files.last_mut() {
            file.size = size;
        }
    }
    let body = serde_json::to_vec(&pairs_to_object(fields)).map_err(|e| MultipartError::Malformed(e.to_string()))?;
    Ok((Bytes::from(body), Uploads(Arc::from(files))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(parts: &[(&str, Option<&str>, &[u8])]) -> axum::body::Body {
        let mut out = Vec::new();
        for (name, file, data) in parts {
            out.extend_from_slice(b"--XyZ\r\n");
            match file {
                Some(f) => out.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: image/png\r\n\r\n"
                    )
                    .as_bytes(),
                ),
                None => out.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes()),
            }
            out.extend_from_slice(data);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"--XyZ--\r\n");
        axum::body::Body::from(out)
    }

    fn temp_dir(tag: &str) -> std::path::PathBuf {
        std::env::temp_dir().join(format!("laf-multipart-{tag}-{}", uuid::Uuid::new_v4().simple()))
    }

    #[test]
    fn only_form_data_has_a_boundary() {
        assert_eq!(boundary(Some("multipart/form-data; boundary=abc")).unwrap().unwrap(), "abc");
        assert!(boundary(Some("application/json")).is_none());
        assert!(boundary(None).is_none());
        assert!(matches!(boundary(Some("multipart/form-data")), Some(Err(MultipartError::Malformed(_)))));
    }

    #[tokio::test]
    async fn files_go_to_disk_and_fields_to_json_then_files_are_deleted() {
        let dir = temp_dir("ok");
        let b = body(&[
            ("title", None, b"hi"),
            ("tag", None, b"a"),
            ("tag", None, b"b"),
            ("pic", Some("p.png"), &[7u8; 5000]),
        ]);
        let (json, uploads) = read(b, "XyZ".into(), &dir, 1 << 20, 1 << 20).await.unwrap();
        let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(json, serde_json::json!({"title": "hi", "tag": ["a", "b"]}));
        let file = &uploads.0[0];
        assert_eq!(
            (file.fieldname.as_str(), file.originalname.as_str(), file.mimetype.as_str()),
            ("pic", "p.png", "image/png")
        );
        assert_eq!(file.size, 5000);
        let path = file.path.clone();
        assert_eq!(std::fs::read(&path).unwrap(), vec![7u8; 5000]);
        drop(uploads);
        assert!(!path.exists(), "the upload is deleted with the last handle");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[tokio::test]
    async fn an_upload_over_the_limit_fails_and_leaves_no_file() {
        let dir = temp_dir("big");
        let b = body(&[("a", Some("a.bin"), &[1u8; 3000]), ("b", Some("b.bin"), &[2u8; 3000])]);
        let err = read(b, "XyZ".into(), &dir, 4000, 1 << 20).await.unwrap_err();
        assert!(matches!(err, MultipartError::TooLarge(4000)), "{err:?}");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0, "partial uploads are removed");
        let _ = std::fs::remove_dir_all(&dir);
        let fields = body(&[("note", None, &[b'x'; 100])]);
        assert!(matches!(read(fields, "XyZ".into(), &dir, 1 << 20, 10).await, Err(MultipartError::TooLarge(10))));
    }

    #[tokio::test]
    async fn endless_part_headers_are_refused_without_buffering_them() {
        let dir = temp_dir("hdr");
        let head = futures_util::stream::once(async {
            Ok::<_, std::io::Error>(Bytes::from_static(b"--XyZ\r\nContent-Disposition: form-data; name=\""))
        });
        let endless = futures_util::stream::repeat_with(|| Ok(Bytes::from(vec![b'a'; 64 * 1024])));
        let stream = axum::body::Body::from_stream(futures_util::StreamExt::chain(head, endless));
        let err = read(stream, "XyZ".into(), &dir, 1 << 40, 1 << 20).await.unwrap_err();
        assert!(matches!(err, MultipartError::Malformed(ref m) if m.contains("headers")), "{err:?}");
        let many: Vec<(&str, Option<&str>, &[u8])> = (0..1001).map(|_| ("f", Some("x"), &b""[..])).collect();
        let err = read(body(&many), "XyZ".into(), &dir, 1 << 20, 1 << 20).await.unwrap_err();
        assert!(matches!(err, MultipartError::Malformed(ref m) if m.contains("1000 parts")), "{err:?}");
        assert_eq!(std::fs::read_dir(&dir).map_or(0, |d| d.count()), 0);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[tokio::test]
    async fn a_truncated_body_is_malformed() {
        let dir = temp_dir("bad");
        let b =
            axum::body::Body::from("--XyZ\r\nContent-Disposition: form-data; name=\"a\"; filename=\"x\"\r\n\r\nabc");
        assert!(matches!(read(b, "XyZ".into(), &dir, 1 << 20, 1 << 20).await, Err(MultipartError::Malformed(_))));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
