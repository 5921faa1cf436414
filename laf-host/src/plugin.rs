//! Languages from shared libraries: [`PluginLanguage`] loads a library exporting the C ABI of
//! `laf_plugin_abi` and serves its functions like any compiled-in [`Language`].
//!
//! The library stays loaded while the language or any function loaded from it is alive (each
//! holds an `Arc` of it). A call runs on a blocking thread; the plugin's host calls are answered
//! there, by the host-call service every out-of-process language shares ([`crate::hostcall`]). A
//! panic in the plugin is caught on its side of the boundary and becomes a 500 for that call.

use std::ffi::c_void;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use async_trait::async_trait;
use bson::Document;
use laf_plugin_abi::{self as abi, Buffer, HostCallbacks, PluginTable, Slice};

use crate::app::logs::Level;
use crate::context::FunctionContext;
use crate::error::{InvokeError, LoadError};
use crate::hostcall::{self, CallError, Limits};
use crate::language::{AppView, FunctionSource, Language, LoadedFunction};
use crate::response::FunctionResponse;

/// Why a plugin library could not be used.
#[derive(Debug, thiserror::Error)]
pub enum PluginError {
    /// The file could not be loaded as a shared library.
    #[error("{path}: cannot load the library: {reason}")]
    Open {
        /// The library.
        path: PathBuf,
        /// The loader's message.
        reason: String,
    },
    /// A required symbol is missing: not a Laf language plugin.
    #[error("{path}: not a Laf language plugin (no `{symbol}` symbol; build it with laf_plugin_abi::export_language!)")]
    MissingSymbol {
        /// The library.
        path: PathBuf,
        /// The symbol looked for.
        symbol: &'static str,
    },
    /// The library speaks another version of the ABI.
    #[error(
        "{path}: built for plugin ABI version {found}, this host expects version {expected}: rebuild it against the laf-plugin-abi of this host"
    )]
    AbiMismatch {
        /// The library.
        path: PathBuf,
        /// What it reports.
        found: u32,
        /// What this host speaks.
        expected: u32,
    },
    /// The table is malformed (an id or extension list that is not UTF-8).
    #[error("{path}: invalid plugin table: {reason}")]
    Invalid {
        /// The library.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
}

struct Library {
    // Only kept loaded: unloaded when the last function handle and the language (which hold
    // this `Arc`) are gone, so `table` stays valid.
    _lib: libloading::Library,
    table: *const PluginTable,
    path: PathBuf,
}

// SAFETY: the table is immutable static data of the library, which stays loaded while this lives.
unsafe impl Send for Library {}
unsafe impl Sync for Library {}

impl Library {
    fn table(&self) -> &PluginTable {
        // SAFETY: checked non-null at load; valid while `lib` is loaded.
        unsafe { &*self.table }
    }

    /// Takes back a buffer the plugin allocated.
    fn take(&self, buffer: Buffer) -> Vec<u8> {
        // SAFETY: the buffer came from this plugin; it is freed once, by its own `free`.
        let bytes = unsafe { buffer.as_bytes() }.to_vec();
        unsafe { (self.table().free)(buffer) };
        bytes
    }
}

/// A language served by a plugin library.
#[derive(Clone)]
pub struct PluginLanguage {
    lib: Arc<Library>,
    id: String,
    extensions: Vec<String>,
}

impl std::fmt::Debug for PluginLanguage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PluginLanguage").field("id", &self.id).field("path", &self.lib.path).finish()
    }
}

impl PluginLanguage {
    /// Loads the plugin at `path`, checking its ABI version first.
    pub fn load(path: impl AsRef<Path>) -> Result<PluginLanguage, PluginError> {
        let path = path.as_ref().to_path_buf();
        // SAFETY: loading a library runs its initialisers; plugins are code the operator chose
        // to run, as the host binary is.
        let lib = unsafe { libloading::Library::new(&path) }
            .map_err(|e| PluginError::Open { path: path.clone(), reason: e.to_string() })?;
        let missing = |symbol| PluginError::MissingSymbol { path: path.clone(), symbol };
        // SAFETY: the symbols' types are the ABI's; the version is checked before the table is read.
        let found = unsafe {
            let version = lib
                .get::<unsafe extern "C" fn() -> u32>(abi::VERSION_SYMBOL.as_bytes())
                .map_err(|_| missing(abi::VERSION_SYMBOL))?;
            version()
        };
        if found != abi::ABI_VERSION {
            return Err(PluginError::AbiMismatch { path, found, expected: abi::ABI_VERSION });
        }
        let table = unsafe {
            let get = lib
                .get::<unsafe extern "C" fn() -> *const PluginTable>(abi::TABLE_SYMBOL.as_bytes())
                .map_err(|_| missing(abi::TABLE_SYMBOL))?;
            get()
        };
        let invalid = |reason: &str| PluginError::Invalid { path: path.clone(), reason: reason.to_owned() };
        if table.is_null() {
            return Err(invalid("laf_plugin_table returned null"));
        }
        let lib = Arc::new(Library { _lib: lib, table, path: path.clone() });
        let t = lib.table();
        if t.abi_version != abi::ABI_VERSION {
            return Err(PluginError::AbiMismatch { path, found: t.abi_version, expected: abi::ABI_VERSION });
        }
        // SAFETY: static strings of the library.
        let id =
            std::str::from_utf8(unsafe { t.language_id.as_bytes() }).map_err(|_| invalid("the id is not UTF-8"))?;
        let exts = std::str::from_utf8(unsafe { t.extensions.as_bytes() })
            .map_err(|_| invalid("the extensions are not UTF-8"))?;
        if id.is_empty() {
            return Err(invalid("the language id is empty"));
        }
        let extensions = exts
            .split(',')
            .map(|e| e.trim().trim_start_matches('.').to_ascii_lowercase())
            .filter(|e| !e.is_empty())
            .collect();
        let language = PluginLanguage { id: id.to_owned(), extensions, lib };
        tracing::info!(language = %language.id, path = %path.display(), "plugin loaded");
        Ok(language)
    }

    /// The file extensions the plugin takes.
    pub fn extensions(&self) -> &[String] {
        &self.extensions
    }
}

#[async_trait]
impl Language for PluginLanguage {
    fn id(&self) -> &str {
        &self.id
    }

    fn accepts(&self, source: &FunctionSource) -> bool {
        match &source.language {
            Some(lang) => *lang == self.id,
            None => source.extension().is_some_and(|e| self.extensions.contains(&e)),
        }
    }

    async fn load(&self, _app: &AppView<'_>, source: &FunctionSource) -> Result<Arc<dyn LoadedFunction>, LoadError> {
        let lib = self.lib.clone();
        let (name, code) = (source.name.clone(), source.code.clone());
        let filename = source.filename.clone();
        let loaded = tokio::task::spawn_blocking(move || {
            let mut handle: *mut c_void = std::ptr::null_mut();
            let mut error = Buffer::empty();
            let t = lib.table();
            // SAFETY: valid slices for the call; the out-pointers are ours.
            let status =
                unsafe { (t.load)(Slice::of(name.as_bytes()), Slice::of(code.bytes()), &mut handle, &mut error) };
            match status {
                abi::OK if !handle.is_null() => Ok(PluginFunction { handle: Arc::new(Handle { lib, ptr: handle }) }),
                abi::OK => Err("the plugin returned no function".to_owned()),
                abi::PANIC => Err(format!("the plugin panicked: {}", String::from_utf8_lossy(&lib.take(error)))),
                _ => Err(String::from_utf8_lossy(&lib.take(error)).into_owned()),
            }
        })
        .await
        .map_err(|e| LoadError::Other(format!("{filename}: {e}")))?;
        match loaded {
            Ok(f) => Ok(Arc::new(f)),
            Err(message) => Err(LoadError::Other(format!("{filename}: {message}"))),
        }
    }
}

/// A function loaded by a plugin. Shared with its running calls, so a call that outlives its
/// caller (a timeout) never sees the function unloaded under it.
struct PluginFunction {
    handle: Arc<Handle>,
}

/// A plugin's function handle, and the library kept loaded for it.
struct Handle {
    lib: Arc<Library>,
    ptr: *mut c_void,
}

// SAFETY: `Plugin::Function` is `Send + Sync` on the plugin side.
unsafe impl Send for Handle {}
unsafe impl Sync for Handle {}

impl Drop for Handle {
    fn drop(&mut self) {
        // SAFETY: the pointer came from this library's `load`, dropped once.
        unsafe { (self.lib.table().unload)(self.ptr) };
    }
}

/// The host's state for one plugin call, behind `HostCallbacks::ctx`.
struct CallState {
    ctx: FunctionContext,
    runtime: tokio::runtime::Handle,
}

fn level_of(level: u32) -> Level {
    match level {
        0 => Level::Debug,
        2 => Level::Warn,
        3 => Level::Error,
        _ => Level::Info,
    }
}

unsafe extern "C" fn host_log(ctx: *mut c_void, level: u32, message: Slice) {
    let _ = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: `ctx` is the `CallState` of the running call; `message` is valid for this call.
        let state = unsafe { &*(ctx as *const CallState) };
        let text = String::from_utf8_lossy(unsafe { message.as_bytes() });
        state.ctx.log(level_of(level), &text);
    }));
}

unsafe extern "C" fn host_free(buffer: Buffer) {
    // SAFETY: host buffers come from `Buffer::from_vec` in this binary.
    let _ = catch_unwind(AssertUnwindSafe(|| drop(unsafe { buffer.into_vec() })));
}

/// Largest object a plugin reads in one piece (it is copied into the plugin's memory, and the
/// host holds it meanwhile).
const MAX_READ: u64 = 64 << 20;

unsafe extern "C" fn host_call(ctx: *mut c_void, request: Slice, out: *mut Buffer) -> i32 {
    let result = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: as in `host_log`.
        let state = unsafe { &*(ctx as *const CallState) };
        let request = Document::from_reader(unsafe { request.as_bytes() })
            .map_err(|e| CallError::bad(format!("the request is not BSON: {e}")))?;
        state.runtime.block_on(hostcall::serve(&state.ctx, &request, &Limits { max_read: MAX_READ }))
    }));
    let (status, reply) = match result {
        Ok(Ok(value)) => (abi::OK, hostcall::reply(Ok(value))),
        Ok(Err(e)) => (abi::ERROR, hostcall::reply(Err(e))),
        Err(_) => (abi::PANIC, hostcall::reply(Err(CallError::new("HostPanic", "the host call panicked")))),
    };
    let mut bytes = Vec::new();
    let _ = reply.to_writer(&mut bytes);
    // SAFETY: `out` is the plugin's out-pointer for this call.
    unsafe { *out = Buffer::from_vec(bytes) };
    status
}

fn request_of(ctx: &FunctionContext) -> Result<Vec<u8>, InvokeError> {
    let request = abi::Request {
        method: ctx.method_name().to_owned(),
        path: ctx.path.clone(),
        query: ctx.raw_query.clone().unwrap_or_default(),
        headers: ctx.header_pairs(),
        body: ctx.event_body().to_vec(),
        request_id: ctx.request_id.to_string(),
        function_name: ctx.function_name.to_string(),
        params: ctx.params.to_vec(),
        user: ctx.user.as_ref().map(|u| u.to_string()),
    };
    let mut bytes = Vec::new();
    bson::serialize_to_document(&request)
        .map_err(|e| e.to_string())
        .and_then(|d| d.to_writer(&mut bytes).map_err(|e| e.to_string()))
        .map_err(|e| InvokeError::Thrown {
            message: format!("cannot encode the request for the plugin: {e}"),
            stack: None,
        })?;
    Ok(bytes)
}

fn response_of(bytes: &[u8]) -> Result<FunctionResponse, InvokeError> {
    let r: abi::Response = bson::deserialize_from_slice(bytes).map_err(|e| InvokeError::Thrown {
        message: format!("the plugin's response does not decode: {e}"),
        stack: None,
    })?;
    FunctionResponse::from_parts(i64::from(r.status), r.headers, r.body)
}

#[async_trait]
impl LoadedFunction for PluginFunction {
    async fn invoke(&self, ctx: FunctionContext) -> Result<FunctionResponse, InvokeError> {
        let request = request_of(&ctx)?;
        let (deadline, timeout) = (ctx.deadline, ctx.app.config().timeout);
        let handle = self.handle.clone();
        let runtime = tokio::runtime::Handle::current();
        let call = tokio::task::spawn_blocking(move || {
            let state = CallState { ctx, runtime };
            let callbacks = HostCallbacks {
                ctx: &state as *const CallState as *mut c_void,
                log: host_log,
                call: host_call,
                free: host_free,
            };
            let mut out = Buffer::empty();
            // SAFETY: this closure holds the handle (and through it the library) until `invoke`
            // returns; the slices and callbacks are valid until then.
            let lib = &handle.lib;
            let status = unsafe { (lib.table().invoke)(handle.ptr, Slice::of(&request), &callbacks, &mut out) };
            (status, lib.take(out))
        });
        // A plugin call cannot be interrupted: past the deadline the caller gets 504 and the
        // call finishes on its blocking thread.
        let (status, bytes) = match tokio::time::timeout_at(deadline.into(), call).await {
            Ok(Ok(done)) => done,
            Ok(Err(e)) => return Err(InvokeError::Crashed(format!("the plugin call ended abnormally: {e}"))),
            Err(_) => return Err(InvokeError::Timeout(timeout)),
        };
        match status {
            abi::OK => response_of(&bytes),
            abi::PANIC => Err(InvokeError::Thrown {
                message: format!("the plugin panicked: {}", String::from_utf8_lossy(&bytes)),
                stack: None,
            }),
            _ => Err(InvokeError::Thrown { message: String::from_utf8_lossy(&bytes).into_owned(), stack: None }),
        }
    }
}
