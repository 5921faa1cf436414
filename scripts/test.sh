#!/usr/bin/env bash
# The whole test suite, exactly what CI runs (.ci/run calls this script).
#
# Unit tests sit next to the code; end-to-end tests are in tests/ (HTTP gateway, `laf serve`,
# `--watch`) and lang-js/tests/ (JavaScript semantics through the real QuickJS engine).
# Benchmarks are built and run once in test mode, so they cannot rot; timing them is
# benches/http-load.sh and `cargo bench`, never CI.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null; then
  echo "scripts/test.sh: cargo is missing; install Rust 1.95 with rustup first" >&2
  exit 1
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT

cargo fmt --all -- --check
cargo test -p laf --bench js_invoke --bench instructions --bench database --no-fail-fast
status=0
cargo test --workspace --no-fail-fast 2>&1 | tee "$log" || status=$?

# One closing line for the whole run, summed over every test binary.
awk '/^test result:/ { p += $4; f += $6; i += $8 } END { printf "summary: %d passed, %d failed, %d skipped\n", p, f, i }' "$log"
exit "$status"
