//! Python functions for the Laf host, run by resident CPython interpreters in supervised worker
//! processes.
//!
//! A function is a module defining `def main(ctx)` or `async def main(ctx)`; it reaches its app
//! with `from laf import cloud` (`cloud.mongo.db["users"].find_one(...)` in pymongo's shape,
//! `cloud.storage.bucket("b")`, `cloud.shared`, `cloud.env`, `cloud.appid`), and imports another
//! function of its app as `functions.<name>` (`from functions.utils import slugify`; `api/user` is
//! `functions.api.user`).
//!
//! # Workers
//! Each app gets its own pool of worker processes ([`PythonConfig::workers_per_app`]), started
//! when its first Python function is published: interpreters never hold two apps' code, so one
//! app cannot reach another's modules or data. A worker runs one call at a time and keeps modules
//! loaded between calls (module globals persist per worker, as a JavaScript module's do per
//! worker thread). The host talks to a worker over a Unix socket, one BSON document per frame;
//! the worker's calls into the bindings (database, storage, shared) come back over the same
//! socket and the host serves them, scoped to the app: a worker holds no credentials, and its
//! environment is emptied of the host's.
//!
//! A call that passes its timeout, a worker that runs out of its memory limit (`RLIMIT_AS`) or
//! dies (a segfault in a C extension, `os._exit`) is killed; that call answers 504 or 500 and a
//! replacement starts in the background; other calls, on other workers, are not disturbed.
//!
//! # Starting workers
//! Workers are separate executables that link this crate. Either call
//! [`worker::run_if_requested`] first thing in your binary's `main` and keep the default
//! [`WorkerCommand::current_exe`] (the binary re-executes itself, as `laf` does), or build this
//! crate's `laf-python-worker` binary and use [`WorkerCommand::program`].
//!
//! # Packages
//! [`PythonLanguage::install_requirements`] installs an app's `requirements.txt` with pip into the
//! app's own site directory (first on the workers' `sys.path`), then restarts the app's workers so
//! they see the new packages; the host keeps serving throughout.

#![warn(missing_docs)]

mod fdpass;
mod frame;
mod netguard;
mod pool;
mod process;
mod rpc;
pub mod sandbox;
pub mod worker;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use bson::{Binary, Bson, Document, doc, spec::BinarySubtype};
use bytes::Bytes;
use laf_host::packages::{InstallRequest, requirement_name, requirement_project};
use laf_host::{
    AppView, BodyKind, FunctionContext, FunctionResponse, FunctionSource, Gauge, Installed, InvokeError, Language,
    LoadError, LoadedFunction,
};

pub use process::WorkerCommand;
pub use sandbox::{SandboxConfig, landlock_abi};

use pool::{AppPool, Job};

/// Settings of the Python language.
#[derive(Debug, Clone)]
pub struct PythonConfig {
    /// Worker processes per app (each runs one call at a time).
    pub workers_per_app: usize,
    /// Most worker processes on this host, all apps together; an app that would pass it cannot
    /// publish Python functions.
    pub max_workers: usize,
    /// Address-space limit of a worker process (`RLIMIT_AS`), in bytes; 0 for none.
    pub memory_limit: u64,
    /// How workers are started.
    pub command: WorkerCommand,
    /// Where apps' packages are installed (`<root>/<app>/site`); `None` disables packages.
    pub site_root: Option<PathBuf>,
    /// The interpreter that runs pip.
    pub python: PathBuf,
    /// Longest a worker may take to start.
    pub start_timeout: Duration,
    /// Longest a `pip install` may take.
    pub pip_timeout: Duration,
    /// A function whose recent calls averaged at most this may have further calls queued behind
    /// one of its calls on a worker (several calls per process wakeup: throughput under load);
    /// any other call ends its batch, so a slow or never-seen function delays no one. Zero turns
    /// batching off.
    pub batch_below: Duration,
    /// How workers are confined (Landlock, seccomp, uid, network policy).
    pub sandbox: SandboxConfig,
    /// The host's upload folder ([`laf_host::HostBuilder::upload_dir`]): workers of app `a` may
    /// read `<upload_dir>/a`, where the gateway puts the files of its calls. `None`: uploads are
    /// not readable from sandboxed workers.
    pub upload_dir: Option<PathBuf>,
}

impl Default for PythonConfig {
    fn default() -> Self {
        PythonConfig {
            workers_per_app: 2,
            max_workers: 64,
            memory_limit: 512 << 20,
            command: WorkerCommand::current_exe().unwrap_or_else(|_| WorkerCommand::program("laf-python-worker")),
            site_root: None,
            python: PathBuf::from("/usr/bin/python3.11"),
            start_timeout: Duration::from_secs(10),
            pip_timeout: Duration::from_secs(600),
            batch_below: Duration::from_millis(2),
            sandbox: SandboxConfig::default(),
            upload_dir: None,
        }
    }
}

/// Errors of the Python language outside a call (installing packages, starting workers).
#[derive(Debug, thiserror::Error)]
pub enum PythonError {
    /// The language was configured without a site root.
    #[error("packages are disabled: PythonConfig::site_root is not set")]
    NoSiteRoot,
    /// pip failed; its output says why.
    #[error("pip install failed for app {app}: {output}")]
    Pip {
        /// The app.
        app: String,
        /// pip's output (the end of it).
        output: String,
    },
    /// An I/O error, with what was being done.
    #[error("{0}")]
    Io(String),
}

/// Counters of worker starts, for operators and benchmarks.
#[derive(Debug, Default)]
pub(crate) struct Stats {
    starts: AtomicU64,
    last_start_micros: AtomicU64,
}

impl Stats {
    fn started(&self, took: Duration) {
        self.starts.fetch_add(1, Ordering::Relaxed);
        self.last_start_micros.store(took.as_micros() as u64, Ordering::Relaxed);
    }
}

pub(crate) struct Shared {
    config: PythonConfig,
    spawner: process::Spawner,
    pools: Mutex<HashMap<String, Arc<AppPool>>>,
    stats: Stats,
    support: sandbox::Support,
    // One pip at a time: two installs of one app would write the same directories.
    installs: tokio::sync::Mutex<()>,
}

/// The Python language: `.py` files, run in per-app pools of worker processes.
#[derive(Clone)]
pub struct PythonLanguage {
    shared: Arc<Shared>,
}

static GENERATIONS: AtomicU64 = AtomicU64::new(1);

impl PythonLanguage {
    /// The language with `config`; starts the thread that forks workers.
    pub fn with_config(config: PythonConfig) -> std::io::Result<PythonLanguage> {
        let spawner = process::Spawner::new()?;
        let support = sandbox::Support::probe(&config.sandbox);
        Ok(PythonLanguage {
            shared: Arc::new(Shared {
                config,
                spawner,
                pools: Mutex::new(HashMap::new()),
                stats: Stats::default(),
                support,
                installs: tokio::sync::Mutex::new(()),
            }),
        })
    }

    /// How many worker processes have been started (replacements included), and how long the
    /// last one took from fork to a ready interpreter.
    pub fn worker_starts(&self) -> (u64, Duration) {
        let s = &self.shared.stats;
        (s.starts.load(Ordering::Relaxed), Duration::from_micros(s.last_start_micros.load(Ordering::Relaxed)))
    }

    /// Whether workers of different apps are kept apart here: the sandbox is on and the kernel
    /// has Landlock. Without it, only one app may run Python functions.
    pub fn isolates_apps(&self) -> bool {
        self.shared.config.sandbox.enabled && self.shared.support.landlock.is_some()
    }

    /// One line for the host's start log: how Python workers are confined here.
    pub fn sandbox_summary(&self) -> String {
        let c = &self.shared.config.sandbox;
        let s = self.shared.support;
        if !c.enabled {
            return "python workers are NOT sandboxed (--python-unsandboxed): run one trusted app only".into();
        }
        let mut parts = vec![match s.landlock {
            Some(abi) => format!("Landlock ABI {abi}"),
            None => "no Landlock on this kernel: only one app may run Python functions".into(),
        }];
        parts.push("seccomp".into());
        if s.root {
            parts.push(match c.uid_range {
                Some((first, count)) => format!("uids {first}..{}", first + count),
                None => "uid nobody".into(),
            });
        }
        if c.network {
            parts.push("network policy".into());
        }
        format!("python workers sandboxed: {}", parts.join(", "))
    }

    /// The app's pool, created and filled on first use.
    async fn pool(&self, view: &AppView<'_>) -> Result<Arc<AppPool>, LoadError> {
        let (workers, app) = (view.workers.clone(), view.id);
        let (pool, fresh) = {
            let mut pools = self.shared.pools.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(pool) = pools.get(app) {
                (pool.clone(), false)
            } else {
                if self.shared.config.sandbox.enabled
                    && !self.isolates_apps()
                    && let Some(other) = pools.keys().next()
                {
                    return Err(LoadError::Other(format!(
                        "app {other} already runs Python functions on this host, and without Landlock (Linux 5.13+ \
                         with landlock among its LSMs) the workers of two apps cannot be kept apart; start the host \
                         with --python-unsandboxed to run them anyway"
                    )));
                }
                let used: usize = pools.values().map(|p| p.size()).sum();
                let size = self.shared.config.workers_per_app.max(1);
                if used + size > self.shared.config.max_workers {
                    return Err(LoadError::Other(format!(
                        "this host already runs {used} of its {} python workers; app {app} needs {size} more",
                        self.shared.config.max_workers
                    )));
                }
                let c = &self.shared.config;
                let app_dir = match &c.site_root {
                    Some(root) => root.join(app),
                    None => std::env::temp_dir().join(format!("laf-python-{}", std::process::id())).join(app),
                };
                let site = c.site_root.as_deref().map(|r| process::site_dir(r, app));
                let uploads = c.upload_dir.as_ref().map(|d| d.join(app));
                let sandbox = sandbox::prepare(
                    &c.sandbox,
                    self.shared.support,
                    app,
                    &app_dir,
                    site.as_deref(),
                    uploads.as_deref(),
                    &view.config.net,
                )
                .map_err(|e| LoadError::Other(format!("cannot prepare app {app}'s python folders: {e}")))?;
                let pool = AppPool::new(app, self.shared.clone(), workers, size, sandbox);
                pools.insert(app.to_owned(), pool.clone());
                (pool, true)
            }
        };
        if fresh && let Err(e) = pool.fill().await {
            self.shared.pools.lock().unwrap_or_else(|e| e.into_inner()).remove(app);
            return Err(LoadError::Other(e));
        }
        Ok(pool)
    }

    /// Installs `requirements` (the text of a `requirements.txt`) into the app's site directory
    /// with pip, then restarts the app's workers. Installing the same text again does nothing.
    /// Returns pip's output (empty when nothing was to do).
    pub async fn install_requirements(&self, app: &str, requirements: &str) -> Result<String, PythonError> {
        let root = self.shared.config.site_root.clone().ok_or(PythonError::NoSiteRoot)?;
        let _one_at_a_time = self.shared.installs.lock().await;
        let dir = root.join(app);
        let site = process::site_dir(&root, app);
        let marker = dir.join("requirements.installed");
        if site.is_dir() && std::fs::read_to_string(&marker).is_ok_and(|t| t == requirements) {
            return Ok(String::new());
        }
        let io = |what: &str, e: std::io::Error| PythonError::Io(format!("{what}: {e}"));
        std::fs::create_dir_all(&dir).map_err(|e| io(&format!("cannot create {}", dir.display()), e))?;
        let fresh = dir.join(format!("site.new-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&fresh);
        let req = dir.join("requirements.txt");
        std::fs::write(&req, requirements).map_err(|e| io("cannot write requirements.txt", e))?;
        let mut cmd = tokio::process::Command::new(&self.shared.config.python);
        cmd.args(["-m", "pip", "install", "--no-input", "--disable-pip-version-check", "--no-warn-script-location"])
            .arg("--target")
            .arg(&fresh)
            .arg("-r")
            .arg(&req)
            .current_dir(&dir)
            .kill_on_drop(true);
        // Readable by the workers, which may run as another user than the host.
        // SAFETY: umask is async-signal-safe.
        unsafe {
            cmd.pre_exec(|| {
                libc::umask(0o022);
                Ok(())
            });
        }
        let out = tokio::time::timeout(self.shared.config.pip_timeout, cmd.output())
            .await
            .map_err(|_| PythonError::Pip {
                app: app.into(),
                output: format!("timed out after {:?}", self.shared.config.pip_timeout),
            })?
            .map_err(|e| io(&format!("cannot run {}", self.shared.config.python.display()), e))?;
        let mut output = String::from_utf8_lossy(&out.stdout).into_owned();
        output.push_str(&String::from_utf8_lossy(&out.stderr));
        if !out.status.success() {
            let _ = std::fs::remove_dir_all(&fresh);
            let tail = output.len().saturating_sub(4000);
            return Err(PythonError::Pip {
                app: app.into(),
                output: output[output.floor_char_boundary(tail)..].into(),
            });
        }
        // Swap the new site in whole: a worker never sees half an install.
        let old = dir.join(format!("site.old-{}", std::process::id()));
        // Left by a crash (in a container the host's pid is the same every start).
        let _ = std::fs::remove_dir_all(&old);
        if site.exists() {
            std::fs::rename(&site, &old).map_err(|e| io("cannot move the old site away", e))?;
        }
        std::fs::rename(&fresh, &site).map_err(|e| io("cannot move the new site in", e))?;
        let _ = std::fs::remove_dir_all(&old);
        std::fs::write(&marker, requirements).map_err(|e| io("cannot write the install marker", e))?;
        if let Some(pool) = self.shared.pools.lock().unwrap_or_else(|e| e.into_inner()).get(app) {
            pool.recycle();
        }
        Ok(output)
    }
}

#[async_trait]
impl Language for PythonLanguage {
    fn id(&self) -> &str {
        "python"
    }

    fn gauges(&self) -> Vec<Gauge> {
        let pools = self.shared.pools.lock().unwrap_or_else(|e| e.into_inner());
        let (live, busy) = pools.values().map(|p| p.counts()).fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
        vec![
            Gauge { name: "workers_busy", help: "Worker processes serving calls.", value: busy.min(live) as f64 },
            Gauge {
                name: "workers_idle",
                help: "Worker processes waiting for calls.",
                value: live.saturating_sub(busy) as f64,
            },
            Gauge { name: "app_pools", help: "Apps with a pool of worker processes.", value: pools.len() as f64 },
        ]
    }

    // The pool is made at the app's first Python load (an app without Python functions forks no
    // process); removal closes it, which stops and kills its workers.
    fn app_removed(&self, app: &AppView<'_>) {
        let pool = self.shared.pools.lock().unwrap_or_else(|e| e.into_inner()).remove(app.id);
        if let Some(pool) = pool {
            pool.close();
            tracing::info!(app = %app.id, "app removed: its python workers are stopping");
        }
    }

    fn installs_requirements(&self) -> bool {
        self.shared.config.site_root.is_some()
    }

    // The app's `requirements` (pip lines), installed with [`Self::install_requirements`];
    // without `allowScripts` pip takes wheels only, so no package's build code runs on the host.
    async fn install_packages(&self, app: &AppView<'_>, request: &InstallRequest<'_>) -> Result<Installed, String> {
        let deps = request.dependencies;
        let Some(root) = self.shared.config.site_root.clone() else {
            return Err("python: no site directory configured, so no requirements can be installed".into());
        };
        let site = process::site_dir(&root, app.id);
        if deps.requirements.is_empty() && !site.exists() {
            return Ok(Installed { reused: true, ..Installed::default() });
        }
        let mut text = String::new();
        if !deps.allow_scripts {
            text.push_str("--only-binary=:all:\n");
        }
        for line in &deps.requirements {
            text.push_str(line.trim());
            text.push('\n');
        }
        (request.progress)(&format!("pip install: {}", deps.requirements.join(", ")));
        match self.install_requirements(app.id, &text).await {
            Ok(output) => {
                output.lines().filter(|l| !l.trim().is_empty()).for_each(|l| (request.progress)(l));
                Ok(Installed {
                    lockfile: None,
                    versions: installed_versions(&site, &deps.requirements),
                    reused: output.is_empty(),
                })
            }
            Err(e) => {
                let mut message = e.to_string();
                if !deps.allow_scripts && message.contains("No matching distribution") {
                    message.push_str(
                        "\n(allowScripts is off, so pip takes wheels only: a source distribution's build code would \
                         run on the host. Declare the dependencies with allowScripts: true to allow it.)",
                    );
                }
                Err(message)
            }
        }
    }

    fn accepts(&self, source: &FunctionSource) -> bool {
        match &source.language {
            Some(lang) => lang == "python" || lang == "py",
            None => source.extension().as_deref() == Some("py"),
        }
    }

    async fn load(&self, app: &AppView<'_>, source: &FunctionSource) -> Result<Arc<dyn LoadedFunction>, LoadError> {
        let pool = self.pool(app).await?;
        check(&pool, source, app.config.timeout).await?;
        Ok(Arc::new(PythonFunction {
            generation: GENERATIONS.fetch_add(1, Ordering::Relaxed),
            name: source.name.as_str().into(),
            filename: source.filename.as_str().into(),
            code: source.code.text().cloned().ok_or_else(|| {
                LoadError::Other(format!("{}: a Python function is source text, not bytes", source.filename))
            })?,
            memory_limit: self.shared.config.memory_limit,
            recent_us: Arc::new(std::sync::atomic::AtomicU64::new(u64::MAX)),
            pool,
        }))
    }
}

/// The installed version of each declared requirement, by its name as declared, from the
/// `<name>-<version>.dist-info` directories pip leaves in the site.
fn installed_versions(site: &std::path::Path, requirements: &[String]) -> std::collections::BTreeMap<String, String> {
    let mut found = HashMap::new();
    for entry in std::fs::read_dir(site).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some((project, version)) = name.strip_suffix(".dist-info").and_then(|stem| stem.rsplit_once('-'))
            && let Some(key) = requirement_name(project)
        {
            found.insert(key, version.to_owned());
        }
    }
    requirements
        .iter()
        .filter_map(|line| {
            let version = found.get(&requirement_name(line)?)?;
            Some((requirement_project(line)?.to_owned(), version.clone()))
        })
        .collect()
}

/// Compiles the source in a worker (without running it) and looks for `main`.
async fn check(pool: &Arc<AppPool>, source: &FunctionSource, timeout: Duration) -> Result<(), LoadError> {
    let deadline = std::time::Instant::now() + timeout;
    let frame = doc! { "t": "check", "filename": &source.filename, "code": source.text() };
    let (reply, answer) = tokio::sync::oneshot::channel();
    pool.submit(Job::Check { frame, deadline, reply });
    let failed = |e: String| LoadError::Other(format!("cannot check {}: {e}", source.filename));
    let reply = match tokio::time::timeout_at(deadline.into(), answer).await {
        Ok(Ok(Ok(reply))) => reply,
        Ok(Ok(Err(e))) => return Err(failed(e.to_string())),
        Ok(Err(_)) => return Err(failed("the python pool has shut down".into())),
        Err(_) => return Err(failed(format!("no python worker answered within {timeout:?}"))),
    };
    if reply.get_bool("ok").unwrap_or(false) {
        return Ok(());
    }
    let pos = |k: &str| reply.get_i32(k).or_else(|_| reply.get_i64(k).map(|n| n as i32)).unwrap_or(1).max(1) as u32;
    Err(LoadError::Compile {
        file: source.filename.clone(),
        line: pos("line"),
        column: pos("column"),
        message: reply.get_str("message").unwrap_or("invalid Python").to_owned(),
    })
}

/// A published Python function: its source, run by the app's workers.
#[derive(Clone)]
pub struct PythonFunction {
    generation: u64,
    name: Arc<str>,
    filename: Arc<str>,
    code: Arc<str>,
    memory_limit: u64,
    pool: Arc<AppPool>,
    // Recent call duration (moving average, microseconds; u64::MAX until a call finished): only a
    // function known to be quick may have calls batched behind it on a worker.
    recent_us: Arc<std::sync::atomic::AtomicU64>,
}

impl PythonFunction {
    /// Whether its recent calls were quick enough to queue another call behind one on a worker.
    pub(crate) fn quick(&self, below: Duration) -> bool {
        self.recent_us.load(Ordering::Relaxed) <= below.as_micros() as u64
    }

    /// Records how long a call took (a timeout counts as its whole timeout).
    pub(crate) fn record(&self, took: Duration) {
        let us = took.as_micros().min(u128::from(u32::MAX)) as u64;
        let old = self.recent_us.load(Ordering::Relaxed);
        let new = if old == u64::MAX { us } else { (old * 7 + us) / 8 };
        self.recent_us.store(new, Ordering::Relaxed);
    }
}

#[async_trait]
impl LoadedFunction for PythonFunction {
    async fn invoke(&self, ctx: FunctionContext) -> Result<FunctionResponse, InvokeError> {
        let (deadline, timeout) = (ctx.deadline, ctx.app.config().timeout);
        let (reply, answer) = tokio::sync::oneshot::channel();
        // The call is the pool's from here: if this caller goes away (a closed connection), it
        // still finishes and its worker keeps serving, rather than being killed mid-call.
        self.pool.submit(Job::Invoke { function: self.clone(), ctx: Box::new(ctx), reply });
        match tokio::time::timeout_at(deadline.into(), answer).await {
            Ok(Ok(result)) => result,
            Ok(Err(_)) => Err(InvokeError::Unavailable("the python pool has shut down".into())),
            Err(_) => Err(InvokeError::Timeout(timeout)),
        }
    }
}

impl PythonFunction {
    /// The frame of a call of this function on `worker`.
    pub(crate) fn invoke_frame(&self, ctx: &FunctionContext, worker: &mut pool::Worker) -> Document {
        let mut stale = Vec::new();
        worker.memory.known.retain(|name, generation| {
            if **name == *self.name {
                return true;
            }
            let fresh = published(ctx, name, |p| p.generation) == Some(*generation);
            if !fresh {
                stale.push(Bson::String(name.to_string()));
            }
            fresh
        });
        let kind = match ctx.body_kind {
            BodyKind::Empty => "empty",
            BodyKind::Json => "json",
            BodyKind::Form => "form",
            BodyKind::Text => "text",
            BodyKind::Raw => "raw",
        };
        let headers: Vec<Bson> = ctx
            .headers
            .iter()
            .map(|(k, v)| {
                Bson::Array(vec![k.as_str().into(), String::from_utf8_lossy(v.as_bytes()).into_owned().into()])
            })
            .collect();
        let mut req = doc! {
            "method": ctx.method_name(),
            "path": &ctx.path,
            "query": query_doc(ctx),
            "headers": headers,
            "body": Binary { subtype: BinarySubtype::Generic, bytes: ctx.body.to_vec() },
            "kind": kind,
            "request_id": &*ctx.request_id,
            "fn": &*ctx.function_name,
        };
        if let Some(user) = &ctx.user {
            req.insert("user", Bson::try_from(user.clone()).unwrap_or(Bson::Null));
        }
        match ctx.socket() {
            Some(call) => {
                req.insert("ws", call.socket.id() as i64);
                req.insert("params", rpc::event_params(&call.event));
            }
            None if !ctx.params.is_empty() => {
                let params: Document = ctx.params.iter().map(|(k, v)| (k.clone(), Bson::String(v.clone()))).collect();
                req.insert("params", params);
            }
            None => {}
        }
        if ctx.next().is_some() {
            req.insert("next", true);
        }
        if !ctx.files.is_empty() {
            let owner = self.pool.sandbox.owner;
            let files: Vec<Bson> = ctx
                .files
                .iter()
                .map(|f| {
                    sandbox::give(&f.path, owner);
                    Bson::Document(doc! {
                        "fieldname": &f.fieldname, "originalname": &f.originalname, "mimetype": &f.mimetype,
                        "size": f.size as i64, "path": f.path.to_string_lossy().into_owned(),
                    })
                })
                .collect();
            req.insert("files", files);
        }
        // The worker skips a call that waited in its socket past its deadline (CLOCK_MONOTONIC,
        // which Python's time.monotonic_ns reads too).
        let expires = monotonic_ns().saturating_add(ctx.remaining().as_nanos() as i64);
        let mut frame =
            doc! { "t": "invoke", "fn": &*self.name, "gen": self.generation as i64, "expires": expires, "req": req };
        let env = ctx.env();
        if !worker.env.as_ref().is_some_and(|sent| Arc::ptr_eq(sent, &env)) {
            let map: Document = env.iter().map(|(k, v)| (k.clone(), Bson::String(v.clone()))).collect();
            frame.insert("env", map);
            worker.env = Some(env);
        }
        if !stale.is_empty() {
            frame.insert("stale", stale);
        }
        frame
    }

    /// A line the function printed, into the host's log with the call's ids.
    pub(crate) fn log(&self, ctx: &FunctionContext, msg: &Document) {
        let text = msg.get_str("text").unwrap_or("");
        ctx.log(laf_host::Level::parse(msg.get_str("level").unwrap_or("info")), text);
    }
}

/// `f` of the Python function published as `name` in the calling app, if there is one.
pub(crate) fn published<T>(ctx: &FunctionContext, name: &str, f: impl FnOnce(&PythonFunction) -> T) -> Option<T> {
    let function = ctx.app.function(name)?;
    function.loaded_as::<PythonFunction>().map(f)
}

/// CLOCK_MONOTONIC in nanoseconds.
fn monotonic_ns() -> i64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes the struct it is given.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    ts.tv_sec.saturating_mul(1_000_000_000).saturating_add(ts.tv_nsec)
}

/// The query as a document; a repeated name becomes a list, as Express's parser does.
fn query_doc(ctx: &FunctionContext) -> Document {
    let mut doc = Document::new();
    for (k, v) in ctx.query_pairs() {
        // BSON names cannot hold NUL; `?a%00=1` must not fail the call (or the frame around it).
        let k = if k.contains('\0') { k.replace('\0', "\u{fffd}") } else { k };
        match doc.get_mut(&k) {
            Some(Bson::Array(items)) => items.push(Bson::String(v)),
            Some(existing) => {
                let first = std::mem::replace(existing, Bson::Null);
                *existing = Bson::Array(vec![first, Bson::String(v)]);
            }
            None => {
                doc.insert(k, v);
            }
        }
    }
    doc
}

/// The function's answer as an HTTP response.
pub(crate) fn response(done: &Document) -> Result<FunctionResponse, InvokeError> {
    let status = done.get_i32("status").map(i64::from).or_else(|_| done.get_i64("status")).unwrap_or(200);
    let mut headers = Vec::new();
    if let Ok(pairs) = done.get_array("headers") {
        for pair in pairs {
            let Bson::Array(kv) = pair else { continue };
            let (Some(Bson::String(k)), Some(Bson::String(v))) = (kv.first(), kv.get(1)) else {
                let message = "a response header must be a pair of strings".into();
                return Err(InvokeError::Thrown { message, stack: None });
            };
            headers.push((k.clone(), v.clone()));
        }
    }
    let body = done.get_binary_generic("body").map(|b| Bytes::copy_from_slice(b)).unwrap_or_default();
    FunctionResponse::from_parts(status, headers, body)
}
