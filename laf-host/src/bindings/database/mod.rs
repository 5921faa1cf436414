//! The database binding: one [`Database`] handle per app, over either the embedded engine or MongoDB.
//!
//! Both backends speak MongoDB's query, update and aggregation language on BSON documents. The
//! embedded engine interprets it itself ([`engine`] holds those pure functions, [`embedded`] the
//! storage); the MongoDB backend hands it to the server. One conformance suite (`laf-host/tests/
//! database/`) runs the same cases against both, so a function sees the same results on either.

pub mod embedded;
pub mod engine;
mod error;
pub mod mongo;

use std::sync::Arc;

use async_trait::async_trait;
pub use bson::{self, Bson, Document, doc, oid::ObjectId};

pub use error::DbError;

/// Options of a `find`.
#[derive(Debug, Clone, Default)]
pub struct FindOptions {
    /// Fields to include or exclude (MongoDB projection).
    pub projection: Option<Document>,
    /// Sort specification, e.g. `{ age: -1, name: 1 }`.
    pub sort: Option<Document>,
    /// Documents to skip after sorting.
    pub skip: u64,
    /// Maximum documents to return; `None` returns all.
    pub limit: Option<u64>,
}

/// Options of an update.
#[derive(Debug, Clone, Copy, Default)]
pub struct UpdateOptions {
    /// Update every matching document instead of the first.
    pub multi: bool,
    /// Insert a document built from the filter and the update when nothing matches.
    pub upsert: bool,
}

/// What an update or replace did, shaped as the MongoDB driver reports it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UpdateResult {
    /// Documents the filter matched.
    pub matched: u64,
    /// Documents actually changed.
    pub modified: u64,
    /// `_id` of the inserted document when an upsert inserted one.
    pub upserted_id: Option<Bson>,
}

/// Options of `find_one_and_update`.
#[derive(Debug, Clone, Default)]
pub struct FindOneAndUpdateOptions {
    /// Which of several matching documents to update: the first in this order.
    pub sort: Option<Document>,
    /// Projection of the returned document.
    pub projection: Option<Document>,
    /// Insert when nothing matches.
    pub upsert: bool,
    /// Return the document after the update instead of before it.
    pub return_new: bool,
}

/// Options of `create_index`.
#[derive(Debug, Clone, Default)]
pub struct IndexOptions {
    /// Index name; MongoDB's default (`a_1_b_-1`) when absent.
    pub name: Option<String>,
    /// Reject a second document with the same key.
    pub unique: bool,
}

/// One write inside a [`Database::transaction`].
#[derive(Debug, Clone)]
pub enum WriteOp {
    /// Insert one document.
    Insert {
        /// Collection name.
        collection: String,
        /// The document; `_id` is generated when absent.
        document: Document,
    },
    /// Update one or many documents.
    Update {
        /// Collection name.
        collection: String,
        /// Which documents.
        filter: Document,
        /// Update operators, e.g. `{ $set: { a: 1 } }`.
        update: Document,
        /// Multi and upsert.
        options: UpdateOptions,
    },
    /// Delete one or many documents.
    Delete {
        /// Collection name.
        collection: String,
        /// Which documents.
        filter: Document,
        /// Delete every match instead of the first.
        multi: bool,
    },
}

/// The result of one [`WriteOp`].
#[derive(Debug, Clone, PartialEq)]
pub enum WriteResult {
    /// `_id` of the inserted document.
    Inserted(Bson),
    /// What the update did.
    Updated(UpdateResult),
    /// How many documents were deleted.
    Deleted(u64),
}

/// One app's database. Every method is scoped to that app: no name reaches another app's data.
#[async_trait]
pub trait Database: Send + Sync + 'static {
    /// Inserts one document, generating an ObjectId `_id` when absent; returns the `_id`.
    async fn insert_one(&self, collection: &str, document: Document) -> Result<Bson, DbError>;
    /// Inserts documents in order; like MongoDB's ordered insert, the first failure stops it and the
    /// documents before it stay inserted. Returns the `_id`s.
    async fn insert_many(&self, collection: &str, documents: Vec<Document>) -> Result<Vec<Bson>, DbError>;
    /// Documents matching `filter`, sorted, skipped, limited and projected.
    async fn find(&self, collection: &str, filter: Document, options: FindOptions) -> Result<Vec<Document>, DbError>;
    /// The first document `find` would return.
    async fn find_one(
        &self,
        collection: &str,
        filter: Document,
        mut options: FindOptions,
    ) -> Result<Option<Document>, DbError> {
        options.limit = Some(1);
        Ok(self.find(collection, filter, options).await?.into_iter().next())
    }
    /// Applies update operators to the first (or every) matching document.
    async fn update(
        &self,
        collection: &str,
        filter: Document,
        update: Document,
        options: UpdateOptions,
    ) -> Result<UpdateResult, DbError>;
    /// Replaces the first matching document with `replacement`, keeping its `_id`.
    async fn replace_one(
        &self,
        collection: &str,
        filter: Document,
        replacement: Document,
        upsert: bool,
    ) -> Result<UpdateResult, DbError>;
    /// Deletes the first (or every) matching document; returns how many.
    async fn delete(&self, collection: &str, filter: Document, multi: bool) -> Result<u64, DbError>;
    /// Number of documents matching `filter`.
    async fn count(&self, collection: &str, filter: Document) -> Result<u64, DbError>;
    /// Distinct values of `field` (a dotted path; array elements count one by one) among matches.
    async fn distinct(&self, collection: &str, field: &str, filter: Document) -> Result<Vec<Bson>, DbError>;
    /// Runs an aggregation pipeline.
    async fn aggregate(&self, collection: &str, pipeline: Vec<Document>) -> Result<Vec<Document>, DbError>;
    /// Updates one document atomically and returns it, before or after the update.
    async fn find_one_and_update(
        &self,
        collection: &str,
        filter: Document,
        update: Document,
        options: FindOneAndUpdateOptions,
    ) -> Result<Option<Document>, DbError>;
    /// Creates an index on `keys` (e.g. `{ a: 1, b: -1 }`); returns its name. Creating an
    /// identical index again is not an error.
    async fn create_index(&self, collection: &str, keys: Document, options: IndexOptions) -> Result<String, DbError>;
    /// Drops an index by name.
    async fn drop_index(&self, collection: &str, name: &str) -> Result<(), DbError>;
    /// The collection's indexes as MongoDB lists them: `{ v, key, name, unique? }`.
    async fn list_indexes(&self, collection: &str) -> Result<Vec<Document>, DbError>;
    /// Names of the app's collections.
    async fn list_collections(&self) -> Result<Vec<String>, DbError>;
    /// Drops a collection and its indexes; returns whether it existed.
    async fn drop_collection(&self, collection: &str) -> Result<bool, DbError>;
    /// Applies writes atomically: all of them or none. Backends without transactions return
    /// [`DbError::Unsupported`].
    async fn transaction(&self, ops: Vec<WriteOp>) -> Result<Vec<WriteResult>, DbError>;
}

/// Opens per-app databases on one backend.
pub trait DatabaseProvider: Send + Sync + 'static {
    /// Short name of the backend, for logs (`embedded`, `mongodb`).
    fn kind(&self) -> &'static str;
    /// The database of `app`. Cheap: connections and per-app users are set up on first use.
    fn open(&self, app: &str) -> Result<Arc<dyn Database>, DbError>;
}

/// Checks a collection name: non-empty, at most 120 bytes, no `$` or control characters, not
/// starting with `system.` (MongoDB's rules, plus control characters, which storage uses).
pub fn validate_collection_name(name: &str) -> Result<(), DbError> {
    if name.is_empty()
        || name.len() > 120
        || name.contains('$')
        || name.chars().any(char::is_control)
        || name.starts_with("system.")
    {
        return Err(DbError::InvalidName(format!("invalid collection name: {name:?}")));
    }
    Ok(())
}
