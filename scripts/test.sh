#!/usr/bin/env bash
# The whole test suite, exactly what CI runs (.ci/run calls this script).
#
# Unit tests sit next to the code; end-to-end tests are in tests/ (HTTP gateway, `laf serve`,
# `--watch`, the Rust example as WebAssembly, the Python examples), lang-js/tests/ (JavaScript
# semantics through the real QuickJS engine), lang-wasm/tests/ (WebAssembly limits and imports, with
# a probe guest) and lang-python/tests/ (Python workers: bindings, imports, packages, timeouts,
# memory bombs and crashes).
# Benchmarks are built and run once in test mode, so they cannot rot; timing them is
# benches/http-load.sh and `cargo bench`, never CI.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null; then
  echo "scripts/test.sh: cargo is missing; install Rust 1.95 with rustup first" >&2
  exit 1
fi
# CPython 3.11 (headers, library, pip) for lang-python, and Node.js with npm (apps' npm packages,
# Node fixtures), installed with apt when missing.
scripts/setup.sh

# WebAssembly guests (examples/rust-function and lang-wasm's probe) are built for wasm32-wasip2 in
# the same target directory as the workspace, so their dependencies compile once.
if ! command -v rustup >/dev/null; then
  echo "scripts/test.sh: rustup is missing; it is needed to add the wasm32-wasip2 target" >&2
  exit 1
fi
rustup target add wasm32-wasip2
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
for guest in examples/rust-function benches/wasm-hello lang-wasm/tests/guests/probe; do
  cargo build --quiet --target wasm32-wasip2 --manifest-path "$guest/Cargo.toml"
done

log=$(mktemp)
trap 'rm -f "$log"' EXIT

cargo fmt --all -- --check
# The web console's built assets (embedded in the binary) are what its sources and lockfile build.
scripts/console.sh --check
# No two files of a crate import each other (the shape docs/design.md describes).
python3 scripts/check-imports.py laf-host/src lang-js/src lang-python/src lang-wasm/src laf-sdk/src src
# scripts/serve.sh reuses this script's build only while `cargo run` resolves the same features.
scripts/check-build-reuse.sh
# Benches in test mode, with the same feature set as the run below (`--workspace`), so no dependency
# is compiled twice.
cargo test --workspace --bench js_invoke --bench js_density --bench wasm_invoke --bench python_invoke --bench instructions --bench database --bench platform --bench plugin \
  --no-fail-fast
# The database conformance suite always runs on the embedded engine; its MongoDB cases are ignored
# tests (no MongoDB server can be installed on the build machine) unless a server is given, so
# the summary counts them as skipped and the note below says why.
status=0
extra=()
if [ -n "${LAF_TEST_MONGODB_URI:-}" ]; then
  extra=(-- --include-ignored)
fi
cargo test --workspace --no-fail-fast "${extra[@]}" 2>&1 | tee "$log" || status=$?
if [ -z "${LAF_TEST_MONGODB_URI:-}" ]; then
  echo "NOTE: the MongoDB conformance cases were skipped: set LAF_TEST_MONGODB_URI=mongodb://... to run them"
fi

# One closing line for the whole run, summed over every test binary.
awk '/^test result:/ { p += $4; f += $6; i += $8 } END { printf "summary: %d passed, %d failed, %d skipped\n", p, f, i }' "$log"
exit "$status"
