//! Object bodies: small ones in memory, large ones as streams, so no layer has to hold a whole
//! object.

use std::io;
use std::path::Path;
use std::pin::Pin;

use bytes::{Bytes, BytesMut};
use futures_core::Stream;
use futures_util::StreamExt;

use super::{ObjectMeta, StorageError};

/// A stream of body chunks.
pub type ByteStream = Pin<Box<dyn Stream<Item = io::Result<Bytes>> + Send>>;

/// Size of the chunks read from files and of the parts a backend uploads at a time.
pub const CHUNK_SIZE: usize = 64 * 1024;

/// The body of a put: bytes already in memory, or a stream (with its length when known).
pub enum PutBody {
    /// A body in memory.
    Bytes(Bytes),
    /// A body read as it goes; `length` lets backends that need it up front avoid buffering.
    Stream {
        /// The chunks.
        stream: ByteStream,
        /// Total length in bytes, if known.
        length: Option<u64>,
    },
}

impl std::fmt::Debug for PutBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PutBody::Bytes(b) => write!(f, "PutBody::Bytes({} bytes)", b.len()),
            PutBody::Stream { length, .. } => write!(f, "PutBody::Stream(length {length:?})"),
        }
    }
}

impl From<Bytes> for PutBody {
    fn from(bytes: Bytes) -> PutBody {
        PutBody::Bytes(bytes)
    }
}

impl From<Vec<u8>> for PutBody {
    fn from(bytes: Vec<u8>) -> PutBody {
        PutBody::Bytes(bytes.into())
    }
}

impl From<&'static str> for PutBody {
    fn from(text: &'static str) -> PutBody {
        PutBody::Bytes(Bytes::from_static(text.as_bytes()))
    }
}

impl PutBody {
    /// A body streamed from the file at `path`, read in [`CHUNK_SIZE`] chunks.
    pub async fn from_path(path: &Path) -> io::Result<PutBody> {
        let file = tokio::fs::File::open(path).await?;
        let length = file.metadata().await?.len();
        let stream = tokio_util::io::ReaderStream::with_capacity(file, CHUNK_SIZE);
        Ok(PutBody::Stream { stream: Box::pin(stream), length: Some(length) })
    }

    /// The length, when known without reading.
    pub fn len_hint(&self) -> Option<u64> {
        match self {
            PutBody::Bytes(b) => Some(b.len() as u64),
            PutBody::Stream { length, .. } => *length,
        }
    }

    /// The body as a stream, whatever it was.
    pub fn into_stream(self) -> ByteStream {
        match self {
            PutBody::Bytes(b) => Box::pin(futures_util::stream::once(async move { Ok(b) })),
            PutBody::Stream { stream, .. } => stream,
        }
    }
}

/// The answer to a get: the object's metadata, the range served, and the body as a stream.
pub struct GetObject {
    /// The object's metadata (its `size` is the whole object's).
    pub meta: ObjectMeta,
    /// The inclusive byte range served, when a range was asked for.
    pub range: Option<(u64, u64)>,
    /// The bytes served.
    pub body: ByteStream,
}

impl std::fmt::Debug for GetObject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GetObject").field("meta", &self.meta).field("range", &self.range).finish_non_exhaustive()
    }
}

impl GetObject {
    /// Number of bytes the body will yield.
    pub fn content_length(&self) -> u64 {
        match self.range {
            Some((start, end)) => end + 1 - start,
            None => self.meta.size,
        }
    }

    /// Reads the whole body into memory, refusing bodies over `limit` bytes.
    pub async fn bytes(mut self, limit: usize) -> Result<Bytes, StorageError> {
        let too_large = |size: u64| StorageError::TooLarge { size, max: limit as u64 };
        if self.content_length() > limit as u64 {
            return Err(too_large(self.content_length()));
        }
        let mut out = BytesMut::with_capacity(self.content_length() as usize);
        while let Some(chunk) = self.body.next().await {
            let chunk = chunk?;
            // The size was checked at the start, but an object replaced while it is read (S3) may
            // yield more than it announced.
            if out.len() + chunk.len() > limit {
                return Err(too_large((out.len() + chunk.len()) as u64));
            }
            out.extend_from_slice(&chunk);
        }
        Ok(out.freeze())
    }
}
