//! Embeds every Node built-in written in JavaScript (`src/node/<name>.js`; `_` in a file name is
//! `/` in the module name, `stream_promises.js` is `stream/promises`, except in Node's own names
//! that hold one) as a table the engine looks names up in.

use std::fmt::Write;
use std::path::Path;

// Node's module names with an underscore of their own.
const UNDERSCORED: &[&str] = &[
    "string_decoder",
    "child_process",
    "worker_threads",
    "perf_hooks",
    "trace_events",
    "async_hooks",
    "diagnostics_channel",
];

fn main() {
    // Read when the script runs, not when it was compiled: clones at other paths sharing one
    // target folder (CI's cache) may run a script compiled for a checkout that is gone.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest).join("src/node");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("src/node")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let path = e.path();
            let stem = path.file_stem()?.to_str()?.to_owned();
            let name = if UNDERSCORED.contains(&stem.as_str()) { stem.clone() } else { stem.replace('_', "/") };
            (path.extension()? == "js").then(|| (name, path.display().to_string()))
        })
        .collect();
    names.sort();
    let mut out = String::from(
        "/// Built-in modules written in JavaScript: (name, source).\npub(crate) const SOURCES: &[(&str, &str)] = &[\n",
    );
    for (name, path) in &names {
        writeln!(out, "    ({name:?}, include_str!({path:?})),").unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("node_sources.rs");
    std::fs::write(dest, out).unwrap();
}
