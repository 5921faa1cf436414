//! The storage natives behind `cloud.storage` (js/storage.js) and the `ctx.files` native.
//!
//! As the database natives do: every operation is one promise, settled by the calling app's own
//! [`Storage`] (the app is the one whose context installed the natives, never a name from
//! JavaScript), polled once where it is called and otherwise finished by a task on the worker,
//! bounded by the calling invocation's deadline. An object's body stays a Rust stream: the
//! function pulls it one chunk per promise, so a large object passes through with bounded memory,
//! and the stream is closed when the function lets go of the body.
//!
//! Bytes an operation copies out of the QuickJS heap (a body to write, an object read whole) are
//! not counted by the runtime's memory limit, so they are counted here: each app's storage
//! operations in flight on a worker hold at most the app's limit.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::{Arc, Weak};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use laf_host::App;
use laf_host::bindings::storage::{
    ByteRange, GetObject, ListOptions, ListPage, PresignMethod, PutBody, PutOptions, Storage, StorageError,
    bucket_for_app,
};
use rquickjs::function::Rest;
use rquickjs::{Array, Constructor, Ctx, Exception, Function, Object, Persistent, TypedArray, Value, qjs};

use super::State;
use super::db::{failure, settled};

mod body;

type R<T> = rquickjs::Result<T>;

const SOURCE: &str = include_str!("../js/storage.js");

// Operation codes, mirrored by `OP` in js/storage.js.
const GET: u8 = 0;
const PUT: u8 = 1;
const PUT_FILE: u8 = 2;
const DELETE: u8 = 3;
const LIST: u8 = 4;
const PRESIGN_GET: u8 = 5;
const PRESIGN_PUT: u8 = 6;

/// Per app context: which app the natives act for.
struct StEnv {
    st: Rc<State>,
    app: Weak<App>,
    app_id: Rc<str>,
    owner: usize,
    budget: Budget,
}

/// The app's allowance of bytes held on the Rust heap by storage operations in flight on this
/// worker (its byte cap, as its heap is its own too).
struct Budget {
    used: Rc<Cell<usize>>,
    limit: usize,
}

/// Refused: the operations in flight already hold (nearly) the whole budget of this many bytes.
struct Exhausted(usize);

impl std::fmt::Display for Exhausted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "storage operations in flight hold more than {} bytes; await some before starting more", self.0)
    }
}

impl Exhausted {
    /// As a rejection: a `RangeError`, as for other limits JavaScript runs into.
    fn reject<'js>(&self, cx: &Ctx<'js>) -> R<Value<'js>> {
        let _ = Exception::throw_range(cx, &self.to_string());
        settled(cx, true, super::db::caught(cx)?)
    }
}

impl Budget {
    fn of(st: &State, app: &App) -> Budget {
        Budget { used: Rc::default(), limit: st.shared.config.byte_cap(app.config()) }
    }

    /// Holds `n` bytes until the guard is dropped, or refuses when that would pass the limit.
    fn take(&self, n: usize) -> Result<Held, Exhausted> {
        let mut held = Held { used: self.used.clone(), limit: self.limit, n: 0 };
        held.resize(n)?;
        Ok(held)
    }
}

/// Bytes one operation holds, given back to the budget when dropped (with the operation's future
/// or its result, whichever holds it last).
struct Held {
    used: Rc<Cell<usize>>,
    limit: usize,
    n: usize,
}

impl Held {
    /// Holds `n` bytes instead of what it held; unchanged when refused.
    fn resize(&mut self, n: usize) -> Result<(), Exhausted> {
        let others = self.used.get() - self.n;
        match others.checked_add(n) {
            Some(total) if total <= self.limit => {
                self.used.set(total);
                self.n = n;
                Ok(())
            }
            _ => Err(Exhausted(self.limit)),
        }
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        self.used.set(self.used.get() - self.n);
    }
}

impl StEnv {
    fn storage(&self) -> Result<Storage, StorageError> {
        match self.app.upgrade() {
            Some(app) => app.bindings().storage().cloned(),
            None => Err(StorageError::Unsupported("this app has been removed from the host".into())),
        }
    }
}

type Fut<T> = Pin<Box<dyn Future<Output = Result<T, StorageError>>>>;

/// What a finished operation becomes in JavaScript.
trait Settle: 'static {
    fn into_js<'js>(self, cx: &Ctx<'js>) -> R<Value<'js>>;
}

/// What an operation answers, before it becomes a JavaScript value.
enum Out {
    Get(GetObject),
    Etag(String),
    List(ListPage),
    Url(String),
    Unit,
}

/// Installs `stLoad`, `stExec`, `stUrl`, `stName`, `stRead`, `stSend` and `files` on the natives
/// object `n`.
pub(crate) fn install<'js>(cx: &Ctx<'js>, n: &Object<'js>, st: &Rc<State>, app: &Arc<App>, owner: usize) -> R<()> {
    let env = Rc::new(StEnv {
        st: st.clone(),
        app: Arc::downgrade(app),
        app_id: app.id().into(),
        owner,
        budget: Budget::of(st, app),
    });
    // Parsed only when a function first touches `cloud.storage`.
    n.set("stLoad", Function::new(cx.clone(), |cx: Ctx<'js>| -> R<Function<'js>> { cx.eval(SOURCE) })?)?;
    let e = env.clone();
    n.set(
        "stExec",
        Function::new(cx.clone(), move |cx: Ctx<'js>, op: u8, bucket: String, key: String, args: Rest<Value<'js>>| {
            exec(&cx, &e, op, bucket, key, &args.0)
        })?,
    )?;
    let e = env.clone();
    n.set(
        "stUrl",
        Function::new(cx.clone(), move |cx: Ctx<'js>, bucket: String, key: String| -> R<String> {
            e.storage()
                .and_then(|s| s.external_url(&bucket, &key))
                .or_else(|err| Err(cx.throw(storage_error(&cx, &err)?)))
        })?,
    )?;
    // The full name a bucket name stands for (`bucket.name`); `None` when it is not the app's.
    let e = env.clone();
    n.set("stName", Function::new(cx.clone(), move |name: String| bucket_for_app(&e.app_id, &name).ok())?)?;
    body::install(cx, n, &env)?;
    let e = env;
    n.set("files", Function::new(cx.clone(), move |cx: Ctx<'js>, id: u32| files(&cx, &e, id))?)?;
    Ok(())
}

/// `ctx.files` as multer gives `req.files`: an array for a multipart request (empty when it held
/// no files), `undefined` for any other request.
fn files<'js>(cx: &Ctx<'js>, env: &StEnv, id: u32) -> R<Value<'js>> {
    if !env.st.owns(env.owner, id) {
        return Ok(Value::new_undefined(cx.clone()));
    }
    let calls = env.st.calls.borrow();
    let Some(call) = calls.get(&id) else {
        return Ok(Value::new_undefined(cx.clone()));
    };
    let multipart = call
        .ctx
        .header("content-type")
        .is_some_and(|ct| ct.trim_start().get(..10).is_some_and(|p| p.eq_ignore_ascii_case("multipart/")));
    if call.ctx.files.is_empty() && !multipart {
        return Ok(Value::new_undefined(cx.clone()));
    }
    let arr = Array::new(cx.clone())?;
    for (i, f) in call.ctx.files.iter().enumerate() {
        let o = Object::new(cx.clone())?;
        o.set("fieldname", f.fieldname.as_str())?;
        o.set("originalname", f.originalname.as_str())?;
        // Multer's fields, for code written against them: the (deprecated) transfer encoding,
        // and the disk storage's directory and file name.
        o.set("encoding", "7bit")?;
        o.set("mimetype", f.mimetype.as_str())?;
        o.set("size", f.size as f64)?;
        let lossy = |p: Option<&Path>| p.map(|p| p.to_string_lossy().into_owned()).unwrap_or_default();
        o.set("destination", lossy(f.path.parent()))?;
        o.set("filename", f.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default())?;
        o.set("path", lossy(Some(&f.path)))?;
        arr.set(i, o)?;
    }
    Ok(arr.into_value())
}

fn exec<'js>(
    cx: &Ctx<'js>,
    env: &Rc<StEnv>,
    op: u8,
    bucket: String,
    key: String,
    args: &[Value<'js>],
) -> R<Value<'js>> {
    let storage = match env.storage() {
        Ok(s) => s,
        Err(e) => return settled(cx, true, storage_error(cx, &e)?),
    };
    let fut = match build(cx, env, storage, op, bucket, key, args) {
        Ok(Ok(fut)) => fut,
        Ok(Err(e)) => return settled(cx, true, storage_error(cx, &e)?),
        // Bad input (not a string, not bytes): the caller's promise rejects with it.
        Err(rquickjs::Error::Exception) => return settled(cx, true, super::db::caught(cx)?),
        Err(e) => return Err(e),
    };
    run(cx, env, fut)
}

/// Runs `fut` as one promise: polled once here, so an answer available at once settles the
/// promise before the native returns; otherwise finished by a task, bounded by the deadline.
fn run<'js, T: Settle>(cx: &Ctx<'js>, env: &Rc<StEnv>, mut fut: Fut<T>) -> R<Value<'js>> {
    let owner = env.st.entered.get();
    let deadline = env.st.deadline_for(owner);
    if Instant::now() >= deadline {
        let e = StorageError::Backend("the invocation's deadline has passed".into());
        return settled(cx, true, storage_error(cx, &e)?);
    }
    // A later poll from the task below registers its own waker, so the no-op one is never needed.
    if let Poll::Ready(result) = fut.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        return match result {
            Ok(out) => match out.into_js(cx) {
                Ok(v) => settled(cx, false, v),
                // A result JavaScript cannot hold (out of memory): the promise rejects with it.
                Err(e) => settled(cx, true, failure(cx, e)?),
            },
            Err(e) => settled(cx, true, storage_error(cx, &e)?),
        };
    }
    let (promise, resolve, reject) = cx.promise()?;
    let (resolve, reject) = (Persistent::save(cx, resolve), Persistent::save(cx, reject));
    let env = env.clone();
    tokio::task::spawn_local(async move {
        let result = tokio::time::timeout_at(deadline.into(), fut).await.unwrap_or_else(|_| {
            Err(StorageError::Backend("the storage call timed out at the invocation's deadline".into()))
        });
        let Some(app_env) = env.st.env_of(&env.app_id, env.owner) else {
            return;
        };
        app_env.context.with(|cx| {
            let r = env.st.enter(owner, || -> R<()> {
                let (resolve, reject) = (resolve.restore(&cx)?, reject.restore(&cx)?);
                match result.map(|out| out.into_js(&cx)) {
                    Ok(Ok(v)) => resolve.call((v,)),
                    // Converting the result failed: rejected with that, never left pending.
                    Ok(Err(e)) => reject.call((failure(&cx, e)?,)),
                    Err(e) => reject.call((storage_error(&cx, &e)?,)),
                }
            });
            if let Err(e) = r {
                let failure = env.st.failure(&cx, e);
                tracing::error!(target: "laf::console", app = &*env.app_id, "storage completion failed: {failure}");
            }
            env.st.enter(owner, || env.st.drain_jobs(&cx));
        });
    });
    Ok(promise.into_value())
}

/// An `Error` as AWS SDK v3 rejects with: `name` and `Code` are the S3 error code, `$fault`
/// says whose fault it was, `$metadata.httpStatusCode` is S3's status for it.
fn storage_error<'js>(cx: &Ctx<'js>, e: &StorageError) -> R<Value<'js>> {
    let err = Exception::from_message(cx.clone(), &e.to_string())?;
    let obj = err.as_object();
    let status = e.status().as_u16();
    obj.set("name", e.code())?;
    obj.set("Code", e.code())?;
    obj.set("$fault", if status >= 500 { "server" } else { "client" })?;
    obj.set("$metadata", status_meta(cx, status)?)?;
    Ok(err.into_value())
}

/// The `length` of a JavaScript string: its UTF-16 units, a lower bound of its UTF-8 bytes.
fn js_length(v: &Value<'_>) -> usize {
    let mut n = 0i64;
    // SAFETY: `v` is a live string of this context; reading a string's `length` runs no JavaScript.
    if unsafe { qjs::JS_GetLength(v.ctx().as_raw().as_ptr(), v.as_raw(), &mut n) } < 0 {
        // Cannot happen for a string; the exact size is counted after the copy anyway.
        let _ = v.ctx().catch();
        return 0;
    }
    usize::try_from(n).unwrap_or(0)
}

fn opt_string<'js>(cx: &Ctx<'js>, v: Option<&Value<'js>>, what: &str) -> R<Option<String>> {
    match v {
        None => Ok(None),
        Some(v) if v.is_undefined() || v.is_null() => Ok(None),
        Some(v) => match v.as_string() {
            Some(s) => s.to_string().map(Some),
            None => Err(Exception::throw_type(cx, &format!("{what} must be a string"))),
        },
    }
}

fn metadata<'js>(cx: &Ctx<'js>, v: Option<&Value<'js>>) -> R<BTreeMap<String, String>> {
    // Flattened by js/storage.js: [name, value, name, value, ...], all strings.
    let mut out = BTreeMap::new();
    let Some(arr) = v.and_then(|v| v.as_array()) else {
        return Ok(out);
    };
    let mut i = 0;
    while i + 1 < arr.len() {
        let (k, v): (String, String) = (arr.get(i)?, arr.get(i + 1)?);
        if k.is_empty() {
            return Err(Exception::throw_type(cx, "a Metadata name must not be empty"));
        }
        out.insert(k.to_ascii_lowercase(), v);
        i += 2;
    }
    Ok(out)
}

fn expiry(v: Option<&Value<'_>>) -> Result<Duration, StorageError> {
    let secs = v.and_then(|v| v.as_number()).unwrap_or(f64::NAN);
    Duration::try_from_secs_f64(secs).map_err(|_| {
        StorageError::InvalidArgument(format!("expiresIn must be a number of seconds (1 to 604800), not {secs}"))
    })
}

/// Parses the arguments of `op` and starts it. The outer error is JavaScript's (bad input
/// thrown into the caller), the inner one storage's (a forged upload path).
fn build<'js>(
    cx: &Ctx<'js>,
    env: &Rc<StEnv>,
    storage: Storage,
    op: u8,
    bucket: String,
    key: String,
    args: &[Value<'js>],
) -> R<Result<Fut<Out>, StorageError>> {
    let fut: Fut<Out> = match op {
        GET => {
            let range = match opt_string(cx, args.first(), "Range")? {
                Some(r) => match ByteRange::parse_header(&r) {
                    Ok(r) => Some(r),
                    Err(e) => return Ok(Err(e)),
                },
                None => None,
            };
            Box::pin(async move { storage.get_object(&bucket, &key, range).await.map(Out::Get) })
        }
        PUT => {
            // The copy is counted from before it is made: a string for its length (UTF-16 units,
            // never more than its UTF-8 bytes), then for its exact size.
            let refused = |cx: &Ctx<'js>, e: Exhausted| Exception::throw_range(cx, &e.to_string());
            let (body, held) = match args.first() {
                Some(v) if v.is_string() => {
                    let mut held = env.budget.take(js_length(v)).map_err(|e| refused(cx, e))?;
                    let text = v.get::<String>()?;
                    held.resize(text.len()).map_err(|e| refused(cx, e))?;
                    (Bytes::from(text), held)
                }
                Some(v) => match TypedArray::<u8>::from_value(v.clone()) {
                    Ok(arr) => {
                        let held = env.budget.take(arr.len()).map_err(|e| refused(cx, e))?;
                        // SAFETY: copied before any JavaScript can run and detach the buffer.
                        (Bytes::copy_from_slice(unsafe { arr.as_bytes() }.unwrap_or_default()), held)
                    }
                    Err(_) => return Err(Exception::throw_type(cx, "the body must be a string or bytes")),
                },
                None => return Err(Exception::throw_type(cx, "the body is required")),
            };
            let options = PutOptions {
                content_type: opt_string(cx, args.get(1), "ContentType")?,
                metadata: metadata(cx, args.get(2))?,
            };
            Box::pin(async move {
                let _held = held;
                storage.put_object(&bucket, &key, PutBody::Bytes(body), options).await.map(|r| Out::Etag(r.etag))
            })
        }
        PUT_FILE => {
            let Some(path) = opt_string(cx, args.first(), "the file's path")? else {
                return Err(Exception::throw_type(cx, "the file's path is required"));
            };
            // Only uploads of the app's own invocations still running (temporary paths are
            // unique): a path from anywhere else is refused, whatever object it came in. Looked up
            // among the calls, never by which invocation's jobs are draining: that may be another's.
            let found = env.st.calls.borrow().values().filter(|c| c.app == env.owner).find_map(|c| {
                let index = c.ctx.files.iter().position(|f| f.path.as_os_str() == path.as_str())?;
                Some((c.ctx.files.clone(), index))
            });
            let Some((files, index)) = found else {
                return Ok(Err(StorageError::AccessDenied(format!(
                    "{path:?} is not a file uploaded to a running invocation of this app: writeFile takes only entries of ctx.files"
                ))));
            };
            let content_type =
                opt_string(cx, args.get(1), "ContentType")?.or_else(|| Some(files[index].mimetype.clone()));
            let options = PutOptions { content_type, metadata: metadata(cx, args.get(2))? };
            // The future holds the uploads, so the file outlives the invocation until it is stored.
            Box::pin(async move {
                let body = PutBody::from_path(&files[index].path).await?;
                storage.put_object(&bucket, &key, body, options).await.map(|r| Out::Etag(r.etag))
            })
        }
        DELETE => Box::pin(async move { storage.delete_object(&bucket, &key).await.map(|()| Out::Unit) }),
        LIST => {
            let max_keys = match args.get(2).and_then(|v| v.as_number()) {
                Some(n) if n.is_finite() && n >= 0.0 => Some(n.min(f64::from(u32::MAX)) as u32),
                Some(_) => return Err(Exception::throw_type(cx, "MaxKeys must be a non-negative number")),
                None => None,
            };
            let options = ListOptions {
                prefix: opt_string(cx, args.first(), "Prefix")?,
                delimiter: opt_string(cx, args.get(1), "Delimiter")?,
                max_keys,
                continuation_token: opt_string(cx, args.get(3), "ContinuationToken")?,
                start_after: opt_string(cx, args.get(4), "StartAfter")?,
            };
            Box::pin(async move { storage.list_objects(&bucket, &options).await.map(Out::List) })
        }
        PRESIGN_GET | PRESIGN_PUT => {
            let method = if op == PRESIGN_GET { PresignMethod::Get } else { PresignMethod::Put };
            let expires_in = match expiry(args.first()) {
                Ok(d) => d,
                Err(e) => return Ok(Err(e)),
            };
            Box::pin(async move { storage.presign(method, &bucket, &key, expires_in).await.map(Out::Url) })
        }
        _ => return Err(Exception::throw_internal(cx, &format!("unknown storage operation {op}"))),
    };
    Ok(Ok(fut))
}

fn date<'js>(cx: &Ctx<'js>, t: SystemTime) -> R<Value<'js>> {
    let ms = match t.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(d) => d.as_millis() as f64,
        Err(e) => -(e.duration().as_millis() as f64),
    };
    let ctor: Constructor = cx.globals().get("Date")?;
    ctor.construct((ms,))
}

impl Settle for Out {
    fn into_js<'js>(self, cx: &Ctx<'js>) -> R<Value<'js>> {
        match self {
            Out::Get(got) => {
                let o = Object::new(cx.clone())?;
                let length = got.content_length();
                let m = &got.meta;
                o.set("AcceptRanges", "bytes")?;
                o.set("ContentLength", length as f64)?;
                o.set("ContentType", m.content_type.as_deref().unwrap_or("application/octet-stream"))?;
                o.set("ETag", m.etag.as_str())?;
                o.set("LastModified", date(cx, m.last_modified)?)?;
                let meta = Object::new(cx.clone())?;
                for (k, v) in &m.metadata {
                    meta.set(k.as_str(), v.as_str())?;
                }
                o.set("Metadata", meta)?;
                let status = match got.range {
                    Some((start, end)) => {
                        o.set("ContentRange", format!("bytes {start}-{end}/{}", m.size))?;
                        206
                    }
                    None => 200,
                };
                o.set("$metadata", status_meta(cx, status)?)?;
                o.set("Body", body::handle(cx, got)?)?;
                Ok(o.into_value())
            }
            Out::Etag(etag) => Ok(rquickjs::String::from_str(cx.clone(), &etag)?.into_value()),
            Out::Url(url) => Ok(rquickjs::String::from_str(cx.clone(), &url)?.into_value()),
            Out::Unit => Ok(Value::new_undefined(cx.clone())),
            Out::List(page) => {
                let o = Object::new(cx.clone())?;
                let contents = Array::new(cx.clone())?;
                for (i, m) in page.objects.iter().enumerate() {
                    let item = Object::new(cx.clone())?;
                    item.set("Key", m.key.as_str())?;
                    item.set("LastModified", date(cx, m.last_modified)?)?;
                    item.set("ETag", m.etag.as_str())?;
                    item.set("Size", m.size as f64)?;
                    item.set("StorageClass", "STANDARD")?;
                    contents.set(i, item)?;
                }
                let prefixes = Array::new(cx.clone())?;
                for (i, p) in page.common_prefixes.iter().enumerate() {
                    let item = Object::new(cx.clone())?;
                    item.set("Prefix", p.as_str())?;
                    prefixes.set(i, item)?;
                }
                o.set("KeyCount", (page.objects.len() + page.common_prefixes.len()) as f64)?;
                o.set("Contents", contents)?;
                o.set("CommonPrefixes", prefixes)?;
                o.set("IsTruncated", page.is_truncated)?;
                if let Some(token) = page.next_continuation_token {
                    o.set("NextContinuationToken", token)?;
                }
                Ok(o.into_value())
            }
        }
    }
}

fn status_meta<'js>(cx: &Ctx<'js>, status: u16) -> R<Object<'js>> {
    let meta = Object::new(cx.clone())?;
    meta.set("httpStatusCode", status)?;
    Ok(meta)
}
