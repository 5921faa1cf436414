//! [`StorageError`]: what a storage operation can fail with, in S3's vocabulary.

/// A storage failure. [`StorageError::code`] gives the S3 error code languages expose.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The bucket does not exist.
    #[error("the bucket {0:?} does not exist")]
    NoSuchBucket(String),
    /// The object does not exist.
    #[error("the object {key:?} does not exist in bucket {bucket:?}")]
    NoSuchKey {
        /// Full bucket name.
        bucket: String,
        /// Object key.
        key: String,
    },
    /// Creating a bucket that exists.
    #[error("the bucket {0:?} already exists")]
    BucketExists(String),
    /// Deleting a bucket that still holds objects.
    #[error("the bucket {0:?} is not empty")]
    BucketNotEmpty(String),
    /// A bucket name that is not valid, or that belongs to another app.
    #[error("{0}")]
    InvalidBucketName(String),
    /// A key that is empty, too long, or could escape its bucket (`..`, a leading `/`, NUL).
    #[error("{0}")]
    InvalidKey(String),
    /// A byte range that does not fit the object.
    #[error("the range {0} is not satisfiable")]
    InvalidRange(String),
    /// Any other bad argument (an expiry out of bounds, an unknown policy...).
    #[error("{0}")]
    InvalidArgument(String),
    /// An object too large to be read whole by its caller.
    #[error("the object has {size} bytes, more than the {max} this function can read in one piece")]
    TooLarge {
        /// The object's size in bytes.
        size: u64,
        /// The most the caller can take.
        max: u64,
    },
    /// Refused: a bucket of another app, or anonymous access a policy does not allow.
    #[error("{0}")]
    AccessDenied(String),
    /// The backend cannot do this.
    #[error("{0}")]
    Unsupported(String),
    /// A local I/O failure.
    #[error("storage I/O failed: {0}")]
    Io(#[from] std::io::Error),
    /// The remote service failed or could not be reached.
    #[error("the storage service failed: {0}")]
    Backend(String),
}

impl StorageError {
    /// The S3 error code (`NoSuchKey`, `AccessDenied`...), as AWS SDKs name their errors.
    pub fn code(&self) -> &'static str {
        match self {
            StorageError::NoSuchBucket(_) => "NoSuchBucket",
            StorageError::NoSuchKey { .. } => "NoSuchKey",
            StorageError::BucketExists(_) => "BucketAlreadyOwnedByYou",
            StorageError::BucketNotEmpty(_) => "BucketNotEmpty",
            StorageError::InvalidBucketName(_) => "InvalidBucketName",
            StorageError::InvalidKey(_) => "InvalidKey",
            StorageError::InvalidRange(_) => "InvalidRange",
            StorageError::InvalidArgument(_) => "InvalidArgument",
            StorageError::TooLarge { .. } => "EntityTooLarge",
            StorageError::AccessDenied(_) => "AccessDenied",
            StorageError::Unsupported(_) => "NotImplemented",
            StorageError::Io(_) | StorageError::Backend(_) => "InternalError",
        }
    }

    /// The HTTP status S3 answers this error with.
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode as S;
        match self {
            StorageError::NoSuchBucket(_) | StorageError::NoSuchKey { .. } => S::NOT_FOUND,
            StorageError::BucketExists(_) | StorageError::BucketNotEmpty(_) => S::CONFLICT,
            StorageError::InvalidBucketName(_) | StorageError::InvalidKey(_) | StorageError::InvalidArgument(_) => {
                S::BAD_REQUEST
            }
            StorageError::InvalidRange(_) => S::RANGE_NOT_SATISFIABLE,
            StorageError::TooLarge { .. } => S::PAYLOAD_TOO_LARGE,
            StorageError::AccessDenied(_) => S::FORBIDDEN,
            StorageError::Unsupported(_) => S::NOT_IMPLEMENTED,
            StorageError::Io(_) | StorageError::Backend(_) => S::INTERNAL_SERVER_ERROR,
        }
    }
}
