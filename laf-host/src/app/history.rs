//! Function history: every published version, kept behind a trait so it can be persisted.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use async_trait::async_trait;
use bytes::Bytes;

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
    /// Source text (empty for a binary source).
    pub code: Arc<str>,
    /// The bytes of a binary source (a WebAssembly component), kept so a restore or a rollback
    /// loads exactly what was published.
    pub binary: Option<Bytes>,
    /// Free text describing the change, if the publisher gave one.
    pub changelog: Option<String>,
    /// Who published it (`directory` for `laf serve`'s loader, `api` for the admin API).
    pub publisher: Option<String>,
    /// HTTP methods it answers; `None` means every method.
    pub methods: Option<Vec<String>>,
    /// When it was published.
    pub published_at: SystemTime,
}

/// Where versions are kept. In memory by default; the database binding persists it.
#[async_trait]
pub trait HistoryStore: Send + Sync + 'static {
    /// Appends a version.
    async fn record(&self, app: &str, record: VersionRecord) -> Result<(), String>;
    /// Every version of `name`, oldest first.
    async fn history(&self, app: &str, name: &str) -> Result<Vec<VersionRecord>, String>;
    /// The highest version number of `name` (0 when it was never published).
    async fn last_version(&self, app: &str, name: &str) -> Result<u64, String> {
        Ok(self.history(app, name).await?.last().map_or(0, |r| r.version))
    }
    /// Records which version of `name` is live (`None`: unpublished), so a restart serves the same set.
    async fn set_live(&self, app: &str, name: &str, version: Option<u64>) -> Result<(), String> {
        let _ = (app, name, version);
        Ok(())
    }
    /// The live version of every function of `app`, as last recorded by `set_live`.
    async fn live(&self, app: &str) -> Result<Vec<VersionRecord>, String> {
        let _ = app;
        Ok(Vec::new())
    }
    /// Keeps an app setting (its environment, its triggers) so a restart finds it.
    async fn put_setting(&self, app: &str, key: &str, value: &serde_json::Value) -> Result<(), String> {
        let _ = (app, key, value);
        Ok(())
    }
    /// An app setting kept by `put_setting`.
    async fn setting(&self, app: &str, key: &str) -> Result<Option<serde_json::Value>, String> {
        let _ = (app, key);
        Ok(None)
    }
}

/// History kept in process memory (lost on restart).
#[derive(Debug, Default)]
pub struct MemoryHistory {
    map: Mutex<HashMap<(String, String), Vec<VersionRecord>>>,
    settings: Mutex<HashMap<(String, String), serde_json::Value>>,
}

#[async_trait]
impl HistoryStore for MemoryHistory {
    async fn record(&self, app: &str, record: VersionRecord) -> Result<(), String> {
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        map.entry((app.to_owned(), record.name.clone())).or_default().push(record);
        Ok(())
    }

    async fn history(&self, app: &str, name: &str) -> Result<Vec<VersionRecord>, String> {
        let map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        Ok(map.get(&(app.to_owned(), name.to_owned())).cloned().unwrap_or_default())
    }

    async fn put_setting(&self, app: &str, key: &str, value: &serde_json::Value) -> Result<(), String> {
        let mut settings = self.settings.lock().unwrap_or_else(|e| e.into_inner());
        settings.insert((app.to_owned(), key.to_owned()), value.clone());
        Ok(())
    }

    async fn setting(&self, app: &str, key: &str) -> Result<Option<serde_json::Value>, String> {
        let settings = self.settings.lock().unwrap_or_else(|e| e.into_inner());
        Ok(settings.get(&(app.to_owned(), key.to_owned())).cloned())
    }
}
