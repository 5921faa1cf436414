//! Node.js built-in modules for JavaScript functions (`import crypto from 'crypto'`, `node:buffer`).
//!
//! Each module is one unit, LLRT's layout: `<name>.js` (one function expression called once per app
//! context with `(exports, require, module, native)`, see `README.md`) and, where it needs the
//! host, a Rust file of natives. Nothing is evaluated until a function imports the module, so a
//! function that imports nothing pays nothing. Modules a cloud function cannot use (child
//! processes, servers, threads) are importable, as packages import them at load time, and each
//! operation fails when called, saying so.

mod crypto;
pub(crate) mod fs;
mod keys;
mod os;
mod zlib;

use rquickjs::{Ctx, Function, Object};

include!(concat!(env!("OUT_DIR"), "/node_sources.rs"));

type R<T> = rquickjs::Result<T>;

/// Importable but refused when used: (module, its functions and classes).
const UNAVAILABLE: &[(&str, &[&str])] = &[
    ("child_process", &["spawn", "exec", "execFile", "fork", "spawnSync", "execSync", "execFileSync", "ChildProcess"]),
    ("cluster", &["fork", "setupPrimary", "setupMaster", "disconnect"]),
    (
        "vm",
        &[
            "Script",
            "createContext",
            "runInContext",
            "runInNewContext",
            "runInThisContext",
            "compileFunction",
            "isContext",
        ],
    ),
    (
        "v8",
        &[
            "getHeapStatistics",
            "getHeapSpaceStatistics",
            "serialize",
            "deserialize",
            "setFlagsFromString",
            "writeHeapSnapshot",
        ],
    ),
    ("inspector", &["open", "close", "url", "waitForDebugger", "Session"]),
    ("dgram", &["createSocket", "Socket"]),
    ("repl", &["start", "REPLServer"]),
    (
        "readline",
        &[
            "createInterface",
            "Interface",
            "clearLine",
            "clearScreenDown",
            "cursorTo",
            "moveCursor",
            "emitKeypressEvents",
        ],
    ),
    ("trace_events", &["createTracing", "getEnabledCategories"]),
    ("wasi", &["WASI"]),
    ("domain", &["create", "createDomain"]),
    // Written in later steps of issue 17; until then importable and refused when used.
];

/// Whether `name` (without `node:`) is a built-in a function can import.
pub(crate) fn is_builtin(name: &str) -> bool {
    !name.starts_with("internal/")
        && (SOURCES.iter().any(|(n, _)| *n == name) || UNAVAILABLE.iter().any(|(n, _)| *n == name))
}

// A module of functions that each throw when called (or constructed).
fn unavailable_source(module: &str, names: &[&str]) -> String {
    let mut body = String::new();
    for name in names {
        body.push_str(&format!("  exports.{name} = no({:?});\n", format!("{module}.{name}")));
    }
    format!(
        "(function (exports) {{\n  const no = (what) => function () {{\n    const e = new Error(`${{what}} is not available to cloud functions`);\n    e.code = 'ERR_NOT_AVAILABLE';\n    throw e;\n  }};\n{body}}})"
    )
}

/// Installs the natives the bootstrap's `require` of built-ins uses.
pub(crate) fn install<'js>(cx: &Ctx<'js>, n: &Object<'js>, sandbox: fs::Sandbox) -> R<()> {
    n.set(
        // The module's factory, evaluated now (the first import in this context), or None.
        "nodeSource",
        Function::new(cx.clone(), |cx: Ctx<'js>, name: String| -> R<Option<Function<'js>>> {
            let source = match SOURCES.iter().find(|(n, _)| *n == name) {
                Some((_, source)) => (*source).to_owned(),
                None => match UNAVAILABLE.iter().find(|(n, _)| *n == name) {
                    Some((module, names)) => unavailable_source(module, names),
                    None => return Ok(None),
                },
            };
            let mut options = rquickjs::context::EvalOptions::default();
            options.global = true;
            options.strict = false;
            options.filename = Some(format!("node:{name}"));
            cx.eval_with_options(source, options).map(Some)
        })?,
    )?;
    n.set(
        "nodeNatives",
        Function::new(cx.clone(), move |cx: Ctx<'js>, name: String| -> R<Option<Object<'js>>> {
            match name.as_str() {
                "fs" => fs::natives(&cx, &sandbox).map(Some),
                "crypto" => crypto::natives(&cx).map(Some),
                "os" | "process" => os::natives(&cx).map(Some),
                "zlib" => zlib::natives(&cx).map(Some),
                "buffer" => {
                    let o = Object::new(cx.clone())?;
                    // Hex and base64 of a byte range, written natively (QuickJS spends more on the
                    // table lookups than on the call).
                    o.set(
                        "encode",
                        Function::new(
                            cx.clone(),
                            |a: rquickjs::TypedArray<'js, u8>, start: usize, end: usize, enc: String| {
                                // SAFETY: read before any JavaScript runs.
                                let bytes = unsafe { a.as_bytes() }.unwrap_or_default();
                                let range = bytes.get(start.min(bytes.len())..end.min(bytes.len())).unwrap_or_default();
                                crypto::encode(range, &enc).unwrap_or_default()
                            },
                        )?,
                    )?;
                    Ok(Some(o))
                }
                _ => Ok(None),
            }
        })?,
    )?;
    // What functions may name; `internal/...` modules serve the host's own globals only.
    n.set(
        "nodeBuiltins",
        SOURCES
            .iter()
            .map(|(n, _)| *n)
            .chain(UNAVAILABLE.iter().map(|(n, _)| *n))
            .filter(|n| !n.starts_with("internal/"))
            .collect::<Vec<_>>(),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refused_modules_name_the_call() {
        let src = unavailable_source("child_process", &["spawn"]);
        assert!(src.contains("exports.spawn = no(\"child_process.spawn\")"), "{src}");
        assert!(is_builtin("child_process") && !is_builtin("left-pad"));
    }
}
