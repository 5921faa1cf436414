//! JavaScript and TypeScript functions for the Laf host, on QuickJS (rquickjs) with oxc.
//!
//! Each app gets its own resident QuickJS runtime (its own heap, with its own memory limit) and
//! context on each host worker thread that runs it: an app that exhausts its heap fails its own
//! calls only. A function's module is instantiated once per worker and reused, so module state
//! persists across invocations as in Laf. TypeScript is stripped by oxc at publish time; stack
//! traces are mapped back to the TypeScript lines.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use laf_host::{FunctionSource, Host};
//! let host = Host::builder().language(lang_js::JsLanguage::new()).build()?;
//! host.create_app("demo", None)?;
//! let src = "export default async function (ctx) { return { hi: ctx.query.name } }";
//! host.publish("demo", FunctionSource::new("hello", "hello.ts", src)).await?;
//! let request = http::Request::get("/hello?name=x").body(bytes::Bytes::new())?;
//! let response = host.invoke("demo", "hello", request).await?;
//! assert_eq!(response.status, 200);
//! # Ok(()) }
//! ```

#![warn(missing_docs)]

mod compile;
mod engine;
mod node;
mod packages;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use laf_host::{
    AppState, AppView, FunctionContext, FunctionResponse, FunctionSource, Gauge, InvokeError, Language, LoadError,
    LoadedFunction,
};

pub use compile::{Compiled, compile};

/// The README and the embedding guide, compiled as this crate's doctests: their examples embed
/// the host with JavaScript (and, through dev-dependencies, the other languages). `tests/docs.rs`
/// checks that every page is compiled by some crate.
#[cfg(doctest)]
pub mod guides {
    #[doc = include_str!("../../README.md")]
    pub struct Readme;
    #[doc = include_str!("../../docs/embedding.md")]
    pub struct Embedding;
    #[doc = include_str!("../../docs/node-builtins.md")]
    pub struct NodeBuiltins;
    #[doc = include_str!("../../docs/npm-packages.md")]
    pub struct NpmPackages;
}

/// Limits and settings of the JavaScript runtimes.
#[derive(Debug, Clone)]
pub struct JsConfig {
    /// Heap limit, in bytes, of each app's QuickJS runtime on each worker, for apps that set none
    /// ([`laf_host::AppConfig::memory_mb`]); 0: no limit. Default: 64 MiB. An app that reaches
    /// its limit fails its own calls, never another app's. The same figure bounds what one app may
    /// hold outside its heap (a response, a fetched body, storage operations in flight).
    pub memory_limit: usize,
    /// Largest JavaScript stack, in bytes (stack overflows become `RangeError`s).
    pub max_stack_size: usize,
    /// Where each app's scratch folder lives (`<dir>/<app>`), which its functions see as `/tmp`
    /// through `fs` and `os.tmpdir()`. Emptied when the language starts: scratch files do not
    /// survive a restart. Default: a folder of this process under the system's temporary dir.
    pub scratch_dir: PathBuf,
    /// Where apps' npm packages are installed (`<dir>/<app>/node_modules`, one folder per
    /// installed set under `<dir>/<app>/sets`). `laf serve` uses `<data dir>/node`. Default: a
    /// folder under the system's temporary dir (installs then do not survive a restart, but the
    /// lockfile in the registry reinstalls the same versions).
    pub packages_dir: PathBuf,
    /// The npm command that installs packages.
    pub npm: PathBuf,
    /// Longest one install may take.
    pub install_timeout: std::time::Duration,
}

/// The default of [`JsConfig::memory_limit`]: a heap per app per worker, so it is sized for one
/// app's functions; `memoryMb` raises it for an app that needs more.
pub const DEFAULT_MEMORY_LIMIT: usize = 64 << 20;

impl JsConfig {
    /// The heap limit of an app with settings `app`, in bytes (0: none).
    pub(crate) fn heap_limit(&self, app: &laf_host::AppConfig) -> usize {
        match app.memory_mb {
            Some(mb) => usize::try_from(mb.saturating_mul(1 << 20)).unwrap_or(usize::MAX),
            None => self.memory_limit,
        }
    }

    /// The most bytes an app with settings `app` may hold or produce outside its heap on a
    /// worker (a response, a fetched body, storage operations in flight).
    pub(crate) fn byte_cap(&self, app: &laf_host::AppConfig) -> usize {
        match self.heap_limit(app) {
            0 => usize::MAX,
            limit => limit,
        }
    }
}

impl Default for JsConfig {
    fn default() -> Self {
        JsConfig {
            memory_limit: DEFAULT_MEMORY_LIMIT,
            max_stack_size: 4 << 20,
            scratch_dir: std::env::temp_dir().join(format!("laf-js-{}", std::process::id())),
            packages_dir: std::env::temp_dir().join("laf-node"),
            npm: PathBuf::from("npm"),
            install_timeout: std::time::Duration::from_secs(600),
        }
    }
}

static LANGUAGE_IDS: AtomicU64 = AtomicU64::new(1);
static FUNCTION_UIDS: AtomicU64 = AtomicU64::new(1);
static APP_KEYS: AtomicU64 = AtomicU64::new(1);

const LANGUAGE_ID: &str = "js";

/// The language's state for one app: a key no other app gets (not even a later one under the same
/// id), by which each worker's engine knows the app's context, calls and timers.
struct JsApp {
    key: usize,
    // The app's installed npm packages (`Language::install_packages`).
    packages: packages::AppPackages,
}

/// The app's npm packages.
pub(crate) fn app_packages<'a>(app: &AppView<'a>) -> Option<&'a packages::AppPackages> {
    app.state::<JsApp>(LANGUAGE_ID).map(|s| &s.packages)
}

/// The key of `app` (see [`JsApp`]).
pub(crate) fn app_key(app: &AppView<'_>) -> Result<usize, InvokeError> {
    app.state::<JsApp>(LANGUAGE_ID)
        .map(|s| s.key)
        .ok_or_else(|| InvokeError::Unavailable(format!("app {} was not configured for JavaScript", app.id)))
}

// Compiled outputs cached by source, so republishing unchanged code skips oxc.
const COMPILE_CACHE_ENTRIES: usize = 1024;

// (file name, source): the same text under another name may compile differently (TS vs JS).
type CompileKey = (String, Arc<str>);

pub(crate) struct Shared {
    pub(crate) id: u64,
    // App contexts alive on all workers (for the metrics, and to see that removal frees them).
    pub(crate) contexts: std::sync::atomic::AtomicUsize,
    // App runtimes not yet freed on all workers: a removed app's stays until nothing holds its
    // values (engine/runtimes.rs), so this going back down is what shows its heap was freed.
    pub(crate) runtimes: std::sync::atomic::AtomicUsize,
    pub(crate) config: JsConfig,
    cache: Mutex<HashMap<CompileKey, Arc<Compiled>>>,
}

/// The JavaScript/TypeScript language (`.js`, `.mjs`, `.cjs`, `.ts`, `.mts`, `.cts`).
#[derive(Clone)]
pub struct JsLanguage {
    shared: Arc<Shared>,
}

impl Default for JsLanguage {
    fn default() -> Self {
        Self::with_config(JsConfig::default())
    }
}

impl JsLanguage {
    /// The language with default limits.
    pub fn new() -> Self {
        Self::default()
    }

    /// The language with the given limits.
    pub fn with_config(config: JsConfig) -> Self {
        // Scratch files of an earlier run are not this run's.
        if let Err(e) = std::fs::remove_dir_all(&config.scratch_dir)
            && e.kind() != std::io::ErrorKind::NotFound
        {
            tracing::warn!(dir = %config.scratch_dir.display(), "cannot empty the JavaScript scratch folder: {e}");
        }
        JsLanguage {
            shared: Arc::new(Shared {
                id: LANGUAGE_IDS.fetch_add(1, Ordering::Relaxed),
                contexts: Default::default(),
                runtimes: Default::default(),
                config,
                cache: Mutex::default(),
            }),
        }
    }

    fn compile_cached(&self, source: &FunctionSource) -> Result<Arc<Compiled>, LoadError> {
        let code = source.code.text().cloned().ok_or_else(|| {
            LoadError::Other(format!("{}: a JavaScript function is source text, not bytes", source.filename))
        })?;
        let key = (source.filename.clone(), code.clone());
        let mut cache = self.shared.cache.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(hit) = cache.get(&key) {
            return Ok(hit.clone());
        }
        drop(cache);
        let compiled = Arc::new(compile(&source.filename, &code)?);
        cache = self.shared.cache.lock().unwrap_or_else(|e| e.into_inner());
        if cache.len() >= COMPILE_CACHE_ENTRIES {
            cache.clear();
        }
        cache.insert(key, compiled.clone());
        Ok(compiled)
    }
}

const EXTENSIONS: &[&str] = &["js", "mjs", "cjs", "ts", "mts", "cts"];

#[async_trait]
impl Language for JsLanguage {
    fn id(&self) -> &str {
        LANGUAGE_ID
    }

    fn gauges(&self) -> Vec<Gauge> {
        let contexts = self.shared.contexts.load(Ordering::Relaxed) as f64;
        let runtimes = self.shared.runtimes.load(Ordering::Relaxed) as f64;
        vec![
            Gauge { name: "app_contexts", help: "App contexts alive on the worker threads.", value: contexts },
            Gauge {
                name: "app_runtimes",
                help: "App QuickJS runtimes (one heap each) not yet freed on the worker threads.",
                value: runtimes,
            },
        ]
    }

    fn configure_app(&self, _app: &AppView<'_>) -> Option<AppState> {
        Some(Arc::new(JsApp { key: APP_KEYS.fetch_add(1, Ordering::Relaxed) as usize, packages: Default::default() }))
    }

    fn installs_packages(&self) -> bool {
        true
    }

    async fn install_packages(
        &self,
        app: &AppView<'_>,
        request: &laf_host::packages::InstallRequest<'_>,
    ) -> Result<laf_host::Installed, String> {
        let state = app_packages(app).ok_or_else(|| format!("app {} was not configured for JavaScript", app.id))?;
        let (root, installed) = packages::install::install(&self.shared.config, app.id, request).await?;
        let set = match root {
            Some(root) => Some(Arc::new(
                packages::PackageSet::open(&root).map_err(|e| format!("cannot open {}: {e}", root.display()))?,
            )),
            None => None,
        };
        state.swap(set);
        // The current and the previous set stay on disk; older ones go.
        packages::install::prune(&self.shared.config, app.id, &[state.current(), state.previous()]);
        Ok(installed)
    }

    fn package_types(&self, app: &AppView<'_>, package: &str) -> Option<Vec<(String, String)>> {
        let set = app_packages(app)?.current()?;
        packages::declarations(&set.root, package)
    }

    // Every thread that ran the app (the heavy lane's included) holds a runtime for it: each
    // frees its own.
    fn app_removed(&self, app: &AppView<'_>) {
        let Ok(key) = app_key(app) else {
            return;
        };
        let workers = app.workers;
        for worker in 0..workers.threads() {
            let (shared_id, app_id) = (self.shared.id, app.id.to_owned());
            let job = Box::new(move || engine::remove_app(shared_id, &app_id, key));
            if workers.run_on(worker, job).is_err() {
                tracing::warn!(app = %app.id, "the host's workers have stopped; nothing to free");
            }
        }
    }

    fn accepts(&self, source: &FunctionSource) -> bool {
        match &source.language {
            Some(l) => matches!(l.as_str(), "js" | "javascript" | "ts" | "typescript"),
            None => {
                !source.filename.ends_with(".d.ts")
                    && source.extension().is_some_and(|e| EXTENSIONS.contains(&e.as_str()))
            }
        }
    }

    async fn load(&self, _app: &AppView<'_>, source: &FunctionSource) -> Result<Arc<dyn LoadedFunction>, LoadError> {
        let this = self.clone();
        let src = source.clone();
        // oxc work is CPU-bound: keep it off the async threads.
        let compiled = tokio::task::spawn_blocking(move || this.compile_cached(&src))
            .await
            .map_err(|e| LoadError::Other(format!("compiler crashed: {e}")))??;
        Ok(Arc::new(JsFunction {
            uid: FUNCTION_UIDS.fetch_add(1, Ordering::Relaxed),
            name: source.name.as_str().into(),
            compiled,
            shared: self.shared.clone(),
        }))
    }
}

struct CancelOnDrop<'a> {
    workers: &'a laf_host::Workers,
    worker: usize,
    shared_id: u64,
    id: u32,
}

impl Drop for CancelOnDrop<'_> {
    fn drop(&mut self) {
        // Forgetting an answered call is a no-op, so this runs whatever the outcome.
        let (shared_id, id) = (self.shared_id, self.id);
        let _ = self.workers.run_on(self.worker, Box::new(move || engine::cancel(shared_id, id)));
    }
}

/// A compiled JavaScript function; instantiated lazily on each worker that runs it.
pub struct JsFunction {
    uid: u64,
    name: Arc<str>,
    compiled: Arc<Compiled>,
    shared: Arc<Shared>,
}

impl JsFunction {
    /// The compiled JavaScript.
    pub fn compiled(&self) -> &Arc<Compiled> {
        &self.compiled
    }
}

#[async_trait]
impl LoadedFunction for JsFunction {
    async fn invoke(&self, ctx: FunctionContext) -> Result<FunctionResponse, InvokeError> {
        let workers = ctx.app.workers().clone();
        let (deadline, timeout) = (ctx.deadline, ctx.app.config().timeout);
        // Boxed once: the context then moves through tasks and futures as a pointer.
        let ctx = Box::new(ctx);
        // The synchronous part runs in a task of its own on a worker, even when the caller is on
        // one already: measured under load, a worker that batches JavaScript tasks apart from its
        // connection tasks serves ~40% more requests than one running each call inline.
        let (shared, compiled, name, uid) = (self.shared.clone(), self.compiled.clone(), self.name.clone(), self.uid);
        let w = workers.clone();
        let (worker, started) = workers
            .run_local(
                move || async move { (w.current().unwrap_or(0), engine::start(&shared, uid, &compiled, &name, ctx)) },
            )
            .await
            .map_err(|e| InvokeError::Unavailable(e.to_string()))?;
        match started {
            engine::Started::Ready(result) => result,
            engine::Started::Pending { id, rx } => {
                // Timed out, or the caller went away (client disconnected): forget the call.
                let _cancel = CancelOnDrop { workers: &workers, worker, shared_id: self.shared.id, id };
                match tokio::time::timeout_at(deadline.into(), rx).await {
                    Ok(Ok(result)) => result,
                    Ok(Err(_)) => Err(InvokeError::Unavailable("the invocation was dropped".into())),
                    Err(_) => Err(InvokeError::Timeout(timeout)),
                }
            }
        }
    }
}
