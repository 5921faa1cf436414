//! The native half of the JavaScript globals: what `js/bootstrap.js` calls as `n.*`.
//!
//! Natives see invocations only by numeric id, and the bootstrap keeps the natives object in a
//! closure, so functions never reach it. Each app context gets its own natives bound to its app.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::{Arc, Weak};
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use laf_host::{App, BodyKind, FunctionResponse};
use rquickjs::function::Opt;
use rquickjs::object::Property;
use rquickjs::{Array, Ctx, Exception, Function, IntoJs, Object, Persistent, TypedArray, Value};

use super::{State, errors, json};

type R<T> = rquickjs::Result<T>;

/// The natives of `app`'s context; `owner` is the app's key (`crate::app_key`).
pub(crate) fn install<'js>(cx: &Ctx<'js>, st: &Rc<State>, app: &Arc<App>, owner: usize) -> R<Object<'js>> {
    let n = Object::new(cx.clone())?;
    let app_id: Rc<str> = app.id().into();
    // Apps on a worker share its call table: every native checks that a call id is its own app's,
    // so a function that forges another id reaches nothing.
    n.set("appid", app.id())?;
    request(cx, &n, st, owner)?;
    // The app's settings never change while it exists: its byte cap is fixed for its context.
    let cap = st.shared.config.byte_cap(app.config());
    response(cx, &n, st, owner, cap)?;
    timers(cx, &n, st, &app_id, owner)?;
    // The app's network policy never changes while it exists (its settings are fixed at creation).
    let net = Rc::new(app.config().net.clone());
    fetch(cx, &n, st, &app_id, owner, &net, cap)?;
    super::net::install(cx, &n, st, &app_id, owner, &net)?;
    text_and_url(cx, &n)?;
    crate::node::install(cx, &n, sandbox(st, app.id(), owner))?;
    cloud(cx, &n, Arc::downgrade(app))?;
    super::packages::install(cx, &n, st, Arc::downgrade(app))?;
    super::db::install(cx, &n, st, app, owner)?;
    super::storage::install(cx, &n, st, app, owner)?;
    super::platform::install(cx, &n, st, app, owner)?;
    let s = st.clone();
    let app_name = app_id.clone();
    n.set("log", Function::new(cx.clone(), move |level: String, message: String| s.log(&app_name, &level, &message))?)?;
    Ok(n)
}

// What the app's `fs` reaches: its scratch folder, and the uploads of its running calls.
fn sandbox(st: &Rc<State>, app_id: &str, owner: usize) -> crate::node::fs::Sandbox {
    let s = st.clone();
    crate::node::fs::Sandbox {
        // App ids are names safe in a path (`laf_host::is_valid_app_id`).
        scratch: st.shared.config.scratch_dir.join(app_id),
        upload: Rc::new(move |path: &std::path::Path| {
            s.calls.borrow().values().any(|c| c.app == owner && c.ctx.files.iter().any(|f| f.path == path))
        }),
    }
}

impl State {
    // Kept in the app's function log (and a debug run's capture) under the running invocation.
    pub(crate) fn log(&self, app: &str, level: &str, message: &str) {
        let message = if message.contains("laf:") {
            errors::map_stack(message, &self.modules.borrow())
        } else {
            message.to_owned()
        };
        let level = laf_host::Level::parse(level);
        let calls = self.calls.borrow();
        if let Some(call) = self.entered.get().and_then(|id| calls.get(&id)) {
            call.ctx.log(level, &message);
            return;
        }
        drop(calls);
        // Work of no live call (a late timer): still the app's line, with no function.
        let app = self.apps.borrow().get(app).and_then(|env| env.app.upgrade());
        if let Some(app) = app {
            app.log_line("", "", level, &message, None);
        }
    }
}

fn request<'js>(cx: &Ctx<'js>, n: &Object<'js>, st: &Rc<State>, owner: usize) -> R<()> {
    let s = st.clone();
    n.set(
        // Request facts the bootstrap does not get up front (a method outside its table).
        "info",
        Function::new(cx.clone(), move |id: u32, what: String| -> Option<String> {
            if !s.owns(owner, id) {
                return None;
            }
            let calls = s.calls.borrow();
            let c = &calls.get(&id)?.ctx;
            (what == "method").then(|| c.method_name().to_owned())
        })?,
    )?;
    let s = st.clone();
    n.set(
        "query",
        Function::new(cx.clone(), move |cx: Ctx<'js>, id: u32| -> R<Value<'js>> {
            let pairs = if s.owns(owner, id) {
                s.calls.borrow().get(&id).map(|c| c.ctx.query_pairs()).unwrap_or_default()
            } else {
                Vec::new()
            };
            pairs_object(&cx, pairs)
        })?,
    )?;
    let s = st.clone();
    n.set(
        "headers",
        Function::new(cx.clone(), move |cx: Ctx<'js>, id: u32| -> R<Object<'js>> {
            // Collected first: defining properties can run no user code, but keep the borrow short anyway.
            let mut fields: Vec<(String, Value<'js>)> = Vec::new();
            if let Some(call) = s.calls.borrow().get(&id).filter(|_| s.owns(owner, id)) {
                for name in call.ctx.headers.keys() {
                    let mut values = call
                        .ctx
                        .headers
                        .get_all(name)
                        .iter()
                        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
                    // Node gives set-cookie as an array and joins the other repeated headers.
                    let value = if name == http::header::SET_COOKIE {
                        values.collect::<Vec<_>>().into_js(&cx)?
                    } else {
                        let first = values.next().unwrap_or_default();
                        values.fold(first, |acc, v| acc + ", " + &v).into_js(&cx)?
                    };
                    fields.push((name.as_str().to_owned(), value));
                }
            }
            let obj = Object::new(cx.clone())?;
            for (k, v) in fields {
                define(&obj, k, v)?;
            }
            Ok(obj)
        })?,
    )?;
    let s = st.clone();
    n.set(
        "body",
        Function::new(cx.clone(), move |cx: Ctx<'js>, id: u32| -> R<Value<'js>> {
            let found =
                s.calls.borrow().get(&id).filter(|_| s.owns(owner, id)).map(|c| (c.ctx.body_kind, c.ctx.body.clone()));
            let Some((kind, body)) = found else {
                return Ok(Value::new_undefined(cx));
            };
            match kind {
                BodyKind::Empty => Ok(Object::new(cx)?.into_value()),
                BodyKind::Json => cx.json_parse(body.to_vec()),
                BodyKind::Form => pairs_object(
                    &cx,
                    form_urlencoded::parse(&body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect(),
                ),
                BodyKind::Text => {
                    rquickjs::String::from_str(cx, &String::from_utf8_lossy(&body)).map(|s| s.into_value())
                }
                BodyKind::Raw => TypedArray::<u8>::new(cx, body.to_vec()).map(|a| a.into_value()),
            }
        })?,
    )?;
    Ok(())
}

// Repeated names become arrays, as Express's query parser does.
// Repeated names become arrays, as Express's query parser does. Properties are defined, not set,
// so names like `toString` or `__proto__` are plain data and never reach a prototype.
pub(super) fn pairs_object<'js>(cx: &Ctx<'js>, pairs: Vec<(String, String)>) -> R<Value<'js>> {
    // Grouped in first-seen order; the index keeps a body with a million keys linear.
    let mut grouped: Vec<(String, Vec<String>)> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (k, v) in pairs {
        match index.get(&k) {
            Some(&i) => grouped[i].1.push(v),
            None => {
                index.insert(k.clone(), grouped.len());
                grouped.push((k, vec![v]));
            }
        }
    }
    let obj = Object::new(cx.clone())?;
    for (k, mut values) in grouped {
        let value =
            if values.len() == 1 { values.pop().unwrap_or_default().into_js(cx)? } else { values.into_js(cx)? };
        define(&obj, k, value)?;
    }
    Ok(obj.into_value())
}

// An own, writable, enumerable data property, whatever the prototype chain holds.
fn define<'js>(obj: &Object<'js>, key: String, value: Value<'js>) -> R<()> {
    obj.prop(key, Property::from(value).writable().enumerable().configurable())
}

fn response<'js>(cx: &Ctx<'js>, n: &Object<'js>, st: &Rc<State>, owner: usize, cap: usize) -> R<()> {
    let s = st.clone();
    let globals = cx.globals();
    let object_proto: Object = globals.get::<_, Object>("Object")?.get("prototype")?;
    let array_proto: Object = globals.get::<_, Object>("Array")?.get("prototype")?;
    // Kept for the app's life only: see `State::releases`.
    let protos = Rc::new(RefCell::new(Some((Persistent::save(cx, object_proto), Persistent::save(cx, array_proto)))));
    let held = protos.clone();
    st.releases.borrow_mut().entry(owner).or_default().push(Box::new(move || drop(held.borrow_mut().take())));
    n.set(
        "respond",
        Function::new(
            cx.clone(),
            move |cx: Ctx<'js>,
                  id: u32,
                  status: u16,
                  headers: Value<'js>,
                  body: Value<'js>,
                  content_type: u8|
                  -> R<()> {
                if !s.owns(owner, id) {
                    return Ok(());
                }
                let head = head(&cx, status, &headers)?;
                let Some((object, array)) = protos.borrow().clone() else {
                    return Ok(());
                };
                let protos = json::Protos { object: object.restore(&cx)?, array: array.restore(&cx)? };
                let body = body_of(&cx, &body, &protos, cap)?;
                let mut res = FunctionResponse::empty(head.status);
                res.headers = head.headers;
                if let Some(ct) = CONTENT_TYPES.get(content_type as usize).copied().flatten() {
                    res.default_header(http::header::CONTENT_TYPE, HeaderValue::from_static(ct));
                }
                if !body.is_empty() {
                    res.body = laf_host::ResponseBody::Full(body);
                }
                s.settle(id, Ok(res));
                Ok(())
            },
        )?,
    )?;
    let s = st.clone();
    n.set(
        "write",
        Function::new(
            cx.clone(),
            move |cx: Ctx<'js>, id: u32, status: u16, headers: Value<'js>, chunk: Value<'js>| -> R<bool> {
                if !s.owns(owner, id) {
                    return Ok(false);
                }
                let head = head(&cx, status, &headers)?;
                let chunk = bytes_of(&cx, &chunk)?;
                Ok(s.stream(id, move || head, chunk))
            },
        )?,
    )?;
    let s = st.clone();
    n.set(
        "end",
        Function::new(cx.clone(), move |id: u32| {
            // Dropping the call drops its writer, which ends the stream.
            if s.owns(owner, id) {
                s.calls.borrow_mut().remove(&id);
            }
        })?,
    )?;
    let s = st.clone();
    n.set(
        "fail",
        Function::new(cx.clone(), move |id: u32, error: Value<'js>| {
            if !s.owns(owner, id) {
                return;
            }
            let (message, stack) = errors::describe_value(&error);
            let timeout = s.calls.borrow().get(&id).map(|c| c.ctx.app.config().timeout).unwrap_or_default();
            s.settle(id, Err(s.classify_thrown(error.ctx(), message, stack).into_invoke_error(timeout)));
        })?,
    )?;
    Ok(())
}

// Indexed by the bootstrap's content-type numbers (`CT_NAMES` in bootstrap.js).
const CONTENT_TYPES: [Option<&str>; 4] =
    [None, Some("application/json; charset=utf-8"), Some("text/html; charset=utf-8"), Some("application/octet-stream")];

/// A status and the flat `[name, value, ...]` header array of `ctx.response`, checked.
pub(crate) fn head<'js>(cx: &Ctx<'js>, status: u16, headers: &Value<'js>) -> R<FunctionResponse> {
    let status = StatusCode::from_u16(status)
        .map_err(|_| Exception::throw_range(cx, &format!("invalid status code: {status}")))?;
    let mut map = HeaderMap::new();
    if let Some(arr) = headers.as_array() {
        let mut i = 0;
        while i + 1 < arr.len() {
            let name: String = arr.get(i)?;
            let value: String = arr.get(i + 1)?;
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Exception::throw_type(cx, &format!("invalid header name: {name:?}")))?;
            let value = HeaderValue::from_str(&value)
                .map_err(|_| Exception::throw_type(cx, &format!("invalid value for header {name}: {value:?}")))?;
            map.append(name, value);
            i += 2;
        }
    }
    Ok(FunctionResponse { status, headers: map, body: Default::default() })
}

/// A response body: bytes as `bytes_of` takes them, any other value as JSON.
fn body_of<'js>(cx: &Ctx<'js>, v: &Value<'js>, protos: &json::Protos<'js>, max: usize) -> R<Bytes> {
    if v.is_undefined() || v.is_null() || v.is_string() || TypedArray::<u8>::from_value(v.clone()).is_ok() {
        return bytes_of(cx, v);
    }
    let mut out = Vec::with_capacity(256);
    if !protos.patched() && json::write_plain(&mut out, v, protos, max) {
        return Ok(out.into());
    }
    match cx.json_stringify(v.clone())? {
        Some(text) => Ok(Bytes::from(text.to_string()?)),
        None => Ok(Bytes::new()),
    }
}

/// Bytes of a string, a `Uint8Array` (the bootstrap normalises other buffers), or nothing.
pub(super) fn bytes_of<'js>(cx: &Ctx<'js>, v: &Value<'js>) -> R<Bytes> {
    if v.is_undefined() || v.is_null() {
        return Ok(Bytes::new());
    }
    if let Some(s) = v.as_string() {
        return Ok(Bytes::from(s.to_string()?));
    }
    if let Ok(arr) = TypedArray::<u8>::from_value(v.clone()) {
        // SAFETY: the slice is copied before any JavaScript can run and detach the buffer.
        let slice = unsafe { arr.as_bytes() }.unwrap_or_default();
        return Ok(Bytes::copy_from_slice(slice));
    }
    Err(Exception::throw_type(cx, "a body must be a string, an ArrayBuffer or a typed array"))
}

fn timers<'js>(cx: &Ctx<'js>, n: &Object<'js>, st: &Rc<State>, app_id: &Rc<str>, app_ptr: usize) -> R<()> {
    let s = st.clone();
    let app = app_id.clone();
    n.set(
        "timer",
        Function::new(cx.clone(), move |cx: Ctx<'js>, ms: f64, repeat: bool, cb: Function<'js>| -> R<u32> {
            let id = s.next_timer.get();
            s.next_timer.set(id.wrapping_add(1).max(1));
            // As Node: a delay that is not a number or does not fit 32 bits becomes 1 ms.
            let ms = if ms.is_finite() && ms <= f64::from(i32::MAX) { ms.max(0.0) } else { 1.0 };
            let delay = Duration::from_secs_f64(ms.max(if repeat { 1.0 } else { 0.0 }) / 1000.0);
            let cb = Persistent::save(&cx, cb);
            let owner = s.entered.get();
            let (s2, app, app_owner) = (s.clone(), app.clone(), app_ptr);
            let task = tokio::task::spawn_local(async move {
                loop {
                    tokio::time::sleep(delay).await;
                    // The app may be gone or replaced (a new app under the same id): then stop.
                    let Some(env) = s2.env_of(&app, app_owner) else {
                        break;
                    };
                    env.context.with(|cx| {
                        let r = cb.clone().restore(&cx).and_then(|f| s2.enter(owner, || f.call::<_, ()>(())));
                        if let Err(e) = r {
                            s2.log(&app, "error", &format!("Uncaught error in timer: {}", s2.failure(&cx, e)));
                        }
                        // Promise jobs the callback queued belong to the same invocation.
                        s2.enter(owner, || s2.drain_jobs(&cx));
                    });
                    if !repeat {
                        break;
                    }
                }
                s2.timers.borrow_mut().remove(&id);
            });
            s.timers.borrow_mut().insert(id, (app_ptr, task.abort_handle()));
            Ok(id)
        })?,
    )?;
    let s = st.clone();
    n.set(
        "clearTimer",
        Function::new(cx.clone(), move |id: u32| {
            let mut timers = s.timers.borrow_mut();
            if timers.get(&id).is_some_and(|(app, _)| *app == app_ptr)
                && let Some((_, h)) = timers.remove(&id)
            {
                h.abort();
            }
        })?,
    )?;
    Ok(())
}

struct Fetched {
    status: u16,
    status_text: String,
    headers: Vec<String>,
    body: Bytes,
    url: String,
}

// How a fetch failed: the policy refused it, or another network error (reqwest's chain).
enum FetchError {
    Denied(laf_host::NetDenied),
    Other(String),
}

fn fetch<'js>(
    cx: &Ctx<'js>,
    n: &Object<'js>,
    st: &Rc<State>,
    app_id: &Rc<str>,
    app_ptr: usize,
    net: &Rc<laf_host::NetPolicy>,
    cap: usize,
) -> R<()> {
    use super::net::policy;
    let s = st.clone();
    let app = app_id.clone();
    let net = net.clone();
    // Built at the app's first fetch on this worker; its pool serves this app only.
    let client: Rc<std::cell::OnceCell<reqwest::Client>> = Rc::default();
    n.set(
        "fetch",
        Function::new(
            cx.clone(),
            move |cx: Ctx<'js>,
                  url: String,
                  method: String,
                  headers: Value<'js>,
                  body: Value<'js>|
                  -> R<rquickjs::Promise<'js>> {
                let method = reqwest::Method::from_bytes(method.as_bytes())
                    .map_err(|_| Exception::throw_type(&cx, &format!("invalid method {method:?}")))?;
                let head = head(&cx, 200, &headers)?;
                let body = bytes_of(&cx, &body)?;
                // An empty POST/PUT/PATCH still says `content-length: 0`, as Node sends it.
                let bodied = matches!(method, reqwest::Method::POST | reqwest::Method::PUT | reqwest::Method::PATCH);
                let client = client.get_or_init(|| policy::http_client(&net)).clone();
                let mut builder = client.request(method, &url).headers(head.headers);
                if !body.is_empty() || bodied {
                    builder = builder.body(body);
                }
                let request = builder.build().map_err(|e| Exception::throw_type(&cx, &format!("fetch failed: {e}")))?;
                let (promise, resolve, reject) = cx.promise()?;
                let resolve = Persistent::save(&cx, resolve);
                let reject = Persistent::save(&cx, reject);
                let owner = s.entered.get();
                // A fetch lives no longer than the call that made it (or the detached budget).
                let deadline = s.deadline_for(owner);
                let (s2, app, net) = (s.clone(), app.clone(), net.clone());
                tokio::task::spawn_local(async move {
                    let url = request.url().clone();
                    let fetched = policy::fetching(&net, &url, async {
                        let mut res = client.execute(request).await.map_err(|e| match policy::denial(&e) {
                            Some(d) => FetchError::Denied(d.clone()),
                            None => FetchError::Other(error_chain(&e)),
                        })?;
                        let status = res.status();
                        // The server's own reason phrase, as Node reports it; else the standard one.
                        let reason = res
                            .extensions()
                            .get::<hyper::ext::ReasonPhrase>()
                            .and_then(|r| std::str::from_utf8(r.as_bytes()).ok())
                            .map(str::to_owned);
                        let url = res.url().to_string();
                        let mut headers = Vec::with_capacity(res.headers().len() * 2);
                        for (k, v) in res.headers() {
                            headers.push(k.to_string());
                            headers.push(String::from_utf8_lossy(v.as_bytes()).into_owned());
                        }
                        // Buffered outside the JavaScript heap: bounded by the runtime's memory limit.
                        let mut body = Vec::new();
                        while let Some(chunk) = res.chunk().await.map_err(|e| FetchError::Other(error_chain(&e)))? {
                            if body.len() + chunk.len() > cap {
                                return Err(FetchError::Other(format!(
                                    "the response body is larger than the memory limit ({cap} bytes)"
                                )));
                            }
                            body.extend_from_slice(&chunk);
                        }
                        Ok::<_, FetchError>(Fetched {
                            status: status.as_u16(),
                            status_text: reason.unwrap_or_else(|| status.canonical_reason().unwrap_or("").to_owned()),
                            headers,
                            body: body.into(),
                            url,
                        })
                    });
                    let result = match tokio::time::timeout_at(deadline.into(), fetched).await {
                        Err(_) => Err(FetchError::Other("timed out at the invocation's deadline".to_owned())),
                        Ok(Err(denied)) => Err(FetchError::Denied(denied)),
                        Ok(Ok(r)) => r,
                    };
                    let Some(env) = s2.env_of(&app, app_ptr) else {
                        return;
                    };
                    env.context.with(|cx| {
                        let r = s2.enter(owner, || -> R<()> {
                            match result {
                                Ok(f) => {
                                    let arr = Array::new(cx.clone())?;
                                    arr.set(0, f.status)?;
                                    arr.set(1, f.status_text)?;
                                    arr.set(2, f.headers)?;
                                    arr.set(3, TypedArray::<u8>::new(cx.clone(), f.body.to_vec())?)?;
                                    arr.set(4, f.url)?;
                                    resolve.restore(&cx)?.call::<_, ()>((arr,))
                                }
                                Err(FetchError::Other(e)) => {
                                    reject.restore(&cx)?.call::<_, ()>((format!("fetch failed: {e}"),))
                                }
                                // An Error with Node's code, which `fetch` and `http` pass on as is.
                                Err(FetchError::Denied(d)) => {
                                    reject.restore(&cx)?.call::<_, ()>((super::net::refusal(&cx, &d)?,))
                                }
                            }
                        });
                        if let Err(e) = r {
                            s2.log(&app, "error", &format!("fetch completion failed: {}", s2.failure(&cx, e)));
                        }
                        s2.enter(owner, || s2.drain_jobs(&cx));
                    });
                });
                Ok(promise)
            },
        )?,
    )?;
    Ok(())
}

// An error and its causes (`error sending request: client error (Connect): Connection refused`),
// so JavaScript can tell a refused connection from a failed lookup.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        let more = cause.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        source = cause.source();
    }
    text
}

fn url_parts(u: &url::Url) -> Vec<String> {
    use url::quirks as q;
    [
        q::href(u),
        q::protocol(u),
        q::username(u),
        q::password(u),
        q::host(u),
        q::hostname(u),
        q::port(u),
        q::pathname(u),
        q::search(u),
        q::hash(u),
    ]
    .into_iter()
    .map(str::to_owned)
    .chain(std::iter::once(q::origin(u)))
    .collect()
}

fn text_and_url<'js>(cx: &Ctx<'js>, n: &Object<'js>) -> R<()> {
    n.set(
        "utf8Encode",
        Function::new(cx.clone(), |cx: Ctx<'js>, s: String| TypedArray::<u8>::new(cx, s.into_bytes()))?,
    )?;
    n.set(
        "utf8Decode",
        Function::new(cx.clone(), |cx: Ctx<'js>, bytes: TypedArray<'js, u8>, fatal: bool| -> R<String> {
            // SAFETY: copied out before any JavaScript runs.
            let slice = unsafe { bytes.as_bytes() }.unwrap_or_default();
            let slice = slice.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(slice);
            if fatal {
                std::str::from_utf8(slice)
                    .map(str::to_owned)
                    .map_err(|e| Exception::throw_type(&cx, &format!("the encoded data was not valid utf-8: {e}")))
            } else {
                Ok(String::from_utf8_lossy(slice).into_owned())
            }
        })?,
    )?;
    n.set(
        "urlParse",
        Function::new(cx.clone(), |input: String, base: Opt<String>| -> Option<Vec<String>> {
            let parsed = match base.0 {
                Some(b) => url::Url::parse(&b).and_then(|b| b.join(&input)),
                None => url::Url::parse(&input),
            };
            parsed.ok().map(|u| url_parts(&u))
        })?,
    )?;
    n.set(
        "urlSet",
        Function::new(cx.clone(), |href: String, prop: String, value: String| -> Option<Vec<String>> {
            use url::quirks as q;
            let mut u = url::Url::parse(&href).ok()?;
            // WHATWG setters ignore invalid values rather than throwing.
            let _ = match prop.as_str() {
                "href" => q::set_href(&mut u, &value).map_err(|_| ()),
                "protocol" => q::set_protocol(&mut u, &value),
                "username" => q::set_username(&mut u, &value),
                "password" => q::set_password(&mut u, &value),
                "host" => q::set_host(&mut u, &value),
                "hostname" => q::set_hostname(&mut u, &value),
                "port" => q::set_port(&mut u, &value),
                "pathname" => {
                    q::set_pathname(&mut u, &value);
                    Ok(())
                }
                "search" => {
                    q::set_search(&mut u, &value);
                    Ok(())
                }
                "hash" => {
                    q::set_hash(&mut u, &value);
                    Ok(())
                }
                _ => Err(()),
            };
            Some(url_parts(&u))
        })?,
    )?;
    Ok(())
}

fn cloud<'js>(cx: &Ctx<'js>, n: &Object<'js>, app: Weak<App>) -> R<()> {
    let a = app.clone();
    n.set(
        "env",
        Function::new(cx.clone(), move |cx: Ctx<'js>| -> R<Object<'js>> {
            let obj = Object::new(cx)?;
            if let Some(app) = a.upgrade() {
                for (k, v) in app.env().iter() {
                    obj.set(k.as_str(), v.as_str())?;
                }
            }
            Ok(obj)
        })?,
    )?;
    // One variable, or every name, for `process.env` (a live view: `laf env set` shows at once).
    let a = app.clone();
    n.set(
        "envGet",
        Function::new(cx.clone(), move |k: String| a.upgrade().and_then(|app| app.env().get(&k).cloned()))?,
    )?;
    let a = app.clone();
    n.set(
        "envKeys",
        Function::new(cx.clone(), move || -> Vec<String> {
            a.upgrade().map(|app| app.env().keys().cloned().collect()).unwrap_or_default()
        })?,
    )?;
    let a = app.clone();
    n.set(
        "sharedGet",
        Function::new(cx.clone(), move |k: String| {
            a.upgrade().and_then(|app| app.bindings().shared.get(&k)).map(|s| s.to_string())
        })?,
    )?;
    let a = app.clone();
    n.set(
        "sharedSet",
        Function::new(cx.clone(), move |k: String, json: String| {
            if let Some(app) = a.upgrade() {
                app.bindings().shared.set(k, json);
            }
        })?,
    )?;
    let a = app.clone();
    n.set(
        "sharedHas",
        Function::new(cx.clone(), move |k: String| a.upgrade().is_some_and(|app| app.bindings().shared.has(&k)))?,
    )?;
    let a = app.clone();
    n.set(
        "sharedDelete",
        Function::new(cx.clone(), move |k: String| a.upgrade().is_some_and(|app| app.bindings().shared.delete(&k)))?,
    )?;
    let a = app.clone();
    n.set(
        "sharedClear",
        Function::new(cx.clone(), move || {
            if let Some(app) = a.upgrade() {
                app.bindings().shared.clear();
            }
        })?,
    )?;
    let a = app;
    n.set(
        "sharedKeys",
        Function::new(cx.clone(), move || a.upgrade().map(|app| app.bindings().shared.keys()).unwrap_or_default())?,
    )?;
    Ok(())
}
