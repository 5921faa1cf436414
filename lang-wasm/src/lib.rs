//! WebAssembly functions for the Laf host: components of the WIT world `laf:cloud/function`
//! (`laf-sdk/wit/cloud.wit`), run on wasmtime with async host calls.
//!
//! - **Publish** compiles the component once and links it against WASI p2 (nothing granted: no
//!   files, no network, no environment; stdout and stderr go to the host's log) and the
//!   `laf:cloud` imports, keeping an [`wasmtime::component::InstancePre`].
//! - **Invoke** takes an instance of the function kept from an earlier call, or instantiates the
//!   pre-linked component in a fresh [`wasmtime::Store`] (microseconds with the pooling allocator).
//!   An instance that answered cleanly is kept for the next call of the same function (at most
//!   [`WasmConfig::reuse_instances`] per function, only while under half its memory limit); one
//!   that trapped, timed out, hit its memory limit or was cancelled is dropped. So a guest's
//!   globals live on between calls as a JavaScript function's module state lives on in a worker
//!   (Laf's semantics: caches and connections survive, correctness may not depend on them), are
//!   never shared between functions or apps, and a failed call never leaks into the next one.
//!   Reuse takes a JSON hello from ~24 µs to ~9 µs per call (`benches/wasm_invoke.rs`);
//!   `reuse_instances: 0` gives every call a fresh instance.
//! - The call's timeout is enforced by epoch interruption (the engine's epoch advances every
//!   10 ms; a busy guest also yields to the executor at each tick), and its memory by a per-store
//!   limiter ([`WasmConfig::memory_limit`]).
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use laf_host::{FunctionSource, Host};
//! let host = Host::builder().language(lang_wasm::WasmLanguage::new()?).build()?;
//! host.create_app("demo", None)?;
//! let wasm = std::fs::read("hello.wasm")?;
//! host.publish("demo", FunctionSource::binary("hello", "hello.wasm", wasm)).await?;
//! let request = http::Request::get("/hello").body(bytes::Bytes::new())?;
//! let response = host.invoke("demo", "hello", request).await?;
//! # Ok(()) }
//! ```

#![warn(missing_docs)]

mod cache;
mod engine;
mod imports;
mod state;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, Weak};
use std::time::Instant;

use async_trait::async_trait;
use bytes::Bytes;
use laf_host::{
    AppState, AppView, FunctionContext, FunctionResponse, FunctionSource, Gauge, InvokeError, Language, LoadError,
    LoadedFunction,
};
use wasmtime::component::{Component, Linker};
use wasmtime::{Engine, Store, Trap, UpdateDeadline};

use cache::{ComponentCache, Origin};
use imports::{FunctionPre, Request, Response};
use state::State;

/// Limits and settings of the WebAssembly engine.
#[derive(Debug, Clone)]
pub struct WasmConfig {
    /// Most bytes of linear memory one invocation may hold (all its memories together).
    pub memory_limit: usize,
    /// Instances that may run at once with the pooling allocator (its slots are reserved up front).
    pub max_instances: u32,
    /// Use the pooling allocator (falls back to on-demand allocation when the system refuses it).
    pub pooling: bool,
    /// Largest WebAssembly stack, in bytes.
    pub max_wasm_stack: usize,
    /// Bytes of each pooled linear memory kept resident between calls (reset in place instead of
    /// released to the kernel and faulted in again). A Rust guest's stack, data and first heap
    /// pages sit in its lowest 2 MiB.
    pub keep_resident: usize,
    /// Instances of one function kept between calls (0: a fresh instance for every call). An
    /// instance is kept only after a clean answer, while under half its memory limit, and at most
    /// a quarter of `max_instances` are idle across all functions.
    pub reuse_instances: usize,
    /// What each app's functions may reach through WASI beyond the host's imports, by app id
    /// (apps not listed get nothing: no files, no network).
    pub grants: HashMap<String, WasiGrants>,
    /// Directory keeping compiled components across restarts (`None`: compile at every load).
    pub cache_dir: Option<PathBuf>,
    /// Most bytes the compiled-component cache may hold; the least recently used go first.
    pub cache_limit: u64,
}

impl Default for WasmConfig {
    fn default() -> Self {
        WasmConfig {
            memory_limit: 64 << 20,
            max_instances: 256,
            pooling: true,
            max_wasm_stack: 512 << 10,
            keep_resident: 2 << 20,
            reuse_instances: 4,
            grants: HashMap::new(),
            cache_dir: None,
            cache_limit: 1 << 30,
        }
    }
}

impl WasmConfig {
    /// The default limits, with compiled components kept in `dir`.
    pub fn with_cache_dir(dir: impl Into<PathBuf>) -> Self {
        WasmConfig { cache_dir: Some(dir.into()), ..WasmConfig::default() }
    }
}

/// WASI access an app grants its WebAssembly functions.
#[derive(Debug, Clone, Default)]
pub struct WasiGrants {
    /// Host directories the guest sees (`std::fs` in Rust).
    pub dirs: Vec<GrantedDir>,
    /// Outgoing network: TCP connections and UDP datagrams where the app's network policy allows
    /// (`laf_host::netpolicy`; a refusal is `access-denied` in the guest and a line in the app's
    /// log), and name lookups. Binding takes ephemeral ports only; listening is refused.
    pub network: bool,
}

/// A host directory visible to an app's functions.
#[derive(Debug, Clone)]
pub struct GrantedDir {
    /// The directory on the host.
    pub host: PathBuf,
    /// Where the guest sees it (`/data`).
    pub guest: String,
    /// Whether the guest may only read.
    pub read_only: bool,
}

/// How loads used the compiled-component cache since the language was created.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Components loaded from the cache (no compile).
    pub hits: u64,
    /// Components compiled (the cache was off, empty for them, or unreadable).
    pub compiles: u64,
}

/// A failure to set up the WebAssembly engine.
#[derive(Debug, thiserror::Error)]
#[error("WebAssembly engine: {0}")]
pub struct EngineError(String);

struct Shared {
    engine: Engine,
    linker: Linker<State>,
    config: WasmConfig,
    cache: Option<ComponentCache>,
    /// Instances idle across every function of this language.
    idle: AtomicUsize,
    hits: AtomicU64,
    compiles: AtomicU64,
    _ticker: engine::EpochTicker,
}

/// The language's state for one app: its WASI grants, and its functions' idle instances, so that
/// removing the app frees them at once even while a call still holds one of its functions.
struct WasmApp {
    grants: Option<Arc<WasiGrants>>,
    idle: Mutex<Vec<Weak<IdlePool>>>,
    removed: Arc<AtomicBool>,
}

/// A function's instances between calls (the newest last).
type IdlePool = Mutex<Vec<Warm>>;

/// The WebAssembly language (`.wasm` components of the world `laf:cloud/function`).
#[derive(Clone)]
pub struct WasmLanguage {
    shared: Arc<Shared>,
}

impl WasmLanguage {
    /// The language with default limits.
    pub fn new() -> Result<Self, EngineError> {
        Self::with_config(WasmConfig::default())
    }

    /// The language with the given limits.
    pub fn with_config(config: WasmConfig) -> Result<Self, EngineError> {
        for (app, grants) in &config.grants {
            for dir in &grants.dirs {
                if !dir.host.is_dir() {
                    return Err(EngineError(format!(
                        "{} (granted to app {app} as {}) is not a directory",
                        dir.host.display(),
                        dir.guest
                    )));
                }
            }
        }
        let engine = engine::build(&config).map_err(EngineError)?;
        let mut linker = Linker::new(&engine);
        imports::add_to_linker(&mut linker).map_err(|e| EngineError(format!("{e:#}")))?;
        // Without its cache the language still works: every load compiles.
        let cache =
            config.cache_dir.as_ref().and_then(|dir| match ComponentCache::open(&engine, dir, config.cache_limit) {
                Ok(cache) => Some(cache),
                Err(e) => {
                    tracing::warn!(
                        "cannot use {} as the component cache ({e}); components compile at every start",
                        dir.display()
                    );
                    None
                }
            });
        let ticker = engine::EpochTicker::start(&engine);
        let (hits, compiles) = (AtomicU64::new(0), AtomicU64::new(0));
        let idle = AtomicUsize::new(0);
        let shared = Shared { engine, linker, config, cache, idle, hits, compiles, _ticker: ticker };
        Ok(WasmLanguage { shared: Arc::new(shared) })
    }

    /// How many loads were served by the compiled-component cache, and how many compiled.
    pub fn cache_stats(&self) -> CacheStats {
        CacheStats {
            hits: self.shared.hits.load(Ordering::Relaxed),
            compiles: self.shared.compiles.load(Ordering::Relaxed),
        }
    }

    /// The wasmtime engine (to precompile components or share it with an embedder).
    pub fn engine(&self) -> &Engine {
        &self.shared.engine
    }
}

#[async_trait]
impl Language for WasmLanguage {
    fn id(&self) -> &str {
        "wasm"
    }

    fn accepts(&self, source: &FunctionSource) -> bool {
        match &source.language {
            Some(l) => matches!(l.as_str(), "wasm" | "webassembly"),
            None => source.extension().as_deref() == Some("wasm"),
        }
    }

    fn binary_sources(&self) -> bool {
        true
    }

    fn gauges(&self) -> Vec<Gauge> {
        let idle = self.shared.idle.load(Ordering::Relaxed) as f64;
        vec![Gauge { name: "idle_instances", help: "Instances kept between calls for reuse.", value: idle }]
    }

    fn configure_app(&self, app: &AppView<'_>) -> Option<AppState> {
        let grants = self.shared.config.grants.get(app.id).cloned().map(Arc::new);
        Some(Arc::new(WasmApp { grants, idle: Mutex::default(), removed: Arc::default() }))
    }

    fn app_removed(&self, app: &AppView<'_>) {
        let Some(state) = app.state::<WasmApp>(self.id()) else {
            return;
        };
        state.removed.store(true, Ordering::Release);
        let pools = std::mem::take(&mut *state.idle.lock().unwrap_or_else(|e| e.into_inner()));
        let mut dropped = 0;
        for pool in pools.iter().filter_map(Weak::upgrade) {
            let warm = std::mem::take(&mut *pool.lock().unwrap_or_else(|e| e.into_inner()));
            dropped += warm.len();
        }
        self.shared.idle.fetch_sub(dropped, Ordering::Relaxed);
    }

    async fn load(&self, app: &AppView<'_>, source: &FunctionSource) -> Result<Arc<dyn LoadedFunction>, LoadError> {
        let app_state = app.state::<WasmApp>(self.id());
        let grants = app_state.and_then(|s| s.grants.clone());
        let shared = self.shared.clone();
        let bytes = match &source.code {
            laf_host::SourceCode::Binary(bytes) => bytes.clone(),
            laf_host::SourceCode::Text(text) => Bytes::copy_from_slice(text.as_bytes()),
        };
        let filename = source.filename.clone();
        // Compiling is CPU-bound (milliseconds to seconds): keep it off the async threads.
        let pre = tokio::task::spawn_blocking(move || -> Result<FunctionPre<State>, LoadError> {
            let started = Instant::now();
            let (component, origin) = match &shared.cache {
                Some(cache) => cache.load_or_compile(&shared.engine, &bytes),
                None => Component::from_binary(&shared.engine, &bytes).map(|c| (c, Origin::Compiled)),
            }
            .map_err(|e| LoadError::Other(format!("{filename}: not a valid WebAssembly component: {e:#}")))?;
            let counter = if origin == Origin::Cached { &shared.hits } else { &shared.compiles };
            counter.fetch_add(1, Ordering::Relaxed);
            match origin {
                Origin::Cached => {
                    tracing::info!("{filename}: loaded from the component cache in {:?}", started.elapsed())
                }
                Origin::Compiled => tracing::info!("{filename}: compiled in {:?}", started.elapsed()),
            }
            let pre = shared
                .linker
                .instantiate_pre(&component)
                .map_err(|e| LoadError::Other(format!("{filename}: cannot be linked: {e:#}")))?;
            FunctionPre::new(pre).map_err(|e| {
                LoadError::Other(format!("{filename}: does not export the laf:cloud/handler interface: {e:#}"))
            })
        })
        .await
        .map_err(|e| LoadError::Other(format!("compiler crashed: {e}")))??;
        let idle: Arc<IdlePool> = Arc::default();
        if let Some(state) = app_state {
            let mut pools = state.idle.lock().unwrap_or_else(|e| e.into_inner());
            // Pools of functions dropped since (republished, removed) go at each load.
            pools.retain(|p| p.strong_count() > 0);
            pools.push(Arc::downgrade(&idle));
        }
        // An app the language never configured keeps no instances between calls.
        let app_removed = app_state.map_or_else(|| Arc::new(AtomicBool::new(true)), |s| s.removed.clone());
        Ok(Arc::new(WasmFunction { pre, shared: self.shared.clone(), idle, grants, app_removed }))
    }
}

/// A compiled, linked component, with the instances that finished a call cleanly kept for the next.
pub struct WasmFunction {
    pre: FunctionPre<State>,
    shared: Arc<Shared>,
    idle: Arc<IdlePool>,
    grants: Option<Arc<WasiGrants>>,
    // Set once the app is gone: no instance is kept between calls any more.
    app_removed: Arc<AtomicBool>,
}

/// An instance between calls, with its store.
struct Warm {
    store: Store<State>,
    instance: imports::Function,
    /// When it went idle.
    since: Instant,
}

/// An instance idle this long is dropped at the function's next call, giving back its memory and
/// its pooling-allocator slot.
const IDLE_TTL: std::time::Duration = std::time::Duration::from_secs(60);

impl WasmFunction {
    fn new_store(&self, ctx: &FunctionContext) -> Store<State> {
        let config = &self.shared.config;
        let state = State::new(ctx, config.memory_limit, self.grants.as_deref());
        let mut store = Store::new(&self.shared.engine, state);
        store.limiter(|s| &mut s.limiter);
        // Checked at every tick: past the deadline the guest traps, before it yields to the executor
        // so that a busy guest does not hold a worker thread.
        store.epoch_deadline_callback(|mut cx| {
            if cx.data().deadline().is_none_or(|d| Instant::now() >= d) {
                cx.data_mut().timed_out = true;
                Ok(UpdateDeadline::Interrupt)
            } else {
                Ok(UpdateDeadline::Yield(1))
            }
        });
        store
    }

    fn take_idle(&self) -> Option<Warm> {
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        // The newest is at the end; the oldest, at the front, expire first.
        let expired = idle.iter().take_while(|w| w.since.elapsed() > IDLE_TTL).count();
        let dropped: Vec<Warm> = idle.drain(..expired).collect();
        let warm = idle.pop();
        drop(idle);
        self.shared.idle.fetch_sub(dropped.len() + usize::from(warm.is_some()), Ordering::Relaxed);
        warm
    }

    /// Keeps an instance that answered for the next call, unless it holds more than half of its
    /// memory limit (a fresh one then gets the whole limit) or enough instances are idle already.
    fn put_idle(&self, warm: Warm) {
        let config = &self.shared.config;
        let limiter = &warm.store.data().limiter;
        if limiter.used() > limiter.limit() / 2 {
            return;
        }
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        // Read under the lock: removal sets the flag, then empties each pool under its lock.
        if self.app_removed.load(Ordering::Acquire) || idle.len() >= config.reuse_instances {
            return;
        }
        // Idle instances hold pooling-allocator slots: leave most of them to running calls.
        if self.shared.idle.fetch_add(1, Ordering::Relaxed) >= config.max_instances as usize / 4 {
            self.shared.idle.fetch_sub(1, Ordering::Relaxed);
            return;
        }
        idle.push(warm);
    }
}

impl Drop for WasmFunction {
    fn drop(&mut self) {
        let idle = std::mem::take(&mut *self.idle.lock().unwrap_or_else(|e| e.into_inner()));
        self.shared.idle.fetch_sub(idle.len(), Ordering::Relaxed);
    }
}

#[async_trait]
impl LoadedFunction for WasmFunction {
    async fn invoke(&self, ctx: FunctionContext) -> Result<FunctionResponse, InvokeError> {
        let timeout = ctx.app.config().timeout;
        let deadline = ctx.deadline;
        let request = request_of(&ctx);
        let (mut store, warm) = match self.take_idle() {
            Some(Warm { store, instance, .. }) => (store, Some(instance)),
            None => (self.new_store(&ctx), None),
        };
        store.data_mut().begin(ctx);
        store.set_epoch_deadline(1);
        let call = async {
            let instance = match warm {
                Some(instance) => instance,
                None => self.pre.instantiate_async(&mut store).await?,
            };
            let response = instance.laf_cloud_handler().call_handle(&mut store, &request).await?;
            Ok::<_, wasmtime::Error>((instance, response))
        };
        // The epoch stops guest code; this stops a call waiting in a host import past the deadline.
        // A call that did not finish cleanly drops its instance (a trapped instance is unusable).
        let result = tokio::time::timeout_at(deadline.into(), call).await;
        match result {
            Err(_) => Err(InvokeError::Timeout(timeout)),
            Ok(Ok((instance, response))) => {
                store.data_mut().end();
                self.put_idle(Warm { store, instance, since: Instant::now() });
                response_of(response)
            }
            Ok(Err(e)) => Err(classify(e, store.data(), timeout)),
        }
    }
}

/// The WIT request for a call: header names are lowercase already (`http` keeps them so).
fn request_of(ctx: &FunctionContext) -> Request {
    // A WebSocket event is its method (`WebSocket:message`) and its data the body.
    Request {
        method: ctx.method_name().to_owned(),
        path: ctx.path.clone(),
        query: ctx.raw_query.clone().unwrap_or_default(),
        headers: ctx.header_pairs(),
        body: ctx.event_body().to_vec(),
        request_id: ctx.request_id.to_string(),
        function_name: ctx.function_name.to_string(),
    }
}

fn response_of(response: Response) -> Result<FunctionResponse, InvokeError> {
    FunctionResponse::from_parts(i64::from(response.status), response.headers, response.body)
}

/// Why a call failed: the deadline, the memory limit, or a trap of the guest (a panic is an
/// `unreachable` trap after the panic message went to stderr, hence to the log).
fn classify(e: wasmtime::Error, state: &State, timeout: std::time::Duration) -> InvokeError {
    if state.timed_out || e.downcast_ref::<Trap>() == Some(&Trap::Interrupt) {
        InvokeError::Timeout(timeout)
    } else if state.limiter.denied {
        InvokeError::MemoryLimit
    } else if e.downcast_ref::<wasmtime::PoolConcurrencyLimitError>().is_some() {
        InvokeError::Unavailable(format!("{e}"))
    } else {
        InvokeError::Thrown { message: format!("{e:#}"), stack: Some(format!("{e:?}")) }
    }
}
