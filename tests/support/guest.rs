//! WebAssembly guests of this repository (`examples/rust-function`, `benches/wasm-hello`,
//! lang-wasm's probe) built for wasm32-wasip2 by the tests and benchmarks that use them.

use std::path::PathBuf;
use std::process::Command;

/// The target directory the running test or bench was built in (`<target>/<profile>/deps/<exe>`):
/// guests are built there too, so their dependencies compile once for every guest.
pub fn target_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(dir);
    }
    let exe = std::env::current_exe().expect("the test's path");
    exe.ancestors().nth(3).expect("<target>/<profile>/deps/<exe>").to_path_buf()
}

/// Builds the guest crate in `dir` (relative to the including crate's manifest directory; a no-op
/// when scripts/test.sh built it already) and returns the path of its component `<lib>.wasm`.
pub fn build(dir: &str, lib: &str, release: bool) -> PathBuf {
    let target = target_dir();
    let rustup = Command::new("rustup").args(["target", "add", "wasm32-wasip2"]).output();
    match rustup {
        Ok(out) if out.status.success() => {}
        Ok(out) => panic!(
            "`rustup target add wasm32-wasip2` failed, so {dir} cannot be built: {}",
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) => panic!("rustup cannot run ({e}), so {dir} cannot be built for wasm32-wasip2"),
    }
    let manifest = format!("{}/{dir}/Cargo.toml", env!("CARGO_MANIFEST_DIR"));
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = Command::new(cargo);
    command.args(["build", "--quiet", "--target", "wasm32-wasip2", "--manifest-path", &manifest]);
    if release {
        command.arg("--release");
    }
    let status = command.env("CARGO_TARGET_DIR", &target).status().expect("cargo runs");
    assert!(status.success(), "{dir} did not build for wasm32-wasip2");
    let profile = if release { "release" } else { "debug" };
    target.join(format!("wasm32-wasip2/{profile}/{lib}.wasm"))
}
