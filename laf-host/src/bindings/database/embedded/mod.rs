//! The embedded backend: MongoDB semantics from [`super::engine`] on one redb file.
//!
//! Why redb: pure Rust (no C++ toolchain or minutes of RocksDB build), ACID with copy-on-write
//! B-trees and a checksummed commit, so a crash at any point leaves the last committed state; MVCC
//! readers never wait for the writer. Documents are stored as BSON under an order-preserving
//! encoding of their `_id`; each index is a table of encoded field values. Reads run on the calling
//! thread against a snapshot; writes go to one writer thread that commits in groups (see
//! `writer`), and are acknowledged only once durable.

mod keys;
mod store;
mod writer;

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock, mpsc};

use async_trait::async_trait;
use bson::{Bson, Document};
use redb::{ReadableDatabase, ReadableTable};

use self::store::{CATALOG, Catalog, CollMeta, Shared, backend, catalog_key, collect, scan};
use self::writer::{Job, Op, Reply};
use super::engine::aggregate::{CollectionSource, Pipeline};
use super::engine::{compare, path, projection::Projection, query::Filter, sort::SortSpec};
use super::{
    Database, DatabaseProvider, DbError, FindOneAndUpdateOptions, FindOptions, IndexOptions, UpdateOptions,
    UpdateResult, WriteOp, WriteResult, validate_collection_name,
};

/// Opens per-app databases inside one embedded store (a directory holding `data.redb`).
#[derive(Clone)]
pub struct EmbeddedProvider {
    inner: Arc<Inner>,
}

struct Inner {
    shared: Arc<Shared>,
    writer: Mutex<Option<mpsc::Sender<Job>>>,
    writer_thread: Option<std::thread::JoinHandle<()>>,
    path: PathBuf,
}

impl Drop for Inner {
    fn drop(&mut self) {
        // Closing the queue ends the writer once it has committed what was queued; joining it
        // releases the file, so the store can be opened again as soon as the last handle is gone.
        self.writer.get_mut().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(thread) = self.writer_thread.take() {
            let _ = thread.join();
        }
    }
}

impl std::fmt::Debug for EmbeddedProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmbeddedProvider").field("path", &self.inner.path).finish_non_exhaustive()
    }
}

impl EmbeddedProvider {
    /// Opens (creating when needed) the store in `dir`. One process may hold a store at a time.
    pub fn open(dir: impl AsRef<Path>) -> Result<EmbeddedProvider, DbError> {
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir)
            .map_err(|e| DbError::Backend(format!("cannot create database directory {}: {e}", dir.display())))?;
        let path = dir.join("data.redb");
        let db = redb::Database::create(&path)
            .map_err(|e| DbError::Backend(format!("cannot open embedded database {}: {e}", path.display())))?;
        // Every app's documents: the host's user only, whatever the umask.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))
                .map_err(|e| DbError::Backend(format!("cannot restrict {} to its owner: {e}", path.display())))?;
        }
        let catalog = load_catalog(&db)?;
        let shared = Arc::new(Shared { db, catalog: RwLock::new(Arc::new(catalog)) });
        let (writer, thread) = writer::spawn(shared.clone()).map_err(backend)?;
        let inner = Inner { shared, writer: Mutex::new(Some(writer)), writer_thread: Some(thread), path };
        Ok(EmbeddedProvider { inner: Arc::new(inner) })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// A handle on `app`'s database (also for names that are not app ids, such as system stores).
    pub fn database(&self, app: &str) -> EmbeddedDatabase {
        EmbeddedDatabase { inner: self.inner.clone(), app: app.to_owned() }
    }
}

fn load_catalog(db: &redb::Database) -> Result<Catalog, DbError> {
    let txn = db.begin_write().map_err(backend)?;
    let mut catalog = Catalog::new();
    {
        let table = txn.open_table(CATALOG).map_err(backend)?;
        for entry in table.range::<&str>(..).map_err(backend)? {
            let (key, value) = entry.map_err(backend)?;
            catalog.insert(key.value().to_owned(), Arc::new(CollMeta::from_bytes(value.value())?));
        }
    }
    txn.commit().map_err(backend)?;
    Ok(catalog)
}

impl DatabaseProvider for EmbeddedProvider {
    fn kind(&self) -> &'static str {
        "embedded"
    }

    fn open(&self, app: &str) -> Result<Arc<dyn Database>, DbError> {
        Ok(Arc::new(self.database(app)))
    }
}

/// One app's database in the embedded store.
#[derive(Clone)]
pub struct EmbeddedDatabase {
    inner: Arc<Inner>,
    app: String,
}

impl EmbeddedDatabase {
    async fn write(&self, op: Op) -> Result<Reply, DbError> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let job = Job { app: self.app.clone(), op, reply };
        self.enqueue(job)?;
        answer.await.map_err(|_| DbError::Backend("embedded database writer has stopped".into()))?
    }

    fn enqueue(&self, job: Job) -> Result<(), DbError> {
        let stopped = || DbError::Backend("embedded database writer has stopped".into());
        let writer = self.inner.writer.lock().unwrap_or_else(|e| e.into_inner());
        writer.as_ref().ok_or_else(stopped)?.send(job).map_err(|_| stopped())
    }

    fn meta(&self, collection: &str) -> Option<Arc<CollMeta>> {
        self.inner.shared.catalog().get(&catalog_key(&self.app, collection)).cloned()
    }

    fn read(&self) -> Result<redb::ReadTransaction, DbError> {
        self.inner.shared.db.begin_read().map_err(backend)
    }
}

fn unexpected() -> DbError {
    DbError::Backend("embedded database writer answered the wrong kind of result".into())
}

struct Source<'a> {
    txn: &'a redb::ReadTransaction,
    db: &'a EmbeddedDatabase,
}

impl CollectionSource for Source<'_> {
    fn documents(&self, collection: &str) -> Result<Vec<Document>, DbError> {
        validate_collection_name(collection)?;
        let Some(meta) = self.db.meta(collection) else { return Ok(Vec::new()) };
        Ok(collect(self.txn, &self.db.app, collection, &meta, &Filter::all(), None)?
            .into_iter()
            .map(|(_, d)| d)
            .collect())
    }
}

#[async_trait]
impl Database for EmbeddedDatabase {
    async fn insert_one(&self, collection: &str, document: Document) -> Result<Bson, DbError> {
        let op = Op::Insert { collection: collection.to_owned(), documents: vec![document] };
        match self.write(op).await? {
            Reply::Ids(mut ids) => ids.pop().ok_or_else(unexpected),
            _ => Err(unexpected()),
        }
    }

    async fn insert_many(&self, collection: &str, documents: Vec<Document>) -> Result<Vec<Bson>, DbError> {
        match self.write(Op::Insert { collection: collection.to_owned(), documents }).await? {
            Reply::Ids(ids) => Ok(ids),
            _ => Err(unexpected()),
        }
    }

    async fn find(&self, collection: &str, filter: Document, options: FindOptions) -> Result<Vec<Document>, DbError> {
        let filter = Filter::parse(&filter)?;
        let sort = options.sort.as_ref().map(SortSpec::parse).transpose()?;
        let projection = options.projection.as_ref().map(Projection::parse).transpose()?;
        validate_collection_name(collection)?;
        // Snapshot first, catalog second: the catalog is then at least as new as the snapshot, and
        // index tables are never renamed, so a plan can only name tables the snapshot lacks.
        let txn = self.read()?;
        let Some(meta) = self.meta(collection) else { return Ok(Vec::new()) };
        let skip = usize::try_from(options.skip).unwrap_or(usize::MAX);
        let limit = options.limit.filter(|&l| l > 0).map(|l| usize::try_from(l).unwrap_or(usize::MAX));
        let mut docs: Vec<Document> = match &sort {
            Some(sort) => {
                let mut all: Vec<Document> =
                    collect(&txn, &self.app, collection, &meta, &filter, None)?.into_iter().map(|(_, d)| d).collect();
                all.sort_by(|a, b| sort.compare(a, b));
                all.into_iter().skip(skip).take(limit.unwrap_or(usize::MAX)).collect()
            }
            None => {
                let wanted = limit.map(|l| l.saturating_add(skip));
                let found = collect(&txn, &self.app, collection, &meta, &filter, wanted)?;
                found.into_iter().skip(skip).map(|(_, d)| d).collect()
            }
        };
        if let Some(projection) = &projection {
            docs = docs.iter().map(|d| projection.apply(d)).collect();
        }
        Ok(docs)
    }

    async fn update(
        &self,
        collection: &str,
        filter: Document,
        update: Document,
        options: UpdateOptions,
    ) -> Result<UpdateResult, DbError> {
        match self.write(Op::Update { collection: collection.to_owned(), filter, update, options }).await? {
            Reply::Updated(r) => Ok(r),
            _ => Err(unexpected()),
        }
    }

    async fn replace_one(
        &self,
        collection: &str,
        filter: Document,
        replacement: Document,
        upsert: bool,
    ) -> Result<UpdateResult, DbError> {
        match self.write(Op::Replace { collection: collection.to_owned(), filter, replacement, upsert }).await? {
            Reply::Updated(r) => Ok(r),
            _ => Err(unexpected()),
        }
    }

    async fn delete(&self, collection: &str, filter: Document, multi: bool) -> Result<u64, DbError> {
        match self.write(Op::Delete { collection: collection.to_owned(), filter, multi }).await? {
            Reply::Deleted(n) => Ok(n),
            _ => Err(unexpected()),
        }
    }

    async fn count(&self, collection: &str, filter: Document) -> Result<u64, DbError> {
        let filter = Filter::parse(&filter)?;
        validate_collection_name(collection)?;
        let txn = self.read()?;
        let Some(meta) = self.meta(collection) else { return Ok(0) };
        let mut n = 0u64;
        scan(&txn, &self.app, collection, &meta, &filter, |_, _| {
            n += 1;
            Ok(ControlFlow::Continue(()))
        })?;
        Ok(n)
    }

    async fn distinct(&self, collection: &str, field: &str, filter: Document) -> Result<Vec<Bson>, DbError> {
        let filter = Filter::parse(&filter)?;
        validate_collection_name(collection)?;
        let txn = self.read()?;
        let Some(meta) = self.meta(collection) else { return Ok(Vec::new()) };
        let mut values: Vec<Bson> = Vec::new();
        scan(&txn, &self.app, collection, &meta, &filter, |_, doc| {
            for value in path::distinct_values(&doc, field) {
                if !values.iter().any(|v| compare::equal(v, &value)) {
                    values.push(value);
                }
            }
            Ok(ControlFlow::Continue(()))
        })?;
        values.sort_by(compare::compare);
        Ok(values)
    }

    async fn aggregate(&self, collection: &str, pipeline: Vec<Document>) -> Result<Vec<Document>, DbError> {
        let pipeline = Pipeline::parse(&pipeline)?;
        validate_collection_name(collection)?;
        let txn = self.read()?;
        let all = Filter::all();
        let (filter, skip_match) = match pipeline.leading_match() {
            Some(m) => (m, true),
            None => (&all, false),
        };
        let input = match self.meta(collection) {
            Some(meta) => {
                collect(&txn, &self.app, collection, &meta, filter, None)?.into_iter().map(|(_, d)| d).collect()
            }
            None => Vec::new(),
        };
        pipeline.run(input, skip_match, &Source { txn: &txn, db: self })
    }

    async fn find_one_and_update(
        &self,
        collection: &str,
        filter: Document,
        update: Document,
        options: FindOneAndUpdateOptions,
    ) -> Result<Option<Document>, DbError> {
        match self.write(Op::FindAndUpdate { collection: collection.to_owned(), filter, update, options }).await? {
            Reply::Document(d) => Ok(d),
            _ => Err(unexpected()),
        }
    }

    async fn create_index(&self, collection: &str, keys: Document, options: IndexOptions) -> Result<String, DbError> {
        match self.write(Op::CreateIndex { collection: collection.to_owned(), keys, options }).await? {
            Reply::Name(name) => Ok(name),
            _ => Err(unexpected()),
        }
    }

    async fn drop_index(&self, collection: &str, name: &str) -> Result<(), DbError> {
        match self.write(Op::DropIndex { collection: collection.to_owned(), name: name.to_owned() }).await? {
            Reply::Done(_) => Ok(()),
            _ => Err(unexpected()),
        }
    }

    async fn list_indexes(&self, collection: &str) -> Result<Vec<Document>, DbError> {
        validate_collection_name(collection)?;
        let Some(meta) = self.meta(collection) else {
            return Err(DbError::BadValue(format!("ns does not exist: {}.{collection}", self.app)));
        };
        let mut out = vec![bson::doc! { "v": 2, "key": { "_id": 1 }, "name": "_id_" }];
        for index in &meta.indexes {
            let mut doc = bson::doc! { "v": 2, "key": index.key.clone(), "name": &index.name };
            if index.unique {
                doc.insert("unique", true);
            }
            out.push(doc);
        }
        Ok(out)
    }

    async fn list_collections(&self) -> Result<Vec<String>, DbError> {
        let prefix = catalog_key(&self.app, "");
        let mut names: Vec<String> =
            self.inner.shared.catalog().keys().filter_map(|k| k.strip_prefix(&prefix).map(str::to_owned)).collect();
        names.sort();
        Ok(names)
    }

    async fn drop_collection(&self, collection: &str) -> Result<bool, DbError> {
        match self.write(Op::DropCollection { collection: collection.to_owned() }).await? {
            Reply::Done(existed) => Ok(existed),
            _ => Err(unexpected()),
        }
    }

    async fn transaction(&self, ops: Vec<WriteOp>) -> Result<Vec<WriteResult>, DbError> {
        match self.write(Op::Transaction(ops)).await? {
            Reply::Results(results) => Ok(results),
            _ => Err(unexpected()),
        }
    }
}
