//! The time as the host reads it where the time decides an outcome (a presigned URL's expiry, a
//! cron trigger's next firing), behind a seam: production reads the system clock, and a test
//! moves a [`ManualClock`] instead of sleeping until the time comes.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// A wait for a time, as [`Clock::sleep_until`] returns it.
pub type Sleep = Pin<Box<dyn Future<Output = ()> + Send>>;

/// Where the time comes from.
pub trait Clock: Send + Sync + std::fmt::Debug + 'static {
    /// The current time.
    fn now(&self) -> SystemTime;
    /// Resolves once [`Clock::now`] has reached `at`.
    fn sleep_until(&self, at: SystemTime) -> Sleep;
}

/// The operating system's clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }

    fn sleep_until(&self, at: SystemTime) -> Sleep {
        // The timer runs on the monotonic clock, which may drift from the wall clock: wait again
        // until the wall clock agrees, so a schedule never wakes just short of its time.
        Box::pin(async move {
            while let Ok(left) = at.duration_since(SystemTime::now()) {
                if left.is_zero() {
                    break;
                }
                tokio::time::sleep(left).await;
            }
        })
    }
}

/// A clock that stands still until it is set: for tests of expiries and schedules.
#[derive(Debug)]
pub struct ManualClock {
    now: tokio::sync::watch::Sender<SystemTime>,
    /// The times the pending sleeps wait for (one entry per sleep).
    waits: Arc<Mutex<Vec<SystemTime>>>,
}

impl ManualClock {
    /// A clock reading `start`.
    pub fn new(start: SystemTime) -> ManualClock {
        ManualClock { now: tokio::sync::watch::Sender::new(start), waits: Arc::default() }
    }

    /// Sets the time (forward or back), waking the sleeps whose time has come.
    pub fn set(&self, now: SystemTime) {
        self.now.send_replace(now);
    }

    /// Moves the time forward by `by`.
    pub fn advance(&self, by: Duration) {
        self.set(self.now() + by);
    }

    /// The times the pending sleeps wait for, earliest first: a test sees a scheduler waiting.
    pub fn waits(&self) -> Vec<SystemTime> {
        let mut waits = self.waits.lock().unwrap_or_else(|e| e.into_inner()).clone();
        waits.sort();
        waits
    }
}

impl Clock for ManualClock {
    fn now(&self) -> SystemTime {
        *self.now.borrow()
    }

    fn sleep_until(&self, at: SystemTime) -> Sleep {
        let mut now = self.now.subscribe();
        self.waits.lock().unwrap_or_else(|e| e.into_inner()).push(at);
        let registered = Registered { waits: self.waits.clone(), at };
        Box::pin(async move {
            let _registered = registered;
            if now.wait_for(|now| *now >= at).await.is_err() {
                // The clock is gone: its time never comes.
                std::future::pending::<()>().await;
            }
        })
    }
}

/// A sleep's entry in [`ManualClock::waits`], removed when the sleep ends or is dropped.
struct Registered {
    waits: Arc<Mutex<Vec<SystemTime>>>,
    at: SystemTime,
}

impl Drop for Registered {
    fn drop(&mut self) {
        let mut waits = self.waits.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(i) = waits.iter().position(|t| *t == self.at) {
            waits.swap_remove(i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_manual_sleep_ends_when_the_clock_reaches_its_time() {
        use futures_util::FutureExt;

        let start = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000);
        let clock = ManualClock::new(start);
        let at = start + Duration::from_secs(60);
        let mut sleep = clock.sleep_until(at);
        assert_eq!(clock.waits(), [at]);
        clock.advance(Duration::from_secs(59));
        assert!((&mut sleep).now_or_never().is_none(), "woke a second early");
        clock.advance(Duration::from_secs(1));
        assert!(sleep.now_or_never().is_some(), "did not wake at its time");
        assert!(clock.waits().is_empty(), "an ended sleep is no longer listed");
        // A dropped sleep is not listed either; one for a past time ends at once.
        drop(clock.sleep_until(at + Duration::from_secs(1)));
        assert!(clock.waits().is_empty());
        assert!(clock.sleep_until(start).now_or_never().is_some());
    }

    #[tokio::test]
    async fn the_system_clock_sleeps_until_its_time() {
        let at = SystemTime::now() + Duration::from_millis(20);
        SystemClock.sleep_until(at).await;
        assert!(SystemClock.now() >= at);
    }
}
