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

/// Takes the first frame out of `buf` once it is whole: `None` while more bytes are needed.
pub fn take(buf: &mut Vec<u8>) -> std::io::Result<Option<std::io::Result<Document>>> {
    if buf.len() < 4 {
        return Ok(None);
    }
    let len = frame_len([buf[0], buf[1], buf[2], buf[3]])?;
    if buf.len() < len {
        return Ok(None);
    }
    let doc = decode(&buf[..len]);
    buf.drain(..len);
    Ok(Some(doc))
}

/// How many more bytes to make room for before reading: the rest of the frame, or a page.
pub fn wanted(buf: &[u8]) -> std::io::Result<usize> {
    if buf.len() < 4 {
        return Ok(4096);
    }
    Ok(frame_len([buf[0], buf[1], buf[2], buf[3]])?.saturating_sub(buf.len()).max(4096))
}

/// Reads the next frame from a blocking stream, keeping in `buf` what arrived after it.
pub fn read_blocking(stream: &mut impl std::io::Read, buf: &mut Vec<u8>) -> std::io::Result<Document> {
    loop {
        if let Some(doc) = take(buf)? {
            return doc;
        }
        let filled = buf.len();
        buf.resize(filled + wanted(buf)?, 0);
        let n = stream.read(&mut buf[filled..]);
        buf.truncate(filled + *n.as_ref().unwrap_or(&0));
        match n {
            Ok(0) => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// Decodes a whole frame (header included).
pub fn decode(bytes: &[u8]) -> std::io::Result<Document> {
    Document::from_reader(bytes).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string()))
}
