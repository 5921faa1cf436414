//! Cron triggers: per-app schedules (cron expressions with seconds) that invoke a function.
//!
//! They are kept in the registry with the app and run in-process by the host that serves the
//! app. A trigger's invocation is marked [`Origin::Trigger`] by the host itself: it runs the
//! function whatever methods the function restricts itself to, and nothing in a request (no
//! header, no path) can make an HTTP call look like one.
//!
//! [`Origin::Trigger`]: crate::context::Origin::Trigger

use std::str::FromStr;
use std::sync::{Arc, Weak};

use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;

use crate::app::App;

/// One trigger of an app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trigger {
    /// Unique within the app.
    pub id: String,
    /// When it fires: `sec min hour day month weekday [year]`, or Laf's five fields (minute first,
    /// firing at second 0).
    pub cron: String,
    /// The function it invokes.
    pub target: String,
    /// Free text.
    #[serde(default)]
    pub desc: String,
}

impl Trigger {
    /// Checks the id, target and expression; the error names the field.
    pub fn validate(&self) -> Result<(), (String, String)> {
        if self.id.is_empty()
            || self.id.len() > 64
            || !self.id.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
        {
            return Err(("id".into(), "1 to 64 letters, digits, '-', '_' or '.'".into()));
        }
        if let Err(e) = crate::app::validate_function_name(&self.target) {
            return Err(("target".into(), e.to_string()));
        }
        schedule(&self.cron).map(drop).map_err(|e| ("cron".into(), e))
    }
}

/// Parses a cron expression: 6 or 7 fields with seconds, or 5 (Laf's, minute first).
pub fn schedule(expr: &str) -> Result<cron::Schedule, String> {
    let fields = expr.split_whitespace().count();
    let full = match fields {
        5 => format!("0 {expr}"),
        6 | 7 => expr.to_owned(),
        n => return Err(format!("expected 5, 6 or 7 fields (sec min hour day month weekday [year]), found {n}")),
    };
    cron::Schedule::from_str(&full).map_err(|e| format!("invalid cron expression {expr:?}: {e}"))
}

/// The running schedules of one app; dropping it (or replacing it) stops them.
#[derive(Debug, Default)]
pub(crate) struct Running {
    stop: Option<CancellationToken>,
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            stop.cancel();
        }
    }
}

/// Starts `triggers` for `app` on worker 0 of its pool; they stop when the result is dropped or
/// the app is gone.
pub(crate) fn start(app: &Arc<App>, triggers: Vec<Trigger>) -> Running {
    if triggers.is_empty() {
        return Running::default();
    }
    let stop = CancellationToken::new();
    let weak = Arc::downgrade(app);
    let token = stop.clone();
    let job = Box::new(move || {
        for trigger in triggers {
            tokio::task::spawn_local(run(weak.clone(), trigger, token.clone()));
        }
    });
    if app.workers().run_on(0, job).is_err() {
        tracing::error!(app = %app.id(), "cannot start the triggers: the worker pool has shut down");
    }
    Running { stop: Some(stop) }
}

async fn run(app: Weak<App>, trigger: Trigger, stop: CancellationToken) {
    let Ok(schedule) = schedule(&trigger.cron) else {
        return;
    };
    for next in schedule.upcoming(chrono::Utc) {
        let wait = (next - chrono::Utc::now()).to_std().unwrap_or_default();
        tokio::select! {
            _ = stop.cancelled() => return,
            _ = tokio::time::sleep(wait) => {}
        }
        let Some(app) = app.upgrade() else {
            return;
        };
        // Each firing runs on its own, so a slow one does not delay the next.
        let trigger = trigger.clone();
        tokio::task::spawn_local(async move { app.fire(&trigger).await });
    }
}
