//! The MongoDB backend: each app gets a database of its own, reached as a per-app user when the
//! host may create users (Laf's RBAC isolation).

use std::sync::Arc;

use crate::bindings::database::{Database, DatabaseProvider, DbError};

/// Opens per-app databases on a MongoDB deployment.
#[derive(Debug, Clone)]
pub struct MongoProvider {
    uri: String,
}

impl MongoProvider {
    /// A provider for the deployment at `uri` (`mongodb://...` or `mongodb+srv://...`).
    pub fn new(uri: impl Into<String>) -> MongoProvider {
        MongoProvider { uri: uri.into() }
    }
}

impl DatabaseProvider for MongoProvider {
    fn kind(&self) -> &'static str {
        "mongodb"
    }

    fn open(&self, app: &str) -> Result<Arc<dyn Database>, DbError> {
        let _ = (app, &self.uri);
        Err(DbError::Unsupported("STUB".into()))
    }
}
