//! Who may do what on the S3 endpoint: the seed's MinIO policy, enforced by the host itself.
//!
//! - An app's key pair (access key = the app id, [`crate::App::s3_secret`]) reaches the app's
//!   own buckets, `<appid>-*`, and nothing else; ListBuckets shows only those.
//! - The admin key ([`ADMIN_ACCESS_KEY`] with the admin token as its secret) reaches every
//!   app's buckets.
//! - A temporary pair from `AssumeRole` ([`super::sts`]) reaches what its app's pair reaches,
//!   until it expires, with its session token.
//! - An unsigned request may read the objects of a bucket whose policy is `readonly` or
//!   `readwrite`, and write or delete them in a `readwrite` one; nothing else.
//!
//! `s3s` has checked the signature with the secret [`Keys`] gave before [`Policy`] runs, so
//! the access key here is proven.

use s3s::access::{S3Access, S3AccessContext};
use s3s::auth::{S3Auth, SecretKey};
use s3s::dto::{CopyObjectInput, CopySource};
use s3s::path::S3Path;
use s3s::{S3Request, S3Result, s3_error};

use crate::bindings::storage::app_of_bucket;
use crate::host::Host;

/// The access key of the admin token's holder, whose secret is the admin token. Upper case,
/// so no app id (lower case) is ever this key.
pub const ADMIN_ACCESS_KEY: &str = "ADMIN";

/// Who signed a request, as the operations see it (in the request's extensions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Caller {
    /// The admin token's holder.
    Admin,
    /// An app, by id.
    App(String),
    /// Nobody: an unsigned request.
    Anonymous,
}

impl Caller {
    /// Whether the caller may use `bucket` with its credentials.
    pub fn owns(&self, bucket: &str) -> bool {
        match self {
            Caller::Admin => true,
            Caller::App(app) => app_of_bucket(bucket) == Some(app.as_str()),
            Caller::Anonymous => false,
        }
    }
}

/// The secrets of the access keys: the apps' and the admin's.
pub(super) struct Keys {
    pub host: Host,
}

#[async_trait::async_trait]
impl S3Auth for Keys {
    async fn get_secret_key(&self, access_key: &str) -> S3Result<SecretKey> {
        if access_key == ADMIN_ACCESS_KEY {
            return match &self.host.gateway_config().admin_token {
                Some(token) => Ok(SecretKey::from(token.as_str())),
                None => Err(s3_error!(InvalidAccessKeyId, "this host has no admin token, so no admin key")),
            };
        }
        if let Some((app, expires)) = super::sts::parse_temporary(access_key) {
            let secret = self.host.app(app).and_then(|app| app.s3_secret());
            return match secret {
                _ if super::sts::expired(expires) => Err(s3_error!(ExpiredToken, "the temporary credentials expired")),
                Some(secret) => Ok(SecretKey::from(super::sts::derive(&secret, "secret", access_key))),
                None => Err(s3_error!(InvalidAccessKeyId, "the temporary key's app is not on this host")),
            };
        }
        match self.host.app(access_key).and_then(|app| app.s3_secret()) {
            Some(secret) => Ok(SecretKey::from(&*secret)),
            None => Err(s3_error!(InvalidAccessKeyId, "the access key is not an app's key on this host")),
        }
    }
}

/// The access rules above, checked before each operation reads its input.
pub(super) struct Policy {
    pub host: Host,
}

#[async_trait::async_trait]
impl S3Access for Policy {
    async fn check(&self, cx: &mut S3AccessContext<'_>) -> S3Result<()> {
        let caller = match cx.credentials() {
            Some(c) if c.access_key == ADMIN_ACCESS_KEY => Caller::Admin,
            Some(c) => match super::sts::parse_temporary(&c.access_key) {
                Some((app, _)) => {
                    self.session_token(cx, app)?;
                    Caller::App(app.to_owned())
                }
                None => Caller::App(c.access_key.clone()),
            },
            None => Caller::Anonymous,
        };
        let bucket = match cx.s3_path() {
            S3Path::Root => None,
            S3Path::Bucket { bucket } | S3Path::Object { bucket, .. } => Some(bucket.to_string()),
        };
        match (&caller, bucket) {
            (Caller::Anonymous, None) => return Err(s3_error!(AccessDenied, "listing buckets needs a signed request")),
            (Caller::Anonymous, Some(bucket)) => self.anonymous(cx.s3_op().name(), &bucket).await?,
            (_, None) => {}
            (Caller::App(app), Some(bucket)) if !caller.owns(&bucket) => {
                return Err(s3_error!(
                    AccessDenied,
                    "the bucket {bucket:?} is not one of app {app:?}'s buckets (they are named \"{app}-<name>\")"
                ));
            }
            (_, Some(_)) => {}
        }
        cx.extensions_mut().insert(caller);
        Ok(())
    }

    async fn copy_object(&self, req: &mut S3Request<CopyObjectInput>) -> S3Result<()> {
        let caller = req.extensions.get::<Caller>().cloned().unwrap_or(Caller::Anonymous);
        match &req.input.copy_source {
            CopySource::Bucket { bucket, .. } if caller.owns(bucket) => Ok(()),
            CopySource::Bucket { bucket, .. } => {
                Err(s3_error!(AccessDenied, "the copy's source bucket {bucket:?} is not the caller's"))
            }
            _ => Err(s3_error!(NotImplemented, "copy sources are `<bucket>/<key>` on this endpoint")),
        }
    }
}

impl Policy {
    /// A temporary key's request must carry its session token (signed with it), as STS's do.
    fn session_token(&self, cx: &S3AccessContext<'_>, app: &str) -> S3Result<()> {
        let access_key = cx.credentials().map(|c| c.access_key.clone()).unwrap_or_default();
        let from_query = cx.uri().query().and_then(|q| {
            form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "X-Amz-Security-Token").map(|(_, v)| v.into_owned())
        });
        let given =
            cx.headers().get("x-amz-security-token").and_then(|v| v.to_str().ok()).map(str::to_owned).or(from_query);
        let secret = self.host.app(app).and_then(|a| a.s3_secret());
        match (given, secret) {
            (Some(token), Some(secret)) if token == super::sts::derive(&secret, "token", &access_key) => Ok(()),
            (None, _) => {
                Err(s3_error!(AccessDenied, "temporary credentials need their session token (X-Amz-Security-Token)"))
            }
            _ => Err(s3_error!(InvalidToken, "the session token does not belong to these temporary credentials")),
        }
    }

    /// Lets an unsigned request through when the bucket's policy allows the operation.
    async fn anonymous(&self, operation: &str, bucket: &str) -> S3Result<()> {
        let (read, write) =
            (matches!(operation, "GetObject" | "HeadObject"), matches!(operation, "PutObject" | "DeleteObject"));
        if !read && !write {
            return Err(s3_error!(AccessDenied, "{operation} needs a signed request"));
        }
        let backend = self.host.storage_backend().ok_or_else(|| s3_error!(InternalError, "no storage backend"))?;
        let policy = match backend.bucket_policy(bucket).await {
            Ok(policy) => policy,
            // A missing bucket is not revealed to anonymous callers.
            Err(_) => return Err(s3_error!(AccessDenied, "{operation} on {bucket:?} needs a signed request")),
        };
        if (read && policy.public_read()) || (write && policy.public_write()) {
            Ok(())
        } else {
            Err(s3_error!(
                AccessDenied,
                "the bucket {bucket:?} is {}: {operation} needs a signed request",
                policy.as_str()
            ))
        }
    }
}
