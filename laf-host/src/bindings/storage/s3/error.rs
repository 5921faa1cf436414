//! S3 errors in the storage binding's vocabulary.

use aws_sdk_s3::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};

use crate::bindings::storage::StorageError;

/// The service's error code of `err`, when the service answered.
pub(super) fn code<E: ProvideErrorMetadata, R>(err: &SdkError<E, R>) -> Option<&str> {
    err.as_service_error().and_then(ProvideErrorMetadata::code)
}

/// Maps an SDK failure on `bucket` (and `key`, for object operations) to a [`StorageError`].
pub(super) fn from_sdk<E>(
    err: SdkError<E, aws_sdk_s3::config::http::HttpResponse>,
    bucket: &str,
    key: Option<&str>,
) -> StorageError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let status = err.raw_response().map(|r| r.status().as_u16());
    let message = err.as_service_error().and_then(ProvideErrorMetadata::message).map(str::to_owned);
    let no_such_key = || StorageError::NoSuchKey { bucket: bucket.to_owned(), key: key.unwrap_or_default().to_owned() };
    match (code(&err), status) {
        (Some("NoSuchKey"), _) => no_such_key(),
        (Some("NoSuchBucket"), _) => StorageError::NoSuchBucket(bucket.to_owned()),
        // HEAD answers carry no body, so a missing object or bucket is a bare 404.
        (Some("NotFound") | None, Some(404)) if key.is_some() => no_such_key(),
        (Some("NotFound") | None, Some(404)) => StorageError::NoSuchBucket(bucket.to_owned()),
        (Some("BucketAlreadyOwnedByYou" | "BucketAlreadyExists"), _) => StorageError::BucketExists(bucket.to_owned()),
        (Some("BucketNotEmpty"), _) => StorageError::BucketNotEmpty(bucket.to_owned()),
        (Some("InvalidRange"), _) | (_, Some(416)) => {
            StorageError::InvalidRange(message.unwrap_or_else(|| format!("of {bucket}/{}", key.unwrap_or_default())))
        }
        (Some("AccessDenied"), _) | (_, Some(403)) => StorageError::AccessDenied(
            message.unwrap_or_else(|| format!("the S3 service refused access to the bucket {bucket:?}")),
        ),
        (Some(code), _) => StorageError::Backend(format!("{code}: {}", message.as_deref().unwrap_or("no message"))),
        (None, _) => StorageError::Backend(DisplayErrorContext(&err).to_string()),
    }
}
