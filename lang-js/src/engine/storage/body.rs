//! Object bodies as JavaScript reads them: one chunk per promise (`for await`), or whole
//! (`transformToByteArray`, `transformToString`) up to the runtime's memory limit.
//!
//! JavaScript holds a body as an opaque handle (a class instance only this module makes). Reads go
//! through `stRead(handle, ...)`; a response sends a body through `stSend(id, handle, ...)`, which
//! only the bootstrap holds: function code can read a body, never settle an invocation with it.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use bytes::Bytes;
use laf_host::FunctionResponse;
use laf_host::bindings::storage::{ByteStream, CHUNK_SIZE, GetObject, ObjectMeta, StorageError};
use rquickjs::class::{JsClass, Readable, Trace, Tracer};
use rquickjs::function::Opt;
use rquickjs::{Class, Constructor, Ctx, Exception, Function, JsLifetime, Object, TypedArray, Value};

use super::{Fut, Held, R, Settle, StEnv, run, storage_error};
use crate::engine::db::settled;

// Body read modes, mirrored by `READ` in js/storage.js.
const NEXT: u8 = 0;
const ALL_BYTES: u8 = 1;
const ALL_TEXT: u8 = 2;
const CANCEL: u8 = 3;

// What a whole read reserves up front when the runtime has no memory limit (the object's length
// is the backend's word, possibly huge): the buffer grows from there as bytes arrive.
const MAX_RESERVE: usize = CHUNK_SIZE * 16;

/// What a body read answers; a whole body keeps its bytes counted until JavaScript has its copy.
enum Read {
    Chunk(Option<Bytes>),
    Bytes(Vec<u8>, Held),
    Text(Vec<u8>, Encoding, Held),
}

/// Where a body stands: a stream ready for the next read, a read in flight, or finished.
enum BodyState {
    Idle(ByteStream),
    Busy,
    Done,
}

/// An object's body as the function holds it (through its handle), with what a response sending
/// it needs.
struct Body {
    state: RefCell<BodyState>,
    // Some of it was read in chunks: what is left is no longer the object.
    consumed: Cell<bool>,
    length: u64,
    meta: ObjectMeta,
    range: Option<(u64, u64)>,
}

/// The handle JavaScript holds: the stream lives as long as the handle does, so a body the
/// function drops is closed when JavaScript frees it.
pub(super) struct BodyHandle(Rc<Body>);

impl<'js> Trace<'js> for BodyHandle {
    fn trace<'a>(&self, _: Tracer<'a, 'js>) {}
}

// SAFETY: the handle holds no JavaScript value.
unsafe impl<'js> JsLifetime<'js> for BodyHandle {
    type Changed<'to> = BodyHandle;
}

impl<'js> JsClass<'js> for BodyHandle {
    const NAME: &'static str = "StorageBodyHandle";
    type Mutable = Readable;

    // None (a null prototype): rquickjs keeps a class's prototype for the runtime's life, and one
    // made in the app's context would keep that context alive after the app is removed, so its
    // runtime could never be freed (engine/runtimes.rs). The handle needs no methods.
    fn prototype(_: &Ctx<'js>) -> R<Option<Object<'js>>> {
        Ok(None)
    }

    fn constructor(_: &Ctx<'js>) -> R<Option<Constructor<'js>>> {
        Ok(None)
    }
}

/// The handle of the body of `got`.
pub(super) fn handle<'js>(cx: &Ctx<'js>, got: GetObject) -> R<Value<'js>> {
    let length = got.content_length();
    let body = Body {
        state: RefCell::new(BodyState::Idle(got.body)),
        consumed: Cell::new(false),
        length,
        meta: got.meta,
        range: got.range,
    };
    Ok(Class::instance(cx.clone(), BodyHandle(Rc::new(body)))?.into_value())
}

fn body_of<'js>(cx: &Ctx<'js>, v: &Value<'js>) -> R<Rc<Body>> {
    match Class::<BodyHandle>::from_value(v) {
        Ok(h) => Ok(h.borrow().0.clone()),
        Err(_) => Err(Exception::throw_type(cx, "not a storage object's body")),
    }
}

/// Installs `stRead(handle, mode, encoding?)` and `stSend(id, handle, status?, headers?)` on the
/// natives object `n`.
pub(super) fn install<'js>(cx: &Ctx<'js>, n: &Object<'js>, env: &Rc<StEnv>) -> R<()> {
    let e = env.clone();
    n.set(
        "stRead",
        Function::new(cx.clone(), move |cx: Ctx<'js>, h: Value<'js>, mode: u8, encoding: Opt<Value<'js>>| {
            let body = body_of(&cx, &h)?;
            let encoding = encoding.0.and_then(|v| v.as_string().and_then(|s| s.to_string().ok()));
            read(&cx, &e, &body, mode, encoding)
        })?,
    )?;
    let e = env.clone();
    n.set(
        "stSend",
        Function::new(
            cx.clone(),
            move |cx: Ctx<'js>, id: u32, h: Value<'js>, status: Opt<u16>, headers: Opt<Value<'js>>| {
                let body = body_of(&cx, &h)?;
                send(&cx, &e, &body, id, status.0.unwrap_or(200), headers.0)
            },
        )?,
    )?;
    Ok(())
}

/// Answers invocation `id` with the body itself, streamed to the client as it reads: a function
/// that returns a `readFile` result never holds the object. The function's status (unless 200)
/// and headers win over the object's.
fn send<'js>(
    cx: &Ctx<'js>,
    env: &Rc<StEnv>,
    body: &Rc<Body>,
    id: u32,
    status: u16,
    headers: Option<Value<'js>>,
) -> R<Value<'js>> {
    if !env.st.owns(env.owner, id) {
        return Ok(Value::new_undefined(cx.clone()));
    }
    // The response promises the whole object (its Content-Length): a body read in part is not it.
    if body.consumed.get() {
        return Err(Exception::throw_type(cx, "the body has been partly read: it cannot be sent"));
    }
    let stream = match body.state.replace(BodyState::Done) {
        BodyState::Idle(stream) => stream,
        other => {
            body.state.replace(other);
            return Err(Exception::throw_type(cx, "the body has already been read: it cannot be sent"));
        }
    };
    let head = crate::engine::natives::head(cx, status, &headers.unwrap_or_else(|| Value::new_undefined(cx.clone())))?;
    let got = GetObject { meta: body.meta.clone(), range: body.range, body: stream };
    let mut res = FunctionResponse::object(got);
    if head.status != http::StatusCode::OK {
        res.status = head.status;
    }
    for (name, value) in head.headers.iter() {
        res.headers.insert(name.clone(), value.clone());
    }
    env.st.settle(id, Ok(res));
    Ok(Value::new_undefined(cx.clone()))
}

fn read<'js>(cx: &Ctx<'js>, env: &Rc<StEnv>, body: &Rc<Body>, mode: u8, encoding: Option<String>) -> R<Value<'js>> {
    if mode == CANCEL {
        // A read in flight keeps its stream until it ends; then it sees the body is done.
        body.state.replace(BodyState::Done);
        return Ok(Value::new_undefined(cx.clone()));
    }
    let encoding = match mode {
        ALL_TEXT => match Encoding::parse(encoding.as_deref().unwrap_or("utf-8")) {
            Some(e) => Some(e),
            None => {
                let msg =
                    format!("unknown encoding {:?}: use utf-8, base64, hex or latin1", encoding.unwrap_or_default());
                return Err(Exception::throw_type(cx, &msg));
            }
        },
        NEXT | ALL_BYTES => None,
        _ => return Err(Exception::throw_internal(cx, &format!("unknown body read mode {mode}"))),
    };
    let cap = env.budget.limit;
    if mode != NEXT && body.length > cap as u64 {
        let e = StorageError::InvalidArgument(format!(
            "the object is {} bytes, over the {cap}-byte memory limit for reading it whole; read it in chunks with `for await (const chunk of res.Body)`",
            body.length
        ));
        return settled(cx, true, storage_error(cx, &e)?);
    }
    let mut stream = match body.state.replace(BodyState::Busy) {
        BodyState::Idle(stream) => stream,
        BodyState::Busy => {
            let e = Exception::from_message(cx.clone(), "a read of this body is already in progress")?;
            return settled(cx, true, e.into_value());
        }
        BodyState::Done => {
            body.state.replace(BodyState::Done);
            if mode == NEXT {
                return settled(cx, false, Value::new_null(cx.clone()));
            }
            let e = Exception::from_message(cx.clone(), "the body has already been read")?;
            return settled(cx, true, e.into_value());
        }
    };
    let cell = body.clone();
    let fut: Fut<Read> = if mode == NEXT {
        body.consumed.set(true);
        Box::pin(async move {
            loop {
                match std::future::poll_fn(|c| stream.as_mut().poll_next(c)).await {
                    // Empty chunks carry nothing: the function sees only real data or the end.
                    Some(Ok(chunk)) if chunk.is_empty() => continue,
                    Some(Ok(chunk)) => {
                        // Put back unless the function cancelled the body meanwhile.
                        if matches!(*cell.state.borrow(), BodyState::Busy) {
                            cell.state.replace(BodyState::Idle(stream));
                        }
                        return Ok(Read::Chunk(Some(chunk)));
                    }
                    None => {
                        cell.state.replace(BodyState::Done);
                        return Ok(Read::Chunk(None));
                    }
                    Some(Err(e)) => {
                        cell.state.replace(BodyState::Done);
                        return Err(StorageError::Io(e));
                    }
                }
            }
        })
    } else {
        // The whole object is counted before any of it is read (it is at most `cap`).
        let length = usize::try_from(body.length).unwrap_or(usize::MAX);
        let mut held = match env.budget.take(length) {
            Ok(held) => held,
            Err(e) => {
                body.state.replace(BodyState::Idle(stream));
                return e.reject(cx);
            }
        };
        // With a memory limit the budget just granted the length; without one, the length is
        // only the backend's word.
        let reserve = if cap == usize::MAX { length.min(MAX_RESERVE) } else { length };
        Box::pin(async move {
            let mut out = Vec::with_capacity(reserve);
            let result = loop {
                match std::future::poll_fn(|c| stream.as_mut().poll_next(c)).await {
                    Some(Ok(chunk)) if out.len() + chunk.len() > cap => {
                        break Err(StorageError::InvalidArgument(format!(
                            "the object grew past the {cap}-byte memory limit while read"
                        )));
                    }
                    Some(Ok(chunk)) => {
                        // More than the object's length (it changed while read): counted too.
                        let len = out.len() + chunk.len();
                        if len > length
                            && let Err(e) = held.resize(len)
                        {
                            break Err(StorageError::InvalidArgument(e.to_string()));
                        }
                        out.extend_from_slice(&chunk);
                    }
                    None => break Ok(()),
                    Some(Err(e)) => break Err(StorageError::Io(e)),
                }
            };
            cell.state.replace(BodyState::Done);
            result?;
            Ok(match encoding {
                Some(enc) => Read::Text(out, enc, held),
                None => Read::Bytes(out, held),
            })
        })
    };
    run(cx, env, fut)
}

impl Settle for Read {
    fn into_js<'js>(self, cx: &Ctx<'js>) -> R<Value<'js>> {
        // Copied into QuickJS's own allocation, so the bytes a function holds count against its
        // memory limit: a function that keeps every chunk runs out of memory, not the host.
        match self {
            Read::Chunk(None) => Ok(Value::new_null(cx.clone())),
            Read::Chunk(Some(chunk)) => Ok(TypedArray::<u8>::new_copy(cx.clone(), &chunk)?.into_value()),
            Read::Bytes(bytes, _held) => Ok(TypedArray::<u8>::new_copy(cx.clone(), &bytes)?.into_value()),
            Read::Text(bytes, enc, _held) => {
                Ok(rquickjs::String::from_str(cx.clone(), &enc.decode(bytes))?.into_value())
            }
        }
    }
}

/// The encodings `transformToString` takes (those of Node's `Buffer#toString` that functions use).
#[derive(Clone, Copy)]
enum Encoding {
    Utf8,
    Base64,
    Base64Url,
    Hex,
    Latin1,
    Ascii,
}

impl Encoding {
    fn parse(name: &str) -> Option<Encoding> {
        Some(match name.to_ascii_lowercase().as_str() {
            "utf8" | "utf-8" => Encoding::Utf8,
            "base64" => Encoding::Base64,
            "base64url" => Encoding::Base64Url,
            "hex" => Encoding::Hex,
            "latin1" | "binary" => Encoding::Latin1,
            "ascii" => Encoding::Ascii,
            _ => return None,
        })
    }

    fn decode(self, bytes: Vec<u8>) -> String {
        match self {
            // Invalid sequences become U+FFFD, as Node's decoder does.
            Encoding::Utf8 => {
                String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
            }
            Encoding::Base64 => {
                base64(&bytes, b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", true)
            }
            Encoding::Base64Url => {
                base64(&bytes, b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", false)
            }
            Encoding::Hex => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                bytes.iter().flat_map(|b| [HEX[(b >> 4) as usize] as char, HEX[(b & 15) as usize] as char]).collect()
            }
            Encoding::Latin1 => bytes.iter().map(|&b| b as char).collect(),
            Encoding::Ascii => bytes.iter().map(|&b| (b & 0x7f) as char).collect(),
        }
    }
}

fn base64(bytes: &[u8], alphabet: &[u8; 64], pad: bool) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(alphabet[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
        if pad {
            for _ in chunk.len()..3 {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_match_nodes_buffer() {
        let d = |e: &str, b: &[u8]| Encoding::parse(e).unwrap().decode(b.to_vec());
        assert_eq!(d("base64", b"hello"), "aGVsbG8=");
        assert_eq!(d("base64", b"hell"), "aGVsbA==");
        assert_eq!(d("base64", b"hel"), "aGVs");
        assert_eq!(d("base64url", &[0xfb, 0xff]), "-_8");
        assert_eq!(d("hex", &[0, 0xab, 0x10]), "00ab10");
        assert_eq!(d("latin1", &[0x68, 0xe9]), "hé");
        assert_eq!(d("utf8", &[0x68, 0xff]), "h\u{fffd}");
        assert!(Encoding::parse("utf16le").is_none());
    }
}
