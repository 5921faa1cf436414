//! Apps on a worker's engine: each app's QuickJS context (made with the bootstrap on first use),
//! and what is dropped when the app goes (its context, module instances, names and timers).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::{Arc, Weak};

use laf_host::{App, InvokeError};
use rquickjs::{Context, Function, Object, Persistent};

use super::{Api, BOOTSTRAP, ENGINES, Engine, Entry, State, errors, natives};
use crate::Shared;

pub(crate) struct AppEnv {
    // The app's key (`crate::app_key`): calls, timers and pending work check it is still theirs.
    pub(super) key: usize,
    pub(super) app: Weak<App>,
    shared: Arc<Shared>,
    pub(crate) context: Context,
    // The bootstrap's entry points (see the end of js/bootstrap.js).
    pub(super) api: Api,
    pub(super) entries: RefCell<HashMap<String, Entry>>,
}

impl Drop for AppEnv {
    fn drop(&mut self) {
        self.shared.contexts.fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
    }
}

/// Drops what this thread's engine of language `shared_id` holds for the app `app_id` whose key
/// is `key` (it was removed): its context, its functions' instances and its timers. Calls in
/// flight keep the context until they end.
pub(crate) fn remove_app(shared_id: u64, app_id: &str, key: usize) {
    ENGINES.with(|engines| {
        if let Some((_, e)) = engines.borrow().iter().find(|(sid, _)| *sid == shared_id) {
            e.st.forget_app(app_id, key);
            // The app's objects are garbage now, in cycles the reference counts do not free: collect
            // them at once, or the worker's heap limit counts them until QuickJS's next cycle GC.
            e.rt.run_gc();
        }
    });
}

impl Engine {
    // This worker's context for `app`, created with the bootstrap on first use. A new app with a
    // reused id gets a new context.
    pub(super) fn app_env(&self, app: &Arc<App>) -> Result<Rc<AppEnv>, InvokeError> {
        let key = crate::app_key(&app.view())?;
        if let Some(env) = self.st.apps.borrow().get(app.id())
            && env.key == key
        {
            return Ok(env.clone());
        }
        // A new app under a reused id: the old app's timers must not run in the new context.
        let replaced = self.st.apps.borrow().get(app.id()).map(|env| env.key);
        if let Some(old) = replaced {
            self.st.forget_app(app.id(), old);
        }
        let fail =
            |e: rquickjs::Error| InvokeError::Unavailable(format!("cannot set up the app's JavaScript context: {e}"));
        let context = Context::full(&self.rt).map_err(fail)?;
        let api = context
            .with(|cx| -> rquickjs::Result<Api> {
                let natives = natives::install(&cx, &self.st, app, key)?;
                let boot: Function = cx.eval(BOOTSTRAP)?;
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
            })
            .map_err(|e| {
                let detail = context.with(|cx| errors::describe(&cx, e));
                InvokeError::Unavailable(format!("bootstrap failed: {detail}"))
            })?;
        let shared = self.st.shared.clone();
        shared.contexts.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let env = Rc::new(AppEnv { key, app: Arc::downgrade(app), shared, context, api, entries: RefCell::default() });
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
