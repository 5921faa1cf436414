//! STS `AssumeRole` on the S3 endpoint: short-lived credentials a function hands to a browser
//! (Laf's STS example), so the app's own secret never leaves the host.
//!
//! A function signs `AssumeRole` (service `sts`, `POST /`, a form body) with its app's key pair;
//! the answer is a key pair and session token valid for `DurationSeconds` (15 minutes to 12
//! hours, default one hour) that reach the same buckets as the app's own pair. Nothing is
//! stored: the access key says whose it is and until when (`<appid>.<unix expiry>.<nonce>`), and
//! the secret and token are HMACs of it under the app's secret, so rotating the app's secret
//! also revokes every temporary pair made from it. Session policies (`Policy`) are not applied:
//! the temporary pair has the app pair's rights.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{KeyInit, Mac};
use http::{HeaderMap, Method, Uri, header};
use s3s::route::S3Route;
use s3s::{Body, S3Request, S3Response, S3Result, s3_error};

use crate::host::Host;

/// Shortest and longest life of a temporary pair, as AWS's STS allows.
const DURATIONS: std::ops::RangeInclusive<u64> = 900..=43_200;
const DEFAULT_DURATION: u64 = 3600;

/// The temporary access key of `app`, valid until `expires` (Unix seconds).
fn temporary_key(app: &str, expires: u64) -> String {
    let mut nonce = [0u8; 8];
    getrandom::fill(&mut nonce).expect("the system's random source");
    format!("{app}.{expires}.{}", crate::bindings::storage::local::hex(&nonce))
}

/// The app and expiry of a temporary access key (app ids have no `.`, so no app key parses).
pub(super) fn parse_temporary(access_key: &str) -> Option<(&str, u64)> {
    let mut parts = access_key.split('.');
    let (app, expires, nonce) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || nonce.len() != 16 {
        return None;
    }
    Some((app, expires.parse().ok()?))
}

/// The secret (`what` = `secret`) or session token (`token`) of a temporary key, under the app's
/// secret.
pub(super) fn derive(app_secret: &str, what: &str, access_key: &str) -> String {
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(app_secret.as_bytes()).expect("HMAC takes any key");
    mac.update(what.as_bytes());
    mac.update(b":");
    mac.update(access_key.as_bytes());
    let hex = crate::bindings::storage::local::hex(&mac.finalize().into_bytes());
    // 40 characters, as an AWS secret; the whole 64 for the token.
    if what == "secret" { hex[..40].to_owned() } else { hex }
}

/// Whether `access_key`'s expiry has passed.
pub(super) fn expired(expires: u64) -> bool {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()) >= expires
}

/// The `AssumeRole` route.
pub(super) struct Sts {
    pub host: Host,
}

#[async_trait::async_trait]
impl S3Route for Sts {
    fn is_match(&self, method: &Method, uri: &Uri, headers: &HeaderMap, _: &mut http::Extensions) -> bool {
        method == Method::POST
            && uri.path() == "/"
            && headers
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"))
    }

    async fn call(&self, mut req: S3Request<Body>) -> S3Result<S3Response<Body>> {
        let access_key = req.credentials.as_ref().map(|c| c.access_key.clone()).unwrap_or_default();
        let app = self.host.app(&access_key).filter(|_| parse_temporary(&access_key).is_none());
        let Some(secret) = app.as_ref().and_then(|a| a.s3_secret()) else {
            return Err(s3_error!(AccessDenied, "AssumeRole needs an app's own key pair"));
        };
        let body = req.input.store_all_limited(64 * 1024).await.map_err(|e| s3_error!(InvalidRequest, "{e}"))?;
        let (mut action, mut duration) = (None, None);
        for (name, value) in form_urlencoded::parse(&body) {
            match &*name {
                "Action" => action = Some(value.into_owned()),
                "DurationSeconds" => duration = Some(value.into_owned()),
                _ => {}
            }
        }
        if action.as_deref() != Some("AssumeRole") {
            return Err(s3_error!(NotImplemented, "this endpoint's STS answers Action=AssumeRole only"));
        }
        let duration = match duration {
            None => DEFAULT_DURATION,
            Some(d) => match d.parse::<u64>() {
                Ok(d) if DURATIONS.contains(&d) => d,
                _ => return Err(s3_error!(InvalidArgument, "DurationSeconds is 900 to 43200, not {d:?}")),
            },
        };
        let expires_at = SystemTime::now() + Duration::from_secs(duration);
        let expires = expires_at.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let app_id = access_key;
        let key = temporary_key(&app_id, expires);
        let expiration = httpdate_iso(expires_at);
        let xml = format!(
            "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>\
             <Credentials><AccessKeyId>{key}</AccessKeyId><SecretAccessKey>{}</SecretAccessKey>\
             <SessionToken>{}</SessionToken><Expiration>{expiration}</Expiration></Credentials>\
             <AssumedRoleUser><Arn>arn:aws:sts::{app_id}:assumed-role/{app_id}/{app_id}</Arn>\
             <AssumedRoleId>{app_id}:{app_id}</AssumedRoleId></AssumedRoleUser></AssumeRoleResult>\
             <ResponseMetadata><RequestId>{}</RequestId></ResponseMetadata></AssumeRoleResponse>",
            derive(&secret, "secret", &key),
            derive(&secret, "token", &key),
            uuid::Uuid::new_v4(),
        );
        let mut response = S3Response::new(Body::from(xml));
        response.headers.insert(header::CONTENT_TYPE, http::HeaderValue::from_static("text/xml"));
        Ok(response)
    }
}

/// `2026-12-08T10:00:00Z`, as STS writes an expiration.
fn httpdate_iso(time: SystemTime) -> String {
    chrono::DateTime::<chrono::Utc>::from(time).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_keys_name_their_app_and_expiry_and_app_ids_never_parse() {
        let key = temporary_key("shop-eu", 1_900_000_000);
        assert_eq!(parse_temporary(&key), Some(("shop-eu", 1_900_000_000)));
        for not in ["shop", "shop.1", "shop.x.0123456789abcdef", "a.1.2.3", "ADMIN"] {
            assert_eq!(parse_temporary(not), None, "{not}");
        }
        assert_ne!(derive("s1", "secret", &key), derive("s2", "secret", &key), "bound to the app's secret");
        assert_eq!(derive("s1", "secret", &key).len(), 40);
        assert!(expired(1) && !expired(u64::MAX));
    }
}
