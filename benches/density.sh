#!/usr/bin/env bash
# App density through the admin API (issue 22): `laf serve` (release, default settings) gets APPS
# apps x FUNCTIONS small JavaScript functions through the admin API, every function is called once
# and its answer checked, and benches/density.py prints the host's resident memory growth (in all
# and per app), how many calls answered correctly, and publish -> first response p50/p99.
#
#   benches/density.sh [APPS] [FUNCTIONS]        (default 1000 5; SERVE_ARGS adds laf serve options)
set -euo pipefail
cd "$(dirname "$0")/.."
APPS=${1:-1000}
FUNCTIONS=${2:-5}
PORT=18021
TOKEN=density-token
cargo build --release --quiet --bin laf
BIN=${CARGO_TARGET_DIR:-$PWD/target}/release
tmp=$(mktemp -d)
mkdir "$tmp/fns"
if curl -s -o /dev/null "http://127.0.0.1:$PORT/_/healthz"; then
  echo "something already answers at port $PORT: stop it first" >&2
  exit 1
fi
RUST_LOG=error "$BIN/laf" serve "$tmp/fns" --listen "127.0.0.1:$PORT" --data-dir "$tmp/data" \
  --admin-token "$TOKEN" ${SERVE_ARGS:-} >"$tmp/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 1 200); do curl -s -o /dev/null "http://127.0.0.1:$PORT/_/healthz" && break; sleep 0.1; done
python3 benches/density.py "http://127.0.0.1:$PORT" "$TOKEN" "$server" "$APPS" "$FUNCTIONS"
