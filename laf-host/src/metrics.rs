//! Prometheus metrics: invocations, errors and a duration histogram per app and function, open
//! sockets per app, busy and idle workers. Rendered at `/_/metrics` in the text format.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use crate::host::Host;

/// Upper bounds of the duration histogram, in seconds.
pub const BUCKETS: [f64; 14] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

/// Counters of one function (all versions).
#[derive(Debug, Default)]
pub struct FunctionStats {
    invocations: AtomicU64,
    errors: AtomicU64,
    // One counter per bucket (not cumulative; summed when rendered) and the total in microseconds.
    buckets: [AtomicU64; BUCKETS.len()],
    sum_us: AtomicU64,
}

impl FunctionStats {
    fn record(&self, elapsed: Duration, error: bool) {
        self.invocations.fetch_add(1, Ordering::Relaxed);
        if error {
            self.errors.fetch_add(1, Ordering::Relaxed);
        }
        let secs = elapsed.as_secs_f64();
        if let Some(i) = BUCKETS.iter().position(|&b| secs <= b) {
            self.buckets[i].fetch_add(1, Ordering::Relaxed);
        }
        self.sum_us.fetch_add(elapsed.as_micros() as u64, Ordering::Relaxed);
    }

    /// Invocations counted so far.
    pub fn invocations(&self) -> u64 {
        self.invocations.load(Ordering::Relaxed)
    }

    /// Invocations that failed (a 5xx answer or an error).
    pub fn errors(&self) -> u64 {
        self.errors.load(Ordering::Relaxed)
    }
}

/// An app's function counters.
#[derive(Debug, Default)]
pub struct AppMetrics {
    functions: RwLock<HashMap<String, Arc<FunctionStats>>>,
}

impl AppMetrics {
    /// Counts one invocation of `function`.
    pub fn record(&self, function: &str, elapsed: Duration, error: bool) {
        let found = self.functions.read().unwrap_or_else(|e| e.into_inner()).get(function).cloned();
        let stats = match found {
            Some(s) => s,
            None => self
                .functions
                .write()
                .unwrap_or_else(|e| e.into_inner())
                .entry(function.to_owned())
                .or_default()
                .clone(),
        };
        stats.record(elapsed, error);
    }

    /// The counters of `function`, if it was invoked.
    pub fn function(&self, function: &str) -> Option<Arc<FunctionStats>> {
        self.functions.read().unwrap_or_else(|e| e.into_inner()).get(function).cloned()
    }

    fn sorted(&self) -> Vec<(String, Arc<FunctionStats>)> {
        let mut all: Vec<_> = self
            .functions
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all
    }
}

/// A label value with `\`, `"` and newlines escaped, as the text format wants.
fn label(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

/// The host's metrics in Prometheus' text format.
pub fn render(host: &Host) -> String {
    let apps = host.apps();
    let mut out = String::new();
    let per_function: Vec<(String, String, Arc<FunctionStats>)> = apps
        .iter()
        .flat_map(|app| app.metrics().sorted().into_iter().map(|(f, s)| (label(app.id()), label(&f), s)))
        .collect();
    out.push_str("# HELP laf_invocations_total Function invocations.\n# TYPE laf_invocations_total counter\n");
    for (app, function, s) in &per_function {
        let _ = writeln!(out, "laf_invocations_total{{app=\"{app}\",function=\"{function}\"}} {}", s.invocations());
    }
    out.push_str(
        "# HELP laf_invocation_errors_total Invocations that failed (5xx or an error).\n\
         # TYPE laf_invocation_errors_total counter\n",
    );
    for (app, function, s) in &per_function {
        let _ = writeln!(out, "laf_invocation_errors_total{{app=\"{app}\",function=\"{function}\"}} {}", s.errors());
    }
    out.push_str(
        "# HELP laf_invocation_duration_seconds Invocation duration.\n\
         # TYPE laf_invocation_duration_seconds histogram\n",
    );
    for (app, function, s) in &per_function {
        let mut cumulative = 0;
        for (i, bound) in BUCKETS.iter().enumerate() {
            cumulative += s.buckets[i].load(Ordering::Relaxed);
            let _ = writeln!(
                out,
                "laf_invocation_duration_seconds_bucket{{app=\"{app}\",function=\"{function}\",le=\"{bound}\"}} {cumulative}"
            );
        }
        let count = s.invocations();
        let _ = writeln!(
            out,
            "laf_invocation_duration_seconds_bucket{{app=\"{app}\",function=\"{function}\",le=\"+Inf\"}} {count}"
        );
        let sum = s.sum_us.load(Ordering::Relaxed) as f64 / 1e6;
        let _ = writeln!(out, "laf_invocation_duration_seconds_sum{{app=\"{app}\",function=\"{function}\"}} {sum}");
        let _ = writeln!(out, "laf_invocation_duration_seconds_count{{app=\"{app}\",function=\"{function}\"}} {count}");
    }
    out.push_str("# HELP laf_open_sockets Open WebSocket connections.\n# TYPE laf_open_sockets gauge\n");
    for app in &apps {
        let _ = writeln!(out, "laf_open_sockets{{app=\"{}\"}} {}", label(app.id()), app.sockets().len());
    }
    out.push_str(
        "# HELP laf_workers Workers by kind (host threads, or a language's processes) and state.\n\
         # TYPE laf_workers gauge\n",
    );
    let threads = host.workers().len();
    let busy = host.workers().busy().min(threads);
    let _ = writeln!(out, "laf_workers{{kind=\"thread\",state=\"busy\"}} {busy}");
    let _ = writeln!(out, "laf_workers{{kind=\"thread\",state=\"idle\"}} {}", threads - busy);
    // A language's gauges, one family per name: `laf_language_<name>{language="<id>"}`.
    type Family = (&'static str, &'static str, Vec<(String, f64)>);
    let mut families: Vec<Family> = Vec::new();
    for language in host.languages() {
        for gauge in language.gauges() {
            let entry = match families.iter_mut().find(|(name, ..)| *name == gauge.name) {
                Some(entry) => entry,
                None => {
                    families.push((gauge.name, gauge.help, Vec::new()));
                    families.last_mut().expect("just pushed")
                }
            };
            entry.2.push((label(language.id()), gauge.value));
        }
    }
    for (name, help, values) in families {
        let name = label(name);
        let _ = writeln!(out, "# HELP laf_language_{name} {help}\n# TYPE laf_language_{name} gauge");
        for (id, value) in values {
            let _ = writeln!(out, "laf_language_{name}{{language=\"{id}\"}} {value}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_land_in_their_bucket_and_errors_count() {
        let m = AppMetrics::default();
        m.record("f", Duration::from_micros(300), false);
        m.record("f", Duration::from_millis(7), true);
        let s = m.function("f").unwrap();
        assert_eq!((s.invocations(), s.errors()), (2, 1));
        assert_eq!(s.buckets[0].load(Ordering::Relaxed), 1, "300 us <= 0.5 ms");
        assert_eq!(s.buckets[4].load(Ordering::Relaxed), 1, "7 ms <= 10 ms");
        assert_eq!(label("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
