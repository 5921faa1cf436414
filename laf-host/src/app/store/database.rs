//! The registry kept in the database binding (embedded or MongoDB), so a restart serves what was
//! published before it.
//!
//! Two system collections in a database of their own (`laf_system`, a name no app id can take):
//! `function_versions` holds every published version, `functions` the live one of each name.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use async_trait::async_trait;
use bson::{Bson, Document, doc};

use super::{RegistryStore, StoreError, VersionRecord};
use crate::bindings::database::{Database, DatabaseProvider, DbError, FindOptions, IndexOptions};
use crate::language::SourceCode;

/// Name of the system database holding the registry; not a valid app id, so no app can open it.
pub const SYSTEM_DATABASE: &str = "laf_system";
const VERSIONS: &str = "function_versions";
const LIVE: &str = "functions";
const SETTINGS: &str = "app_settings";
/// Largest source (text or component bytes) one version may have: a version is one document, and
/// documents stop at 16 MiB.
pub const MAX_SOURCE_BYTES: usize = 15 << 20;

/// A [`RegistryStore`] kept in the system database.
pub struct DatabaseStore {
    db: Arc<dyn Database>,
}

impl DatabaseStore {
    /// Opens the registry in `provider`'s system database, creating its indexes.
    pub async fn open(provider: &dyn DatabaseProvider) -> Result<DatabaseStore, DbError> {
        let db = provider.open(SYSTEM_DATABASE)?;
        let unique = IndexOptions { name: None, unique: true };
        db.create_index(VERSIONS, doc! { "app": 1, "name": 1, "version": 1 }, unique.clone()).await?;
        db.create_index(LIVE, doc! { "app": 1, "name": 1 }, unique.clone()).await?;
        db.create_index(SETTINGS, doc! { "app": 1, "key": 1 }, unique).await?;
        Ok(DatabaseStore { db })
    }
}

fn to_document(app: &str, record: &VersionRecord) -> Document {
    let millis = record.published_at.duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64);
    doc! {
        "app": app,
        "name": &record.name,
        "version": record.version as i64,
        "language": &record.language,
        "filename": &record.filename,
        // Kept as two fields, as before the code became an enum: existing registries read back.
        "code": record.text(),
        "binary": record.binary().map_or(Bson::Null, |b| {
            Bson::Binary(bson::Binary { subtype: bson::spec::BinarySubtype::Generic, bytes: b.to_vec() })
        }),
        "changelog": record.changelog.as_deref().map_or(Bson::Null, |c| Bson::String(c.to_owned())),
        "publisher": record.publisher.as_deref().map_or(Bson::Null, |c| Bson::String(c.to_owned())),
        "methods": record.methods.as_ref().map_or(Bson::Null, |m| Bson::from(m.clone())),
        "published_at": bson::DateTime::from_millis(millis),
    }
}

fn from_document(doc: &Document) -> Result<VersionRecord, StoreError> {
    let corrupt = |what: String| StoreError::Corrupt(what);
    let text = |key: &str| doc.get_str(key).map(str::to_owned).map_err(|e| corrupt(format!("{key}: {e}")));
    let version =
        doc.get("version").and_then(version_of).ok_or_else(|| corrupt(format!("version: unexpected {doc}")))?;
    let published_at = doc
        .get_datetime("published_at")
        .map(|d| SystemTime::UNIX_EPOCH + Duration::from_millis(d.timestamp_millis().max(0) as u64))
        .unwrap_or(SystemTime::UNIX_EPOCH);
    Ok(VersionRecord {
        name: text("name")?,
        version,
        language: text("language")?,
        filename: text("filename")?,
        code: match doc.get("binary") {
            None | Some(Bson::Null) => SourceCode::Text(Arc::from(text("code")?)),
            Some(Bson::Binary(b)) => SourceCode::Binary(bytes::Bytes::copy_from_slice(&b.bytes)),
            Some(other) => {
                return Err(corrupt(format!("binary: expected bytes, found {:?}", other.element_type())));
            }
        },
        changelog: doc.get_str("changelog").ok().map(str::to_owned),
        publisher: doc.get_str("publisher").ok().map(str::to_owned),
        methods: doc
            .get_array("methods")
            .ok()
            .map(|m| m.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect()),
        published_at,
    })
}

/// A stored version number (written as int64; int32 if another client wrote it).
fn version_of(value: &Bson) -> Option<u64> {
    match value {
        Bson::Int64(n) => u64::try_from(*n).ok(),
        Bson::Int32(n) => u64::try_from(*n).ok(),
        _ => None,
    }
}

fn sorted_by_version() -> FindOptions {
    FindOptions { sort: Some(doc! { "version": 1 }), ..FindOptions::default() }
}

fn backend(e: DbError) -> StoreError {
    StoreError::Backend(e.to_string())
}

#[async_trait]
impl RegistryStore for DatabaseStore {
    async fn record(&self, app: &str, record: VersionRecord) -> Result<(), StoreError> {
        // A version is one document; the database refuses documents above 16 MiB.
        let size = record.code.len();
        if size > MAX_SOURCE_BYTES {
            return Err(StoreError::TooLarge { filename: record.filename, size, limit: MAX_SOURCE_BYTES });
        }
        self.db.insert_one(VERSIONS, to_document(app, &record)).await.map(drop).map_err(backend)
    }

    async fn history(&self, app: &str, name: &str) -> Result<Vec<VersionRecord>, StoreError> {
        let docs =
            self.db.find(VERSIONS, doc! { "app": app, "name": name }, sorted_by_version()).await.map_err(backend)?;
        docs.iter().map(from_document).collect()
    }

    async fn last_version(&self, app: &str, name: &str) -> Result<u64, StoreError> {
        let options = FindOptions {
            sort: Some(doc! { "version": -1 }),
            projection: Some(doc! { "version": 1 }),
            ..FindOptions::default()
        };
        let last = self.db.find_one(VERSIONS, doc! { "app": app, "name": name }, options).await.map_err(backend)?;
        Ok(last.as_ref().and_then(|d| d.get("version")).and_then(version_of).unwrap_or(0))
    }

    async fn set_live(&self, app: &str, name: &str, version: Option<u64>) -> Result<(), StoreError> {
        let key = doc! { "app": app, "name": name };
        let Some(version) = version else {
            return self.db.delete(LIVE, key, false).await.map(drop).map_err(backend);
        };
        let mut filter = key.clone();
        filter.insert("version", version as i64);
        let record = self
            .db
            .find_one(VERSIONS, filter, FindOptions::default())
            .await
            .map_err(backend)?
            .ok_or_else(|| StoreError::UnknownVersion { app: app.into(), name: name.into(), version })?;
        let mut live = record;
        live.remove("_id");
        self.db.replace_one(LIVE, key, live, true).await.map(drop).map_err(backend)
    }

    async fn live(&self, app: &str) -> Result<Vec<VersionRecord>, StoreError> {
        let docs = self.db.find(LIVE, doc! { "app": app }, FindOptions::default()).await.map_err(backend)?;
        docs.iter().map(from_document).collect()
    }

    // Kept as JSON text: settings are small, and their keys (env var names) need not be valid
    // BSON field names.
    async fn put_setting(&self, app: &str, key: &str, value: &serde_json::Value) -> Result<(), StoreError> {
        let filter = doc! { "app": app, "key": key };
        let document = doc! { "app": app, "key": key, "value": value.to_string() };
        self.db.replace_one(SETTINGS, filter, document, true).await.map(drop).map_err(backend)
    }

    async fn setting(&self, app: &str, key: &str) -> Result<Option<serde_json::Value>, StoreError> {
        let found = self
            .db
            .find_one(SETTINGS, doc! { "app": app, "key": key }, FindOptions::default())
            .await
            .map_err(backend)?;
        match found.as_ref().map(|d| d.get_str("value")) {
            None => Ok(None),
            Some(Ok(text)) => {
                serde_json::from_str(text).map(Some).map_err(|e| StoreError::Corrupt(format!("setting {key}: {e}")))
            }
            Some(Err(e)) => Err(StoreError::Corrupt(format!("setting {key}: {e}"))),
        }
    }
}
