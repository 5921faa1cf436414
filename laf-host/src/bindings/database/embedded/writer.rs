//! The single writer: one thread applies every write, many jobs per redb commit (group commit).
//!
//! redb allows one write transaction at a time, and each commit costs an fsync. Queuing writes to
//! one thread and committing whatever queued up together turns N fsyncs into one under load, while
//! a lone write still commits at once. A job is acknowledged only after its commit returned, so an
//! acknowledged write survives `kill -9`. Each document's write (its row and all its index entries)
//! is checked before anything is written, so a failing job never leaves half a document behind;
//! multi-document jobs keep the writes before a failure, as MongoDB does without a transaction.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::mpsc;

use bson::{Bson, Document, oid::ObjectId};
use redb::ReadableTable;
use tokio::sync::oneshot;

use super::store::{
    CATALOG, Catalog, CollMeta, Def, IndexMeta, Shared, backend, catalog_key, collect, docs_table, id_key, index_table,
};
use crate::bindings::database::engine::compare::type_name;
use crate::bindings::database::engine::{MAX_BSON_BYTES, check_document};
use crate::bindings::database::engine::{path, query::Filter, sort::SortSpec, update::Update};
use crate::bindings::database::engine::{projection::Projection, update::is_replacement};
use crate::bindings::database::{
    DbError, FindOneAndUpdateOptions, IndexOptions, UpdateOptions, UpdateResult, WriteOp, WriteResult,
    validate_collection_name,
};

/// A write to apply.
pub(crate) enum Op {
    Insert { collection: String, documents: Vec<Document> },
    Update { collection: String, filter: Document, update: Document, options: UpdateOptions },
    Replace { collection: String, filter: Document, replacement: Document, upsert: bool },
    Delete { collection: String, filter: Document, multi: bool },
    FindAndUpdate { collection: String, filter: Document, update: Document, options: FindOneAndUpdateOptions },
    CreateIndex { collection: String, keys: Document, options: IndexOptions },
    DropIndex { collection: String, name: String },
    DropCollection { collection: String },
    Transaction(Vec<WriteOp>),
}

/// What a write returns.
pub(crate) enum Reply {
    Ids(Vec<Bson>),
    Updated(UpdateResult),
    Deleted(u64),
    Document(Option<Document>),
    Name(String),
    Done(bool),
    Results(Vec<WriteResult>),
}

/// One queued write and where its answer goes.
pub(crate) struct Job {
    pub app: String,
    pub op: Op,
    pub reply: oneshot::Sender<Result<Reply, DbError>>,
}

const MAX_BATCH: usize = 256;

/// Starts the writer thread; it ends when every sender is dropped.
pub(crate) fn spawn(shared: Arc<Shared>) -> std::io::Result<(mpsc::Sender<Job>, std::thread::JoinHandle<()>)> {
    let (tx, rx) = mpsc::channel::<Job>();
    let thread = std::thread::Builder::new().name("laf-db-writer".into()).spawn(move || {
        let mut catalog: Catalog = (*shared.catalog()).clone();
        while let Ok(first) = rx.recv() {
            let mut batch = vec![first];
            while batch.len() < MAX_BATCH {
                match rx.try_recv() {
                    Ok(job) => batch.push(job),
                    Err(_) => break,
                }
            }
            let mut plain = Vec::with_capacity(batch.len());
            for job in batch {
                if matches!(job.op, Op::Transaction(_)) {
                    // A transaction must be able to abort alone, so it never shares a commit.
                    commit_batch(&shared, &mut catalog, std::mem::take(&mut plain));
                    run_transaction(&shared, &mut catalog, job);
                } else {
                    plain.push(job);
                }
            }
            commit_batch(&shared, &mut catalog, plain);
        }
    })?;
    Ok((tx, thread))
}

fn publish(shared: &Shared, catalog: &Catalog) {
    *shared.catalog.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(catalog.clone());
}

/// The catalog as a batch sees it: the committed one plus this batch's changes, so a write pays for
/// what it changes, not for every collection of every app.
pub(crate) struct Working<'a> {
    base: &'a Catalog,
    changes: std::collections::HashMap<String, Option<Arc<CollMeta>>>,
}

impl<'a> Working<'a> {
    fn new(base: &'a Catalog) -> Self {
        Working { base, changes: std::collections::HashMap::new() }
    }

    fn get(&self, key: &str) -> Option<&Arc<CollMeta>> {
        match self.changes.get(key) {
            Some(change) => change.as_ref(),
            None => self.base.get(key),
        }
    }

    fn insert(&mut self, key: String, meta: Arc<CollMeta>) {
        self.changes.insert(key, Some(meta));
    }

    fn remove(&mut self, key: &str) -> Option<Arc<CollMeta>> {
        let old = self.get(key).cloned();
        self.changes.insert(key.to_owned(), None);
        old
    }

    /// The changes, to apply to the committed catalog once the batch has committed.
    fn into_changes(self) -> std::collections::HashMap<String, Option<Arc<CollMeta>>> {
        self.changes
    }
}

/// Applies a committed batch's catalog changes and shows them to readers.
fn apply_changes(
    shared: &Shared,
    catalog: &mut Catalog,
    changes: std::collections::HashMap<String, Option<Arc<CollMeta>>>,
) {
    if changes.is_empty() {
        return;
    }
    for (key, change) in changes {
        match change {
            Some(meta) => catalog.insert(key, meta),
            None => catalog.remove(&key),
        };
    }
    publish(shared, catalog);
}

fn commit_batch(shared: &Shared, catalog: &mut Catalog, mut batch: Vec<Job>) {
    // A panic in one job must not take the writer (and every app's writes) down: its transaction
    // is dropped, that job fails, and the others are applied again without it.
    while !batch.is_empty() {
        let txn = match shared.db.begin_write() {
            Ok(txn) => txn,
            Err(e) => {
                let e = backend(e);
                batch.into_iter().for_each(|job| drop(job.reply.send(Err(e.clone()))));
                return;
            }
        };
        let mut working = Working::new(catalog);
        let mut results = Vec::with_capacity(batch.len());
        let mut panicked = None;
        for (i, job) in batch.iter().enumerate() {
            match catch_unwind(AssertUnwindSafe(|| apply(&txn, &mut working, &job.app, &job.op))) {
                Ok(result) => results.push(result),
                Err(panic) => {
                    panicked = Some((i, panic_message(&*panic)));
                    break;
                }
            }
        }
        if let Some((i, message)) = panicked {
            drop(txn.abort());
            let job = batch.remove(i);
            tracing::error!(app = %job.app, "embedded database: a write panicked and was dropped: {message}");
            drop(job.reply.send(Err(DbError::Backend(format!("internal error while applying the write: {message}")))));
            continue;
        }
        let changes = working.into_changes();
        match txn.commit() {
            Ok(()) => {
                apply_changes(shared, catalog, changes);
                batch.into_iter().zip(results).for_each(|(job, result)| drop(job.reply.send(result)));
            }
            Err(e) => {
                let e = backend(e);
                batch.into_iter().for_each(|job| drop(job.reply.send(Err(e.clone()))));
            }
        }
        return;
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned())
}

fn run_transaction(shared: &Shared, catalog: &mut Catalog, job: Job) {
    let Op::Transaction(ops) = job.op else { return };
    let result = catch_unwind(AssertUnwindSafe(|| {
        let txn = shared.db.begin_write().map_err(backend)?;
        let mut working = Working::new(catalog);
        let mut results = Vec::with_capacity(ops.len());
        for op in ops {
            let outcome = match op {
                WriteOp::Insert { collection, document } => {
                    apply(&txn, &mut working, &job.app, &Op::Insert { collection, documents: vec![document] })
                }
                WriteOp::Update { collection, filter, update, options } => {
                    apply(&txn, &mut working, &job.app, &Op::Update { collection, filter, update, options })
                }
                WriteOp::Delete { collection, filter, multi } => {
                    apply(&txn, &mut working, &job.app, &Op::Delete { collection, filter, multi })
                }
            };
            match outcome {
                Ok(Reply::Ids(mut ids)) => results.push(WriteResult::Inserted(ids.pop().unwrap_or(Bson::Null))),
                Ok(Reply::Updated(r)) => results.push(WriteResult::Updated(r)),
                Ok(Reply::Deleted(n)) => results.push(WriteResult::Deleted(n)),
                Ok(_) => {}
                Err(e) => {
                    txn.abort().map_err(backend)?;
                    return Err(e);
                }
            }
        }
        let changes = working.into_changes();
        txn.commit().map_err(backend)?;
        apply_changes(shared, catalog, changes);
        Ok(Reply::Results(results))
    }))
    .unwrap_or_else(|panic| {
        Err(DbError::Backend(format!("internal error in the transaction: {}", panic_message(&*panic))))
    });
    drop(job.reply.send(result));
}

type Txn = redb::WriteTransaction;

fn apply(txn: &Txn, catalog: &mut Working<'_>, app: &str, op: &Op) -> Result<Reply, DbError> {
    match op {
        Op::Insert { collection, documents } => insert(txn, catalog, app, collection, documents.clone()),
        Op::Update { collection, filter, update, options } => {
            update_docs(txn, catalog, app, collection, filter, update, *options)
        }
        Op::Replace { collection, filter, replacement, upsert } => {
            replace(txn, catalog, app, collection, filter, replacement.clone(), *upsert)
        }
        Op::Delete { collection, filter, multi } => delete(txn, catalog, app, collection, filter, *multi),
        Op::FindAndUpdate { collection, filter, update, options } => {
            find_and_update(txn, catalog, app, collection, filter, update, options.clone())
        }
        Op::CreateIndex { collection, keys, options } => {
            create_index(txn, catalog, app, collection, keys.clone(), options.clone())
        }
        Op::DropIndex { collection, name } => drop_index(txn, catalog, app, collection, name),
        Op::DropCollection { collection } => drop_collection(txn, catalog, app, collection),
        Op::Transaction(_) => Err(DbError::Unsupported("transactions cannot nest".into())),
    }
}

/// Matching documents of a collection, or none when it does not exist (without creating its table).
fn existing(
    txn: &Txn,
    meta: Option<&CollMeta>,
    app: &str,
    collection: &str,
    filter: &Filter,
    limit: Option<usize>,
) -> Result<Vec<(Vec<u8>, Document)>, DbError> {
    match meta {
        Some(meta) => collect(txn, app, collection, meta, filter, limit),
        None => Ok(Vec::new()),
    }
}

/// The collection's metadata, if it exists.
fn meta_of(catalog: &Working<'_>, app: &str, collection: &str) -> Option<Arc<CollMeta>> {
    catalog.get(&catalog_key(app, collection)).cloned()
}

/// The collection's metadata, creating the collection (implicitly, as MongoDB) when missing.
fn ensure_collection(
    txn: &Txn,
    catalog: &mut Working<'_>,
    app: &str,
    collection: &str,
) -> Result<Arc<CollMeta>, DbError> {
    validate_collection_name(collection)?;
    let key = catalog_key(app, collection);
    if let Some(meta) = catalog.get(&key) {
        return Ok(meta.clone());
    }
    let meta = Arc::new(CollMeta::default());
    save_meta(txn, catalog, key, meta.clone())?;
    Ok(meta)
}

fn save_meta(txn: &Txn, catalog: &mut Working<'_>, key: String, meta: Arc<CollMeta>) -> Result<(), DbError> {
    let bytes = meta.to_bytes()?;
    txn.open_table(CATALOG).map_err(backend)?.insert(key.as_str(), bytes.as_slice()).map_err(backend)?;
    catalog.insert(key, meta);
    Ok(())
}

/// Puts `_id` first, generating an ObjectId when absent, as MongoDB stores documents.
pub(crate) fn with_id_first(mut doc: Document) -> Result<Document, DbError> {
    // Refused before anything recurses over it (key encoding, BSON serialisation).
    check_document(&doc)?;
    let id = doc.remove("_id").unwrap_or_else(|| Bson::ObjectId(ObjectId::new()));
    if matches!(id, Bson::Array(_) | Bson::RegularExpression(_) | Bson::Undefined) {
        return Err(DbError::bad(format!("The '_id' value cannot be of type {}", type_name(&id))));
    }
    let mut out = Document::new();
    out.insert("_id", id);
    out.extend(doc);
    Ok(out)
}

fn dup_key_error(app: &str, collection: &str, index: &str, fields: &[String], doc: &Document) -> DbError {
    let shown: Vec<String> = fields
        .iter()
        .map(|f| format!("{f}: {}", path::get(doc, f).map_or_else(|| "null".to_owned(), path::format_value)))
        .collect();
    DbError::DuplicateKey(format!(
        "E11000 duplicate key error collection: {app}.{collection} index: {index} dup key: {{ {} }}",
        shown.join(", ")
    ))
}

fn index_entry(values: &[u8], id: &[u8]) -> Vec<u8> {
    let mut key = Vec::with_capacity(values.len() + id.len());
    key.extend_from_slice(values);
    key.extend_from_slice(id);
    key
}

/// Writes `new` (replacing `old` when given): checks size and unique indexes first, then the row
/// and the index entries that changed.
fn write_doc(
    txn: &Txn,
    app: &str,
    collection: &str,
    meta: &CollMeta,
    old: Option<&Document>,
    new: &Document,
) -> Result<(), DbError> {
    let bytes = new.to_vec().map_err(backend)?;
    if bytes.len() > MAX_BSON_BYTES {
        return Err(DbError::bad(format!(
            "object to insert too large. size in bytes: {}, max size: 16793600",
            bytes.len()
        )));
    }
    let id = id_key(new)?;
    let mut changes = Vec::with_capacity(meta.indexes.len());
    for index in &meta.indexes {
        let new_keys = super::keys::index_keys(new, &index.fields, &index.name)?;
        let old_keys = match old {
            Some(old) => super::keys::index_keys(old, &index.fields, &index.name)?,
            None => Vec::new(),
        };
        let table = txn.open_table(Def::new(&index_table(app, collection, &index.table))).map_err(backend)?;
        if index.unique {
            for key in new_keys.iter().filter(|k| !old_keys.contains(k)) {
                let mut to = key.clone();
                to.push(0xFF);
                for entry in table.range::<&[u8]>(key.as_slice()..to.as_slice()).map_err(backend)? {
                    let (_, other) = entry.map_err(backend)?;
                    if other.value() != id.as_slice() {
                        return Err(dup_key_error(app, collection, &index.name, &index.fields, new));
                    }
                }
            }
        }
        changes.push((table, old_keys, new_keys));
    }
    for (mut table, old_keys, new_keys) in changes {
        for key in old_keys.iter().filter(|k| !new_keys.contains(k)) {
            table.remove(index_entry(key, &id).as_slice()).map_err(backend)?;
        }
        for key in new_keys.iter().filter(|k| !old_keys.contains(k)) {
            table.insert(index_entry(key, &id).as_slice(), id.as_slice()).map_err(backend)?;
        }
    }
    let mut docs = txn.open_table(Def::new(&docs_table(app, collection))).map_err(backend)?;
    docs.insert(id.as_slice(), bytes.as_slice()).map_err(backend)?;
    Ok(())
}

fn insert_one(txn: &Txn, app: &str, collection: &str, meta: &CollMeta, doc: Document) -> Result<Bson, DbError> {
    insert_prepared(txn, app, collection, meta, &with_id_first(doc)?)
}

/// Inserts a document [`with_id_first`] already prepared.
fn insert_prepared(txn: &Txn, app: &str, collection: &str, meta: &CollMeta, doc: &Document) -> Result<Bson, DbError> {
    let id = id_key(doc)?;
    {
        let docs = txn.open_table(Def::new(&docs_table(app, collection))).map_err(backend)?;
        if docs.get(id.as_slice()).map_err(backend)?.is_some() {
            return Err(dup_key_error(app, collection, "_id_", &["_id".to_owned()], doc));
        }
    }
    write_doc(txn, app, collection, meta, None, doc)?;
    Ok(doc.get("_id").cloned().unwrap_or(Bson::Null))
}

fn insert(
    txn: &Txn,
    catalog: &mut Working<'_>,
    app: &str,
    collection: &str,
    docs: Vec<Document>,
) -> Result<Reply, DbError> {
    let meta = ensure_collection(txn, catalog, app, collection)?;
    let mut ids = Vec::with_capacity(docs.len());
    for doc in docs {
        ids.push(insert_one(txn, app, collection, &meta, doc)?);
    }
    Ok(Reply::Ids(ids))
}

fn remove_doc(
    txn: &Txn,
    app: &str,
    collection: &str,
    meta: &CollMeta,
    id: &[u8],
    doc: &Document,
) -> Result<(), DbError> {
    for index in &meta.indexes {
        let mut table = txn.open_table(Def::new(&index_table(app, collection, &index.table))).map_err(backend)?;
        for key in super::keys::index_keys(doc, &index.fields, &index.name)? {
            table.remove(index_entry(&key, id).as_slice()).map_err(backend)?;
        }
    }
    txn.open_table(Def::new(&docs_table(app, collection))).map_err(backend)?.remove(id).map_err(backend)?;
    Ok(())
}

/// The document an upsert starts from: the filter's equality fields.
fn upsert_seed(filter: &Filter) -> Result<Document, DbError> {
    let mut doc = Document::new();
    for (field, value) in filter.equality_fields() {
        if !field.starts_with('$') {
            path::set(&mut doc, &field, value)?;
        }
    }
    Ok(doc)
}

fn check_id_kept(old: &Document, new: &Document) -> Result<(), DbError> {
    let (a, b) = (old.get("_id"), new.get("_id"));
    if a.zip(b).is_none_or(|(a, b)| !crate::bindings::database::engine::compare::equal(a, b)) {
        return Err(DbError::Update(format!(
            "After applying the update, the (immutable) field '_id' was found to have been altered to _id: {}",
            b.map_or_else(|| "missing".to_owned(), |v| v.to_string())
        )));
    }
    Ok(())
}

fn operator_update(update: &Document) -> Result<Update, DbError> {
    if update.is_empty() || is_replacement(update) {
        return Err(DbError::bad("Update document requires atomic operators"));
    }
    Update::parse(update)
}

fn update_docs(
    txn: &Txn,
    catalog: &mut Working<'_>,
    app: &str,
    collection: &str,
    filter: &Document,
    update: &Document,
    options: UpdateOptions,
) -> Result<Reply, DbError> {
    let filter = Filter::parse(filter)?;
    let update = operator_update(update)?;
    validate_collection_name(collection)?;
    let found = meta_of(catalog, app, collection);
    let matches =
        existing(txn, found.as_deref(), app, collection, &filter, if options.multi { None } else { Some(1) })?;
    let meta = found.unwrap_or_default();
    let mut result = UpdateResult::default();
    for (_, old) in matches {
        result.matched += 1;
        if update_one(txn, app, collection, &meta, &update, &old)?.1 {
            result.modified += 1;
        }
    }
    if result.matched == 0 && options.upsert {
        let doc = upsert(txn, catalog, app, collection, &filter, &update)?;
        result.upserted_id = doc.get("_id").cloned();
    }
    Ok(Reply::Updated(result))
}

/// Applies `update` to `old` and writes it if it changed; returns the new document and whether it changed.
fn update_one(
    txn: &Txn,
    app: &str,
    collection: &str,
    meta: &CollMeta,
    update: &Update,
    old: &Document,
) -> Result<(Document, bool), DbError> {
    let mut new = old.clone();
    let changed = update.apply(&mut new, false)?;
    if changed {
        check_id_kept(old, &new)?;
        check_document(&new)?;
        write_doc(txn, app, collection, meta, Some(old), &new)?;
    }
    Ok((new, changed))
}

/// Inserts the document an upsert builds from the filter's equalities and the update.
fn upsert(
    txn: &Txn,
    catalog: &mut Working<'_>,
    app: &str,
    collection: &str,
    filter: &Filter,
    update: &Update,
) -> Result<Document, DbError> {
    let mut doc = upsert_seed(filter)?;
    update.apply(&mut doc, true)?;
    let doc = with_id_first(doc)?;
    let meta = ensure_collection(txn, catalog, app, collection)?;
    insert_prepared(txn, app, collection, &meta, &doc)?;
    Ok(doc)
}

fn replace(
    txn: &Txn,
    catalog: &mut Working<'_>,
    app: &str,
    collection: &str,
    filter: &Document,
    replacement: Document,
    upsert: bool,
) -> Result<Reply, DbError> {
    let filter = Filter::parse(filter)?;
    if let Some(op) = replacement.keys().find(|k| k.starts_with('$')) {
        return Err(DbError::bad(format!("Replacement document must not contain update operators: {op}")));
    }
    validate_collection_name(collection)?;
    let found = meta_of(catalog, app, collection);
    let mut result = UpdateResult::default();
    if let Some((_, old)) = existing(txn, found.as_deref(), app, collection, &filter, Some(1))?.pop() {
        let meta = found.unwrap_or_default();
        result.matched = 1;
        let mut new = replacement;
        let id = old.get("_id").cloned().unwrap_or(Bson::Null);
        if let Some(given) = new.get("_id") {
            check_id_kept(&old, &bson::doc! { "_id": given.clone() })?;
        }
        new.insert("_id", id);
        let new = with_id_first(new)?;
        if new != old {
            write_doc(txn, app, collection, &meta, Some(&old), &new)?;
            result.modified = 1;
        }
    } else if upsert {
        let mut doc = replacement;
        if !doc.contains_key("_id")
            && let Some((_, id)) = filter.equality_fields().into_iter().find(|(f, _)| f == "_id")
        {
            doc.insert("_id", id);
        }
        let meta = ensure_collection(txn, catalog, app, collection)?;
        result.upserted_id = Some(insert_one(txn, app, collection, &meta, doc)?);
    }
    Ok(Reply::Updated(result))
}

fn delete(
    txn: &Txn,
    catalog: &mut Working<'_>,
    app: &str,
    collection: &str,
    filter: &Document,
    multi: bool,
) -> Result<Reply, DbError> {
    let filter = Filter::parse(filter)?;
    validate_collection_name(collection)?;
    let found = meta_of(catalog, app, collection);
    let matches = existing(txn, found.as_deref(), app, collection, &filter, if multi { None } else { Some(1) })?;
    let meta = found.unwrap_or_default();
    for (id, doc) in &matches {
        remove_doc(txn, app, collection, &meta, id, doc)?;
    }
    Ok(Reply::Deleted(matches.len() as u64))
}

fn find_and_update(
    txn: &Txn,
    catalog: &mut Working<'_>,
    app: &str,
    collection: &str,
    filter: &Document,
    update: &Document,
    options: FindOneAndUpdateOptions,
) -> Result<Reply, DbError> {
    let filter = Filter::parse(filter)?;
    let update = operator_update(update)?;
    let sort = options.sort.as_ref().map(SortSpec::parse).transpose()?;
    let projection = options.projection.as_ref().map(Projection::parse).transpose()?;
    validate_collection_name(collection)?;
    let found = meta_of(catalog, app, collection);
    let limit = if sort.is_some() { None } else { Some(1) };
    let mut matches = existing(txn, found.as_deref(), app, collection, &filter, limit)?;
    let meta = found.unwrap_or_default();
    if let Some(sort) = &sort {
        matches.sort_by(|a, b| sort.compare(&a.1, &b.1));
    }
    let project = |doc: Document| projection.as_ref().map_or(doc.clone(), |p| p.apply(&doc));
    if let Some((_, old)) = matches.into_iter().next() {
        let (new, _) = update_one(txn, app, collection, &meta, &update, &old)?;
        return Ok(Reply::Document(Some(project(if options.return_new { new } else { old }))));
    }
    if options.upsert {
        let doc = upsert(txn, catalog, app, collection, &filter, &update)?;
        return Ok(Reply::Document(options.return_new.then(|| project(doc))));
    }
    Ok(Reply::Document(None))
}

fn create_index(
    txn: &Txn,
    catalog: &mut Working<'_>,
    app: &str,
    collection: &str,
    keys: Document,
    options: IndexOptions,
) -> Result<Reply, DbError> {
    if keys.is_empty() {
        return Err(DbError::bad("Index keys cannot be empty."));
    }
    let mut fields = Vec::with_capacity(keys.len());
    let mut parts = Vec::with_capacity(keys.len());
    for (field, direction) in &keys {
        let dir = match direction {
            Bson::Int32(n) => f64::from(*n),
            Bson::Int64(n) => *n as f64,
            Bson::Double(n) => *n,
            Bson::String(kind) => return Err(DbError::Unsupported(format!("index type not supported: {kind:?}"))),
            other => return Err(DbError::bad(format!("Values in the index key pattern must be numbers, got {other}"))),
        };
        if dir == 0.0 || dir.is_nan() || field.is_empty() || field.starts_with('$') {
            return Err(DbError::bad(format!(
                "Values in v:2 index key pattern cannot be of value 0 or a $ field: {field}"
            )));
        }
        parts.push(format!("{field}_{}", if dir > 0.0 { 1 } else { -1 }));
        fields.push(field.clone());
    }
    if fields == ["_id"] {
        return Ok(Reply::Name("_id_".into()));
    }
    let name = options.name.unwrap_or_else(|| parts.join("_"));
    if name.is_empty() || name.chars().any(char::is_control) {
        return Err(DbError::InvalidName(format!("invalid index name: {name:?}")));
    }
    let meta = ensure_collection(txn, catalog, app, collection)?;
    if let Some(existing) = meta.indexes.iter().find(|i| i.name == name) {
        if existing.fields == fields && existing.unique == options.unique {
            return Ok(Reply::Name(name));
        }
        return Err(DbError::bad(format!(
            "An existing index has the same name as the requested index. Requested index: {keys}, existing index: {}",
            existing.key
        )));
    }
    if let Some(existing) = meta.indexes.iter().find(|i| i.fields == fields && i.key == keys) {
        return Err(DbError::bad(format!("Index already exists with a different name: {}", existing.name)));
    }
    // Build every entry first so a duplicate under a unique index leaves nothing behind.
    let mut entries: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    let mut unique_keys = std::collections::HashSet::new();
    for (id, doc) in collect(txn, app, collection, &meta, &Filter::all(), None)? {
        for key in super::keys::index_keys(&doc, &fields, &name)? {
            if options.unique && !unique_keys.insert(key.clone()) {
                return Err(dup_key_error(app, collection, &name, &fields, &doc));
            }
            entries.push((index_entry(&key, &id), id.clone()));
        }
    }
    let table_id = uuid::Uuid::new_v4().simple().to_string();
    let mut table = txn.open_table(Def::new(&index_table(app, collection, &table_id))).map_err(backend)?;
    for (key, id) in &entries {
        table.insert(key.as_slice(), id.as_slice()).map_err(backend)?;
    }
    let mut updated = (*meta).clone();
    updated.indexes.push(IndexMeta { name: name.clone(), key: keys, fields, unique: options.unique, table: table_id });
    save_meta(txn, catalog, catalog_key(app, collection), Arc::new(updated))?;
    Ok(Reply::Name(name))
}

fn drop_index(txn: &Txn, catalog: &mut Working<'_>, app: &str, collection: &str, name: &str) -> Result<Reply, DbError> {
    if name == "_id_" {
        return Err(DbError::bad("cannot drop _id index"));
    }
    let meta = meta_of(catalog, app, collection).unwrap_or_default();
    let Some(index) = meta.indexes.iter().find(|i| i.name == name) else {
        return Err(DbError::bad(format!("index not found with name [{name}]")));
    };
    txn.delete_table(Def::new(&index_table(app, collection, &index.table))).map_err(backend)?;
    let mut updated = (*meta).clone();
    updated.indexes.retain(|i| i.name != name);
    save_meta(txn, catalog, catalog_key(app, collection), Arc::new(updated))?;
    Ok(Reply::Done(true))
}

fn drop_collection(txn: &Txn, catalog: &mut Working<'_>, app: &str, collection: &str) -> Result<Reply, DbError> {
    let key = catalog_key(app, collection);
    let Some(meta) = catalog.remove(&key) else { return Ok(Reply::Done(false)) };
    for index in &meta.indexes {
        txn.delete_table(Def::new(&index_table(app, collection, &index.table))).map_err(backend)?;
    }
    txn.delete_table(Def::new(&docs_table(app, collection))).map_err(backend)?;
    txn.open_table(CATALOG).map_err(backend)?.remove(key.as_str()).map_err(backend)?;
    Ok(Reply::Done(true))
}
