//! The host-call service: the one place where a language that runs outside the host's address
//! space (Python's worker processes, plugin libraries, any future out-of-process language)
//! reaches the calling app's database, storage, shared store, tokens, sockets and functions.
//!
//! A call is a BSON document `{op: "<area>.<name>", ...arguments}`; [`serve`] answers the value
//! of the reply, which [`reply`] wraps as `{ok: value}` or `{err: {code, message}}`. Every
//! operation is scoped to the app of the [`FunctionContext`] it is served for, so a language
//! holds no credentials and cannot name another app's data. Languages add only what is theirs
//! (Python's module sources and `next`); everything else is answered here, so every language
//! sees the same operations with the same answers.
//!
//! | op | arguments | answer |
//! |---|---|---|
//! | `db.insert_one` | `coll`, `doc` | the `_id` |
//! | `db.insert_many` | `coll`, `docs` | the `_id`s |
//! | `db.find` | `coll`, `filter`, `projection`, `sort`, `skip`, `limit` | the documents |
//! | `db.find_one` | `coll`, `filter`, `projection`, `sort`, `skip` | a document or null |
//! | `db.update` | `coll`, `filter`, `update`, `multi`, `upsert` | `{matched, modified, upserted_id?}` |
//! | `db.replace_one` | `coll`, `filter`, `doc`, `upsert` | as `db.update` |
//! | `db.delete` | `coll`, `filter`, `multi` | how many were deleted |
//! | `db.count` | `coll`, `filter` | how many match |
//! | `db.distinct` | `coll`, `key`, `filter` | the values |
//! | `db.aggregate` | `coll`, `pipeline` | the documents |
//! | `db.find_one_and_update` | `coll`, `filter`, `update`, `projection`, `sort`, `upsert`, `return_new` | a document or null |
//! | `db.create_index` / `db.drop_index` / `db.list_indexes` | `coll`, `keys`, `name`, `unique` | name / null / index documents |
//! | `db.drop` / `db.list_collections` | `coll` / none | whether it existed / the names |
//! | `storage.write` | `bucket`, `key`, `body` (bytes) or `upload` (index into the call's files), `content_type` | `{etag}` |
//! | `storage.read` | `bucket`, `key` | `{body, etag, content_type?}` |
//! | `storage.delete` | `bucket`, `key` | null |
//! | `storage.list` | `bucket`, `prefix`, `delimiter`, `max_keys`, `continuation_token` | a ListObjectsV2 page (`Contents`, `CommonPrefixes`, `KeyCount`, `IsTruncated`, `NextContinuationToken?`) |
//! | `storage.presign` / `storage.external_url` | `bucket`, `key`, `method`, `expires` | a URL |
//! | `shared.get/set/has/delete/keys/clear` | `key`, `value` (JSON text) | the value / null / bool / names |
//! | `token.sign` / `token.parse` | `payload` / `token`, `secret` | a JWT / its payload or null |
//! | `ws.list/send/close/open` | `id`, `data`, `code`, `reason` | socket ids / bool |
//! | `invoke` | `name`, `param` | what the function answered, as data |
//!
//! A missing optional argument may also be given as null. Errors carry a code a function can
//! branch on: the database's (`DuplicateKey`...), S3's for storage (`NoSuchKey`,
//! `EntityTooLarge`...), `BadValue` for a malformed call, `Unsupported` for an unknown `op`.

pub mod args;
mod cloud;
mod db;
mod storage;

use bson::{Bson, Document, doc};

pub use cloud::data_bson;

use crate::bindings::database::DbError;
use crate::bindings::storage::StorageError;
use crate::context::FunctionContext;

/// A failed host call, answered to the language as `{err: {code, message}}`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {message}")]
pub struct CallError {
    /// What failed, for code to branch on (`DuplicateKey`, `NoSuchKey`, `BadValue`...).
    pub code: String,
    /// Why, for people.
    pub message: String,
}

impl CallError {
    /// An error with `code` and `message`.
    pub fn new(code: &str, message: impl Into<String>) -> CallError {
        CallError { code: code.into(), message: message.into() }
    }

    /// A malformed call: a missing or mistyped argument.
    pub fn bad(message: impl Into<String>) -> CallError {
        CallError::new("BadValue", message)
    }

    /// An operation this service does not have.
    pub fn unsupported(what: &str, op: &str) -> CallError {
        CallError::new("Unsupported", format!("unknown {what} {op:?}"))
    }
}

impl From<DbError> for CallError {
    fn from(e: DbError) -> CallError {
        CallError::new(e.name(), e.to_string())
    }
}

impl From<StorageError> for CallError {
    fn from(e: StorageError) -> CallError {
        CallError::new(e.code(), e.to_string())
    }
}

/// What the calling language can hold of one answer.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest object `storage.read` copies into an answer; a larger one is `EntityTooLarge`.
    pub max_read: u64,
}

/// Serves one host call of the function running with `ctx`: `request` holds `op` and the
/// operation's arguments (other fields are ignored); the answer is the reply's `ok` value.
pub async fn serve(ctx: &FunctionContext, request: &Document, limits: &Limits) -> Result<Bson, CallError> {
    let op = args::str(request, "op")?;
    if let Some(op) = op.strip_prefix("db.") {
        return db::serve(ctx, op, request).await;
    }
    if let Some(op) = op.strip_prefix("storage.") {
        return storage::serve(ctx, op, request, limits).await;
    }
    if let Some(op) = op.strip_prefix("shared.") {
        return cloud::shared(ctx, op, request);
    }
    if let Some(op) = op.strip_prefix("token.") {
        return cloud::token(ctx, op, request);
    }
    if let Some(op) = op.strip_prefix("ws.") {
        return cloud::sockets(ctx, op, request);
    }
    match op {
        "invoke" => cloud::invoke(ctx, request).await,
        _ => Err(CallError::unsupported("host call", op)),
    }
}

/// The reply document of a call's outcome: `{ok: value}` or `{err: {code, message}}`.
pub fn reply(result: Result<Bson, CallError>) -> Document {
    match result {
        Ok(value) => doc! { "ok": value },
        Err(e) => doc! { "err": { "code": e.code, "message": e.message } },
    }
}
