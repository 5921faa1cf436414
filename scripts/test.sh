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

cargo fmt --all -- --check
cargo test --workspace --no-fail-fast
cargo test --workspace --benches --no-fail-fast
