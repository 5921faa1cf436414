//! `db.*`: the app's database, in the MongoDB driver's vocabulary.

use bson::{Bson, Document, doc};

use super::CallError;
use super::args::{count, doc, doc_list, docs, flag, opt_doc, opt_str, str};
use crate::bindings::database::{FindOneAndUpdateOptions, FindOptions, IndexOptions, UpdateOptions, UpdateResult};
use crate::context::FunctionContext;

fn find_options(a: &Document) -> Result<FindOptions, CallError> {
    Ok(FindOptions {
        projection: opt_doc(a, "projection")?,
        sort: opt_doc(a, "sort")?,
        skip: count(a, "skip")?.unwrap_or(0),
        // As the driver: a limit of 0 is no limit.
        limit: count(a, "limit")?.filter(|n| *n > 0),
    })
}

fn update_result(r: UpdateResult) -> Bson {
    let mut out = doc! { "matched": r.matched as i64, "modified": r.modified as i64 };
    if let Some(id) = r.upserted_id {
        out.insert("upserted_id", id);
    }
    Bson::Document(out)
}

/// Serves `db.<op>`.
pub(super) async fn serve(ctx: &FunctionContext, op: &str, a: &Document) -> Result<Bson, CallError> {
    let db = ctx.bindings().database()?.clone();
    if op == "list_collections" {
        let names = db.list_collections().await?;
        return Ok(Bson::Array(names.into_iter().map(Bson::String).collect()));
    }
    let coll = str(a, "coll")?;
    Ok(match op {
        "find" => docs(db.find(coll, doc(a, "filter")?, find_options(a)?).await?),
        "find_one" => {
            let found = db.find_one(coll, doc(a, "filter")?, find_options(a)?).await?;
            found.map_or(Bson::Null, Bson::Document)
        }
        "insert_one" => db.insert_one(coll, doc(a, "doc")?).await?,
        "insert_many" => Bson::Array(db.insert_many(coll, doc_list(a, "docs")?).await?),
        "update" => {
            let options = UpdateOptions { multi: flag(a, "multi")?, upsert: flag(a, "upsert")? };
            update_result(db.update(coll, doc(a, "filter")?, doc(a, "update")?, options).await?)
        }
        "replace_one" => {
            update_result(db.replace_one(coll, doc(a, "filter")?, doc(a, "doc")?, flag(a, "upsert")?).await?)
        }
        "delete" => Bson::Int64(db.delete(coll, doc(a, "filter")?, flag(a, "multi")?).await? as i64),
        "count" => Bson::Int64(db.count(coll, doc(a, "filter")?).await? as i64),
        "distinct" => Bson::Array(db.distinct(coll, str(a, "key")?, doc(a, "filter")?).await?),
        "aggregate" => docs(db.aggregate(coll, doc_list(a, "pipeline")?).await?),
        "find_one_and_update" => {
            let options = FindOneAndUpdateOptions {
                sort: opt_doc(a, "sort")?,
                projection: opt_doc(a, "projection")?,
                upsert: flag(a, "upsert")?,
                return_new: flag(a, "return_new")?,
            };
            let found = db.find_one_and_update(coll, doc(a, "filter")?, doc(a, "update")?, options).await?;
            found.map_or(Bson::Null, Bson::Document)
        }
        "create_index" => {
            let options = IndexOptions { name: opt_str(a, "name")?, unique: flag(a, "unique")? };
            Bson::String(db.create_index(coll, doc(a, "keys")?, options).await?)
        }
        "drop_index" => {
            db.drop_index(coll, str(a, "name")?).await?;
            Bson::Null
        }
        "list_indexes" => docs(db.list_indexes(coll).await?),
        "drop" => Bson::Boolean(db.drop_collection(coll).await?),
        _ => return Err(CallError::unsupported("database call", op)),
    })
}
