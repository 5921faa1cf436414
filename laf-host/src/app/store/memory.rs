//! The registry kept in process memory: what a host without a database uses (lost on restart).

use std::collections::HashMap;
use std::sync::Mutex;

use async_trait::async_trait;

use super::{RegistryStore, StoreError, VersionRecord};

type Key = (String, String);

/// A [`RegistryStore`] in process memory.
#[derive(Debug, Default)]
pub struct MemoryStore {
    versions: Mutex<HashMap<Key, Vec<VersionRecord>>>,
    live: Mutex<HashMap<Key, u64>>,
    settings: Mutex<HashMap<Key, serde_json::Value>>,
}

fn key(app: &str, name: &str) -> Key {
    (app.to_owned(), name.to_owned())
}

#[async_trait]
impl RegistryStore for MemoryStore {
    async fn record(&self, app: &str, record: VersionRecord) -> Result<(), StoreError> {
        let mut versions = self.versions.lock().unwrap_or_else(|e| e.into_inner());
        versions.entry(key(app, &record.name)).or_default().push(record);
        Ok(())
    }

    async fn history(&self, app: &str, name: &str) -> Result<Vec<VersionRecord>, StoreError> {
        let versions = self.versions.lock().unwrap_or_else(|e| e.into_inner());
        Ok(versions.get(&key(app, name)).cloned().unwrap_or_default())
    }

    async fn last_version(&self, app: &str, name: &str) -> Result<u64, StoreError> {
        let versions = self.versions.lock().unwrap_or_else(|e| e.into_inner());
        Ok(versions.get(&key(app, name)).and_then(|v| v.last()).map_or(0, |r| r.version))
    }

    async fn set_live(&self, app: &str, name: &str, version: Option<u64>) -> Result<(), StoreError> {
        let mut live = self.live.lock().unwrap_or_else(|e| e.into_inner());
        match version {
            None => {
                live.remove(&key(app, name));
            }
            Some(version) => {
                let versions = self.versions.lock().unwrap_or_else(|e| e.into_inner());
                let known = versions.get(&key(app, name)).is_some_and(|v| v.iter().any(|r| r.version == version));
                if !known {
                    return Err(StoreError::UnknownVersion { app: app.into(), name: name.into(), version });
                }
                live.insert(key(app, name), version);
            }
        }
        Ok(())
    }

    async fn live(&self, app: &str) -> Result<Vec<VersionRecord>, StoreError> {
        let live = self.live.lock().unwrap_or_else(|e| e.into_inner());
        let versions = self.versions.lock().unwrap_or_else(|e| e.into_inner());
        let mut out: Vec<VersionRecord> = live
            .iter()
            .filter(|((a, _), _)| a == app)
            .filter_map(|(k, version)| versions.get(k)?.iter().find(|r| r.version == *version).cloned())
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    async fn put_setting(&self, app: &str, key_: &str, value: &serde_json::Value) -> Result<(), StoreError> {
        self.settings.lock().unwrap_or_else(|e| e.into_inner()).insert(key(app, key_), value.clone());
        Ok(())
    }

    async fn setting(&self, app: &str, key_: &str) -> Result<Option<serde_json::Value>, StoreError> {
        Ok(self.settings.lock().unwrap_or_else(|e| e.into_inner()).get(&key(app, key_)).cloned())
    }
}
