//! Embeds the web console's built assets (`console/dist/`, built by `scripts/console.sh` and
//! committed) as a table of `include_bytes!`, served at `/_/console/` by `gateway/console.rs`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let dist = manifest.join("console").join("dist");
    println!("cargo:rerun-if-changed=console/dist");
    let mut found = Vec::new();
    files(&dist, &mut found);
    let mut table =
        String::from("/// The console's files by path below `dist/`.\npub static ASSETS: &[(&str, &[u8])] = &[\n");
    for path in &found {
        let rel = path.strip_prefix(&dist).expect("below dist").to_string_lossy().replace('\\', "/");
        writeln!(table, "    ({rel:?}, include_bytes!({:?})),", path.display().to_string())
            .expect("a String takes writes");
    }
    table.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("console_assets.rs");
    std::fs::write(out, table).expect("OUT_DIR is writable");
}
