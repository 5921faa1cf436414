//! Turning JavaScript exceptions into host errors, with stack traces in the author's terms.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use laf_host::InvokeError;
use rquickjs::{Ctx, Value};

use crate::Compiled;

/// The file name QuickJS gives the bootstrap script in stack traces.
pub(crate) const BOOTSTRAP_FILE: &str = "eval_script";

/// How a run of JavaScript failed.
pub(crate) enum JsFailure {
    Timeout,
    OutOfMemory,
    Thrown { message: String, stack: Option<String> },
}

impl std::fmt::Display for JsFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JsFailure::Timeout => f.write_str("interrupted at the deadline"),
            JsFailure::OutOfMemory => f.write_str("out of memory"),
            JsFailure::Thrown { message, stack: Some(stack) } => write!(f, "{message}\n{stack}"),
            JsFailure::Thrown { message, stack: None } => f.write_str(message),
        }
    }
}

impl JsFailure {
    pub(crate) fn into_invoke_error(self, timeout: Duration) -> InvokeError {
        match self {
            JsFailure::Timeout => InvokeError::Timeout(timeout),
            JsFailure::OutOfMemory => InvokeError::MemoryLimit,
            JsFailure::Thrown { message, stack } => InvokeError::Thrown { message, stack },
        }
    }
}

/// The message and stack of a failed call (taking the pending exception, if any).
pub(crate) fn extract(cx: &Ctx<'_>, e: rquickjs::Error) -> (String, Option<String>) {
    if e.is_exception() { describe_value(&cx.catch()) } else { (e.to_string(), None) }
}

/// One line describing a failed call, with its stack.
pub(crate) fn describe(cx: &Ctx<'_>, e: rquickjs::Error) -> String {
    match extract(cx, e) {
        (message, Some(stack)) => format!("{message}\n{stack}"),
        (message, None) => message,
    }
}

/// `Name: message` and the stack of a thrown value (anything can be thrown in JavaScript).
pub(crate) fn describe_value(v: &Value<'_>) -> (String, Option<String>) {
    if let Some(obj) = v.as_object() {
        let name = obj.get::<_, Option<String>>("name").ok().flatten();
        let message = obj.get::<_, Option<String>>("message").ok().flatten();
        let stack = obj.get::<_, Option<String>>("stack").ok().flatten();
        if message.is_some() || stack.is_some() {
            let message = match (name, message) {
                (Some(n), Some(m)) => format!("{n}: {m}"),
                (None, Some(m)) => m,
                (Some(n), None) => n,
                (None, None) => "Error".to_owned(),
            };
            // Node's stack starts with the error's own lines (the bootstrap's prepareStackTrace),
            // which `message` says already: keep the frames.
            let stack = stack.map(|s| match s.find("\n    at ") {
                Some(i) if !s.starts_with("    at ") => s[i + 1..].to_owned(),
                None if !s.contains("    at ") => String::new(),
                _ => s,
            });
            return (message, stack.filter(|s| !s.is_empty()));
        }
    }
    let text =
        v.get::<rquickjs::convert::Coerced<String>>().map(|c| c.0).unwrap_or_else(|_| format!("{:?}", v.type_of()));
    (format!("Uncaught {text}"), None)
}

/// Rewrites `laf:<app>/<fn>#<uid>:<line>:<col>` frames to `<file>:<line>:<col>` of the source,
/// through the TypeScript line map when there is one.
pub(crate) fn map_stack(stack: &str, modules: &HashMap<String, Arc<Compiled>>) -> String {
    let mut out = String::with_capacity(stack.len());
    // Frames of the host's own bootstrap say nothing to the author.
    for line in stack.lines().filter(|l| !l.contains(BOOTSTRAP_FILE)) {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&map_frame(line, modules).unwrap_or_else(|| line.to_owned()));
    }
    out
}

fn map_frame(line: &str, modules: &HashMap<String, Arc<Compiled>>) -> Option<String> {
    let start = line.find("laf:")?;
    let end = line[start..].find(')').map_or(line.len(), |e| start + e);
    let location = &line[start..end];
    let mut parts = location.rsplitn(3, ':');
    let (a, b, module) = (parts.next()?, parts.next()?, parts.next()?);
    // QuickJS-ng prints `line:col`; older builds print only the line.
    let (line_no, col) = match (b.parse::<u32>(), a.parse::<u32>()) {
        (Ok(l), Ok(c)) if modules.contains_key(module) => (l, Some(c)),
        _ => {
            let module = location.rsplit_once(':')?.0;
            let l = a.parse::<u32>().ok()?;
            return Some(format!("{}{}{}", &line[..start], rename(module, l, None, modules)?, &line[end..]));
        }
    };
    Some(format!("{}{}{}", &line[..start], rename(module, line_no, col, modules)?, &line[end..]))
}

fn rename(module: &str, line: u32, col: Option<u32>, modules: &HashMap<String, Arc<Compiled>>) -> Option<String> {
    let compiled = modules.get(module)?;
    let (l, c) = match &compiled.map {
        Some(map) => {
            let (l, c) = map.lookup(line.saturating_sub(1), col.unwrap_or(1).saturating_sub(1))?;
            (l + 1, c + 1)
        }
        None => (line, col.unwrap_or(0)),
    };
    Some(match col {
        Some(_) => format!("{}:{l}:{c}", compiled.filename),
        None => format!("{}:{l}", compiled.filename),
    })
}
