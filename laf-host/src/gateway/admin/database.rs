//! The app's database through the admin API, for the console's database browser (and scripts).
//! Documents travel as MongoDB Extended JSON (relaxed: `{"$oid": …}`, `{"$date": …}`), so an
//! ObjectId or a date survives the round trip.
//!
//! - `GET …/database/collections`: `[{name, count}]`
//! - `GET …/database/collections/{name}/documents?filter=&sort=&skip=&limit=`: `{documents,
//!   total}` (`filter` and `sort` are JSON; `limit` 1–1000, 50 by default)
//! - `POST …/database/collections/{name}/documents`: insert one; answers `{insertedId}`
//! - `PUT|DELETE …/database/collections/{name}/documents/{id}`: replace (the body, without `_id`)
//!   or delete the document whose `_id` is `id` (24 hex digits are an ObjectId, else a string)
//! - `GET|POST …/database/collections/{name}/indexes`, `DELETE …/indexes/{index}`: list, create
//!   `{keys, unique?, name?}`, drop

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Path, Query, Request, State};
use axum::routing::{delete, get, put};
use bson::{Bson, Document, doc, oid::ObjectId};
use http::{HeaderMap, StatusCode};
use serde_json::{Map, Value, json};

use super::{ApiError, ApiResult, app_of, authorize, bad, json_object, ok};
use crate::bindings::database::{Database, DbError, FindOptions, IndexOptions};
use crate::host::Host;

/// The database browser's routes.
pub(super) fn routes() -> Router<Host> {
    let base = "/_/api/apps/{app}/database/collections";
    Router::new()
        .route(base, get(collections))
        .route(&format!("{base}/{{name}}/documents"), get(documents).post(insert))
        .route(&format!("{base}/{{name}}/documents/{{id}}"), put(replace).delete(remove))
        .route(&format!("{base}/{{name}}/indexes"), get(indexes).post(create_index))
        .route(&format!("{base}/{{name}}/indexes/{{index}}"), delete(drop_index))
}

fn db_error(e: DbError) -> ApiError {
    let status = match e {
        DbError::Backend(_) => StatusCode::BAD_GATEWAY,
        DbError::Unsupported(_) => StatusCode::NOT_IMPLEMENTED,
        DbError::DuplicateKey(_) => StatusCode::CONFLICT,
        _ => StatusCode::BAD_REQUEST,
    };
    ApiError(status, format!("{}: {e}", e.name()), None)
}

fn database(host: &Host, headers: &HeaderMap, id: &str) -> Result<std::sync::Arc<dyn Database>, ApiError> {
    authorize(host, headers)?;
    let app = app_of(host, id)?;
    app.bindings().database().cloned().map_err(db_error)
}

/// A JSON object of Extended JSON as a BSON document.
fn document_of(value: Value, field: &str) -> Result<Document, ApiError> {
    match Bson::try_from(value) {
        Ok(Bson::Document(d)) => Ok(d),
        Ok(_) => Err(bad(field, format!("{field} must be a JSON object"))),
        Err(e) => Err(bad(field, format!("{field} is not valid Extended JSON: {e}"))),
    }
}

fn json_of(document: Document) -> Value {
    Bson::Document(document).into_relaxed_extjson()
}

/// `_id` as the path gives it: 24 hex digits are an ObjectId, anything else a string.
fn id_of(id: &str) -> Bson {
    match ObjectId::parse_str(id) {
        Ok(oid) => Bson::ObjectId(oid),
        Err(_) => Bson::String(id.to_owned()),
    }
}

async fn collections(State(host): State<Host>, headers: HeaderMap, Path(id): Path<String>) -> ApiResult {
    let db = database(&host, &headers, &id)?;
    let mut out = Vec::new();
    for name in db.list_collections().await.map_err(db_error)? {
        let count = db.count(&name, Document::new()).await.map_err(db_error)?;
        out.push(json!({ "name": name, "count": count }));
    }
    ok(Value::Array(out))
}

async fn documents(
    State(host): State<Host>,
    headers: HeaderMap,
    Path((id, name)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult {
    let db = database(&host, &headers, &id)?;
    let parse = |field: &str| -> Result<Option<Document>, ApiError> {
        match query.get(field).filter(|s| !s.trim().is_empty()) {
            None => Ok(None),
            Some(text) => {
                let value: Value =
                    serde_json::from_str(text).map_err(|e| bad(field, format!("{field} is not JSON: {e}")))?;
                document_of(value, field).map(Some)
            }
        }
    };
    let filter = parse("filter")?.unwrap_or_default();
    let sort = parse("sort")?;
    let number = |field: &str, default: u64| -> Result<u64, ApiError> {
        query.get(field).map_or(Ok(default), |s| s.parse().map_err(|_| bad(field, format!("{field} is a number"))))
    };
    let skip = number("skip", 0)?;
    let limit = number("limit", 50)?;
    if !(1..=1000).contains(&limit) {
        return Err(bad("limit", "limit is 1 to 1000"));
    }
    let total = db.count(&name, filter.clone()).await.map_err(db_error)?;
    let options =
        FindOptions { projection: None, sort: sort.or_else(|| Some(doc! { "_id": 1 })), skip, limit: Some(limit) };
    let found = db.find(&name, filter, options).await.map_err(db_error)?;
    ok(json!({ "documents": found.into_iter().map(json_of).collect::<Vec<_>>(), "total": total }))
}

async fn insert(State(host): State<Host>, Path((id, name)): Path<(String, String)>, request: Request) -> ApiResult {
    let db = database(&host, request.headers(), &id)?;
    let body = json_object(request, 16 << 20).await?;
    let inserted = db.insert_one(&name, document_of(Value::Object(body), "document")?).await.map_err(db_error)?;
    let mut response = ok(json!({ "insertedId": inserted.into_relaxed_extjson() }))?;
    *response.status_mut() = StatusCode::CREATED;
    Ok(response)
}

async fn replace(
    State(host): State<Host>,
    Path((id, name, doc_id)): Path<(String, String, String)>,
    request: Request,
) -> ApiResult {
    let db = database(&host, request.headers(), &id)?;
    let mut body: Map<String, Value> = json_object(request, 16 << 20).await?;
    body.remove("_id");
    let replacement = document_of(Value::Object(body), "document")?;
    let result = db.replace_one(&name, doc! { "_id": id_of(&doc_id) }, replacement, false).await.map_err(db_error)?;
    if result.matched == 0 {
        return Err(ApiError(StatusCode::NOT_FOUND, format!("no document with _id {doc_id:?} in {name:?}"), None));
    }
    ok(json!({ "matched": result.matched, "modified": result.modified }))
}

async fn remove(
    State(host): State<Host>,
    headers: HeaderMap,
    Path((id, name, doc_id)): Path<(String, String, String)>,
) -> ApiResult {
    let db = database(&host, &headers, &id)?;
    let deleted = db.delete(&name, doc! { "_id": id_of(&doc_id) }, false).await.map_err(db_error)?;
    if deleted == 0 {
        return Err(ApiError(StatusCode::NOT_FOUND, format!("no document with _id {doc_id:?} in {name:?}"), None));
    }
    ok(json!({ "deleted": deleted }))
}

async fn indexes(State(host): State<Host>, headers: HeaderMap, Path((id, name)): Path<(String, String)>) -> ApiResult {
    let db = database(&host, &headers, &id)?;
    let list = db.list_indexes(&name).await.map_err(db_error)?;
    ok(Value::Array(list.into_iter().map(json_of).collect()))
}

async fn create_index(
    State(host): State<Host>,
    Path((id, name)): Path<(String, String)>,
    request: Request,
) -> ApiResult {
    let db = database(&host, request.headers(), &id)?;
    let mut body = json_object(request, 1 << 20).await?;
    let keys = document_of(body.remove("keys").unwrap_or(Value::Null), "keys")?;
    let unique = match body.get("unique") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(bad("unique", "unique is true or false")),
    };
    let index_name = match body.get("name") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(bad("name", "name is a string")),
    };
    let options = IndexOptions { unique, name: index_name };
    let created = db.create_index(&name, keys, options).await.map_err(db_error)?;
    let mut response = ok(json!({ "name": created }))?;
    *response.status_mut() = StatusCode::CREATED;
    Ok(response)
}

async fn drop_index(
    State(host): State<Host>,
    headers: HeaderMap,
    Path((id, name, index)): Path<(String, String, String)>,
) -> ApiResult {
    let db = database(&host, &headers, &id)?;
    db.drop_index(&name, &index).await.map_err(db_error)?;
    ok(json!({ "dropped": index }))
}
