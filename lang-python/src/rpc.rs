//! The host side of a worker's calls: sources and imports of functions, the database, storage and
//! the shared store, each scoped to the calling function's app.

use std::time::Duration;

use bson::spec::BinarySubtype;
use bson::{Binary, Bson, Document, doc};
use futures_util::StreamExt;
use laf_host::bindings::database::{DbError, FindOneAndUpdateOptions, FindOptions, IndexOptions, UpdateOptions};
use laf_host::bindings::storage::{ListOptions, PresignMethod, PutBody, PutOptions, StorageError};
use laf_host::bindings::token;
use laf_host::response::response_data;
use laf_host::{FunctionContext, ResponseData, SocketEvent};

use crate::pool::Worker;
use crate::{PythonFunction, published};

/// An error answered to the worker, raised there as `laf.LafError(code, message)`.
pub(crate) struct RpcError {
    code: String,
    message: String,
}

impl RpcError {
    fn new(code: &str, message: impl Into<String>) -> RpcError {
        RpcError { code: code.into(), message: message.into() }
    }

    fn bad(message: impl Into<String>) -> RpcError {
        RpcError::new("BadValue", message)
    }
}

impl From<DbError> for RpcError {
    fn from(e: DbError) -> RpcError {
        RpcError::new(e.name(), e.to_string())
    }
}

impl From<StorageError> for RpcError {
    fn from(e: StorageError) -> RpcError {
        RpcError::new(e.code(), e.to_string())
    }
}

/// The reply frame for a call's outcome.
pub(crate) fn reply(result: Result<Bson, RpcError>) -> Document {
    match result {
        Ok(v) => doc! { "t": "reply", "ok": v },
        Err(e) => doc! { "t": "reply", "err": { "code": e.code, "message": e.message } },
    }
}

fn str_arg<'a>(args: &'a Document, key: &str) -> Result<&'a str, RpcError> {
    args.get_str(key).map_err(|_| RpcError::bad(format!("`{key}` must be a string")))
}

fn doc_arg(args: &Document, key: &str) -> Result<Document, RpcError> {
    match args.get(key) {
        Some(Bson::Document(d)) => Ok(d.clone()),
        None | Some(Bson::Null) => Ok(Document::new()),
        Some(_) => Err(RpcError::bad(format!("`{key}` must be a dict"))),
    }
}

fn opt_doc(args: &Document, key: &str) -> Result<Option<Document>, RpcError> {
    match args.get(key) {
        None | Some(Bson::Null) => Ok(None),
        Some(Bson::Document(d)) => Ok(Some(d.clone())),
        Some(_) => Err(RpcError::bad(format!("`{key}` must be a dict"))),
    }
}

fn bool_arg(args: &Document, key: &str) -> bool {
    args.get_bool(key).unwrap_or(false)
}

fn u64_arg(args: &Document, key: &str) -> Result<Option<u64>, RpcError> {
    let n = match args.get(key) {
        None | Some(Bson::Null) => return Ok(None),
        Some(Bson::Int32(n)) => i64::from(*n),
        Some(Bson::Int64(n)) => *n,
        Some(_) => return Err(RpcError::bad(format!("`{key}` must be an int"))),
    };
    u64::try_from(n).map(Some).map_err(|_| RpcError::bad(format!("`{key}` must not be negative")))
}

/// A list of dicts (documents to insert, pipeline stages).
fn doc_list(args: &Document, key: &str) -> Result<Vec<Document>, RpcError> {
    let bad = || RpcError::bad(format!("`{key}` must be a list of dicts"));
    let Some(Bson::Array(items)) = args.get(key) else {
        return Err(bad());
    };
    items
        .iter()
        .map(|d| match d {
            Bson::Document(d) => Ok(d.clone()),
            _ => Err(bad()),
        })
        .collect()
}

fn docs(docs: Vec<Document>) -> Bson {
    Bson::Array(docs.into_iter().map(Bson::Document).collect())
}

/// Serves one call frame of `f`'s invocation on `worker`.
pub(crate) async fn serve(
    f: &PythonFunction,
    ctx: &FunctionContext,
    worker: &mut Worker,
    frame: &Document,
) -> Result<Bson, RpcError> {
    let op = str_arg(frame, "op")?;
    if let Some(op) = op.strip_prefix("db.") {
        return database(ctx, op, frame).await;
    }
    if let Some(op) = op.strip_prefix("storage.") {
        return storage(f, ctx, op, frame).await;
    }
    if let Some(op) = op.strip_prefix("shared.") {
        return shared(ctx, op, frame);
    }
    if let Some(op) = op.strip_prefix("token.") {
        return token(ctx, op, frame);
    }
    if let Some(op) = op.strip_prefix("ws.") {
        return sockets(ctx, op, frame);
    }
    match op {
        "source" => source(f, ctx, worker, frame),
        "import" => import(ctx, worker, frame),
        "invoke" => invoke(ctx, frame).await,
        "next" => next(ctx, worker, frame).await,
        _ => Err(RpcError::new("Unsupported", format!("unknown call {op:?}"))),
    }
}

/// The code of the function being run (or of another version still being called).
fn source(f: &PythonFunction, ctx: &FunctionContext, worker: &mut Worker, frame: &Document) -> Result<Bson, RpcError> {
    let name = str_arg(frame, "name")?;
    let generation = u64_arg(frame, "gen")?.unwrap_or(0);
    let found = if *f.name == *name && f.generation == generation {
        Some((f.filename.clone(), f.code.clone()))
    } else {
        published(ctx, name, |p| (p.generation == generation).then(|| (p.filename.clone(), p.code.clone()))).flatten()
    };
    let (filename, code) =
        found.ok_or_else(|| RpcError::new("NotFound", format!("no version {generation} of {name}")))?;
    worker.known.insert(name.into(), generation);
    Ok(Bson::Document(doc! { "filename": &*filename, "code": &*code }))
}

/// `import functions.<name>`: the published function, a namespace (`functions.api` when `api/user`
/// exists), or nothing.
fn import(ctx: &FunctionContext, worker: &mut Worker, frame: &Document) -> Result<Bson, RpcError> {
    let name = str_arg(frame, "name")?;
    if let Some(function) = ctx.app.function(name) {
        let Some(py) = function.loaded_as::<PythonFunction>() else {
            return Err(RpcError::new(
                "ImportError",
                format!(
                    "'{name}' is a {} function; only Python functions can be imported (call others with cloud.invoke)",
                    function.language
                ),
            ));
        };
        worker.known.insert(name.into(), py.generation);
        return Ok(Bson::Document(doc! { "gen": py.generation as i64, "filename": &*py.filename, "code": &*py.code }));
    }
    let prefix = format!("{name}/");
    if ctx.app.functions().iter().any(|f| f.name.starts_with(&prefix)) {
        return Ok(Bson::Document(doc! { "package": true }));
    }
    Ok(Bson::Null)
}

async fn database(ctx: &FunctionContext, op: &str, a: &Document) -> Result<Bson, RpcError> {
    let db = ctx.bindings().database()?.clone();
    if op == "list_collections" {
        let names = db.list_collections().await?;
        return Ok(Bson::Array(names.into_iter().map(Bson::String).collect()));
    }
    let coll = str_arg(a, "coll")?;
    Ok(match op {
        "find" => {
            let options = FindOptions {
                projection: opt_doc(a, "projection")?,
                sort: opt_doc(a, "sort")?,
                skip: u64_arg(a, "skip")?.unwrap_or(0),
                limit: u64_arg(a, "limit")?.filter(|n| *n > 0),
            };
            docs(db.find(coll, doc_arg(a, "filter")?, options).await?)
        }
        "insert_one" => db.insert_one(coll, doc_arg(a, "doc")?).await?,
        "insert_many" => Bson::Array(db.insert_many(coll, doc_list(a, "docs")?).await?),
        "update" | "replace_one" => {
            let filter = doc_arg(a, "filter")?;
            let upsert = bool_arg(a, "upsert");
            let r = if op == "update" {
                let options = UpdateOptions { multi: bool_arg(a, "multi"), upsert };
                db.update(coll, filter, doc_arg(a, "update")?, options).await?
            } else {
                db.replace_one(coll, filter, doc_arg(a, "doc")?, upsert).await?
            };
            let mut out = doc! { "matched": r.matched as i64, "modified": r.modified as i64 };
            if let Some(id) = r.upserted_id {
                out.insert("upserted_id", id);
            }
            Bson::Document(out)
        }
        "delete" => Bson::Int64(db.delete(coll, doc_arg(a, "filter")?, bool_arg(a, "multi")).await? as i64),
        "count" => Bson::Int64(db.count(coll, doc_arg(a, "filter")?).await? as i64),
        "distinct" => Bson::Array(db.distinct(coll, str_arg(a, "key")?, doc_arg(a, "filter")?).await?),
        "aggregate" => docs(db.aggregate(coll, doc_list(a, "pipeline")?).await?),
        "find_one_and_update" => {
            let options = FindOneAndUpdateOptions {
                sort: opt_doc(a, "sort")?,
                projection: opt_doc(a, "projection")?,
                upsert: bool_arg(a, "upsert"),
                return_new: bool_arg(a, "return_new"),
            };
            let found = db.find_one_and_update(coll, doc_arg(a, "filter")?, doc_arg(a, "update")?, options).await?;
            found.map_or(Bson::Null, Bson::Document)
        }
        "create_index" => {
            let options =
                IndexOptions { name: a.get_str("name").ok().map(str::to_owned), unique: bool_arg(a, "unique") };
            Bson::String(db.create_index(coll, doc_arg(a, "keys")?, options).await?)
        }
        "drop_index" => {
            db.drop_index(coll, str_arg(a, "name")?).await?;
            Bson::Null
        }
        "list_indexes" => docs(db.list_indexes(coll).await?),
        "drop" => Bson::Boolean(db.drop_collection(coll).await?),
        _ => return Err(RpcError::new("Unsupported", format!("unknown database call {op:?}"))),
    })
}

async fn storage(f: &PythonFunction, ctx: &FunctionContext, op: &str, a: &Document) -> Result<Bson, RpcError> {
    let storage = ctx.bindings().storage()?.clone();
    let bucket = str_arg(a, "bucket")?;
    Ok(match op {
        "write" => {
            let content_type = a.get_str("content_type").ok().map(str::to_owned);
            let body = match (a.get("body"), u64_arg(a, "upload")?) {
                (Some(Bson::Binary(b)), _) => PutBody::Bytes(b.bytes.clone().into()),
                (_, Some(index)) => {
                    // Only a file uploaded with this very call, streamed from where the gateway put it.
                    let file = ctx
                        .files
                        .get(index as usize)
                        .ok_or_else(|| RpcError::bad(format!("no uploaded file #{index} in this call")))?;
                    PutBody::from_path(&file.path).await.map_err(|e| RpcError::new("InternalError", e.to_string()))?
                }
                _ => return Err(RpcError::bad("write_file needs a body")),
            };
            let options = PutOptions { content_type, ..Default::default() };
            let put = storage.put_object(bucket, str_arg(a, "key")?, body, options).await?;
            Bson::Document(doc! { "etag": put.etag })
        }
        "read" => {
            let object = storage.get_object(bucket, str_arg(a, "key")?, None).await?;
            // The worker holds it twice (its read buffer, then Python's bytes): better a clear error
            // than a worker killed by its memory limit.
            let cap = if f.memory_limit > 0 { f.memory_limit / 4 } else { crate::frame::MAX_FRAME as u64 / 2 };
            if object.meta.size > cap {
                return Err(RpcError::new(
                    "EntityTooLarge",
                    format!(
                        "the object has {} bytes, more than a quarter of the worker's memory limit",
                        object.meta.size
                    ),
                ));
            }
            let mut body = Vec::with_capacity(object.meta.size as usize);
            let mut stream = object.body;
            while let Some(chunk) = stream.next().await {
                body.extend_from_slice(&chunk.map_err(|e| RpcError::new("InternalError", e.to_string()))?);
            }
            let mut out = doc! { "body": bson::Binary { subtype: bson::spec::BinarySubtype::Generic, bytes: body } };
            if let Some(ct) = object.meta.content_type {
                out.insert("content_type", ct);
            }
            out.insert("etag", object.meta.etag);
            Bson::Document(out)
        }
        "delete" => {
            storage.delete_object(bucket, str_arg(a, "key")?).await?;
            Bson::Null
        }
        "list" => {
            let options = ListOptions {
                prefix: a.get_str("prefix").ok().map(str::to_owned),
                delimiter: a.get_str("delimiter").ok().map(str::to_owned),
                max_keys: u64_arg(a, "max_keys")?.map(|n| n.min(u64::from(u32::MAX)) as u32),
                continuation_token: a.get_str("continuation_token").ok().map(str::to_owned),
                start_after: None,
            };
            let page = storage.list_objects(bucket, &options).await?;
            let contents: Vec<Bson> = page
                .objects
                .into_iter()
                .map(|o| Bson::Document(doc! { "Key": o.key, "Size": o.size as i64, "ETag": o.etag }))
                .collect();
            let prefixes: Vec<Bson> =
                page.common_prefixes.into_iter().map(|p| Bson::Document(doc! { "Prefix": p })).collect();
            let mut out = doc! {
                "KeyCount": (contents.len() + prefixes.len()) as i64,
                "IsTruncated": page.next_continuation_token.is_some(),
                "Contents": contents,
                "CommonPrefixes": prefixes,
            };
            if let Some(t) = page.next_continuation_token {
                out.insert("NextContinuationToken", t);
            }
            Bson::Document(out)
        }
        "presign" => {
            let method = match a.get_str("method") {
                Ok("PUT") => PresignMethod::Put,
                _ => PresignMethod::Get,
            };
            let expires = Duration::from_secs(u64_arg(a, "expires")?.unwrap_or(3600));
            Bson::String(storage.presign(method, bucket, str_arg(a, "key")?, expires).await?)
        }
        "external_url" => Bson::String(storage.external_url(bucket, str_arg(a, "key")?)?),
        _ => return Err(RpcError::new("Unsupported", format!("unknown storage call {op:?}"))),
    })
}

/// `ctx.params` of a WebSocket event (a message's data as `str` or `bytes`).
pub(crate) fn event_params(event: &SocketEvent) -> Bson {
    match event {
        SocketEvent::Connection => Bson::Null,
        SocketEvent::Message { data, binary: false } => {
            Bson::Document(doc! { "data": String::from_utf8_lossy(data).into_owned(), "isBinary": false })
        }
        SocketEvent::Message { data, binary: true } => Bson::Document(
            doc! { "data": Binary { subtype: BinarySubtype::Generic, bytes: data.to_vec() }, "isBinary": true },
        ),
        SocketEvent::Close { code, reason } => Bson::Document(doc! { "code": i32::from(*code), "reason": reason }),
        SocketEvent::Error(message) => Bson::Document(doc! { "message": message }),
    }
}

/// `ctx.socket.send/close` and `cloud.sockets`: the app's sockets by id.
fn sockets(ctx: &FunctionContext, op: &str, a: &Document) -> Result<Bson, RpcError> {
    if op == "list" {
        return Ok(Bson::Array(ctx.app.sockets().iter().map(|s| Bson::Int64(s.id() as i64)).collect()));
    }
    let id = u64_arg(a, "id")?.ok_or_else(|| RpcError::bad("a socket id is needed"))?;
    let Some(socket) = ctx.app.socket(id) else {
        return Ok(Bson::Boolean(false));
    };
    Ok(match op {
        "send" => Bson::Boolean(match a.get("data") {
            Some(Bson::String(s)) => socket.send_text(s.clone()),
            Some(Bson::Binary(b)) => socket.send_binary(b.bytes.clone().into()),
            _ => return Err(RpcError::bad("send takes a str or bytes")),
        }),
        "close" => {
            let code = u64_arg(a, "code")?.and_then(|c| u16::try_from(c).ok());
            socket.close(code, a.get_str("reason").unwrap_or(""));
            Bson::Boolean(true)
        }
        "open" => Bson::Boolean(socket.is_open()),
        _ => return Err(RpcError::new("Unsupported", format!("unknown socket call {op:?}"))),
    })
}

/// Another function's answer as data: JSON as Python values, text as `str`, bytes as `bytes`.
fn data_bson(data: ResponseData) -> Bson {
    match data {
        ResponseData::Empty => Bson::Null,
        ResponseData::Json(v) => Bson::try_from(v).unwrap_or(Bson::Null),
        ResponseData::Text(t) => Bson::String(t),
        ResponseData::Bytes(b) => Bson::Binary(Binary { subtype: BinarySubtype::Generic, bytes: b.to_vec() }),
    }
}

/// `cloud.invoke(name, param)`: another function of the app, in any language. It needs a free
/// worker of its own when it is Python too.
async fn invoke(ctx: &FunctionContext, a: &Document) -> Result<Bson, RpcError> {
    let name = str_arg(a, "name")?;
    let param = match a.get("param") {
        None | Some(Bson::Null) => None,
        Some(p) => Some(p.clone().into_relaxed_extjson()),
    };
    let response = ctx
        .app
        .invoke_from(ctx, name, param.as_ref())
        .await
        .map_err(|e| RpcError::new("InvokeError", format!("cloud.invoke({name:?}) failed: {e}")))?;
    let (response, data) = response_data(response).await;
    if response.status.is_server_error() {
        let message = format!("cloud.invoke({name:?}) answered {}: {}", response.status.as_u16(), data.to_json());
        return Err(RpcError::new("InvokeError", message));
    }
    Ok(data_bson(data))
}

/// The interceptor's `next(ctx)`: runs the function the request was for.
async fn next(ctx: &FunctionContext, worker: &mut Worker, a: &Document) -> Result<Bson, RpcError> {
    let Some(next) = ctx.next() else {
        return Err(RpcError::bad("next() is given to __interceptor__ only"));
    };
    let changes = match a.get("param") {
        None | Some(Bson::Null) => None,
        Some(p) => Some(p.clone().into_relaxed_extjson()),
    };
    let (response, data) = response_data(next.run_with(changes.as_ref()).await).await;
    worker.kept = Some(response);
    Ok(data_bson(data))
}

/// `cloud.get_token` / `cloud.parse_token`, with the app's `SERVER_SECRET` by default.
fn token(ctx: &FunctionContext, op: &str, a: &Document) -> Result<Bson, RpcError> {
    let env = ctx.env();
    let given = match a.get("secret") {
        None | Some(Bson::Null) => None,
        Some(Bson::String(s)) => Some(s.as_str()),
        Some(_) => return Err(RpcError::bad("the secret must be a str")),
    };
    let secret = token::secret(given, &env).map_err(|e| RpcError::new("NoSecret", e.to_string()))?;
    match op {
        "sign" => {
            let payload = match a.get("payload") {
                Some(Bson::Document(d)) => Bson::Document(d.clone()).into_relaxed_extjson(),
                _ => return Err(RpcError::bad("the payload must be a dict")),
            };
            Ok(Bson::String(token::sign(&payload, secret).map_err(|e| RpcError::bad(e.to_string()))?))
        }
        "parse" => {
            let Some(claims) = token::parse(str_arg(a, "token")?, secret) else {
                return Ok(Bson::Null);
            };
            Bson::try_from(claims).map_err(|e| RpcError::bad(format!("the token's payload: {e}")))
        }
        _ => Err(RpcError::new("Unsupported", format!("unknown token call {op:?}"))),
    }
}

fn shared(ctx: &FunctionContext, op: &str, a: &Document) -> Result<Bson, RpcError> {
    let store = &ctx.bindings().shared;
    Ok(match op {
        "get" => store.get(str_arg(a, "key")?).map_or(Bson::Null, |v| Bson::String(v.to_string())),
        "set" => {
            let value = str_arg(a, "value")?;
            store.set(str_arg(a, "key")?, value);
            Bson::Null
        }
        "has" => Bson::Boolean(store.has(str_arg(a, "key")?)),
        "delete" => Bson::Boolean(store.delete(str_arg(a, "key")?)),
        "keys" => Bson::Array(store.keys().into_iter().map(Bson::String).collect()),
        "clear" => {
            store.clear();
            Bson::Null
        }
        _ => return Err(RpcError::new("Unsupported", format!("unknown shared call {op:?}"))),
    })
}
