//! Apps on a worker's engine: each app's QuickJS runtime and context (made with the bootstrap on
//! first use), and what is dropped when the app goes (its runtime, context, module instances,
//! names and timers).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::{self, Rc};
use std::sync::{Arc, Weak};

use laf_host::{App, InvokeError};
use rquickjs::{Context, Ctx, Function, Object, Persistent};

use super::{Api, BOOTSTRAP, ENGINES, Engine, Entry, State, bytecode, errors, natives, runtimes};
use crate::Shared;

pub(crate) struct AppEnv {
    // The app's key (`crate::app_key`): calls, timers and pending work check it is still theirs.
    pub(super) key: usize,
    pub(super) app: Weak<App>,
    shared: Arc<Shared>,
    // Where the app's runtime goes when this is dropped, to be freed once nothing holds its values.
    st: rc::Weak<State>,
    // The app's runtime (taken when this is dropped), and its context there.
    runtime: Option<runtimes::AppRuntime>,
    pub(crate) context: Context,
    // The bootstrap's entry points (see the end of js/bootstrap.js).
    pub(super) api: Api,
    pub(super) entries: RefCell<HashMap<String, Entry>>,
}

impl Drop for AppEnv {
    fn drop(&mut self) {
        self.shared.contexts.fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
        // The runtime outlives the context and every value of it tasks may still hold: freeing
        // it now could free it under them.
        let Some(rt) = self.runtime.take() else {
            return;
        };
        match self.st.upgrade() {
            Some(st) => st.retire(rt),
            // The worker's engine is going (the thread ends): leave the heap to the process.
            None => std::mem::forget(rt),
        }
    }
}

/// Drops what this thread's engine of language `shared_id` holds for the app `app_id` whose key
/// is `key` (it was removed): its context, its functions' instances and its timers, and frees its
/// runtime. Calls in flight keep the context until they end; the runtime is freed once no task
/// holds a value of it (at once, or at a later sweep).
pub(crate) fn remove_app(shared_id: u64, app_id: &str, key: usize) {
    let engine =
        ENGINES.with(|engines| engines.borrow().iter().find(|(sid, _)| *sid == shared_id).map(|e| e.1.clone()));
    if let Some(e) = engine {
        e.st.forget_app(app_id, key);
        e.st.bury();
    }
}

impl Engine {
    // This worker's context for `app`, in a runtime of its own, created with the bootstrap on
    // first use. A new app with a reused id gets a new runtime and context.
    pub(super) fn app_env(&self, app: &Arc<App>) -> Result<Rc<AppEnv>, InvokeError> {
        let key = crate::app_key(&app.view())?;
        let current = self.st.apps.borrow().get(app.id()).filter(|env| env.key == key).cloned();
        if let Some(env) = current {
            // A runtime that ran out of memory may have been left half way through its own state
            // (a lazily loaded built-in, a cache): once its calls are over, the app gets a fresh
            // one, as a Laf instance restarts after an out-of-memory kill. Module state starts over.
            let exhausted = self.st.exhausted.borrow().contains(&key);
            if !exhausted || self.st.calls.borrow().values().any(|c| c.app == key) {
                return Ok(env);
            }
            drop(env);
            self.st.forget_app(app.id(), key);
            self.st.bury();
            tracing::info!(app = %app.id(), "renewing the app's JavaScript runtime after it ran out of memory");
        }
        // A new app under a reused id: the old app's timers must not run in the new context.
        let replaced = self.st.apps.borrow().get(app.id()).map(|env| env.key);
        if let Some(old) = replaced {
            self.st.forget_app(app.id(), old);
        }
        let fail =
            |e: rquickjs::Error| InvokeError::Unavailable(format!("cannot set up the app's JavaScript context: {e}"));
        let limit = self.st.shared.config.heap_limit(app.config());
        let runtime = self.st.new_runtime(limit).map_err(fail)?;
        // On a failure here nothing holds a value of the runtime yet: it is freed at once.
        let context = Context::full(runtime.runtime()).map_err(fail)?;
        let api = context.with(|cx| -> rquickjs::Result<Api> {
            let natives = natives::install(&cx, &self.st, app, key)?;
            let boot = bootstrap(&cx)?;
            let api: Object = boot.call((natives,))?;
            let get = |name: &str| -> rquickjs::Result<Persistent<Function<'static>>> {
                Ok(Persistent::save(&cx, api.get::<_, Function>(name)?))
            };
            Ok(Api {
                make_ctx: get("makeCtx")?,
                run: get("run")?,
                finish: get("finish")?,
                later: get("later")?,
                intercept: get("intercept")?,
            })
        });
        let api = match api {
            Ok(api) => api,
            Err(e) => {
                let detail = context.with(|cx| errors::describe(&cx, e));
                // The natives made so far hold values of the runtime: it is freed as a removed
                // app's is, once they are let go of.
                let releases = self.st.releases.borrow_mut().remove(&key);
                releases.into_iter().flatten().for_each(|release| release());
                drop(context);
                self.st.retire(runtime);
                self.st.bury();
                return Err(InvokeError::Unavailable(format!("bootstrap failed: {detail}")));
            }
        };
        let shared = self.st.shared.clone();
        shared.contexts.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let env = Rc::new(AppEnv {
            key,
            app: Arc::downgrade(app),
            shared,
            st: Rc::downgrade(&self.st),
            runtime: Some(runtime),
            context,
            api,
            entries: RefCell::default(),
        });
        self.st.apps.borrow_mut().insert(app.id().to_owned(), env.clone());
        Ok(env)
    }
}

impl State {
    /// Forgets the app `app_id` whose key is `key`: its context, the names and code of its
    /// modules, and its timers (aborted, so none runs in a context the app no longer has).
    pub(super) fn forget_app(&self, app_id: &str, key: usize) {
        let releases = self.releases.borrow_mut().remove(&key);
        for release in releases.into_iter().flatten() {
            release();
        }
        self.exhausted.borrow_mut().remove(&key);
        self.timers.borrow_mut().retain(|_, (owner, task)| {
            if *owner == key {
                task.abort();
            }
            *owner != key
        });
        let env = {
            let mut apps = self.apps.borrow_mut();
            match apps.get(app_id) {
                Some(env) if env.key == key => apps.remove(app_id),
                _ => None,
            }
        };
        let Some(env) = env else {
            return;
        };
        // Every module name of the app's context, older reloaded instances too (`loader::module_name`).
        let prefix = format!("laf:{app_id}/");
        let theirs = |name: &String| name.starts_with(&prefix);
        self.names.borrow_mut().retain(|name, _| !theirs(name));
        self.modules.borrow_mut().retain(|name, _| !theirs(name));
        self.imports.borrow_mut().retain(|name, _| !theirs(name));
        self.pkg_users.borrow_mut().retain(|name, _| !theirs(name));
        let packages = format!("npm:{app_id}/");
        self.pkg_formats.borrow_mut().retain(|name, _| !name.starts_with(&packages));
        env.entries.borrow_mut().clear();
    }
}

// The bootstrap's bytecode, without the source text QuickJS otherwise keeps a copy of for every
// function (for `toString`): compiled once per process, read again into each app's runtime.
static BOOTSTRAP_BYTECODE: std::sync::OnceLock<Option<Box<[u8]>>> = std::sync::OnceLock::new();

/// The bootstrap's function (`js/bootstrap.js`) in `cx`.
fn bootstrap<'js>(cx: &Ctx<'js>) -> rquickjs::Result<Function<'js>> {
    let bytecode = BOOTSTRAP_BYTECODE.get_or_init(|| {
        let code = std::ffi::CString::new(BOOTSTRAP).ok()?;
        let name = std::ffi::CString::new(errors::BOOTSTRAP_FILE).ok()?;
        match bytecode::compile(cx, &code, &name) {
            Ok(compiled) => compiled.to_bytes(true),
            Err(_) => {
                // Leave no exception pending: the source is evaluated below to say why.
                let _ = cx.catch();
                None
            }
        }
    });
    let Some(bytecode) = bytecode else {
        // Compiling it failed (only a bug does that): evaluating the source says why.
        return cx.eval(BOOTSTRAP);
    };
    let value = bytecode::run_bytecode(cx, bytecode)?;
    value.into_function().ok_or_else(|| rquickjs::Exception::throw_type(cx, "the bootstrap is not a function"))
}
