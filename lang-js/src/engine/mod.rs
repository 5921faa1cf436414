//! The per-worker JavaScript engine: on each worker thread, one QuickJS runtime (heap) and context
//! per app, around one state shared by all of them (the call table, module names, caches).
//!
//! Everything here is thread-bound (`Rc`, `RefCell`): it lives in a thread-local of a host worker
//! and is only reached through `Workers::run_local`, so no lock is ever taken on the hot path.

mod apps;
mod bridge;
mod bytecode;
mod db;
mod errors;
mod json;
mod loader;
mod natives;
mod net;
mod packages;
mod platform;
mod rejections;
mod runtimes;
mod storage;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use laf_host::{App, FunctionContext, FunctionResponse, InvokeError, ResponseWriter};
use rquickjs::{Ctx, Function, Object, Persistent, Value};
use tokio::sync::oneshot;

use crate::{Compiled, JsFunction, Shared};

pub(crate) use apps::{AppEnv, remove_app};
pub(crate) use errors::JsFailure;

// Budget for JavaScript that runs for no invocation in particular (a timer whose call ended).
const DETACHED_BUDGET: Duration = Duration::from_secs(30);

const BOOTSTRAP: &str = include_str!("../js/bootstrap.js");

thread_local! {
    static ENGINES: RefCell<Vec<(u64, Rc<Engine>)>> = const { RefCell::new(Vec::new()) };
}

/// How an invocation stands once its synchronous part has run on this worker.
pub(crate) enum Started {
    /// It answered (or failed) already.
    Ready(Result<FunctionResponse, InvokeError>),
    /// It is waiting on promises; the answer arrives on `rx`. Call `cancel` if it is abandoned.
    Pending { id: u32, rx: oneshot::Receiver<Result<FunctionResponse, InvokeError>> },
}

/// Runs the synchronous part of an invocation on this thread's engine (created on first use).
/// Must run on a host worker thread; what it returns is `Send`.
pub(crate) fn start(
    shared: &Arc<Shared>,
    uid: u64,
    compiled: &Arc<Compiled>,
    name: &str,
    ctx: Box<FunctionContext>,
) -> Started {
    match Engine::current(shared) {
        Ok(engine) => engine.start_call(uid, compiled, name, ctx),
        Err(e) => Started::Ready(Err(e)),
    }
}

/// Forgets invocation `id` of this thread's engine if it has not answered yet (its caller stopped
/// waiting). A call that answered with a stream keeps streaming until it ends or its deadline.
pub(crate) fn cancel(shared_id: u64, id: u32) {
    ENGINES.with(|engines| {
        if let Some((_, e)) = engines.borrow().iter().find(|(sid, _)| *sid == shared_id) {
            let mut calls = e.st.calls.borrow_mut();
            if calls.get(&id).is_some_and(|c| c.responder.is_some()) {
                calls.remove(&id);
            }
        }
    });
}

/// One in-flight invocation, reachable from JavaScript by its numeric id.
pub(crate) struct Call {
    pub(crate) ctx: Box<FunctionContext>,
    // The key of the call's app (`crate::app_key`), read by every native's ownership check.
    pub(crate) app: usize,
    responder: Option<oneshot::Sender<Result<FunctionResponse, InvokeError>>>,
    writer: Option<ResponseWriter>,
    // What the interceptor's `next` answered, sent as is if the interceptor returns its data.
    pub(crate) kept: Option<FunctionResponse>,
}

struct Entry {
    uid: u64,
    // The module instance the function comes from.
    module: String,
    // Every function this module imports, directly or not, with the version it got.
    deps: Vec<(String, u64)>,
    // The app's package set when the instance was made (0: none); see `State::stale_packages`.
    set: Cell<u64>,
    func: Persistent<Function<'static>>,
}

/// A function one module imports, at the version it got.
pub(crate) struct Import {
    pub(crate) function: String,
    pub(crate) uid: u64,
    pub(crate) module: String,
}

/// The bootstrap's `makeCtx(id, methodCode, fn, requestId, path)`, `run(fn, ctx)`, `finish(ctx, value)`
/// and `later(ctx, thenable)`.
struct Api {
    make_ctx: Persistent<Function<'static>>,
    run: Persistent<Function<'static>>,
    finish: Persistent<Function<'static>>,
    later: Persistent<Function<'static>>,
    // `run` for `__interceptor__`: passes `next` as the second argument.
    intercept: Persistent<Function<'static>>,
}

/// What to drop when an app goes (see `State::releases`).
pub(crate) type Release = Box<dyn FnOnce()>;

/// State shared by the engine, the apps' runtimes, their natives, module loaders and interrupt
/// handlers.
pub(crate) struct State {
    pub(crate) shared: Arc<Shared>,
    pub(crate) calls: RefCell<HashMap<u32, Call, BuildHasherDefault<IdHasher>>>,
    next_call: Cell<u32>,
    // The invocation whose JavaScript is running: console lines and timers are attributed to it.
    pub(crate) entered: Cell<Option<u32>>,
    // When the current synchronous run of JavaScript must stop (checked by the interrupt handler).
    deadline: Cell<Option<Instant>>,
    interrupted: Cell<bool>,
    // Time spent instantiating modules in the current outermost run (not charged to it).
    loading: Cell<Duration>,
    suspects: Suspects,
    pub(crate) apps: RefCell<HashMap<String, Rc<AppEnv>>>,
    // Module name -> compiled code: read by the loader and by stack-trace mapping.
    pub(crate) modules: RefCell<HashMap<String, Arc<Compiled>>>,
    // Base module name (`laf:<app>/<fn>#<uid>`) -> the name of its current instance ("" after a failure).
    names: RefCell<HashMap<String, String>>,
    // The module the host itself is importing (the only `laf:` name the resolver takes as is).
    pub(crate) importing: RefCell<Option<String>>,
    // Module name -> the functions it imports directly.
    pub(crate) imports: RefCell<HashMap<String, Vec<Import>>>,
    // Function module name -> the package set it resolved packages in (engine/packages.rs).
    pub(crate) pkg_users: RefCell<HashMap<String, u64>>,
    // Package module name -> how it runs, recorded when resolved, read by the loader.
    pub(crate) pkg_formats: RefCell<HashMap<String, crate::packages::Format>>,
    // Promise rejections with no handler yet (engine/rejections.rs).
    rejections: RefCell<Vec<rejections::Pending>>,
    // App key -> what to drop when the app goes: natives that keep a context's own objects (a
    // `Persistent` inside a native function is a root QuickJS's cycle collector cannot see
    // through, so the whole context would stay alive).
    pub(crate) releases: RefCell<HashMap<usize, Vec<Release>>>,
    // Bytecode of package files by content (engine/packages.rs), and its size in bytes.
    bytecode: RefCell<HashMap<u64, Rc<[u8]>>>,
    bytecode_bytes: Cell<usize>,
    bytecode_keys: std::collections::hash_map::RandomState,
    // Runtimes of removed apps, freed once nothing holds their values (engine/runtimes.rs).
    retired: RefCell<Vec<runtimes::AppRuntime>>,
    // Timer id -> (the app that set it, its task).
    pub(crate) timers: RefCell<HashMap<u32, (usize, tokio::task::AbortHandle)>>,
    next_timer: Cell<u32>,
    reloads: Cell<u64>,
    // Keys of apps whose runtime ran out of memory during a call: renewed before their next call
    // (see `Engine::app_env`).
    pub(crate) exhausted: RefCell<std::collections::HashSet<usize>>,
}

/// Functions whose last run on this thread took a slice of wall time: their next run is timed in
/// thread CPU time, which decides whether they go to the heavy lane ([`App::ran_for`]), so a
/// function preempted by other processes is not taken for one that computes.
#[derive(Default)]
struct Suspects(RefCell<Vec<(usize, Arc<str>)>>);

impl Suspects {
    // A bound on the list: a run of suspects evicts the oldest, which then has to show again.
    const MAX: usize = 64;

    fn contains(&self, app: &Arc<App>, function: &str) -> bool {
        let list = self.0.borrow();
        !list.is_empty() && list.iter().any(|(a, f)| *a == Arc::as_ptr(app) as usize && &**f == function)
    }

    fn add(&self, app: &Arc<App>, function: &Arc<str>) {
        if self.contains(app, function) {
            return;
        }
        let mut list = self.0.borrow_mut();
        if list.len() == Self::MAX {
            list.remove(0);
        }
        list.push((Arc::as_ptr(app) as usize, function.clone()));
    }

    fn clear(&self, app: &Arc<App>, function: &str) {
        self.0.borrow_mut().retain(|(a, f)| !(*a == Arc::as_ptr(app) as usize && &**f == function));
    }
}

/// Call ids are small sequential integers: a multiply spreads them well enough (Fibonacci hashing),
/// far cheaper than SipHash on the hot path.
#[derive(Default)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

pub(crate) struct Engine {
    st: Rc<State>,
}

impl Engine {
    fn current(shared: &Arc<Shared>) -> Result<Rc<Engine>, InvokeError> {
        ENGINES.with(|engines| {
            if let Some((_, e)) = engines.borrow().iter().find(|(id, _)| *id == shared.id) {
                return Ok(e.clone());
            }
            let engine = Rc::new(Engine::new(shared.clone()));
            engines.borrow_mut().push((shared.id, engine.clone()));
            Ok(engine)
        })
    }

    fn new(shared: Arc<Shared>) -> Engine {
        let st = Rc::new(State {
            shared,
            calls: RefCell::default(),
            next_call: Cell::new(1),
            entered: Cell::new(None),
            deadline: Cell::new(None),
            interrupted: Cell::new(false),
            loading: Cell::new(Duration::ZERO),
            suspects: Suspects::default(),
            apps: RefCell::default(),
            modules: RefCell::default(),
            names: RefCell::default(),
            importing: RefCell::default(),
            imports: RefCell::default(),
            pkg_users: RefCell::default(),
            pkg_formats: RefCell::default(),
            rejections: RefCell::default(),
            releases: RefCell::default(),
            bytecode: RefCell::default(),
            bytecode_bytes: Cell::new(0),
            bytecode_keys: Default::default(),
            retired: RefCell::default(),
            timers: RefCell::default(),
            next_timer: Cell::new(1),
            reloads: Cell::new(0),
            exhausted: RefCell::default(),
        });
        tokio::task::spawn_local(sweep(st.clone()));
        Engine { st }
    }

    fn start_call(&self, uid: u64, compiled: &Arc<Compiled>, name: &str, ctx: Box<FunctionContext>) -> Started {
        let timeout = ctx.app.config().timeout;
        let app = ctx.app.clone();
        let env = match self.app_env(&app) {
            Ok(env) => env,
            Err(e) => return Started::Ready(Err(e)),
        };
        let (tx, mut rx) = oneshot::channel();
        let id = self.st.register(Call { ctx, app: env.key, responder: Some(tx), writer: None, kept: None });
        // Loading the module, the call, and the promise jobs it queues all run as this invocation:
        // its deadline bounds them and its console lines carry its request id.
        env.context.with(|cx| {
            self.st.enter(Some(id), || {
                let r = self.start(&cx, &env, &app, id, uid, name, compiled);
                if let Err(e) = r {
                    let failure = self.st.failure(&cx, e);
                    self.st.settle(id, Err(failure.into_invoke_error(timeout)));
                }
                self.st.drain_jobs(&cx);
            })
        });
        // Most functions answer while their jobs drain: then there is nothing to wait for.
        match rx.try_recv() {
            Ok(result) => Started::Ready(result),
            Err(oneshot::error::TryRecvError::Closed) => {
                Started::Ready(Err(InvokeError::Unavailable("the invocation was dropped".into())))
            }
            Err(oneshot::error::TryRecvError::Empty) => Started::Pending { id, rx },
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn start<'js>(
        &self,
        cx: &Ctx<'js>,
        env: &AppEnv,
        app: &Arc<App>,
        id: u32,
        uid: u64,
        name: &str,
        compiled: &Arc<Compiled>,
    ) -> rquickjs::Result<()> {
        let func = self.entry(cx, env, app, uid, name, compiled)?;
        let make_ctx = env.api.make_ctx.clone().restore(cx)?;
        let intercepting = self.st.calls.borrow()[&id].ctx.next().is_some();
        let run = if intercepting { &env.api.intercept } else { &env.api.run }.clone().restore(cx)?;
        let ctx_obj: Value = {
            // Borrowed during the call: makeCtx runs no code that changes the calls.
            let calls = self.st.calls.borrow();
            let c = &calls[&id].ctx;
            // A WebSocket event's method (`WebSocket:message`) is asked for by name.
            let method = if c.socket().is_some() { 0 } else { method_code(&c.method) };
            make_ctx.call((id, method, &*c.function_name, &*c.request_id, c.path.as_str()))?
        };
        let result: Value = run.call((func, ctx_obj.clone()))?;
        if result.is_undefined() {
            return Ok(());
        }
        // A promise usually settles while its jobs drain: finish it here, without a `then` round trip.
        self.st.drain_jobs(cx);
        if let Some(promise) = result.as_promise() {
            match promise.state() {
                rquickjs::promise::PromiseState::Resolved => {
                    let value: Value = promise.result().unwrap_or(Err(rquickjs::Error::Unknown))?;
                    let finish = env.api.finish.clone().restore(cx)?;
                    return finish.call((ctx_obj, value));
                }
                // Rethrows the rejection reason for the caller to report.
                rquickjs::promise::PromiseState::Rejected => {
                    return promise.result::<Value>().unwrap_or(Err(rquickjs::Error::Unknown)).map(|_| ());
                }
                rquickjs::promise::PromiseState::Pending => {}
            }
        }
        env.api.later.clone().restore(cx)?.call((ctx_obj, result))
    }

    // The function to call for `name`, instantiating its module on this worker when it is new,
    // republished, or imports a function that was republished since.
    fn entry<'js>(
        &self,
        cx: &Ctx<'js>,
        env: &AppEnv,
        app: &Arc<App>,
        uid: u64,
        name: &str,
        compiled: &Arc<Compiled>,
    ) -> rquickjs::Result<Function<'js>> {
        let cached = match env.entries.borrow().get(name) {
            Some(e) if e.uid == uid && deps_fresh(app, &e.deps) && self.st.packages_fresh(app, e) => {
                Some(e.func.clone())
            }
            _ => None,
        };
        if let Some(func) = cached {
            return func.restore(cx);
        }
        let loading = Instant::now();
        let module = self.st.module_for(app, name, uid, compiled);
        self.st.importing.replace(Some(module.clone()));
        let promise = rquickjs::Module::import(cx, module.clone());
        self.st.importing.replace(None);
        let promise = promise.inspect_err(|_| self.st.failed_instance(&module))?;
        self.st.drain_jobs(cx);
        self.st.loading.set(self.st.loading.get() + loading.elapsed());
        let namespace: Object = match promise.state() {
            rquickjs::promise::PromiseState::Resolved => {
                promise.result::<Object>().unwrap_or(Err(rquickjs::Error::Unknown))?
            }
            rquickjs::promise::PromiseState::Rejected => {
                // QuickJS keeps a failed module's error: the next attempt needs a new instance.
                self.st.failed_instance(&module);
                return Err(promise.result::<Value>().map_or(rquickjs::Error::Unknown, |r| match r {
                    Ok(v) => cx.throw(v),
                    Err(e) => e,
                }));
            }
            rquickjs::promise::PromiseState::Pending => {
                // Top-level await (the function's own, or a package's) still waiting: this call
                // waits for it too. Nothing is cached until the module has finished evaluating.
                let filename = compiled.filename.clone();
                let pick = Function::new(cx.clone(), move |cx: Ctx<'js>, ns: Object<'js>| {
                    entry_function(&cx, &ns, &filename)
                })?;
                let wrap: Function =
                    cx.eval("(p, pick) => async function (...args) { return pick(await p).apply(this, args) }")?;
                return wrap.call((promise, pick));
            }
        };
        let func = entry_function(cx, &namespace, &compiled.filename)?;
        let deps = self.st.transitive_imports(&module);
        env.entries.borrow_mut().insert(
            name.to_owned(),
            Entry {
                uid,
                module,
                deps,
                set: Cell::new(packages::current_set(app)),
                func: Persistent::save(cx, func.clone()),
            },
        );
        Ok(func)
    }
}

impl State {
    /// Whether call `id` belongs to the app whose key is `app`.
    pub(crate) fn owns(&self, app: usize, id: u32) -> bool {
        self.calls.borrow().get(&id).is_some_and(|c| c.app == app)
    }

    /// The context of app `app_id` if it still belongs to the app whose key is `app`.
    pub(crate) fn env_of(&self, app_id: &str, app: usize) -> Option<Rc<AppEnv>> {
        self.apps.borrow().get(app_id).filter(|env| env.key == app).cloned()
    }

    fn register(&self, call: Call) -> u32 {
        let id = self.next_call.get();
        self.next_call.set(id.wrapping_add(1).max(1));
        self.calls.borrow_mut().insert(id, call);
        id
    }

    fn next_reload(&self) -> u64 {
        let n = self.reloads.get() + 1;
        self.reloads.set(n);
        n
    }

    /// Answers invocation `id` (once) and forgets it.
    pub(crate) fn settle(&self, id: u32, result: Result<FunctionResponse, InvokeError>) {
        let call = self.calls.borrow_mut().remove(&id);
        if let Some(mut call) = call {
            if matches!(result, Err(InvokeError::MemoryLimit)) {
                // An allocation failed somewhere in the runtime, possibly halfway through state
                // it keeps (a built-in module loading on first use): it cannot be trusted again.
                self.exhausted.borrow_mut().insert(call.app);
            }
            if let Some(tx) = call.responder.take() {
                let _ = tx.send(result);
            }
        }
    }

    /// Starts a streaming response for `id` (once) and queues `chunk`; false when the call is over.
    pub(crate) fn stream(&self, id: u32, head: impl FnOnce() -> FunctionResponse, chunk: bytes::Bytes) -> bool {
        let mut calls = self.calls.borrow_mut();
        let Some(call) = calls.get_mut(&id) else {
            return false;
        };
        if call.writer.is_none() {
            let head = head();
            let (res, writer) = FunctionResponse::stream(head.status, head.headers);
            match call.responder.take() {
                Some(tx) => {
                    let _ = tx.send(Ok(res));
                }
                None => return false,
            }
            // The call stays registered while it streams; the sweeper ends it at its deadline.
            call.writer = Some(writer);
        }
        chunk.is_empty() || call.writer.as_ref().is_some_and(|w| w.write(chunk))
    }

    /// Runs `f` as JavaScript of invocation `id` (or of none), with that invocation's deadline.
    ///
    /// An outermost run is timed and reported to the host ([`App::ran_for`]): a function that
    /// holds the thread long gets its own calls moved to the heavy lane. Instantiating modules
    /// does not count (it happens once per worker and version).
    pub(crate) fn enter<R>(&self, id: Option<u32>, f: impl FnOnce() -> R) -> R {
        let (id, caller) = {
            let calls = self.calls.borrow();
            match id.and_then(|id| calls.get(&id).map(|c| (id, c))) {
                Some((id, c)) => (Some(id), Some((c.ctx.app.clone(), c.ctx.function_name.clone()))),
                None => (None, None),
            }
        };
        let prev_entered = self.entered.replace(id);
        let prev_deadline = self.deadline.replace(Some(self.deadline_for(id)));
        let outermost = prev_deadline.is_none();
        // Wall time is nearly free but counts the time the thread was preempted; a function's
        // thread CPU time costs a syscall, so it is read only for suspects (see `Suspects`).
        let cpu = match (&caller, id) {
            (Some((app, function)), Some(id)) if outermost && self.suspects.contains(app, function) => {
                let request_id = self.calls.borrow().get(&id).map(|c| c.ctx.request_id.clone());
                Some((laf_host::workers::thread_cpu_time(), request_id))
            }
            _ => None,
        };
        let started = Instant::now();
        let out = f();
        self.entered.set(prev_entered);
        self.deadline.set(prev_deadline);
        if outermost {
            let loading = self.loading.take();
            if let Some((app, function)) = caller {
                match cpu {
                    Some((cpu, request_id)) => {
                        self.suspects.clear(&app, &function);
                        let took = laf_host::workers::thread_cpu_time().saturating_sub(cpu).saturating_sub(loading);
                        app.ran_for(&function, request_id.as_deref().unwrap_or(""), took);
                    }
                    None if started.elapsed().saturating_sub(loading) >= app.workers().lane().slice => {
                        self.suspects.add(&app, &function)
                    }
                    None => {}
                }
            }
        }
        out
    }

    pub(crate) fn deadline_for(&self, id: Option<u32>) -> Instant {
        let calls = self.calls.borrow();
        match id.and_then(|id| calls.get(&id)) {
            Some(c) => c.ctx.deadline,
            // Work of no live call (a late timer, a job): allow the latest live deadline, or a fixed budget.
            None => calls.values().map(|c| c.ctx.deadline).max().unwrap_or_else(|| Instant::now() + DETACHED_BUDGET),
        }
    }

    /// Runs queued promise jobs until none are left. Jobs run as the entered invocation.
    pub(crate) fn drain_jobs(&self, cx: &Ctx<'_>) {
        let entered = self.entered.get();
        self.enter(entered, || while cx.execute_pending_job() {});
        self.report_rejections();
    }

    /// Classifies a failed run of JavaScript, mapping its stack trace to the author's files.
    pub(crate) fn failure(&self, cx: &Ctx<'_>, e: rquickjs::Error) -> JsFailure {
        let (message, stack) = errors::extract(cx, e);
        self.classify_thrown(cx, message, stack)
    }

    /// [`Self::classify`] for a value thrown (or a promise rejected) in `cx`'s runtime.
    pub(crate) fn classify_thrown(&self, cx: &Ctx<'_>, message: String, stack: Option<String>) -> JsFailure {
        // QuickJS throws `null` when the heap is so full that it cannot even make its "out of
        // memory" error (a function may also `throw null`, far more rarely); an async function
        // then rejects with it.
        if message == "Uncaught null" && runtimes::limited(cx) {
            return JsFailure::OutOfMemory;
        }
        self.classify(message, stack)
    }

    /// Classifies a thrown value's message and stack: the interrupt handler's error is a timeout
    /// (only when it really fired), QuickJS's allocation failure is the memory limit.
    pub(crate) fn classify(&self, message: String, stack: Option<String>) -> JsFailure {
        let interrupted = self.interrupted.replace(false);
        if interrupted && message.contains("interrupted") {
            return JsFailure::Timeout;
        }
        if message.contains("out of memory") {
            return JsFailure::OutOfMemory;
        }
        let stack = stack.map(|s| errors::map_stack(&s, &self.modules.borrow()));
        JsFailure::Thrown { message, stack }
    }

    /// The module name under which `function` at version `uid` is current in `app`'s context: the
    /// same name while everything it imports is unchanged, a new one (a fresh instance that
    /// resolves its imports again) once something it imports, directly or not, was republished.
    pub(crate) fn module_for(&self, app: &App, function: &str, uid: u64, compiled: &Arc<Compiled>) -> String {
        let base = loader::module_name(app.id(), function, uid, None);
        let current = self.names.borrow().get(&base).cloned();
        let name = match current {
            // Empty: the last instance failed to load.
            Some(name)
                if !name.is_empty()
                    && deps_fresh(app, &self.transitive_imports(&name))
                    && !self.stale_packages(&name, packages::current_set(app)) =>
            {
                return name;
            }
            Some(old) => {
                // Calls of the function itself must not keep using the stale instance either.
                if let Some(env) = self.apps.borrow().get(app.id()) {
                    env.entries.borrow_mut().retain(|_, e| e.module != old);
                }
                loader::module_name(app.id(), function, uid, Some(self.next_reload()))
            }
            None => base.clone(),
        };
        self.names.borrow_mut().insert(base, name.clone());
        self.modules.borrow_mut().insert(name.clone(), compiled.clone());
        name
    }

    /// Marks the instance `module` as failed, so that the next load makes a new one.
    fn failed_instance(&self, module: &str) {
        for name in self.names.borrow_mut().values_mut() {
            if name == module {
                name.clear();
            }
        }
    }

    /// The names of the function modules `module` imports, directly or not.
    pub(crate) fn imported_modules(&self, module: &str) -> Vec<String> {
        let imports = self.imports.borrow();
        let mut seen: Vec<String> = Vec::new();
        let mut todo = vec![module.to_owned()];
        while let Some(m) = todo.pop() {
            for import in imports.get(&m).into_iter().flatten() {
                if !seen.contains(&import.module) {
                    seen.push(import.module.clone());
                    todo.push(import.module.clone());
                }
            }
        }
        seen
    }

    fn transitive_imports(&self, module: &str) -> Vec<(String, u64)> {
        let imports = self.imports.borrow();
        let mut out: Vec<(String, u64)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut todo = vec![module.to_owned()];
        while let Some(m) = todo.pop() {
            for import in imports.get(&m).into_iter().flatten() {
                if seen.insert(import.module.clone()) {
                    out.push((import.function.clone(), import.uid));
                    todo.push(import.module.clone());
                }
            }
        }
        out
    }
}

// Index in the bootstrap's METHODS table; 0 sends the bootstrap to ask `n.info`.
fn method_code(m: &http::Method) -> u8 {
    match *m {
        http::Method::GET => 1,
        http::Method::POST => 2,
        http::Method::PUT => 3,
        http::Method::DELETE => 4,
        http::Method::PATCH => 5,
        http::Method::HEAD => 6,
        http::Method::OPTIONS => 7,
        _ => 0,
    }
}

// How often calls past their deadline are forgotten.
const SWEEP_EVERY: Duration = Duration::from_secs(1);

/// Forgets calls past their deadline, whoever was (or was not) waiting for them: a stream still
/// open ends, and a call whose caller went away before it started does not stay forever. Frees
/// the runtimes of removed apps that nothing holds any more.
async fn sweep(st: Rc<State>) {
    loop {
        tokio::time::sleep(SWEEP_EVERY).await;
        st.bury();
        let now = Instant::now();
        let expired: Vec<Call> = {
            let mut calls = st.calls.borrow_mut();
            // A sweep's worth of grace: a caller waiting on the deadline answers "timed out" first.
            let ids: Vec<u32> =
                calls.iter().filter(|(_, c)| c.ctx.deadline + SWEEP_EVERY <= now).map(|(id, _)| *id).collect();
            ids.iter().filter_map(|id| calls.remove(id)).collect()
        };
        // Dropped outside the borrow: dropping ends streams and wakes waiting callers.
        drop(expired);
    }
}

fn deps_fresh(app: &App, deps: &[(String, u64)]) -> bool {
    deps.iter().all(|(name, uid)| current_uid(app, name) == Some(*uid))
}

pub(crate) fn current_uid(app: &App, name: &str) -> Option<u64> {
    let f = app.function(name)?;
    f.loaded_as::<JsFunction>().map(|j| j.uid)
}

// Laf accepts `export default function`, `export function main`, and CommonJS `exports.main`.
fn entry_function<'js>(cx: &Ctx<'js>, ns: &Object<'js>, filename: &str) -> rquickjs::Result<Function<'js>> {
    // The function itself, or the `main` or `default` member of an exports object.
    let pick = |v: Value<'js>| -> rquickjs::Result<Option<Function<'js>>> {
        if let Some(f) = v.as_function() {
            return Ok(Some(f.clone()));
        }
        if let Some(obj) = v.as_object() {
            for key in ["main", "default"] {
                if let Some(f) = obj.get::<_, Value>(key)?.as_function() {
                    return Ok(Some(f.clone()));
                }
            }
        }
        Ok(None)
    };
    let default: Value = ns.get("default")?;
    if let Some(f) = default.as_function() {
        return Ok(f.clone());
    }
    if let Some(f) = ns.get::<_, Value>("main")?.as_function() {
        return Ok(f.clone());
    }
    if let Some(f) = pick(default)? {
        return Ok(f);
    }
    // An ES module that assigned `exports.main` / `module.exports` (see compile.rs).
    if let Some(module) = ns.get::<_, Value>("__lafCommonJs")?.as_object()
        && let Some(f) = pick(module.get("exports")?)?
    {
        return Ok(f);
    }
    Err(rquickjs::Exception::throw_type(
        cx,
        &format!(
            "{filename} exports no function: use `export default async function (ctx)`, `export async function main(ctx)` or `exports.main`"
        ),
    ))
}
