//! The host side of a worker's calls. The app's services (database, storage, shared store,
//! tokens, sockets, `cloud.invoke`) are laf-host's host-call service, as for every out-of-process
//! language; only what is Python's own is served here: module sources, imports of other
//! functions, and the interceptor's `next`.

use std::collections::HashMap;
use std::sync::Arc;

use bson::spec::BinarySubtype;
use bson::{Binary, Bson, Document, doc};
use laf_host::hostcall::{self, CallError, Limits, args};
use laf_host::response::response_data;
use laf_host::{FunctionContext, FunctionResponse, SocketEvent};

use crate::{PythonFunction, published};

/// What a worker's calls remember between frames, kept with the worker.
#[derive(Default)]
pub(crate) struct Memory {
    /// Functions whose source the worker fetched, with the generation it got: checked against the
    /// registry before each call so a republished import is reloaded.
    pub known: HashMap<Arc<str>, u64>,
    /// What the running interceptor's `next` answered, sent as is if the interceptor returns it.
    pub kept: Option<FunctionResponse>,
}

/// The reply frame for a call's outcome.
pub(crate) fn reply(result: Result<Bson, CallError>) -> Document {
    let mut frame = hostcall::reply(result);
    frame.insert("t", "reply");
    frame
}

/// What a worker can take in one answer: it holds an object it reads twice (its read buffer,
/// then Python's bytes), so a read past a quarter of its memory limit would rather be refused
/// than kill the worker; and never more than a frame carries.
fn limits(f: &PythonFunction) -> Limits {
    let frame = crate::frame::MAX_FRAME as u64 / 2;
    let max_read = if f.memory_limit > 0 { (f.memory_limit / 4).min(frame) } else { frame };
    Limits { max_read }
}

/// Serves one call frame of `f`'s invocation, on the worker whose memory is `memory`.
pub(crate) async fn serve(
    f: &PythonFunction,
    ctx: &FunctionContext,
    memory: &mut Memory,
    frame: &Document,
) -> Result<Bson, CallError> {
    match frame.get_str("op") {
        Ok("source") => source(f, ctx, memory, frame),
        Ok("import") => import(ctx, memory, frame),
        Ok("next") => next(ctx, memory, frame).await,
        _ => hostcall::serve(ctx, frame, &limits(f)).await,
    }
}

/// The code of the function being run (or of another version still being called).
fn source(f: &PythonFunction, ctx: &FunctionContext, memory: &mut Memory, frame: &Document) -> Result<Bson, CallError> {
    let name = args::str(frame, "name")?;
    // The version of a function a worker asks for (0 when it names none).
    let generation = args::count(frame, "gen")?.unwrap_or(0);
    let found = if *f.name == *name && f.generation == generation {
        Some((f.filename.clone(), f.code.clone()))
    } else {
        published(ctx, name, |p| (p.generation == generation).then(|| (p.filename.clone(), p.code.clone()))).flatten()
    };
    let (filename, code) =
        found.ok_or_else(|| CallError::new("NotFound", format!("no version {generation} of {name}")))?;
    memory.known.insert(name.into(), generation);
    Ok(Bson::Document(doc! { "filename": &*filename, "code": &*code }))
}

/// `import functions.<name>`: the published function, a namespace (`functions.api` when `api/user`
/// exists), or nothing.
fn import(ctx: &FunctionContext, memory: &mut Memory, frame: &Document) -> Result<Bson, CallError> {
    let name = args::str(frame, "name")?;
    if let Some(function) = ctx.app.function(name) {
        let Some(py) = function.loaded_as::<PythonFunction>() else {
            return Err(CallError::new(
                "ImportError",
                format!(
                    "'{name}' is a {} function; only Python functions can be imported (call others with cloud.invoke)",
                    function.language
                ),
            ));
        };
        memory.known.insert(name.into(), py.generation);
        return Ok(Bson::Document(doc! { "gen": py.generation as i64, "filename": &*py.filename, "code": &*py.code }));
    }
    let prefix = format!("{name}/");
    if ctx.app.functions().iter().any(|f| f.name.starts_with(&prefix)) {
        return Ok(Bson::Document(doc! { "package": true }));
    }
    Ok(Bson::Null)
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

/// The interceptor's `next(ctx)`: runs the function the request was for.
async fn next(ctx: &FunctionContext, memory: &mut Memory, a: &Document) -> Result<Bson, CallError> {
    let Some(next) = ctx.next() else {
        return Err(CallError::bad("next() is given to __interceptor__ only"));
    };
    let changes = match a.get("param") {
        None | Some(Bson::Null) => None,
        Some(p) => Some(p.clone().into_relaxed_extjson()),
    };
    let (response, data) = response_data(next.run_with(changes.as_ref()).await).await;
    memory.kept = Some(response);
    Ok(hostcall::data_bson(data))
}
