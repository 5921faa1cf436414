use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// A key/value map shared by all invocations of one app on this host (`cloud.shared`).
///
/// Values are kept as JSON text so that every worker thread, and every language, reads the same
/// thing; a language converts to and from its own values at the edge.
#[derive(Debug, Default)]
pub struct SharedStore {
    map: RwLock<HashMap<String, Arc<str>>>,
}

impl SharedStore {
    /// The JSON text stored under `key`.
    pub fn get(&self, key: &str) -> Option<Arc<str>> {
        self.read().get(key).cloned()
    }

    /// Stores JSON text under `key`, replacing what was there.
    pub fn set(&self, key: impl Into<String>, json: impl Into<Arc<str>>) {
        self.write().insert(key.into(), json.into());
    }

    /// Whether `key` is present.
    pub fn has(&self, key: &str) -> bool {
        self.read().contains_key(key)
    }

    /// Removes `key`; true when it was present.
    pub fn delete(&self, key: &str) -> bool {
        self.write().remove(key).is_some()
    }

    /// Removes every key.
    pub fn clear(&self) {
        self.write().clear();
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.read().len()
    }

    /// Whether the store is empty.
    pub fn is_empty(&self) -> bool {
        self.read().is_empty()
    }

    /// The keys, in no particular order.
    pub fn keys(&self) -> Vec<String> {
        self.read().keys().cloned().collect()
    }

    // A panic while holding the lock cannot leave a HashMap half-updated, so poisoning is ignored.
    fn read(&self) -> std::sync::RwLockReadGuard<'_, HashMap<String, Arc<str>>> {
        self.map.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, HashMap<String, Arc<str>>> {
        self.map.write().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_get_delete_round_trip() {
        let s = SharedStore::default();
        s.set("a", "1");
        s.set("b", "{\"x\":2}");
        assert_eq!(s.get("a").as_deref(), Some("1"));
        assert_eq!(s.len(), 2);
        assert!(s.delete("a"));
        assert!(!s.delete("a"));
        assert!(!s.has("a"));
        s.clear();
        assert!(s.is_empty());
    }
}
