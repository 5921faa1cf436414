//! Function logs: every console line of every invocation, kept per app in a bounded ring (the
//! oldest dropped first) and queryable by function, request and time range.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use serde::Serialize;

/// Lines an app keeps by default.
pub const DEFAULT_LOG_LINES: usize = 10_000;
/// Longest message kept; longer ones are cut (with a marker) so one line cannot hold the ring.
pub const MAX_MESSAGE_BYTES: usize = 16 * 1024;

/// A console line's level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// `console.debug`, `console.trace`.
    Debug,
    /// `console.log`, `console.info`, `print`.
    Info,
    /// `console.warn`.
    Warn,
    /// `console.error`, stderr.
    Error,
}

impl Level {
    /// The level named `name` (`log` and unknown names are `info`).
    pub fn parse(name: &str) -> Level {
        match name {
            "debug" | "trace" => Level::Debug,
            "warn" | "warning" => Level::Warn,
            "error" => Level::Error,
            _ => Level::Info,
        }
    }
}

/// One console line.
#[derive(Debug, Clone, Serialize)]
pub struct LogLine {
    /// When it was written.
    #[serde(serialize_with = "as_millis")]
    pub time: SystemTime,
    /// The function that wrote it.
    pub function: Arc<str>,
    /// The invocation's request id.
    #[serde(rename = "requestId")]
    pub request_id: Arc<str>,
    /// Its level.
    pub level: Level,
    /// The text.
    pub message: String,
}

fn as_millis<S: serde::Serializer>(t: &SystemTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(millis(*t))
}

/// Milliseconds since the Unix epoch.
pub fn millis(t: SystemTime) -> u64 {
    t.duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
}

/// Where a debug invocation collects its lines.
pub type LogCapture = Arc<Mutex<Vec<LogLine>>>;

/// What to read back from a [`LogStore`]; every field narrows the result.
#[derive(Debug, Clone, Default)]
pub struct LogQuery {
    /// Only this function's lines.
    pub function: Option<String>,
    /// Only this invocation's lines.
    pub request_id: Option<String>,
    /// Lines written at or after this time.
    pub since: Option<SystemTime>,
    /// Lines written before this time.
    pub until: Option<SystemTime>,
    /// At most this many (the newest); 0 means no limit.
    pub limit: usize,
}

/// An app's recent console lines.
#[derive(Debug)]
pub struct LogStore {
    lines: Mutex<VecDeque<LogLine>>,
    capacity: usize,
}

impl LogStore {
    /// A store keeping the newest `capacity` lines.
    pub fn new(capacity: usize) -> LogStore {
        LogStore { lines: Mutex::new(VecDeque::new()), capacity: capacity.max(1) }
    }

    /// Appends a line, dropping the oldest when full.
    pub fn push(&self, mut line: LogLine) {
        if line.message.len() > MAX_MESSAGE_BYTES {
            let mut cut = MAX_MESSAGE_BYTES;
            while !line.message.is_char_boundary(cut) {
                cut -= 1;
            }
            line.message.truncate(cut);
            line.message.push_str(" [truncated]");
        }
        let mut lines = self.lines.lock().unwrap_or_else(|e| e.into_inner());
        if lines.len() == self.capacity {
            lines.pop_front();
        }
        lines.push_back(line);
    }

    /// The lines matching `query`, oldest first.
    pub fn query(&self, query: &LogQuery) -> Vec<LogLine> {
        let lines = self.lines.lock().unwrap_or_else(|e| e.into_inner());
        let matches = |l: &&LogLine| {
            query.function.as_deref().is_none_or(|f| &*l.function == f)
                && query.request_id.as_deref().is_none_or(|r| &*l.request_id == r)
                && query.since.is_none_or(|t| l.time >= t)
                && query.until.is_none_or(|t| l.time < t)
        };
        let limit = if query.limit == 0 { usize::MAX } else { query.limit };
        let mut out: Vec<LogLine> = lines.iter().rev().filter(matches).take(limit).cloned().collect();
        out.reverse();
        out
    }

    /// How many lines are kept now.
    pub fn len(&self) -> usize {
        self.lines.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Whether no line is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn line(function: &str, at: u64, message: &str) -> LogLine {
        LogLine {
            time: SystemTime::UNIX_EPOCH + Duration::from_secs(at),
            function: Arc::from(function),
            request_id: Arc::from(format!("r{at}")),
            level: Level::Info,
            message: message.to_owned(),
        }
    }

    #[test]
    fn the_oldest_lines_go_first_and_queries_narrow() {
        let store = LogStore::new(3);
        for (i, f) in ["a", "b", "a", "b"].iter().enumerate() {
            store.push(line(f, i as u64, &format!("m{i}")));
        }
        assert_eq!(store.len(), 3, "bounded");
        let all: Vec<_> = store.query(&LogQuery::default()).into_iter().map(|l| l.message).collect();
        assert_eq!(all, ["m1", "m2", "m3"], "m0 dropped first, oldest first");
        let a = store.query(&LogQuery { function: Some("a".into()), ..Default::default() });
        assert_eq!(a.len(), 1);
        let range = LogQuery {
            since: Some(SystemTime::UNIX_EPOCH + Duration::from_secs(2)),
            until: Some(SystemTime::UNIX_EPOCH + Duration::from_secs(3)),
            ..Default::default()
        };
        assert_eq!(store.query(&range).iter().map(|l| &*l.message).collect::<Vec<_>>(), ["m2"]);
        let newest = store.query(&LogQuery { limit: 2, ..Default::default() });
        assert_eq!(newest.iter().map(|l| &*l.message).collect::<Vec<_>>(), ["m2", "m3"]);
    }

    #[test]
    fn long_messages_are_cut_on_a_char_boundary() {
        let store = LogStore::new(2);
        store.push(line("a", 0, &"é".repeat(MAX_MESSAGE_BYTES)));
        let kept = &store.query(&LogQuery::default())[0].message;
        assert!(kept.len() <= MAX_MESSAGE_BYTES + 12 && kept.ends_with("[truncated]"));
    }
}
