//! The database natives: one `exec(op, collection, ...args)` per bridge mode, each call one
//! promise settled by the calling app's own [`Database`].
//!
//! The app is the one whose context installed the natives (never a name from JavaScript). An
//! operation is polled once where it is called: a backend that answers without waiting (the
//! embedded engine usually does) settles the promise before the native returns, so the function
//! resumes in the same turn with no task, timer or wake-up. Otherwise the operation continues as
//! a task on the worker, bounded by the calling invocation's deadline.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::{Arc, Weak};
use std::task::{Context, Poll, Waker};
use std::time::Instant;

use laf_host::App;
use laf_host::bindings::database::bson::{Bson, Document, oid::ObjectId};
use laf_host::bindings::database::{
    Database, DbError, FindOneAndUpdateOptions, FindOptions, IndexOptions, UpdateOptions, UpdateResult,
    validate_collection_name,
};
use rquickjs::function::{Opt, Rest};
use rquickjs::{Ctx, Exception, Function, Object, Persistent, Symbol, Value, qjs};

use super::State;
use super::bridge::Bridge;

type R<T> = rquickjs::Result<T>;

const DBQL_SOURCE: &str = include_str!("../js/database.js");
const MONGO_SOURCE: &str = include_str!("../js/mongo.js");

// Operation codes, mirrored by `OP` in js/mongo.js.
const FIND: u8 = 0;
const FIND_ONE: u8 = 1;
const INSERT_ONE: u8 = 2;
const INSERT_MANY: u8 = 3;
const UPDATE: u8 = 4;
const REPLACE_ONE: u8 = 5;
const DELETE: u8 = 6;
const COUNT: u8 = 7;
const DISTINCT: u8 = 8;
const AGGREGATE: u8 = 9;
const FIND_ONE_AND_UPDATE: u8 = 10;
const CREATE_INDEX: u8 = 11;
const DROP_INDEX: u8 = 12;
const LIST_INDEXES: u8 = 13;
const LIST_COLLECTIONS: u8 = 14;
const DROP_COLLECTION: u8 = 15;

/// What an operation answers, before it becomes a JavaScript value.
enum Out {
    Docs(Vec<Document>),
    Doc(Option<Document>),
    Value(Bson),
    Values(Vec<Bson>),
    // [matched, modified, upsertedId | null]
    Update(UpdateResult),
    Count(u64),
    Name(String),
    Names(Vec<String>),
    Bool(bool),
    Unit,
}

type Op = Pin<Box<dyn Future<Output = Result<Out, DbError>>>>;

/// Per app context: which app, and the bootstrap's ObjectId class once it registered it.
struct DbEnv {
    st: Rc<State>,
    app: Weak<App>,
    app_id: Rc<str>,
    owner: usize,
    oid: RefCell<Option<(Persistent<Object<'static>>, Persistent<Symbol<'static>>)>>,
}

impl DbEnv {
    fn bridge<'js>(&self, cx: &Ctx<'js>, drop_undefined: bool) -> R<Bridge<'js>> {
        let (proto, key) = self
            .oid
            .borrow()
            .clone()
            .ok_or_else(|| Exception::throw_internal(cx, "the ObjectId class is not registered"))?;
        Ok(Bridge::new(cx.clone(), proto.restore(cx)?, key.restore(cx)?, drop_undefined))
    }
}

/// Installs `oidInit`, `oidNew`, `dbLoad` and `dbExec` on the natives object `n`.
pub(crate) fn install<'js>(cx: &Ctx<'js>, n: &Object<'js>, st: &Rc<State>, app: &Arc<App>, owner: usize) -> R<()> {
    let env = Rc::new(DbEnv {
        st: st.clone(),
        app: Arc::downgrade(app),
        app_id: app.id().into(),
        owner,
        oid: RefCell::new(None),
    });
    // Kept for the app's life only: see `State::releases`.
    let held = env.clone();
    st.releases.borrow_mut().entry(owner).or_default().push(Box::new(move || drop(held.oid.take())));
    let e = env.clone();
    n.set(
        "oidInit",
        Function::new(cx.clone(), move |cx: Ctx<'js>, proto: Object<'js>, key: Symbol<'js>| {
            e.oid.replace(Some((Persistent::save(&cx, proto), Persistent::save(&cx, key))));
        })?,
    )?;
    // The driver's layout (seconds, 5 process-random bytes, counter), unique across workers.
    n.set(
        "oidNew",
        Function::new(cx.clone(), |seconds: Opt<Value<'js>>| {
            let id = ObjectId::new();
            match seconds.0.and_then(|v| v.as_number()) {
                Some(s) if s.is_finite() => {
                    let mut bytes = id.bytes();
                    bytes[..4].copy_from_slice(&(s as i64 as u32).to_be_bytes());
                    ObjectId::from_bytes(bytes).to_hex()
                }
                _ => id.to_hex(),
            }
        })?,
    )?;
    // Parsed only when a function first touches the database.
    n.set(
        "dbLoad",
        Function::new(cx.clone(), |cx: Ctx<'js>| -> R<Vec<Function<'js>>> {
            Ok(vec![cx.eval(MONGO_SOURCE)?, cx.eval(DBQL_SOURCE)?])
        })?,
    )?;
    n.set(
        "dbExec",
        Function::new(cx.clone(), move |cx: Ctx<'js>, drop_undefined: bool| -> R<Function<'js>> {
            let e = env.clone();
            Function::new(cx, move |cx: Ctx<'js>, op: u8, coll: Value<'js>, args: Rest<Value<'js>>| {
                exec(&cx, &e, drop_undefined, op, &coll, &args.0)
            })
        })?,
    )?;
    Ok(())
}

fn exec<'js>(
    cx: &Ctx<'js>,
    env: &Rc<DbEnv>,
    drop_undefined: bool,
    op: u8,
    coll: &Value<'js>,
    args: &[Value<'js>],
) -> R<Value<'js>> {
    let bridge = env.bridge(cx, drop_undefined)?;
    let db = match env.app.upgrade() {
        Some(app) => app.bindings().database().cloned(),
        None => Err(DbError::Unsupported("this app has been removed from the host".into())),
    };
    let db = match db {
        Ok(db) => db,
        Err(e) => return settled(cx, true, db_error(cx, &e)?),
    };
    let owner = env.st.entered.get();
    let deadline = env.st.deadline_for(owner);
    let op = match build(cx, &bridge, db, op, coll, args) {
        Ok(op) => op,
        // Bad input (not a document, a bad name): the caller's promise rejects with it.
        // A panic inside (rquickjs's marker instead of a value) is returned as an error.
        Err(rquickjs::Error::Exception) => return settled(cx, true, caught(cx)?),
        Err(e) => return Err(e),
    };
    let mut op = match op {
        Ok(op) => op,
        Err(e) => return settled(cx, true, db_error(cx, &e)?),
    };
    if Instant::now() >= deadline {
        let e = DbError::Backend("the invocation's deadline has passed".into());
        return settled(cx, true, db_error(cx, &e)?);
    }
    // Polled once here: a backend that answers at once gives an already settled promise (no
    // resolving functions to make and call). A later poll from the task below registers its own
    // waker, so the no-op one is never needed.
    if let Poll::Ready(result) = op.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        return match result {
            Ok(out) => match to_js(cx, &bridge, out) {
                Ok(v) => settled(cx, false, v),
                // A result JavaScript cannot hold (out of memory): the promise rejects with it.
                Err(e) => settled(cx, true, failure(cx, e)?),
            },
            Err(e) => settled(cx, true, db_error(cx, &e)?),
        };
    }
    let (promise, resolve, reject) = cx.promise()?;
    let (resolve, reject) = (Persistent::save(cx, resolve), Persistent::save(cx, reject));
    let env = env.clone();
    tokio::task::spawn_local(async move {
        let result = tokio::time::timeout_at(deadline.into(), op).await.unwrap_or_else(|_| {
            Err(DbError::Backend("the database call timed out at the invocation's deadline".into()))
        });
        let Some(app_env) = env.st.env_of(&env.app_id, env.owner) else {
            return;
        };
        app_env.context.with(|cx| {
            let r = env.st.enter(owner, || -> R<()> {
                let bridge = env.bridge(&cx, drop_undefined)?;
                settle(&cx, &bridge, &resolve.restore(&cx)?, &reject.restore(&cx)?, result)
            });
            if let Err(e) = r {
                let failure = env.st.failure(&cx, e);
                tracing::error!(target: "laf::console", app = &*env.app_id, "database completion failed: {failure}");
            }
            env.st.enter(owner, || env.st.drain_jobs(&cx));
        });
    });
    Ok(promise.into_value())
}

/// A promise already fulfilled (or rejected) with `v`.
pub(crate) fn settled<'js>(cx: &Ctx<'js>, reject: bool, v: Value<'js>) -> R<Value<'js>> {
    // SAFETY: `v` is a live value of this context (borrowed: QuickJS duplicates what it keeps);
    // the result is owned, or the exception marker.
    unsafe {
        let p = qjs::JS_NewSettledPromise(cx.as_raw().as_ptr(), reject, v.as_raw());
        if qjs::JS_IsException(p) {
            return Err(rquickjs::Error::Exception);
        }
        Ok(Value::from_raw(cx.clone(), p))
    }
}

fn settle<'js>(
    cx: &Ctx<'js>,
    bridge: &Bridge<'js>,
    resolve: &Function<'js>,
    reject: &Function<'js>,
    result: Result<Out, DbError>,
) -> R<()> {
    match result.map(|out| to_js(cx, bridge, out)) {
        Ok(Ok(v)) => resolve.call((v,)),
        // Converting the result failed: rejected with that, never left pending.
        Ok(Err(e)) => reject.call((failure(cx, e)?,)),
        Err(e) => reject.call((db_error(cx, &e)?,)),
    }
}

/// The value to reject with for a failed conversion: the pending exception, or an `Error`
/// describing a Rust-side failure.
pub(crate) fn failure<'js>(cx: &Ctx<'js>, e: rquickjs::Error) -> R<Value<'js>> {
    match e {
        rquickjs::Error::Exception => caught(cx),
        e => Ok(Exception::from_message(cx.clone(), &e.to_string())?.into_value()),
    }
}

/// The pending exception, taken. rquickjs's panic marker (an exception-tagged value) or no
/// exception at all is put back and returned as an error: a panic must keep unwinding, not
/// become a value the function could catch.
pub(crate) fn caught<'js>(cx: &Ctx<'js>) -> R<Value<'js>> {
    let v = cx.catch();
    // SAFETY: tag reads on a live value.
    let bad = unsafe { qjs::JS_IsException(v.as_raw()) || qjs::JS_IsUninitialized(v.as_raw()) };
    if bad { Err(cx.throw(v)) } else { Ok(v) }
}

fn to_js<'js>(cx: &Ctx<'js>, b: &Bridge<'js>, out: Out) -> R<Value<'js>> {
    match out {
        Out::Docs(docs) => b.to_js(Bson::Array(docs.into_iter().map(Bson::Document).collect())),
        Out::Doc(Some(d)) => Ok(b.object(d)?.into_value()),
        Out::Doc(None) => Ok(Value::new_null(cx.clone())),
        Out::Value(v) => b.to_js(v),
        Out::Values(vs) => b.to_js(Bson::Array(vs)),
        Out::Update(u) => b.to_js(Bson::Array(vec![
            Bson::Double(u.matched as f64),
            Bson::Double(u.modified as f64),
            u.upserted_id.unwrap_or(Bson::Null),
        ])),
        Out::Count(n) => Ok(Value::new_number(cx.clone(), n as f64)),
        Out::Name(s) => Ok(rquickjs::String::from_str(cx.clone(), &s)?.into_value()),
        Out::Names(names) => b.to_js(Bson::Array(names.into_iter().map(Bson::String).collect())),
        Out::Bool(v) => Ok(Value::new_bool(cx.clone(), v)),
        Out::Unit => Ok(Value::new_undefined(cx.clone())),
    }
}

/// An `Error` as the Node driver throws for a server error: the message, `code`, `codeName`.
fn db_error<'js>(cx: &Ctx<'js>, e: &DbError) -> R<Value<'js>> {
    let err = Exception::from_message(cx.clone(), &e.to_string())?;
    let obj = err.as_object();
    obj.set("name", "MongoServerError")?;
    obj.set("code", e.code())?;
    obj.set("codeName", code_name(e))?;
    obj.set("errmsg", e.to_string())?;
    Ok(err.into_value())
}

fn code_name(e: &DbError) -> &'static str {
    match e {
        DbError::UnknownOperator(_) | DbError::BadValue(_) => "BadValue",
        DbError::DuplicateKey(_) => "DuplicateKey",
        DbError::InvalidName(_) => "InvalidNamespace",
        DbError::Update(_) => "TypeMismatch",
        DbError::Unsupported(_) => "CommandNotSupported",
        DbError::Backend(_) => "InternalError",
    }
}

// Non-negative whole numbers from JavaScript (skip, limit); `undefined`/`null` give `None`.
fn count_arg<'js>(cx: &Ctx<'js>, v: Option<&Value<'js>>, what: &str) -> R<Option<u64>> {
    let Some(v) = v.filter(|v| !v.is_undefined() && !v.is_null()) else {
        return Ok(None);
    };
    match v.as_number() {
        Some(n) if n.is_finite() && n >= 0.0 => Ok(Some(n as u64)),
        _ => Err(Exception::throw_type(cx, &format!("{what} must be a non-negative number"))),
    }
}

fn bool_arg(v: Option<&Value<'_>>) -> bool {
    v.and_then(|v| v.as_bool()).unwrap_or(false)
}

fn string_arg<'js>(cx: &Ctx<'js>, v: Option<&Value<'js>>, what: &str) -> R<String> {
    match v.and_then(|v| v.as_string()) {
        Some(s) => s.to_string(),
        None => Err(Exception::throw_type(cx, &format!("{what} must be a string"))),
    }
}

/// Parses the arguments of `op` and starts it. The outer error is JavaScript's (bad input
/// thrown into the caller), the inner one the database's (a bad collection name).
fn build<'js>(
    cx: &Ctx<'js>,
    b: &Bridge<'js>,
    db: Arc<dyn Database>,
    op: u8,
    coll: &Value<'js>,
    args: &[Value<'js>],
) -> R<Result<Op, DbError>> {
    let undef = Value::new_undefined(cx.clone());
    let arg = |i: usize| args.get(i).unwrap_or(&undef);
    let coll = if op == LIST_COLLECTIONS { String::new() } else { string_arg(cx, Some(coll), "a collection name")? };
    if op != LIST_COLLECTIONS
        && let Err(e) = validate_collection_name(&coll)
    {
        return Ok(Err(e));
    }
    let op: Op = match op {
        FIND => {
            let filter = b.document(arg(0))?;
            let options = FindOptions {
                projection: b.opt_document(arg(1))?,
                sort: b.opt_document(arg(2))?,
                skip: count_arg(cx, args.get(3), "skip")?.unwrap_or(0),
                limit: count_arg(cx, args.get(4), "limit")?.filter(|l| *l > 0),
            };
            Box::pin(async move { db.find(&coll, filter, options).await.map(Out::Docs) })
        }
        FIND_ONE => {
            let filter = b.document(arg(0))?;
            let options = FindOptions {
                projection: b.opt_document(arg(1))?,
                sort: b.opt_document(arg(2))?,
                skip: count_arg(cx, args.get(3), "skip")?.unwrap_or(0),
                limit: Some(1),
            };
            Box::pin(async move { db.find_one(&coll, filter, options).await.map(Out::Doc) })
        }
        INSERT_ONE => {
            let doc = b.document(arg(0))?;
            Box::pin(async move { db.insert_one(&coll, doc).await.map(Out::Value) })
        }
        INSERT_MANY => {
            let docs = b.documents(arg(0))?;
            Box::pin(async move { db.insert_many(&coll, docs).await.map(Out::Values) })
        }
        UPDATE => {
            let (filter, update) = (b.document(arg(0))?, b.document(arg(1))?);
            let options = UpdateOptions { multi: bool_arg(args.get(2)), upsert: bool_arg(args.get(3)) };
            Box::pin(async move { db.update(&coll, filter, update, options).await.map(Out::Update) })
        }
        REPLACE_ONE => {
            let (filter, replacement) = (b.document(arg(0))?, b.document(arg(1))?);
            let upsert = bool_arg(args.get(2));
            Box::pin(async move { db.replace_one(&coll, filter, replacement, upsert).await.map(Out::Update) })
        }
        DELETE => {
            let filter = b.document(arg(0))?;
            let multi = bool_arg(args.get(1));
            Box::pin(async move { db.delete(&coll, filter, multi).await.map(Out::Count) })
        }
        COUNT => {
            let filter = b.document(arg(0))?;
            Box::pin(async move { db.count(&coll, filter).await.map(Out::Count) })
        }
        DISTINCT => {
            let field = string_arg(cx, args.first(), "the distinct key")?;
            let filter = b.document(arg(1))?;
            Box::pin(async move { db.distinct(&coll, &field, filter).await.map(Out::Values) })
        }
        AGGREGATE => {
            let pipeline = b.documents(arg(0))?;
            Box::pin(async move { db.aggregate(&coll, pipeline).await.map(Out::Docs) })
        }
        FIND_ONE_AND_UPDATE => {
            let (filter, update) = (b.document(arg(0))?, b.document(arg(1))?);
            let options = FindOneAndUpdateOptions {
                sort: b.opt_document(arg(2))?,
                projection: b.opt_document(arg(3))?,
                upsert: bool_arg(args.get(4)),
                return_new: bool_arg(args.get(5)),
            };
            Box::pin(async move { db.find_one_and_update(&coll, filter, update, options).await.map(Out::Doc) })
        }
        CREATE_INDEX => {
            let keys = b.document(arg(0))?;
            let name = arg(1).as_string().map(|s| s.to_string()).transpose()?;
            let options = IndexOptions { name, unique: bool_arg(args.get(2)) };
            Box::pin(async move { db.create_index(&coll, keys, options).await.map(Out::Name) })
        }
        DROP_INDEX => {
            let name = string_arg(cx, args.first(), "an index name")?;
            Box::pin(async move { db.drop_index(&coll, &name).await.map(|()| Out::Unit) })
        }
        LIST_INDEXES => Box::pin(async move { db.list_indexes(&coll).await.map(Out::Docs) }),
        LIST_COLLECTIONS => Box::pin(async move { db.list_collections().await.map(Out::Names) }),
        DROP_COLLECTION => Box::pin(async move { db.drop_collection(&coll).await.map(Out::Bool) }),
        _ => return Err(Exception::throw_internal(cx, &format!("unknown database operation {op}"))),
    };
    Ok(Ok(op))
}
