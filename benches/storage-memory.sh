#!/usr/bin/env bash
# Memory of a large object through a function: `examples/functions/upload.ts` receives a
# multipart upload of SIZE_MB (default 200) MB and stores it in the app's `uploads` bucket, then
# streams it back. Reports the host's resident memory before, its peak (VmHWM) after, and the
# growth; the issue's target is growth under 32 MB. The round trip is checked by SHA-256.
#
#   benches/storage-memory.sh [SIZE_MB] [BACKEND_ARGS...]
#
# BACKEND_ARGS go to `laf serve` (e.g. `--s3-endpoint http://127.0.0.1:9000 --s3-access-key ...
# --s3-secret-key ... --s3-path-style` for an S3 service); the default is the local storage.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB=${1:-200}
shift || true
PORT=18011
cargo build --release --quiet --bin laf
BIN=${CARGO_TARGET_DIR:-target}/release
WORK=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

if curl -s -o /dev/null "http://127.0.0.1:$PORT/_/healthz"; then
  echo "port $PORT is taken: stop the server holding it" >&2
  exit 1
fi
"$BIN/laf" serve examples/functions --listen "127.0.0.1:$PORT" --data-dir "$WORK/data" \
  --bucket uploads --upload-limit $(( (SIZE_MB + 16) * 1024 * 1024 )) --workers 1 "$@" \
  >"$WORK/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/_/healthz" && break
  sleep 0.1
done

kb() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$pid/status"; }
# Warm up every path once (JS contexts, the bucket, the allocator's arenas) before the baseline.
head -c 1048576 /dev/urandom >"$WORK/small"
key=$(curl -sf -F "file=@$WORK/small" "http://127.0.0.1:$PORT/upload" | sed -n 's/.*"key":"\([^"]*\)".*/\1/p')
curl -sf "http://127.0.0.1:$PORT/upload?key=$key" -o /dev/null
before=$(kb VmRSS)

head -c $(( SIZE_MB * 1024 * 1024 )) /dev/urandom >"$WORK/big"
start=$(date +%s.%N)
answer=$(curl -sf -F "file=@$WORK/big" "http://127.0.0.1:$PORT/upload")
mid=$(date +%s.%N)
key=$(echo "$answer" | sed -n 's/.*"key":"\([^"]*\)".*/\1/p')
curl -sf "http://127.0.0.1:$PORT/upload?key=$key" -o "$WORK/back"
end=$(date +%s.%N)
after=$(kb VmRSS)
peak=$(kb VmHWM)

if [ "$(sha256sum <"$WORK/big")" != "$(sha256sum <"$WORK/back")" ]; then
  echo "FAIL: the object read back differs from the upload" >&2
  exit 1
fi
growth=$(( (peak - before) / 1024 ))
printf 'object %d MB: upload+store %.2f s, read back %.2f s\n' "$SIZE_MB" "$(echo "$mid - $start" | bc)" "$(echo "$end - $mid" | bc)"
printf 'host RSS before %d MB, after %d MB, peak %d MB: growth %d MB (target < 32 MB)\n' \
  $((before / 1024)) $((after / 1024)) $((peak / 1024)) "$growth"
[ "$growth" -lt 32 ] || { echo "FAIL: memory grew by $growth MB" >&2; exit 1; }
