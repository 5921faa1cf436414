//! An app's S3 credentials and the environment Laf gives its functions for them.
//!
//! As Laf gives each app a MinIO user limited to its `<appid>-*` buckets, each app here has an
//! access key (its id, so the host finds the app of a signed request without a table) and a
//! secret made once, kept in the registry and replaced only by [`App::rotate_s3_secret`]. The
//! host's S3 endpoint ([`crate::gateway::s3`]) accepts the pair for the app's own buckets only.
//!
//! Functions see the pair with the endpoint's addresses as Laf's `OSS_*` variables, beside the
//! variables the app set itself (which win: an app may point `OSS_ENDPOINT` elsewhere).

use std::collections::HashMap;
use std::sync::Arc;

use super::App;
use crate::error::PublishError;

/// Registry setting holding `{"secret": ...}`.
const S3_SETTING: &str = "s3";

/// Length of a generated S3 secret, as AWS's and MinIO's.
const SECRET_LEN: usize = 40;

/// The host's S3 endpoint as functions are told of it (`OSS_ENDPOINT` and the rest).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Endpoint {
    /// The URL functions reach the endpoint at (`OSS_ENDPOINT`).
    pub internal_url: String,
    /// The URL browsers and tools outside reach it at (`OSS_EXTERNAL_ENDPOINT`).
    pub external_url: String,
    /// The region clients sign for (`OSS_REGION`).
    pub region: String,
}

/// `len` characters from the system's random source, letters and digits only (a secret goes
/// into URLs, shells and configuration files unquoted).
pub(super) fn random_secret(len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut bytes = vec![0u8; len];
    getrandom::fill(&mut bytes).expect("the system's random source");
    // 256 % 62 != 0: drawing by modulo tilts a little toward the first letters, still ~5.9 bits
    // per character.
    bytes.iter().map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char).collect()
}

impl App {
    /// The app's S3 access key: its id.
    pub fn s3_access_key(&self) -> &str {
        &self.id
    }

    /// The app's S3 secret, once the app is restored ([`App::restore`] makes it the first time).
    pub fn s3_secret(&self) -> Option<Arc<str>> {
        self.s3_secret.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Makes a new S3 secret, keeps it in the registry and uses it from now on: requests signed
    /// with the old one are refused, and new invocations see the new `OSS_ACCESS_SECRET`.
    pub async fn rotate_s3_secret(&self) -> Result<Arc<str>, PublishError> {
        let _guard = self.publish_lock.lock().await;
        self.store_s3_secret(random_secret(SECRET_LEN)).await
    }

    /// Drops the kept S3 secret (the app is being deleted): an app made again with the same id
    /// gets a new one, so the old holder's key does not open the new app's buckets.
    pub(crate) async fn forget_s3_secret(&self) -> Result<(), PublishError> {
        self.store.put_setting(&self.id, S3_SETTING, &serde_json::Value::Null).await?;
        *self.s3_secret.write().unwrap_or_else(|e| e.into_inner()) = None;
        self.merge_env();
        Ok(())
    }

    /// Loads the S3 secret kept in the registry, making one the first time.
    pub(super) async fn restore_s3_secret(&self) -> Result<(), PublishError> {
        let kept = self.store.setting(&self.id, S3_SETTING).await?;
        match kept.as_ref().and_then(|v| v["secret"].as_str()) {
            Some(secret) if !secret.is_empty() => self.use_s3_secret(Arc::from(secret)),
            _ => {
                self.store_s3_secret(random_secret(SECRET_LEN)).await?;
            }
        }
        Ok(())
    }

    async fn store_s3_secret(&self, secret: String) -> Result<Arc<str>, PublishError> {
        let value = serde_json::json!({ "secret": secret });
        self.store.put_setting(&self.id, S3_SETTING, &value).await?;
        let secret: Arc<str> = Arc::from(secret);
        self.use_s3_secret(secret.clone());
        Ok(secret)
    }

    fn use_s3_secret(&self, secret: Arc<str>) {
        *self.s3_secret.write().unwrap_or_else(|e| e.into_inner()) = Some(secret);
        self.merge_env();
    }

    /// The variables the host gives every function of the app, under the app's own.
    pub(super) fn system_env(&self) -> HashMap<String, String> {
        let mut env = HashMap::new();
        if let Some(endpoint) = &self.s3_endpoint {
            env.insert("OSS_ENDPOINT".to_owned(), endpoint.internal_url.clone());
            env.insert("OSS_EXTERNAL_ENDPOINT".to_owned(), endpoint.external_url.clone());
            env.insert("OSS_REGION".to_owned(), endpoint.region.clone());
            if let Some(secret) = self.s3_secret() {
                env.insert("OSS_ACCESS_KEY".to_owned(), self.id.clone());
                env.insert("OSS_ACCESS_SECRET".to_owned(), secret.to_string());
            }
        }
        env
    }
}
