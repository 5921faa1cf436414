//! `laf:cloud/database`: the app's database, with documents as BSON bytes.

use std::sync::Arc;

use laf_host::bindings::database::{Bson, Database, DbError, Document, FindOptions, UpdateOptions, doc};

use super::Error;
use super::laf::cloud::database::{FindOptions as WitFindOptions, Host, UpdateResult};
use crate::state::State;

fn db_error(e: DbError) -> Error {
    Error { code: e.name().into(), message: e.to_string() }
}

/// A BSON document from the guest; no bytes at all is the empty document.
fn decode(what: &str, bytes: &[u8]) -> Result<Document, Error> {
    if bytes.is_empty() {
        return Ok(Document::new());
    }
    Document::from_reader(bytes)
        .map_err(|e| Error { code: "BadValue".into(), message: format!("{what} is not a BSON document: {e}") })
}

fn decode_opt(what: &str, bytes: Option<Vec<u8>>) -> Result<Option<Document>, Error> {
    bytes.map(|b| decode(what, &b)).transpose()
}

fn encode(doc: &Document) -> Result<Vec<u8>, Error> {
    doc.to_vec().map_err(|e| Error { code: "Backend".into(), message: format!("could not encode a document: {e}") })
}

fn encode_id(id: Bson) -> Result<Vec<u8>, Error> {
    encode(&doc! { "_id": id })
}

fn encode_all(docs: &[Document]) -> Result<Vec<Vec<u8>>, Error> {
    docs.iter().map(encode).collect()
}

impl State {
    /// The app's database, for one import call.
    fn database(&self) -> Result<Arc<dyn Database>, Error> {
        Ok(self.ctx().bindings().database().map_err(db_error)?.clone())
    }
}

impl Host for State {
    async fn find(
        &mut self,
        collection: String,
        filter: Vec<u8>,
        options: WitFindOptions,
    ) -> Result<Vec<Vec<u8>>, Error> {
        let db = self.database()?;
        let options = FindOptions {
            projection: decode_opt("projection", options.projection)?,
            sort: decode_opt("sort", options.sort)?,
            skip: options.skip.unwrap_or(0),
            limit: options.limit,
        };
        let docs = db.find(&collection, decode("filter", &filter)?, options).await.map_err(db_error)?;
        encode_all(&docs)
    }

    async fn find_one(&mut self, collection: String, filter: Vec<u8>) -> Result<Option<Vec<u8>>, Error> {
        let db = self.database()?;
        let found = db.find_one(&collection, decode("filter", &filter)?, FindOptions::default()).await;
        found.map_err(db_error)?.as_ref().map(encode).transpose()
    }

    async fn insert_one(&mut self, collection: String, document: Vec<u8>) -> Result<Vec<u8>, Error> {
        let db = self.database()?;
        let id = db.insert_one(&collection, decode("document", &document)?).await.map_err(db_error)?;
        encode_id(id)
    }

    async fn insert_many(&mut self, collection: String, documents: Vec<Vec<u8>>) -> Result<Vec<Vec<u8>>, Error> {
        let db = self.database()?;
        let docs = documents.iter().map(|d| decode("document", d)).collect::<Result<Vec<_>, _>>()?;
        let ids = db.insert_many(&collection, docs).await.map_err(db_error)?;
        ids.into_iter().map(encode_id).collect()
    }

    async fn update(
        &mut self,
        collection: String,
        filter: Vec<u8>,
        update: Vec<u8>,
        multi: bool,
        upsert: bool,
    ) -> Result<UpdateResult, Error> {
        let db = self.database()?;
        let (filter, update) = (decode("filter", &filter)?, decode("update", &update)?);
        let r = db.update(&collection, filter, update, UpdateOptions { multi, upsert }).await.map_err(db_error)?;
        Ok(UpdateResult {
            matched: r.matched,
            modified: r.modified,
            upserted_id: r.upserted_id.map(encode_id).transpose()?,
        })
    }

    async fn delete(&mut self, collection: String, filter: Vec<u8>, multi: bool) -> Result<u64, Error> {
        let db = self.database()?;
        db.delete(&collection, decode("filter", &filter)?, multi).await.map_err(db_error)
    }

    async fn count(&mut self, collection: String, filter: Vec<u8>) -> Result<u64, Error> {
        let db = self.database()?;
        db.count(&collection, decode("filter", &filter)?).await.map_err(db_error)
    }

    async fn aggregate(&mut self, collection: String, pipeline: Vec<u8>) -> Result<Vec<Vec<u8>>, Error> {
        let db = self.database()?;
        let bad = |m: &str| Error { code: "BadValue".into(), message: m.into() };
        let mut wrapper = decode("pipeline", &pipeline)?;
        let stages = match wrapper.remove("pipeline") {
            Some(Bson::Array(stages)) => stages,
            _ => return Err(bad("the pipeline must be a document { pipeline: [stage, ...] }")),
        };
        let stages = stages
            .into_iter()
            .map(|s| match s {
                Bson::Document(d) => Ok(d),
                _ => Err(bad("each pipeline stage must be a document")),
            })
            .collect::<Result<Vec<_>, _>>()?;
        let docs = db.aggregate(&collection, stages).await.map_err(db_error)?;
        encode_all(&docs)
    }
}
