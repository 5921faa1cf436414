#!/usr/bin/env bash
# Large objects through the S3 endpoint, against the same bytes through the host's `/_/storage/`
# presigned URLs (issue 20): a SIZE_MB (default 200) MB PUT and GET each way, with curl (SigV4
# signed by curl's --aws-sigv4 for the S3 endpoint, presigned by the app's function otherwise).
# Prints each transfer's throughput, the S3/presigned ratio, and the host's peak resident memory
# during each transfer over what it held before it (target: growth under 32 MB). Every read is
# checked by SHA-256 against what was sent.
#
#   benches/s3-load.sh [SIZE_MB] [ROUNDS]
#
# Release builds go to $CARGO_TARGET_DIR (default: target/). Needs root for the peak memory
# (it resets the kernel's peak counter through /proc/PID/clear_refs before each transfer).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB=${1:-200}
ROUNDS=${2:-3}
PORT=18021
TOKEN=s3-load-token
cargo build --release --quiet --bin laf
BIN=${CARGO_TARGET_DIR:-$PWD/target}/release
WORK=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

base="http://127.0.0.1:$PORT"
s3="http://127.0.0.1:$((PORT + 1))"
if curl -s -o /dev/null "$base/_/healthz" || curl -s -o /dev/null "$s3"; then
  echo "port $PORT or $((PORT + 1)) is taken: stop the server holding it" >&2
  exit 1
fi
mkdir "$WORK/fns"
cat >"$WORK/fns/presign.ts" <<'EOF'
import cloud from '@lafjs/cloud'
export default async (ctx) => {
  const bucket = cloud.storage.bucket('uploads')
  return { put: await bucket.getUploadUrl(ctx.query.key, 3600), get: await bucket.getDownloadUrl(ctx.query.key, 3600) }
}
EOF
"$BIN/laf" serve "$WORK/fns" --listen "127.0.0.1:$PORT" --data-dir "$WORK/data" --admin-token "$TOKEN" \
  --bucket uploads --upload-limit $(( (SIZE_MB + 16) * 1024 * 1024 )) --workers 1 >"$WORK/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 200); do
  curl -s -o /dev/null "$base/_/healthz" && break
  sleep 0.1
done
key=$(curl -sf -H "authorization: Bearer $TOKEN" "$base/_/api/apps/local/s3-key")
access=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["accessKey"])' "$key")
secret=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["secretKey"])' "$key")
# curl signs the headers; S3 wants the payload's hash among them (here: not hashed, as SDKs stream).
sig=(--aws-sigv4 "aws:amz:us-east-1:s3" --user "$access:$secret" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD")

kb() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$pid/status"; }
# One transfer: LABEL then curl's arguments; appends "LABEL seconds growth_kb" to results.
measure() {
  local label=$1
  shift
  echo 5 >"/proc/$pid/clear_refs" # the peak (VmHWM) starts again from the current RSS
  local before start end
  before=$(kb VmRSS)
  start=$(date +%s.%N)
  curl -sf "$@"
  end=$(date +%s.%N)
  echo "$label $(echo "$end - $start" | bc) $(($(kb VmHWM) - before))" >>"$WORK/results"
}

head -c $((SIZE_MB * 1024 * 1024)) /dev/urandom >"$WORK/big"
want=$(sha256sum <"$WORK/big")
# Warm-up: every path once with a small object (the JS app, the bucket, the allocator's arenas).
head -c 1048576 /dev/urandom >"$WORK/small"
curl -sf "${sig[@]}" -T "$WORK/small" "$s3/local-uploads/warm" -o /dev/null
curl -sf "${sig[@]}" "$s3/local-uploads/warm" -o /dev/null
urls=$(curl -sf "$base/presign?key=warm")
curl -sf -T "$WORK/small" "$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["put"])' "$urls")" -o /dev/null

for round in $(seq 1 "$ROUNDS"); do
  measure s3-put "${sig[@]}" -T "$WORK/big" "$s3/local-uploads/big" -o /dev/null
  measure s3-get "${sig[@]}" "$s3/local-uploads/big" -o "$WORK/back"
  [ "$(sha256sum <"$WORK/back")" = "$want" ] || { echo "FAIL: S3 GET differs from the PUT" >&2; exit 1; }
  urls=$(curl -sf "$base/presign?key=big2")
  put=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["put"])' "$urls")
  get=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["get"])' "$urls")
  measure presigned-put -T "$WORK/big" "$put" -o /dev/null
  measure presigned-get "$get" -o "$WORK/back"
  [ "$(sha256sum <"$WORK/back")" = "$want" ] || { echo "FAIL: presigned GET differs from the PUT" >&2; exit 1; }
  echo "round $round done" >&2
done

median() { awk -v l="$1" -v c="$2" '$1 == l { print $c }' "$WORK/results" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
printf '%-15s %10s %12s\n' "transfer" "MB/s" "RSS growth"
fail=0
for label in s3-put s3-get presigned-put presigned-get; do
  secs=$(median "$label" 2)
  growth=$(awk -v l="$label" '$1 == l { print $3 }' "$WORK/results" | sort -n | tail -1)
  printf '%-15s %10.1f %9d MB\n' "$label" "$(echo "$SIZE_MB / $secs" | bc -l)" $((growth / 1024))
  [ $((growth / 1024)) -lt 32 ] || fail=1
  eval "t_${label//-/_}=$secs"
done
awk -v a="$t_s3_put" -v b="$t_presigned_put" 'BEGIN { printf "PUT throughput, S3 / presigned: %.2fx\n", b / a }'
awk -v a="$t_s3_get" -v b="$t_presigned_get" 'BEGIN { printf "GET throughput, S3 / presigned: %.2fx\n", b / a }'
echo "(medians of $ROUNDS rounds of $SIZE_MB MB; RSS growth is the largest of the rounds)"
[ "$fail" -eq 0 ] || { echo "FAIL: the host's memory grew by 32 MB or more during a transfer" >&2; exit 1; }
