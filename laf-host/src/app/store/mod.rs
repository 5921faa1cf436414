//! The registry store: where an app's published versions, its live set, its settings (environment,
//! triggers) and the host's list of apps are kept, so a restart serves what was there before.
//!
//! Every method is required: a store that silently forgot one (the live set, say) would lose state
//! at the next restart without an error.

mod database;
mod memory;

use std::sync::Arc;
use std::time::SystemTime;

use async_trait::async_trait;
use bytes::Bytes;

use crate::language::SourceCode;

pub use database::{DatabaseStore, MAX_SOURCE_BYTES, SYSTEM_DATABASE};
pub use memory::MemoryStore;

/// One published version of a function.
#[derive(Debug, Clone)]
pub struct VersionRecord {
    /// Function name.
    pub name: String,
    /// Version number, from 1, increasing by one per publish.
    pub version: u64,
    /// Id of the language that loaded it.
    pub language: String,
    /// File name it was published as.
    pub filename: String,
    /// What was published, exactly (text, or a component's bytes), so a restore or a rollback
    /// loads the same thing.
    pub code: SourceCode,
    /// Free text describing the change, if the publisher gave one.
    pub changelog: Option<String>,
    /// Who published it (`directory` for `laf serve`'s loader, `api` for the admin API).
    pub publisher: Option<String>,
    /// HTTP methods it answers; `None` means every method.
    pub methods: Option<Vec<String>>,
    /// When it was published.
    pub published_at: SystemTime,
}

impl VersionRecord {
    /// The source text, or `""` for a binary version.
    pub fn text(&self) -> &str {
        self.code.text().map_or("", |t| t)
    }

    /// The bytes of a binary version.
    pub fn binary(&self) -> Option<&Bytes> {
        match &self.code {
            SourceCode::Binary(bytes) => Some(bytes),
            SourceCode::Text(_) => None,
        }
    }
}

/// Why the registry store could not do what it was asked.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StoreError {
    /// A version too large for the store to keep.
    #[error("{filename} is {size:.1} MiB; the registry keeps versions up to {limit} MiB (build in release, or strip debug info)", size = *.size as f64 / (1 << 20) as f64, limit = .limit >> 20)]
    TooLarge {
        /// The version's file name.
        filename: String,
        /// Its size in bytes.
        size: usize,
        /// The most the store keeps, in bytes.
        limit: usize,
    },
    /// A version asked to go live that was never recorded.
    #[error("{app}/{name} has no version {version} in the registry")]
    UnknownVersion {
        /// The app.
        app: String,
        /// The function.
        name: String,
        /// The version asked for.
        version: u64,
    },
    /// A stored record that cannot be read back (written by another program, or damaged).
    #[error("registry record unreadable: {0}")]
    Corrupt(String),
    /// The storage under the store failed (its database, its disk).
    #[error("registry store: {0}")]
    Backend(String),
}

/// Keeps the registry: versions, live set, app settings. In memory by default
/// ([`MemoryStore`]); [`DatabaseStore`] keeps it in the database binding.
#[async_trait]
pub trait RegistryStore: Send + Sync + 'static {
    /// Appends a version.
    async fn record(&self, app: &str, record: VersionRecord) -> Result<(), StoreError>;
    /// Every version of `name`, oldest first.
    async fn history(&self, app: &str, name: &str) -> Result<Vec<VersionRecord>, StoreError>;
    /// The highest version number of `name` (0 when it was never published).
    async fn last_version(&self, app: &str, name: &str) -> Result<u64, StoreError>;
    /// Records which version of `name` is live (`None`: unpublished), so a restart serves the same set.
    async fn set_live(&self, app: &str, name: &str, version: Option<u64>) -> Result<(), StoreError>;
    /// The live version of every function of `app`, as last recorded by `set_live`.
    async fn live(&self, app: &str) -> Result<Vec<VersionRecord>, StoreError>;
    /// Keeps an app setting (its environment, its triggers) so a restart finds it.
    async fn put_setting(&self, app: &str, key: &str, value: &serde_json::Value) -> Result<(), StoreError>;
    /// An app setting kept by `put_setting`.
    async fn setting(&self, app: &str, key: &str) -> Result<Option<serde_json::Value>, StoreError>;
}

/// A shared registry store.
pub type SharedStore = Arc<dyn RegistryStore>;

#[cfg(test)]
mod tests {
    use super::*;

    fn record(name: &str, version: u64) -> VersionRecord {
        VersionRecord {
            name: name.into(),
            version,
            language: "js".into(),
            filename: format!("{name}.js"),
            code: SourceCode::Text(Arc::from(format!("// v{version}"))),
            changelog: None,
            publisher: None,
            methods: None,
            published_at: SystemTime::now(),
        }
    }

    // The memory store is what every host without a database uses: it must keep the live set
    // and settings, not only the history.
    #[tokio::test]
    async fn memory_store_keeps_live_set_and_settings() {
        let store = MemoryStore::default();
        store.record("a", record("f", 1)).await.unwrap();
        store.record("a", record("f", 2)).await.unwrap();
        assert_eq!(store.last_version("a", "f").await.unwrap(), 2);
        assert_eq!(store.last_version("a", "g").await.unwrap(), 0);
        store.set_live("a", "f", Some(1)).await.unwrap();
        let live = store.live("a").await.unwrap();
        assert_eq!((live.len(), live[0].version, live[0].text()), (1, 1, "// v1"));
        assert!(matches!(store.set_live("a", "f", Some(9)).await, Err(StoreError::UnknownVersion { version: 9, .. })));
        store.set_live("a", "f", None).await.unwrap();
        assert!(store.live("a").await.unwrap().is_empty());
        store.put_setting("a", "env", &serde_json::json!({"K": "v"})).await.unwrap();
        assert_eq!(store.setting("a", "env").await.unwrap(), Some(serde_json::json!({"K": "v"})));
        assert_eq!(store.setting("b", "env").await.unwrap(), None);
    }
}
