//! What an app's functions can reach besides their request: the per-app bindings.
//!
//! Each binding is a small store owned by the app; languages reach all of them through
//! `FunctionContext::bindings`.

pub mod database;
mod shared;
pub mod storage;
pub mod token;

use std::sync::Arc;

use database::{Database, DbError};
pub use shared::SharedStore;
use storage::{Storage, StorageError};

/// The per-app bindings handed to every invocation.
#[derive(Default)]
pub struct Bindings {
    /// `cloud.shared`: a map shared by every worker of this host, for this app only.
    pub shared: SharedStore,
    database: Option<Arc<dyn Database>>,
    storage: Option<Storage>,
}

impl std::fmt::Debug for Bindings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Bindings")
            .field("database", &self.database.is_some())
            .field("storage", &self.storage)
            .finish_non_exhaustive()
    }
}

impl Bindings {
    /// Bindings with this app's database and storage handles.
    pub fn new(database: Option<Arc<dyn Database>>, storage: Option<Storage>) -> Bindings {
        Bindings { shared: SharedStore::default(), database, storage }
    }

    /// The app's database, or an error saying the host was built without one.
    pub fn database(&self) -> Result<&Arc<dyn Database>, DbError> {
        self.database.as_ref().ok_or_else(|| DbError::Unsupported("this host has no database configured".into()))
    }

    /// The app's storage, or an error saying the host was built without one.
    pub fn storage(&self) -> Result<&Storage, StorageError> {
        self.storage.as_ref().ok_or_else(|| StorageError::Unsupported("this host has no storage configured".into()))
    }
}
