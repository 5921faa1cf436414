//! The channel between the host and a worker: one BSON document per frame.
//!
//! A BSON document starts with its own length (i32, little endian), so a frame needs no header of
//! its own. Both sides refuse a frame over [`MAX_FRAME`] rather than allocating what a broken
//! peer claims.

use bson::Document;

/// Largest frame either side accepts (a request body, a stored object read by a function).
pub const MAX_FRAME: usize = 1 << 30;

/// The length a frame header announces, checked against the limits of a BSON document.
pub fn frame_len(header: [u8; 4]) -> std::io::Result<usize> {
    let len = i32::from_le_bytes(header);
    if len < 5 || len as usize > MAX_FRAME {
        return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, format!("bad frame length {len}")));
    }
    Ok(len as usize)
}

/// Encodes a frame.
pub fn encode(doc: &Document) -> std::io::Result<Vec<u8>> {
    doc.to_vec().map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string()))
}

/// Decodes a whole frame (header included).
pub fn decode(bytes: &[u8]) -> std::io::Result<Document> {
    Document::from_reader(bytes).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string()))
}
