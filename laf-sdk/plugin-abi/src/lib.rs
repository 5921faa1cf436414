//! Language plugins: a language built as a shared library the host loads at run time
//! (`laf serve --plugin lib.so`, `HostBuilder::load_plugin`).
//!
//! Rust has no stable ABI, so nothing Rust-specific crosses the boundary: the library exports two
//! C functions, `laf_plugin_abi_version() -> u32` and `laf_plugin_table() -> *const PluginTable`,
//! and everything else goes through that `#[repr(C)]` table of `extern "C"` functions. The rules:
//!
//! - Requests, responses and host calls are BSON documents passed as [`Slice`]s (borrowed for the
//!   call) or [`Buffer`]s (owned): a buffer is freed by the `free` of the side that allocated it
//!   (the plugin's table `free` for what the plugin returns, [`HostCallbacks::free`] for what the
//!   host returns).
//! - No `String`, `Vec`, trait object or Rust enum crosses; status codes are `i32` ([`OK`],
//!   [`ERROR`], [`PANIC`]); an error or panic message is a UTF-8 buffer.
//! - Every `extern "C"` function on both sides catches panics: a panic never unwinds across.
//! - The version is checked before anything else is called: a host refuses a library whose
//!   `laf_plugin_abi_version()` is not its [`ABI_VERSION`], naming the file and both versions.
//!
//! Plugin authors implement [`Plugin`] and call [`export_language!`]. [`Host::call`] reaches
//! every operation of the host's host-call service (the one Python's workers use too, so both
//! get the same answers); the other [`Host`] methods wrap the common ones. Calls are
//! synchronous: the host runs each on a blocking thread (several at once, so a plugin's functions
//! must be `Send + Sync`); a plugin that needs async work runs its own runtime inside `invoke`
//! (for example a current-thread tokio runtime kept in a `OnceLock`). Host calls made from
//! `invoke` (log, database, storage...) are answered before they return.

#![warn(missing_docs)]

use std::ffi::c_void;
use std::panic::{AssertUnwindSafe, catch_unwind};

use bson::{Bson, Document, doc};
use serde::{Deserialize, Serialize};

/// The version of this ABI. Bumped on any change to the table, the callbacks or the documents
/// (a new host-call operation is not a change; a new shape of an existing one's answer is).
///
/// Version 2: host calls are answered by the host's one host-call service, as Python's are:
/// `storage.write` answers `{etag}` (was the bare tag), `storage.read` adds `etag`,
/// `storage.list` answers an S3 ListObjectsV2 page (was a list of keys), and every `db.*`,
/// `storage.*`, `shared.*`, `token.*`, `ws.*` operation and `invoke` is served.
pub const ABI_VERSION: u32 = 2;
/// Name of the exported `extern "C" fn() -> u32` giving the library's ABI version.
pub const VERSION_SYMBOL: &str = "laf_plugin_abi_version";
/// Name of the exported `extern "C" fn() -> *const PluginTable`.
pub const TABLE_SYMBOL: &str = "laf_plugin_table";

/// Success.
pub const OK: i32 = 0;
/// Failure; the out buffer holds a UTF-8 message.
pub const ERROR: i32 = 1;
/// A panic was caught; the out buffer holds its message.
pub const PANIC: i32 = 2;

/// Bytes borrowed for the duration of one call.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct Slice {
    /// First byte (may dangle when `len` is 0).
    pub ptr: *const u8,
    /// Length in bytes.
    pub len: usize,
}

impl Slice {
    /// A slice of `bytes`, valid while they are.
    pub const fn of(bytes: &[u8]) -> Slice {
        Slice { ptr: bytes.as_ptr(), len: bytes.len() }
    }

    /// The bytes.
    ///
    /// # Safety
    /// `ptr` must point to `len` readable bytes for the returned lifetime.
    pub unsafe fn as_bytes<'a>(&self) -> &'a [u8] {
        if self.len == 0 { &[] } else { unsafe { std::slice::from_raw_parts(self.ptr, self.len) } }
    }
}

/// Bytes owned by the side that allocated them; give them back to its `free`.
#[repr(C)]
#[derive(Debug)]
pub struct Buffer {
    /// First byte.
    pub ptr: *mut u8,
    /// Length in bytes.
    pub len: usize,
    /// Capacity of the allocation.
    pub cap: usize,
}

impl Buffer {
    /// An empty buffer (nothing to free).
    pub const fn empty() -> Buffer {
        Buffer { ptr: std::ptr::null_mut(), len: 0, cap: 0 }
    }

    /// A buffer owning `bytes`, allocated by this side's allocator.
    pub fn from_vec(bytes: Vec<u8>) -> Buffer {
        let mut bytes = std::mem::ManuallyDrop::new(bytes);
        Buffer { ptr: bytes.as_mut_ptr(), len: bytes.len(), cap: bytes.capacity() }
    }

    /// Takes back a buffer this side allocated with [`Self::from_vec`].
    ///
    /// # Safety
    /// The buffer must come from `from_vec` in the same library (same allocator), once.
    pub unsafe fn into_vec(self) -> Vec<u8> {
        if self.ptr.is_null() { Vec::new() } else { unsafe { Vec::from_raw_parts(self.ptr, self.len, self.cap) } }
    }

    /// The bytes, borrowed.
    ///
    /// # Safety
    /// The buffer must be live (not freed yet).
    pub unsafe fn as_bytes(&self) -> &[u8] {
        if self.ptr.is_null() { &[] } else { unsafe { std::slice::from_raw_parts(self.ptr, self.len) } }
    }
}

/// What the host lends a plugin for one invocation.
#[repr(C)]
pub struct HostCallbacks {
    /// Opaque state of the host for this call; pass it back as is.
    pub ctx: *mut c_void,
    /// Writes a line to the function's log (`level`: 0 debug, 1 info, 2 warn, 3 error).
    pub log: unsafe extern "C" fn(ctx: *mut c_void, level: u32, message: Slice),
    /// A host service call: a BSON request `{op: "db.insert_one", coll, doc}` or
    /// `{op: "storage.write", bucket, key, body}` (see [`Host`]; the host's `laf_host::hostcall`
    /// lists every operation); `out` gets a BSON reply `{ok: value}` or `{err: {code, message}}`
    /// the host allocated.
    pub call: unsafe extern "C" fn(ctx: *mut c_void, request: Slice, out: *mut Buffer) -> i32,
    /// Frees a buffer the host allocated.
    pub free: unsafe extern "C" fn(buffer: Buffer),
}

/// What a plugin library exports through `laf_plugin_table`.
#[repr(C)]
pub struct PluginTable {
    /// Must equal what `laf_plugin_abi_version` returns.
    pub abi_version: u32,
    /// The language id (UTF-8, static): `"rhai"`.
    pub language_id: Slice,
    /// File extensions it takes, comma-separated without dots (UTF-8, static): `"rhai"`.
    pub extensions: Slice,
    /// Compiles `source` (UTF-8) of function `name`; on success `*handle` is the function.
    pub load: unsafe extern "C" fn(name: Slice, source: Slice, handle: *mut *mut c_void, error: *mut Buffer) -> i32,
    /// Runs a loaded function with a BSON [`Request`]; `response` gets a BSON [`Response`] (or
    /// the error message).
    pub invoke: unsafe extern "C" fn(
        handle: *mut c_void,
        request: Slice,
        host: *const HostCallbacks,
        response: *mut Buffer,
    ) -> i32,
    /// Drops a loaded function.
    pub unload: unsafe extern "C" fn(handle: *mut c_void),
    /// Frees a buffer the plugin allocated.
    pub free: unsafe extern "C" fn(buffer: Buffer),
}

// SAFETY: the table holds function pointers and pointers to static strings only.
unsafe impl Sync for PluginTable {}

/// The request a function is invoked with (a BSON document across the boundary).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Request {
    /// `GET`, `POST`... (or `WebSocket:message` for a WebSocket event).
    pub method: String,
    /// The path without the query.
    pub path: String,
    /// The raw query string.
    pub query: String,
    /// Header names (lowercase) and values.
    pub headers: Vec<(String, String)>,
    /// The body.
    #[serde(with = "serde_bytes_compat")]
    pub body: Vec<u8>,
    /// The invocation's request id.
    pub request_id: String,
    /// The function's name.
    pub function_name: String,
    /// Path parameters.
    pub params: Vec<(String, String)>,
    /// The verified JWT payload of the caller, as JSON text.
    pub user: Option<String>,
}

/// What a function answers (a BSON document across the boundary).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Response {
    /// HTTP status.
    pub status: u16,
    /// Headers.
    pub headers: Vec<(String, String)>,
    /// Body.
    #[serde(with = "serde_bytes_compat")]
    pub body: Vec<u8>,
}

impl Response {
    /// A `200` JSON response of `value`.
    pub fn json(value: &serde_json::Value) -> Response {
        Response {
            status: 200,
            headers: vec![("content-type".into(), "application/json; charset=utf-8".into())],
            body: value.to_string().into_bytes(),
        }
    }
}

// Bytes as BSON binary rather than an array of numbers.
mod serde_bytes_compat {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(bytes)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let b: bson::Binary = Deserialize::deserialize(d)?;
        Ok(b.bytes)
    }
}

/// The host, as a plugin's `invoke` sees it: the function's log, the app's database and storage.
pub struct Host<'a> {
    callbacks: &'a HostCallbacks,
}

/// A failed host call: a machine-readable code (`DuplicateKey`, `NoDatabase`...) and a message.
#[derive(Debug, Clone)]
pub struct HostError {
    /// What failed.
    pub code: String,
    /// Why.
    pub message: String,
}

impl std::fmt::Display for HostError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl Host<'_> {
    /// Writes a line to the function's log (`level`: 0 debug, 1 info, 2 warn, 3 error).
    pub fn log(&self, level: u32, message: &str) {
        // SAFETY: the callbacks are valid for the invocation this `Host` was made for.
        unsafe { (self.callbacks.log)(self.callbacks.ctx, level, Slice::of(message.as_bytes())) }
    }

    /// A raw host call: `request` must have `op`; returns the reply's `ok` value.
    pub fn call(&self, request: Document) -> Result<Bson, HostError> {
        let mut bytes = Vec::new();
        request.to_writer(&mut bytes).map_err(|e| HostError { code: "Encode".into(), message: e.to_string() })?;
        let mut out = Buffer::empty();
        // SAFETY: as above; `out` is freed with the host's `free` below.
        let status = unsafe { (self.callbacks.call)(self.callbacks.ctx, Slice::of(&bytes), &mut out) };
        let reply = unsafe { Document::from_reader(out.as_bytes()) };
        unsafe { (self.callbacks.free)(out) };
        let reply = reply.map_err(|e| HostError { code: "Decode".into(), message: e.to_string() })?;
        if status != OK {
            let err = reply.get_document("err").ok();
            let text = |k| err.and_then(|e| e.get_str(k).ok()).unwrap_or("").to_owned();
            return Err(HostError { code: text("code"), message: text("message") });
        }
        Ok(reply.get("ok").cloned().unwrap_or(Bson::Null))
    }

    /// Inserts a document into the app's collection `coll`; returns its `_id`.
    pub fn insert_one(&self, coll: &str, document: Document) -> Result<Bson, HostError> {
        self.call(doc! { "op": "db.insert_one", "coll": coll, "doc": document })
    }

    /// The first document of `coll` matching `filter`.
    pub fn find_one(&self, coll: &str, filter: Document) -> Result<Option<Document>, HostError> {
        match self.call(doc! { "op": "db.find_one", "coll": coll, "filter": filter })? {
            Bson::Document(d) => Ok(Some(d)),
            _ => Ok(None),
        }
    }

    /// Stores `body` as object `key` of the app's bucket `bucket` (its short name, as Laf's
    /// `cloud.storage.bucket(name)`); returns the entity tag.
    pub fn write_file(
        &self,
        bucket: &str,
        key: &str,
        body: &[u8],
        content_type: Option<&str>,
    ) -> Result<String, HostError> {
        let body = bson::Binary { subtype: bson::spec::BinarySubtype::Generic, bytes: body.to_vec() };
        let mut request = doc! { "op": "storage.write", "bucket": bucket, "key": key, "body": body };
        if let Some(ct) = content_type {
            request.insert("content_type", ct);
        }
        match self.call(request)? {
            Bson::Document(d) => Ok(d.get_str("etag").unwrap_or_default().to_owned()),
            _ => Ok(String::new()),
        }
    }

    /// The bytes of object `key` of bucket `bucket` (up to 64 MiB).
    pub fn read_file(&self, bucket: &str, key: &str) -> Result<Vec<u8>, HostError> {
        match self.call(doc! { "op": "storage.read", "bucket": bucket, "key": key })? {
            Bson::Document(d) => Ok(d.get_binary_generic("body").cloned().unwrap_or_default()),
            _ => Ok(Vec::new()),
        }
    }

    /// Deletes object `key` of bucket `bucket`.
    pub fn delete_file(&self, bucket: &str, key: &str) -> Result<(), HostError> {
        self.call(doc! { "op": "storage.delete", "bucket": bucket, "key": key }).map(drop)
    }

    /// The keys of bucket `bucket` starting with `prefix`, every page of them.
    pub fn list_files(&self, bucket: &str, prefix: &str) -> Result<Vec<String>, HostError> {
        let mut keys = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let mut request = doc! { "op": "storage.list", "bucket": bucket, "prefix": prefix };
            if let Some(t) = token.take() {
                request.insert("continuation_token", t);
            }
            let Bson::Document(page) = self.call(request)? else {
                return Ok(keys);
            };
            let contents = page.get_array("Contents").map(Vec::as_slice).unwrap_or_default();
            keys.extend(contents.iter().filter_map(|o| o.as_document()?.get_str("Key").ok().map(str::to_owned)));
            match page.get_str("NextContinuationToken") {
                Ok(t) if page.get_bool("IsTruncated").unwrap_or(false) => token = Some(t.to_owned()),
                _ => return Ok(keys),
            }
        }
    }

    /// The documents of `coll` matching `filter` (at most `limit`, 0 for all).
    pub fn find(&self, coll: &str, filter: Document, limit: i64) -> Result<Vec<Document>, HostError> {
        self.find_with(coll, filter, doc! { "limit": limit })
    }

    /// The documents of `coll` matching `filter`, with the driver's find `options`: `projection`,
    /// `sort` (`{field: 1 | -1}`), `skip`, `limit`.
    pub fn find_with(&self, coll: &str, filter: Document, options: Document) -> Result<Vec<Document>, HostError> {
        let mut request = doc! { "op": "db.find", "coll": coll, "filter": filter };
        request.extend(options);
        match self.call(request)? {
            Bson::Array(items) => Ok(items
                .into_iter()
                .filter_map(|b| match b {
                    Bson::Document(d) => Some(d),
                    _ => None,
                })
                .collect()),
            _ => Ok(Vec::new()),
        }
    }
}

/// A language implemented in a plugin library.
pub trait Plugin: 'static {
    /// A compiled function.
    type Function: Send + Sync + 'static;
    /// Compiles `source` of function `name`; the error is shown to whoever published it.
    fn load(name: &str, source: &str) -> Result<Self::Function, String>;
    /// Runs `function` with `request`; an error is a 500 for this call.
    fn invoke(function: &Self::Function, request: Request, host: &Host<'_>) -> Result<Response, String>;
}

fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    match payload.downcast::<String>() {
        Ok(s) => *s,
        Err(payload) => match payload.downcast::<&'static str>() {
            Ok(s) => (*s).to_owned(),
            Err(_) => "a panic without a message".to_owned(),
        },
    }
}

/// `load` of a [`Plugin`], as the table exports it.
///
/// # Safety
/// Called by the host with valid slices and out-pointers.
pub unsafe extern "C" fn load_entry<P: Plugin>(
    name: Slice,
    source: Slice,
    handle: *mut *mut c_void,
    error: *mut Buffer,
) -> i32 {
    let result = catch_unwind(AssertUnwindSafe(|| {
        let name = std::str::from_utf8(unsafe { name.as_bytes() }).map_err(|e| format!("name: {e}"))?;
        let source = std::str::from_utf8(unsafe { source.as_bytes() }).map_err(|e| format!("source: {e}"))?;
        P::load(name, source)
    }));
    match result {
        Ok(Ok(function)) => {
            unsafe { *handle = Box::into_raw(Box::new(function)).cast() };
            OK
        }
        Ok(Err(message)) => {
            unsafe { *error = Buffer::from_vec(message.into_bytes()) };
            ERROR
        }
        Err(panic) => {
            unsafe { *error = Buffer::from_vec(panic_message(panic).into_bytes()) };
            PANIC
        }
    }
}

/// `invoke` of a [`Plugin`], as the table exports it.
///
/// # Safety
/// Called by the host with a handle from [`load_entry`], valid slices and out-pointers.
pub unsafe extern "C" fn invoke_entry<P: Plugin>(
    handle: *mut c_void,
    request: Slice,
    host: *const HostCallbacks,
    response: *mut Buffer,
) -> i32 {
    let result = catch_unwind(AssertUnwindSafe(|| {
        let function = unsafe { &*(handle as *const P::Function) };
        let request: Request = bson::deserialize_from_slice(unsafe { request.as_bytes() })
            .map_err(|e| format!("the host's request does not decode: {e}"))?;
        let host = Host { callbacks: unsafe { &*host } };
        let answer = P::invoke(function, request, &host)?;
        let mut bytes = Vec::new();
        bson::serialize_to_document(&answer)
            .and_then(|d| d.to_writer(&mut bytes))
            .map_err(|e| format!("the response does not encode: {e}"))?;
        Ok::<_, String>(bytes)
    }));
    let (status, bytes) = match result {
        Ok(Ok(bytes)) => (OK, bytes),
        Ok(Err(message)) => (ERROR, message.into_bytes()),
        Err(panic) => (PANIC, panic_message(panic).into_bytes()),
    };
    unsafe { *response = Buffer::from_vec(bytes) };
    status
}

/// `unload` of a [`Plugin`], as the table exports it.
///
/// # Safety
/// Called once per handle from [`load_entry`].
pub unsafe extern "C" fn unload_entry<P: Plugin>(handle: *mut c_void) {
    let _ = catch_unwind(AssertUnwindSafe(|| drop(unsafe { Box::from_raw(handle as *mut P::Function) })));
}

/// `free` of a plugin, as the table exports it.
///
/// # Safety
/// Called once per buffer the plugin returned.
pub unsafe extern "C" fn free_entry(buffer: Buffer) {
    let _ = catch_unwind(AssertUnwindSafe(|| drop(unsafe { buffer.into_vec() })));
}

/// The table of plugin `P` with language `id` and comma-separated `extensions`.
pub const fn table<P: Plugin>(id: &'static str, extensions: &'static str) -> PluginTable {
    PluginTable {
        abi_version: ABI_VERSION,
        language_id: Slice::of(id.as_bytes()),
        extensions: Slice::of(extensions.as_bytes()),
        load: load_entry::<P>,
        invoke: invoke_entry::<P>,
        unload: unload_entry::<P>,
        free: free_entry,
    }
}

/// Exports a [`Plugin`] from a `cdylib`: `laf_plugin_abi::export_language!(MyLanguage, "id", "ext1,ext2");`
/// (`laf_sdk::export_language!` is the same macro)
#[macro_export]
macro_rules! export_language {
    ($plugin:ty, $id:literal, $extensions:literal) => {
        static __LAF_PLUGIN_TABLE: $crate::PluginTable = $crate::table::<$plugin>($id, $extensions);

        /// The plugin ABI version this library was built against.
        #[unsafe(no_mangle)]
        pub extern "C" fn laf_plugin_abi_version() -> u32 {
            $crate::ABI_VERSION
        }

        /// The plugin's function table.
        #[unsafe(no_mangle)]
        pub extern "C" fn laf_plugin_table() -> *const $crate::PluginTable {
            &__LAF_PLUGIN_TABLE
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_and_responses_round_trip_as_bson() {
        let r = Request {
            method: "POST".into(),
            body: vec![0, 1, 255],
            params: vec![("id".into(), "7".into())],
            ..Default::default()
        };
        let mut bytes = Vec::new();
        bson::serialize_to_document(&r).unwrap().to_writer(&mut bytes).unwrap();
        let back: Request = bson::deserialize_from_slice(&bytes).unwrap();
        assert_eq!(
            (back.method.as_str(), back.body, back.params),
            ("POST", vec![0, 1, 255], vec![("id".to_owned(), "7".to_owned())])
        );
    }
}
