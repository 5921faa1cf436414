//! The documentation stays true to the code: every page is compiled as some library crate's
//! doctests (so a Rust example cannot stop compiling unnoticed), and its links lead to files of
//! this repository.

use std::path::{Path, PathBuf};

/// Library crates whose `src/lib.rs` include documentation pages as doctests.
const CRATES: [&str; 5] = ["laf-host", "laf-sdk", "lang-js", "lang-python", "lang-wasm"];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// README.md and every page under docs/, relative to the repository's root.
fn pages() -> Vec<String> {
    let mut pages = vec!["README.md".to_owned()];
    for entry in std::fs::read_dir(root().join("docs")).expect("docs/") {
        let name = entry.expect("docs/ entry").file_name().into_string().expect("UTF-8 name");
        if name.ends_with(".md") {
            pages.push(format!("docs/{name}"));
        }
    }
    pages.sort();
    pages
}

#[test]
fn every_page_is_compiled_as_doctests() {
    let sources: String =
        CRATES.iter().map(|c| std::fs::read_to_string(root().join(c).join("src/lib.rs")).expect("lib.rs")).collect();
    let missing: Vec<String> =
        pages().into_iter().filter(|p| !sources.contains(&format!("include_str!(\"../../{p}\")"))).collect();
    assert!(
        missing.is_empty(),
        "not included as doctests by any of {CRATES:?} (add `#[doc = include_str!(\"../../PAGE\")]` \
         to the lib.rs of a crate whose dependencies cover the page's examples): {missing:?}"
    );
}

#[test]
fn links_lead_to_files_of_the_repository() {
    let root = root().canonicalize().expect("root");
    let mut bad = Vec::new();
    for page in pages() {
        let text = std::fs::read_to_string(root.join(&page)).expect("page");
        let dir = root.join(&page).parent().expect("page's folder").to_path_buf();
        for target in prose(&text).split("](").skip(1).filter_map(|rest| rest.split(')').next()) {
            if target.starts_with("http://") || target.starts_with("https://") || target.starts_with('#') {
                continue;
            }
            let path: PathBuf = dir.join(target.split('#').next().unwrap_or(target));
            match path.canonicalize() {
                Ok(file) if file.starts_with(&root) => {}
                _ => bad.push(format!("{page}: {target}")),
            }
        }
    }
    assert!(bad.is_empty(), "links to missing files or to files outside the repository: {bad:?}");
}

/// The page without code blocks and inline code, where `](` is code (a regex), not a link.
fn prose(page: &str) -> String {
    let mut in_block = false;
    let mut text = String::new();
    for line in page.lines() {
        if line.trim_start().starts_with("```") {
            in_block = !in_block;
        } else if !in_block {
            text.push_str(line);
            text.push('\n');
        }
    }
    text.split('`').step_by(2).collect()
}
