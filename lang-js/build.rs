//! Embeds every Node built-in written in JavaScript (`src/node/<name>.js`; `_` in a file name is
//! `/` in the module name) as a table the engine looks names up in.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/node");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("src/node")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let path = e.path();
            let stem = path.file_stem()?.to_str()?.to_owned();
            (path.extension()? == "js").then(|| (stem.replace('_', "/"), path.display().to_string()))
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
