//! Rhai (<https://rhai.rs>) as a Laf language, shipped as a plugin: build this crate
//! (`cargo build -p lang-plugin-rhai`) and start the host with
//! `laf serve --plugin target/debug/liblang_plugin_rhai.so`; `.rhai` files are then functions.
//!
//! A function defines `fn main(ctx)`; `ctx` has `method`, `path`, `query`, `headers`, `body`
//! (parsed when JSON), `params`, `user`, `requestId`, `functionName`. What `main` returns is
//! answered as Laf does: a string as text/html, `()` as an empty body, anything else as JSON.
//! Scripts reach the host through `log(text)`, `db_insert(coll, map)` (the new `_id` as a hex
//! string), `db_find_one(coll, filter)` and `db_find(coll, filter)` (an `_id` given as a 24-hex
//! string matches the ObjectId), `file_write(bucket, key, text)` and `file_read(bucket, key)`. `crash()` panics inside the plugin, to show the host containing
//! it.
//!
//! ```rhai
//! fn main(ctx) {
//!     let id = db_insert("notes", #{ text: ctx.body.text });
//!     log("saved " + id);
//!     db_find_one("notes", #{ _id: id })
//! }
//! ```

use std::cell::Cell;
use std::sync::OnceLock;

use bson::{Bson, Document, oid::ObjectId};
use laf_sdk::plugin::{Host, Plugin, Request, Response};
use rhai::{AST, Dynamic, Engine, EvalAltResult, Map, Scope};
use serde_json::Value;

/// The Rhai language.
pub struct Rhai;

/// A compiled script.
#[derive(Debug)]
pub struct Script {
    ast: AST,
}

thread_local! {
    // The host of the call running on this thread (set for the duration of `invoke`).
    static HOST: Cell<*const Host<'static>> = const { Cell::new(std::ptr::null()) };
}

fn with_host<T>(f: impl FnOnce(&Host<'_>) -> Result<T, Box<EvalAltResult>>) -> Result<T, Box<EvalAltResult>> {
    let host = HOST.with(Cell::get);
    if host.is_null() {
        return Err("the host is reachable only while a function runs".into());
    }
    // SAFETY: set by `invoke` to a `Host` that outlives the script's run on this thread.
    f(unsafe { &*host })
}

/// A JSON value as a Rhai value.
fn to_dynamic(value: &Value) -> Dynamic {
    rhai::serde::to_dynamic(value).unwrap_or(Dynamic::UNIT)
}

/// A Rhai value as JSON.
fn to_json(value: &Dynamic) -> Result<Value, Box<EvalAltResult>> {
    rhai::serde::from_dynamic(value)
}

/// A document for a script: ObjectIds as hex strings, dates as ISO strings.
fn doc_to_dynamic(doc: Document) -> Dynamic {
    fn plain(b: Bson) -> Value {
        match b {
            Bson::ObjectId(id) => Value::String(id.to_hex()),
            Bson::DateTime(d) => Value::String(d.try_to_rfc3339_string().unwrap_or_default()),
            Bson::Document(d) => Value::Object(d.into_iter().map(|(k, v)| (k, plain(v))).collect()),
            Bson::Array(a) => Value::Array(a.into_iter().map(plain).collect()),
            other => other.into_relaxed_extjson(),
        }
    }
    to_dynamic(&plain(Bson::Document(doc)))
}

/// A script's map as a filter or document: an `_id` of 24 hex digits becomes an ObjectId.
fn map_to_doc(map: &Map) -> Result<Document, Box<EvalAltResult>> {
    let json = to_json(&Dynamic::from_map(map.clone()))?;
    let mut doc = match Bson::try_from(json) {
        Ok(Bson::Document(d)) => d,
        Ok(_) => return Err("expected a map".into()),
        Err(e) => return Err(format!("not a document: {e}").into()),
    };
    if let Ok(hex) = doc.get_str("_id")
        && let Ok(id) = ObjectId::parse_str(hex)
    {
        doc.insert("_id", id);
    }
    Ok(doc)
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let mut e = Engine::new();
        e.set_max_operations(50_000_000);
        e.register_fn("log", |text: &str| {
            let _ = with_host(|h| {
                h.log(1, text);
                Ok(())
            });
        });
        e.register_fn("db_insert", |coll: &str, document: Map| -> Result<String, Box<EvalAltResult>> {
            let document = map_to_doc(&document)?;
            with_host(|h| match h.insert_one(coll, document) {
                Ok(Bson::ObjectId(id)) => Ok(id.to_hex()),
                Ok(other) => Ok(other.to_string()),
                Err(e) => Err(e.to_string().into()),
            })
        });
        e.register_fn("db_find_one", |coll: &str, filter: Map| -> Result<Dynamic, Box<EvalAltResult>> {
            let filter = map_to_doc(&filter)?;
            with_host(|h| match h.find_one(coll, filter) {
                Ok(Some(d)) => Ok(doc_to_dynamic(d)),
                Ok(None) => Ok(Dynamic::UNIT),
                Err(e) => Err(e.to_string().into()),
            })
        });
        e.register_fn("db_find", |coll: &str, filter: Map| -> Result<rhai::Array, Box<EvalAltResult>> {
            let filter = map_to_doc(&filter)?;
            with_host(|h| match h.find(coll, filter, 0) {
                Ok(docs) => Ok(docs.into_iter().map(doc_to_dynamic).collect()),
                Err(e) => Err(e.to_string().into()),
            })
        });
        e.register_fn("file_write", |bucket: &str, key: &str, text: &str| -> Result<String, Box<EvalAltResult>> {
            with_host(|h| {
                h.write_file(bucket, key, text.as_bytes(), Some("text/plain")).map_err(|e| e.to_string().into())
            })
        });
        e.register_fn("file_read", |bucket: &str, key: &str| -> Result<String, Box<EvalAltResult>> {
            with_host(|h| match h.read_file(bucket, key) {
                Ok(bytes) => Ok(String::from_utf8_lossy(&bytes).into_owned()),
                Err(e) => Err(e.to_string().into()),
            })
        });
        e.register_fn("crash", || -> Dynamic { panic!("crash() was called") });
        e
    })
}

fn ctx_of(request: Request) -> Dynamic {
    let pairs = |pairs: Vec<(String, String)>| -> Value {
        Value::Object(pairs.into_iter().map(|(k, v)| (k, Value::String(v))).collect())
    };
    let json_body = request.headers.iter().any(|(k, v)| k == "content-type" && v.contains("json"));
    let body = if request.body.is_empty() {
        Value::Object(Default::default())
    } else if json_body {
        serde_json::from_slice(&request.body).unwrap_or(Value::Null)
    } else {
        Value::String(String::from_utf8_lossy(&request.body).into_owned())
    };
    let query = laf_sdk::parse_query(&request.query);
    let user = request.user.as_deref().and_then(|u| serde_json::from_str(u).ok()).unwrap_or(Value::Null);
    to_dynamic(&serde_json::json!({
        "method": request.method,
        "path": request.path,
        "query": pairs(query),
        "headers": pairs(request.headers),
        "body": body,
        "params": pairs(request.params),
        "user": user,
        "requestId": request.request_id,
        "functionName": request.function_name,
    }))
}

/// Runs `script`'s `main` with `request` and maps its value as Laf does.
pub fn run(script: &Script, request: Request) -> Result<Response, String> {
    let ctx = ctx_of(request);
    let value: Dynamic =
        engine().call_fn(&mut Scope::new(), &script.ast, "main", (ctx,)).map_err(|e| format!("{e}"))?;
    if value.is_unit() {
        return Ok(Response { status: 200, headers: Vec::new(), body: Vec::new() });
    }
    if value.is_string() {
        let text = value.into_string().unwrap_or_default();
        let headers = vec![("content-type".into(), laf_sdk::TEXT_HTML.into())];
        return Ok(Response { status: 200, headers, body: text.into_bytes() });
    }
    Ok(Response::json(&to_json(&value).map_err(|e| e.to_string())?))
}

/// Compiles a script and checks it defines `main(ctx)`.
pub fn compile(source: &str) -> Result<Script, String> {
    let ast = engine().compile(source).map_err(|e| e.to_string())?;
    if !ast.iter_functions().any(|f| f.name == "main" && f.params.len() == 1) {
        return Err("no main function: define `fn main(ctx) { ... }`".into());
    }
    Ok(Script { ast })
}

impl Plugin for Rhai {
    type Function = Script;

    fn load(_name: &str, source: &str) -> Result<Script, String> {
        compile(source)
    }

    fn invoke(script: &Script, request: Request, host: &Host<'_>) -> Result<Response, String> {
        // Lifetimes erased for the thread-local: reset before `host` goes away.
        let ptr = std::ptr::from_ref(host).cast::<Host<'static>>();
        struct Reset;
        impl Drop for Reset {
            fn drop(&mut self) {
                HOST.with(|h| h.set(std::ptr::null()));
            }
        }
        HOST.with(|h| h.set(ptr));
        let _reset = Reset;
        run(script, request)
    }
}

laf_sdk::export_language!(Rhai, "rhai", "rhai");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_compile_run_and_map_results() {
        let s = compile("fn main(ctx) { #{ hi: ctx.query.name, n: 1 + 1 } }").unwrap();
        let request = Request { query: "name=rhai".into(), ..Default::default() };
        let r = run(&s, request).unwrap();
        assert_eq!(serde_json::from_slice::<Value>(&r.body).unwrap(), serde_json::json!({"hi": "rhai", "n": 2}));
        let text = run(&compile("fn main(ctx) { \"plain\" }").unwrap(), Request::default()).unwrap();
        assert_eq!((text.body.as_slice(), text.headers[0].1.as_str()), (&b"plain"[..], laf_sdk::TEXT_HTML));
        assert!(compile("fn main(ctx) { ").unwrap_err().contains("line"));
        assert!(compile("fn other(x) { 1 }").unwrap_err().contains("no main"));
        let err =
            run(&compile("fn main(ctx) { log(\"x\") ; undefined_fn() }").unwrap(), Request::default()).unwrap_err();
        assert!(err.contains("undefined_fn"), "{err}");
    }
}
