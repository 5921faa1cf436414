//! Unhandled promise rejections, reported in the app's log as Node reports them: a rejection with
//! no handler once the promise jobs of the moment have run (a handler attached in between, as
//! `await` does a little later, is not one). Without this, a package whose internal promise
//! rejects unseen simply never answers, and the call times out with no word of why.

use std::rc::Rc;

use rquickjs::{Ctx, Persistent, Value};

use super::{State, errors};

/// A rejection still without a handler.
pub(crate) struct Pending {
    promise: Persistent<Value<'static>>,
    message: String,
    // The invocation whose JavaScript rejected it, if any.
    call: Option<u32>,
    app: Option<String>,
}

/// Installs the tracker on `rt`.
pub(crate) fn track(rt: &rquickjs::Runtime, st: &Rc<State>) {
    let st = st.clone();
    rt.set_host_promise_rejection_tracker(Some(Box::new(
        move |cx: Ctx<'_>, promise: Value<'_>, reason: Value<'_>, handled: bool| {
            let mut pending = st.rejections.borrow_mut();
            if handled {
                pending.retain(|p| !matches!(p.promise.clone().restore(&cx), Ok(v) if v == promise));
                return;
            }
            let (message, stack) = errors::describe_value(&reason);
            let message = match stack {
                Some(stack) => format!("Unhandled promise rejection: {message}\n{stack}"),
                None => format!("Unhandled promise rejection: {message}"),
            };
            let call = st.entered.get();
            let app = call.and_then(|id| st.calls.borrow().get(&id).map(|c| c.ctx.app.id().to_owned()));
            pending.push(Pending { promise: Persistent::save(&cx, promise), message, call, app });
        },
    )));
}

impl State {
    /// Logs the rejections that still have no handler (after the promise jobs ran).
    pub(crate) fn report_rejections(&self) {
        if self.rejections.borrow().is_empty() {
            return;
        }
        let pending = std::mem::take(&mut *self.rejections.borrow_mut());
        for p in pending {
            match &p.app {
                Some(app) => self.enter(p.call, || self.log(app, "error", &p.message)),
                None => tracing::warn!(target: "laf::console", "{}", p.message),
            }
        }
    }
}
