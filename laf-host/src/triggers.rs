//! Cron triggers: per-app schedules (cron expressions with seconds) that invoke a function.
//!
//! They are kept in the registry with the app and run in-process by the host that serves the
//! app. A trigger's invocation is marked [`Origin::Trigger`] by the host itself: it runs the
//! function whatever methods the function restricts itself to, and nothing in a request (no
//! header, no path) can make an HTTP call look like one.
//!
//! [`Origin::Trigger`]: crate::context::Origin::Trigger

use std::str::FromStr;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;

use crate::app::name::validate_function_name;
use crate::clock::{Clock, SystemClock};
use crate::workers::Workers;

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
        if let Err(e) = validate_function_name(&self.target) {
            return Err(("target".into(), e.to_string()));
        }
        schedule(&self.cron).map(drop).map_err(|e| ("cron".into(), e))
    }
}

/// Parses a cron expression: 6 or 7 fields with seconds, or 5 (Laf's, minute first). Weekdays are
/// numbered as in crontab (0 or 7 Sunday, 1 Monday ... 6 Saturday) or named (`MON-FRI`).
pub fn schedule(expr: &str) -> Result<cron::Schedule, String> {
    let mut fields: Vec<String> = expr.split_whitespace().map(str::to_owned).collect();
    match fields.len() {
        5 => fields.insert(0, "0".into()),
        6 | 7 => {}
        n => return Err(format!("expected 5, 6 or 7 fields (sec min hour day month weekday [year]), found {n}")),
    }
    fields[5] = weekday_names(&fields[5])?;
    cron::Schedule::from_str(&fields.join(" ")).map_err(|e| format!("invalid cron expression {expr:?}: {e}"))
}

// The `cron` crate counts weekdays from 1 = Sunday; crontab (and Laf) from 0 = Sunday. Numbers
// become names so both read the same; a step (`*/2`) stays a number.
fn weekday_names(field: &str) -> Result<String, String> {
    const NAMES: [&str; 8] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"];
    let mut out = String::new();
    let mut chars = field.chars().peekable();
    let mut after_slash = false;
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            let mut number = c.to_string();
            while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                number.push(*d);
                chars.next();
            }
            if after_slash {
                out.push_str(&number);
            } else {
                let n: usize = number.parse().map_err(|_| format!("invalid weekday {number:?}"))?;
                out.push_str(NAMES.get(n).ok_or_else(|| format!("weekday {n} is not 0-7"))?);
            }
        } else {
            out.push(c);
        }
        after_slash = c == '/';
    }
    Ok(out)
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

/// Starts `triggers` of app `app_id` on worker 0 of `workers`; `fire` is called at each due time
/// (on that worker) and stops its trigger by returning false. They all stop when the result is
/// dropped. The app hands in `fire` (which holds it weakly) so that this module never names it.
pub(crate) fn start<F>(workers: &Workers, app_id: &str, triggers: Vec<Trigger>, fire: F) -> Running
where
    F: Fn(&Trigger) -> bool + Clone + Send + 'static,
{
    if triggers.is_empty() {
        return Running::default();
    }
    let stop = CancellationToken::new();
    let token = stop.clone();
    let job = Box::new(move || {
        for trigger in triggers {
            tokio::task::spawn_local(run(trigger, token.clone(), fire.clone()));
        }
    });
    if workers.run_on(0, job).is_err() {
        tracing::error!(app = %app_id, "cannot start the triggers: the worker pool has shut down");
    }
    Running { stop: Some(stop) }
}

async fn run(trigger: Trigger, stop: CancellationToken, fire: impl Fn(&Trigger) -> bool) {
    let Ok(schedule) = schedule(&trigger.cron) else {
        return;
    };
    run_schedule(schedule, Arc::new(SystemClock), stop, move || fire(&trigger)).await
}

/// Calls `fire` at each time of `schedule` on `clock`, until `stop` is cancelled or `fire` returns
/// false. The clock is a parameter so that tests move time instead of waiting for it.
async fn run_schedule(
    schedule: cron::Schedule,
    clock: Arc<dyn Clock>,
    stop: CancellationToken,
    mut fire: impl FnMut() -> bool,
) {
    // The next time is computed from the clock each round: after a clock jump or a suspended VM
    // the trigger fires once, not once per missed time.
    while let Some(next) = schedule.after(&DateTime::<Utc>::from(clock.now())).next() {
        tokio::select! {
            _ = stop.cancelled() => return,
            _ = clock.sleep_until(next.into()) => {}
        }
        if !fire() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use super::*;
    use crate::clock::ManualClock;
    use chrono::{Datelike, TimeZone, Timelike};

    fn next_after(expr: &str, after: chrono::DateTime<chrono::Utc>) -> chrono::DateTime<chrono::Utc> {
        schedule(expr).unwrap().after(&after).next().unwrap()
    }

    #[test]
    fn five_fields_are_lafs_minute_first_form_with_crontab_weekdays() {
        // 2026-11-26 is a Thursday.
        let thursday = chrono::Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap();
        let at = next_after("30 9 * * 1-5", thursday);
        assert_eq!((at.weekday(), at.hour(), at.minute(), at.second()), (chrono::Weekday::Fri, 9, 30, 0));
        assert_eq!(next_after("0 0 * * 0", thursday).weekday(), chrono::Weekday::Sun, "0 is Sunday");
        assert_eq!(next_after("0 0 * * 7", thursday).weekday(), chrono::Weekday::Sun, "so is 7");
        assert_eq!(next_after("0 0 * * MON", thursday).weekday(), chrono::Weekday::Mon);
    }

    #[test]
    fn six_fields_have_seconds() {
        let t = chrono::Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap();
        assert_eq!(next_after("*/15 * * * * *", t).second(), 15);
        assert_eq!(next_after("0 0 12 * * */2", t).weekday(), chrono::Weekday::Sat, "a step stays a number");
    }

    #[test]
    fn bad_expressions_say_why() {
        assert!(schedule("* * *").unwrap_err().contains("found 3"));
        assert!(schedule("0 0 * * 9").unwrap_err().contains("not 0-7"));
        assert!(schedule("every minute").is_err());
    }

    /// 2026-11-26 at `h:m:s` UTC.
    fn at(h: u32, m: u32, s: u32) -> SystemTime {
        chrono::Utc.with_ymd_and_hms(2026, 11, 26, h, m, s).unwrap().into()
    }

    /// Waits until the schedule on `clock` sleeps until `time` (and nothing else).
    async fn waiting_for(clock: &ManualClock, time: SystemTime) {
        let waiting = async {
            while clock.waits() != [time] {
                tokio::task::yield_now().await;
            }
        };
        if tokio::time::timeout(Duration::from_secs(10), waiting).await.is_err() {
            panic!("the schedule waits for {:?}, not {time:?}", clock.waits());
        }
    }

    #[tokio::test]
    async fn a_schedule_fires_at_its_times_once_after_a_jump_and_never_once_stopped() {
        let clock = Arc::new(ManualClock::new(at(12, 0, 30)));
        let stop = CancellationToken::new();
        let (fired_tx, mut fired) = tokio::sync::mpsc::unbounded_channel();
        let every_minute = schedule("0 * * * * *").unwrap();
        let task = tokio::spawn(run_schedule(every_minute, clock.clone(), stop.clone(), {
            let clock = clock.clone();
            move || fired_tx.send(clock.now()).is_ok()
        }));
        waiting_for(&clock, at(12, 1, 0)).await;
        assert!(fired.try_recv().is_err(), "nothing fires before its time");
        clock.set(at(12, 1, 0));
        waiting_for(&clock, at(12, 2, 0)).await;
        assert_eq!(fired.try_recv(), Ok(at(12, 1, 0)));
        assert!(fired.try_recv().is_err());
        // Nine missed minutes (a suspended VM, a clock set forward) make one firing, not nine.
        clock.set(at(12, 10, 30));
        waiting_for(&clock, at(12, 11, 0)).await;
        assert_eq!(fired.try_recv(), Ok(at(12, 10, 30)));
        assert!(fired.try_recv().is_err());
        // Stopped (the triggers replaced or removed): the loop ends and the time passes unnoticed.
        stop.cancel();
        tokio::time::timeout(Duration::from_secs(10), task).await.expect("a stopped schedule ends").unwrap();
        assert!(clock.waits().is_empty());
        clock.set(at(13, 0, 0));
        assert!(fired.try_recv().is_err(), "a stopped schedule never fires");
    }

    #[tokio::test]
    async fn a_schedule_ends_when_its_app_is_gone_and_dropping_running_stops_it() {
        let clock = Arc::new(ManualClock::new(at(12, 0, 30)));
        let task = tokio::spawn(run_schedule(
            schedule("0 * * * * *").unwrap(),
            clock.clone(),
            CancellationToken::new(),
            || false,
        ));
        waiting_for(&clock, at(12, 1, 0)).await;
        clock.set(at(12, 1, 0));
        tokio::time::timeout(Duration::from_secs(10), task).await.expect("the schedule ends").unwrap();
        assert!(clock.waits().is_empty());

        let stop = CancellationToken::new();
        drop(Running { stop: Some(stop.clone()) });
        assert!(stop.is_cancelled());
    }
}
