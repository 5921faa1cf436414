//! Which of an app's functions run on the heavy lane ([`crate::workers`]), and until when.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The app's functions whose last long synchronous run is recent: name -> when they return to
/// the serving workers.
#[derive(Default)]
pub(crate) struct HeavyFunctions {
    // Entries in `until`, so the common case (none) costs one atomic load per call.
    count: AtomicUsize,
    until: Mutex<HashMap<String, Instant>>,
}

impl HeavyFunctions {
    /// Keeps `function` on the heavy lane for `hold` from now; true when it was not there.
    pub(crate) fn note(&self, function: &str, hold: Duration) -> bool {
        let until = Instant::now() + hold;
        let mut map = self.until.lock().unwrap_or_else(|e| e.into_inner());
        match map.get_mut(function) {
            Some(t) => {
                let was = *t > Instant::now();
                *t = until;
                !was
            }
            None => {
                map.insert(function.to_owned(), until);
                self.count.fetch_add(1, Ordering::Relaxed);
                true
            }
        }
    }

    /// Whether `function`'s calls go to the heavy lane now.
    pub(crate) fn contains(&self, function: &str) -> bool {
        if self.count.load(Ordering::Relaxed) == 0 {
            return false;
        }
        let mut map = self.until.lock().unwrap_or_else(|e| e.into_inner());
        match map.get(function) {
            Some(t) if *t > Instant::now() => true,
            Some(_) => {
                map.remove(function);
                self.count.fetch_sub(1, Ordering::Relaxed);
                false
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_function_stays_heavy_for_its_hold_and_then_returns() {
        let heavy = HeavyFunctions::default();
        assert!(!heavy.contains("f"));
        assert!(heavy.note("f", Duration::from_millis(50)));
        assert!(!heavy.note("f", Duration::from_millis(50)), "already there: not news");
        assert!(heavy.contains("f"));
        assert!(!heavy.contains("g"));
        std::thread::sleep(Duration::from_millis(60));
        assert!(!heavy.contains("f"), "held past its time");
        assert_eq!(heavy.count.load(Ordering::Relaxed), 0);
        assert!(heavy.note("f", Duration::from_secs(1)), "back again after returning: news");
    }
}
