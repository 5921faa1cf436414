//! Each app's own QuickJS runtime on a worker: one heap per app, so its memory limit is the app's
//! alone. Made with the worker's handlers (timeouts, module loader, rejections) and the app's
//! limits; freed once the app is gone and nothing on the Rust side holds its values any more.
//!
//! Knowing when that is: QuickJS aborts the process when a runtime is freed with objects still
//! alive, and after its app is removed a task may still hold one of its values for a while (an
//! aborted timer not yet dropped, a fetch or a database call in flight). Every value rquickjs
//! hands out holds its context, so the app's context is collected only once no such value is
//! left; the runtime is freed then. But rquickjs keeps, for the runtime's life, the prototype of
//! its native functions, made in whichever context first asked: the app's context would never
//! be collected. So each runtime first gets a small anchor context, which makes that prototype;
//! the anchor's objects are then all the runtime holds once the app's context is gone.

use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

use rquickjs::{Context, Ctx, Function, JsLifetime, Runtime};

use super::{State, loader, rejections};
use crate::Shared;

/// A runtime's heap limit in bytes (0: none), kept in the runtime for `State::failure`.
struct HeapLimit(usize);

// SAFETY: `HeapLimit` holds no JavaScript value, so it lives as long as any lifetime.
unsafe impl<'js> JsLifetime<'js> for HeapLimit {
    type Changed<'to> = HeapLimit;
}

/// Whether the runtime running `cx` has a heap limit.
pub(super) fn limited(cx: &Ctx<'_>) -> bool {
    cx.userdata::<HeapLimit>().is_some_and(|l| l.0 > 0)
}

/// An app's runtime on this worker, with its anchor context (see the module's notes).
pub(super) struct AppRuntime {
    // Only kept (and dropped before `rt`: fields drop in order, and it is a context of it).
    _anchor: Context,
    rt: Runtime,
    // The runtime's objects with only the anchor left (after a collection).
    baseline: usize,
    shared: Arc<Shared>,
}

impl AppRuntime {
    /// The runtime itself.
    pub(super) fn runtime(&self) -> &Runtime {
        &self.rt
    }
}

impl Drop for AppRuntime {
    fn drop(&mut self) {
        self.shared.runtimes.fetch_sub(1, Ordering::Relaxed);
    }
}

// The GC threshold is left as QuickJS sets it (a collection at 256 KiB, then at 1.5x what
// survived): reference counting frees all but cycles, and an app's heap after its first calls
// held no garbage a collection could free (measured), so a lower one would only collect more often.

impl State {
    /// A new runtime for an app whose heap limit is `limit` bytes (0: none).
    pub(super) fn new_runtime(self: &Rc<Self>, limit: usize) -> rquickjs::Result<AppRuntime> {
        let rt = Runtime::new()?;
        rt.set_max_stack_size(self.shared.config.max_stack_size);
        // The deadline is the worker's: one runtime at a time runs JavaScript on a thread.
        let watch = self.clone();
        rt.set_interrupt_handler(Some(Box::new(move || {
            let over = watch.deadline.get().is_some_and(|d| Instant::now() >= d);
            if over {
                watch.interrupted.set(true);
            }
            over
        })));
        rt.set_loader(loader::Resolver::new(self.clone()), loader::Loader::new(self.clone()));
        rejections::track(&rt, self);
        // The smallest context rquickjs makes (its base objects). Making a native function here
        // makes the prototype rquickjs keeps for all of them.
        let anchor = Context::base(&rt)?;
        anchor.with(|cx| -> rquickjs::Result<()> {
            let _ = cx.store_userdata(HeapLimit(limit));
            Function::new(cx.clone(), || ()).map(drop)
        })?;
        rt.run_gc();
        let baseline = rt.memory_usage().obj_count as usize;
        // Set last: the anchor is the runtime's, not the app's, and must not fail for the limit.
        if limit > 0 {
            rt.set_memory_limit(limit);
        }
        self.shared.runtimes.fetch_add(1, Ordering::Relaxed);
        Ok(AppRuntime { _anchor: anchor, rt, baseline, shared: self.shared.clone() })
    }

    /// Keeps `rt`, whose app is gone, until `bury` can free it.
    pub(super) fn retire(&self, rt: AppRuntime) {
        self.retired.borrow_mut().push(rt);
    }

    /// Frees the retired runtimes whose app contexts were collected: with the anchor's objects
    /// alone left, nothing outside holds a value of them. One that still has more is tried again
    /// at the next sweep (a value held forever keeps its runtime: a leak, never a crash).
    pub(super) fn bury(&self) {
        let retired = std::mem::take(&mut *self.retired.borrow_mut());
        let mut kept = Vec::new();
        for r in retired {
            r.rt.run_gc();
            if r.rt.memory_usage().obj_count as usize <= r.baseline {
                // Outside the borrow: the runtime's handlers hold this state and go with it.
                drop(r);
            } else {
                kept.push(r);
            }
        }
        self.retired.borrow_mut().extend(kept);
    }
}
