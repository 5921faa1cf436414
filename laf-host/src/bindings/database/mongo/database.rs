//! [`MongoDatabase`]: one app's database, every [`Database`] method handed to the driver.

use async_trait::async_trait;
use bson::{Bson, Document, doc};
use mongodb::options::ReturnDocument;
use mongodb::{ClientSession, Collection, Cursor, IndexModel};
use tokio::sync::OnceCell;

use super::errors::{NAMESPACE_NOT_FOUND, map_error, server_code};
use super::{Conn, Connector};
use crate::bindings::database::{
    Database, DbError, FindOneAndUpdateOptions, FindOptions, IndexOptions, UpdateOptions, UpdateResult, WriteOp,
    WriteResult, validate_collection_name,
};

/// One app's database on MongoDB; connects on first use.
pub(super) struct MongoDatabase {
    name: String,
    connector: Connector,
    conn: OnceCell<Conn>,
}

impl MongoDatabase {
    pub(super) fn new(name: String, connector: Connector) -> MongoDatabase {
        MongoDatabase { name, connector, conn: OnceCell::new() }
    }

    async fn conn(&self) -> Result<&Conn, DbError> {
        // A failed attempt leaves the cell empty, so a server that comes back is picked up.
        self.conn.get_or_try_init(|| self.connector.connect(&self.name)).await
    }

    async fn coll(&self, name: &str) -> Result<Collection<Document>, DbError> {
        validate_collection_name(name)?;
        Ok(self.conn().await?.db.collection(name))
    }

    /// `$out` and `$merge` may name another database: only this app's own is allowed, as the shared
    /// connection (used when per-app users are unavailable) could otherwise write anywhere.
    fn check_pipeline(&self, pipeline: &[Document]) -> Result<(), DbError> {
        for stage in pipeline {
            for key in ["$out", "$merge"] {
                let target = match stage.get(key) {
                    Some(Bson::Document(spec)) if key == "$out" => spec.get("db"),
                    Some(Bson::Document(spec)) => match spec.get("into") {
                        Some(Bson::Document(into)) => into.get("db"),
                        _ => None,
                    },
                    _ => None,
                };
                match target {
                    None => {}
                    Some(Bson::String(db)) if *db == self.name => {}
                    Some(other) => {
                        return Err(DbError::BadValue(format!("{key} may not write to another database: {other}")));
                    }
                }
            }
        }
        Ok(())
    }
}

async fn collect(mut cursor: Cursor<Document>) -> Result<Vec<Document>, DbError> {
    let mut out = Vec::new();
    while cursor.advance().await.map_err(map_error)? {
        out.push(cursor.deserialize_current().map_err(map_error)?);
    }
    Ok(out)
}

fn update_result(r: mongodb::results::UpdateResult) -> UpdateResult {
    UpdateResult { matched: r.matched_count, modified: r.modified_count, upserted_id: r.upserted_id }
}

/// Gives the document an ObjectId `_id` up front when it has none, first as the server would put
/// it, so the ids we return are the ones stored.
fn with_id(mut document: Document) -> (Bson, Document) {
    if let Some(id) = document.get("_id") {
        return (id.clone(), document);
    }
    let id = Bson::ObjectId(bson::oid::ObjectId::new());
    let mut out = Document::new();
    out.insert("_id", id.clone());
    out.extend(std::mem::take(&mut document));
    (id, out)
}

fn limit(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

#[async_trait]
impl Database for MongoDatabase {
    async fn insert_one(&self, collection: &str, document: Document) -> Result<Bson, DbError> {
        let coll = self.coll(collection).await?;
        let (id, document) = with_id(document);
        coll.insert_one(document).await.map_err(map_error)?;
        Ok(id)
    }

    async fn insert_many(&self, collection: &str, documents: Vec<Document>) -> Result<Vec<Bson>, DbError> {
        let coll = self.coll(collection).await?;
        if documents.is_empty() {
            return Ok(Vec::new());
        }
        let (ids, documents): (Vec<Bson>, Vec<Document>) = documents.into_iter().map(with_id).unzip();
        // Ordered, as the trait promises: the server stops at the first failure and keeps what
        // precedes it.
        coll.insert_many(documents).ordered(true).await.map_err(map_error)?;
        Ok(ids)
    }

    async fn find(&self, collection: &str, filter: Document, options: FindOptions) -> Result<Vec<Document>, DbError> {
        let coll = self.coll(collection).await?;
        let mut find = coll.find(filter).skip(options.skip);
        if let Some(projection) = options.projection {
            find = find.projection(projection);
        }
        if let Some(sort) = options.sort {
            find = find.sort(sort);
        }
        if let Some(n) = options.limit {
            find = find.limit(limit(n));
        }
        collect(find.await.map_err(map_error)?).await
    }

    async fn update(
        &self,
        collection: &str,
        filter: Document,
        update: Document,
        options: UpdateOptions,
    ) -> Result<UpdateResult, DbError> {
        let coll = self.coll(collection).await?;
        let result = if options.multi {
            coll.update_many(filter, update).upsert(options.upsert).await
        } else {
            coll.update_one(filter, update).upsert(options.upsert).await
        };
        Ok(update_result(result.map_err(map_error)?))
    }

    async fn replace_one(
        &self,
        collection: &str,
        filter: Document,
        replacement: Document,
        upsert: bool,
    ) -> Result<UpdateResult, DbError> {
        let coll = self.coll(collection).await?;
        let result = coll.replace_one(filter, replacement).upsert(upsert).await.map_err(map_error)?;
        Ok(update_result(result))
    }

    async fn delete(&self, collection: &str, filter: Document, multi: bool) -> Result<u64, DbError> {
        let coll = self.coll(collection).await?;
        let result = if multi { coll.delete_many(filter).await } else { coll.delete_one(filter).await };
        Ok(result.map_err(map_error)?.deleted_count)
    }

    async fn count(&self, collection: &str, filter: Document) -> Result<u64, DbError> {
        let coll = self.coll(collection).await?;
        coll.count_documents(filter).await.map_err(map_error)
    }

    async fn distinct(&self, collection: &str, field: &str, filter: Document) -> Result<Vec<Bson>, DbError> {
        let coll = self.coll(collection).await?;
        coll.distinct(field, filter).await.map_err(map_error)
    }

    async fn aggregate(&self, collection: &str, pipeline: Vec<Document>) -> Result<Vec<Document>, DbError> {
        let coll = self.coll(collection).await?;
        self.check_pipeline(&pipeline)?;
        collect(coll.aggregate(pipeline).await.map_err(map_error)?).await
    }

    async fn find_one_and_update(
        &self,
        collection: &str,
        filter: Document,
        update: Document,
        options: FindOneAndUpdateOptions,
    ) -> Result<Option<Document>, DbError> {
        let coll = self.coll(collection).await?;
        let returned = if options.return_new { ReturnDocument::After } else { ReturnDocument::Before };
        let mut action = coll.find_one_and_update(filter, update).upsert(options.upsert).return_document(returned);
        if let Some(sort) = options.sort {
            action = action.sort(sort);
        }
        if let Some(projection) = options.projection {
            action = action.projection(projection);
        }
        action.await.map_err(map_error)
    }

    async fn create_index(&self, collection: &str, keys: Document, options: IndexOptions) -> Result<String, DbError> {
        let coll = self.coll(collection).await?;
        let mut index_options = mongodb::options::IndexOptions::default();
        index_options.name = options.name;
        index_options.unique = options.unique.then_some(true);
        let model = IndexModel::builder().keys(keys).options(index_options).build();
        Ok(coll.create_index(model).await.map_err(map_error)?.index_name)
    }

    async fn drop_index(&self, collection: &str, name: &str) -> Result<(), DbError> {
        let coll = self.coll(collection).await?;
        coll.drop_index(name).await.map_err(map_error)
    }

    async fn list_indexes(&self, collection: &str) -> Result<Vec<Document>, DbError> {
        validate_collection_name(collection)?;
        let db = &self.conn().await?.db;
        // The raw command keeps the server's documents (`v`, `key`, `name`, `unique`) as they are;
        // the driver's typed `list_indexes` would reshape them.
        match db.run_cursor_command(doc! { "listIndexes": collection }).await {
            Ok(cursor) => collect(cursor).await,
            // mongosh lists no indexes for a missing collection rather than failing.
            Err(e) if server_code(&e) == Some(NAMESPACE_NOT_FOUND) => Ok(Vec::new()),
            Err(e) => Err(map_error(e)),
        }
    }

    async fn list_collections(&self) -> Result<Vec<String>, DbError> {
        let db = &self.conn().await?.db;
        let names = db.list_collection_names().await.map_err(map_error)?;
        // `system.*` collections are the server's (views, profile), never an app's.
        Ok(names.into_iter().filter(|name| !name.starts_with("system.")).collect())
    }

    async fn drop_collection(&self, collection: &str) -> Result<bool, DbError> {
        let coll = self.coll(collection).await?;
        let db = &self.conn().await?.db;
        // Servers since 7.0 drop a missing collection without complaint, so ask first.
        let existing = db.list_collection_names().filter(doc! { "name": collection }).await.map_err(map_error)?;
        if existing.is_empty() {
            return Ok(false);
        }
        coll.drop().await.map_err(map_error)?;
        Ok(true)
    }

    async fn transaction(&self, ops: Vec<WriteOp>) -> Result<Vec<WriteResult>, DbError> {
        for op in &ops {
            let (WriteOp::Insert { collection, .. }
            | WriteOp::Update { collection, .. }
            | WriteOp::Delete { collection, .. }) = op;
            validate_collection_name(collection)?;
        }
        let conn = self.conn().await?;
        let mut session = conn.client.start_session().await.map_err(map_error)?;
        if let Err(e) = session.start_transaction().await {
            let error = map_error(e);
            if !matches!(error, DbError::Unsupported(_)) {
                return Err(error);
            }
            // The driver also says "not supported" while it has reached no server (it knows the
            // deployment only from heartbeats): reach one, then ask again.
            conn.db.run_command(doc! { "ping": 1 }).await.map_err(map_error)?;
            session.start_transaction().await.map_err(map_error)?;
        }
        match run_ops(&conn.db, &mut session, ops).await {
            Ok(results) => {
                session.commit_transaction().await.map_err(map_error)?;
                Ok(results)
            }
            Err(e) => {
                // Aborting can fail too (e.g. the server went away); the op's error says more.
                if let Err(abort) = session.abort_transaction().await {
                    tracing::debug!("aborting a failed transaction failed too: {abort}");
                }
                Err(e)
            }
        }
    }
}

async fn run_ops(
    db: &mongodb::Database,
    session: &mut ClientSession,
    ops: Vec<WriteOp>,
) -> Result<Vec<WriteResult>, DbError> {
    let mut results = Vec::with_capacity(ops.len());
    for op in ops {
        let result = match op {
            WriteOp::Insert { collection, document } => {
                let (id, document) = with_id(document);
                let coll = db.collection::<Document>(&collection);
                coll.insert_one(document).session(&mut *session).await.map_err(map_error)?;
                WriteResult::Inserted(id)
            }
            WriteOp::Update { collection, filter, update, options } => {
                let coll = db.collection::<Document>(&collection);
                let result = if options.multi {
                    coll.update_many(filter, update).upsert(options.upsert).session(&mut *session).await
                } else {
                    coll.update_one(filter, update).upsert(options.upsert).session(&mut *session).await
                };
                WriteResult::Updated(update_result(result.map_err(map_error)?))
            }
            WriteOp::Delete { collection, filter, multi } => {
                let coll = db.collection::<Document>(&collection);
                let result = if multi {
                    coll.delete_many(filter).session(&mut *session).await
                } else {
                    coll.delete_one(filter).session(&mut *session).await
                };
                WriteResult::Deleted(result.map_err(map_error)?.deleted_count)
            }
        };
        results.push(result);
    }
    Ok(results)
}
