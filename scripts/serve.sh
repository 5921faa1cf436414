#!/usr/bin/env bash
# The main job on a fresh machine: installs what the build needs (scripts/setup.sh), then serves
# examples/functions (JavaScript, TypeScript, Python) on 127.0.0.1:8000 with the embedded database
# and local storage. Extra arguments go to `laf serve` (`scripts/serve.sh --watch`).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# The target directory scripts/test.sh builds in: after it, this compiles nothing but `laf` (the root
# Cargo.toml aligns the two builds' features; scripts/check-build-reuse.sh keeps them aligned).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
exec cargo run -- serve examples/functions --bucket uploads "$@"
