#!/usr/bin/env bash
# HTTP load: `laf serve examples/functions` (JS hello), `laf serve benches/functions` (JS doing
# one findOne by _id on the embedded database), `laf serve` of benches/wasm-hello (the same hello
# as a Rust WebAssembly component, release build) and of examples/functions/python/hello.py (the
# same hello in Python, on the app's worker processes) against a raw axum hello-world and the
# Laf-style Node.js runtime of benches/node-laf-style (express + cors + body parsers + multer + vm,
# Laf's request path, its packages installed from its lockfile), in one run.
#
# Each server is pinned to core 0 and wrk to core 1, with the same connections and duration.
# This machine is noisy (its speed drifts by 2x within minutes), so the two servers alternate for
# ROUNDS rounds and the median of each is reported, with the ratios to axum of the medians.
#
#   benches/http-load.sh [DURATION_SECONDS] [CONNECTIONS] [ROUNDS]
#
# Release builds go to $CARGO_TARGET_DIR (default: target/). wrk is installed with apt if missing,
# the wasm32-wasip2 target with rustup, the Node baseline's packages with npm ci.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10}
CONNECTIONS=${2:-64}
ROUNDS=${3:-3}
LAF_PORT=18001
AXUM_PORT=18002
DB_PORT=18003
WASM_PORT=18004
PY_PORT=18005
NODE_PORT=18006

if ! command -v wrk >/dev/null; then
  echo "installing wrk (apt)..." >&2
  (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null
fi
cargo build --release --quiet --bin laf --bin axum-hello
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
BIN=$CARGO_TARGET_DIR/release
rustup target add wasm32-wasip2 2>/dev/null
cargo build --release --quiet --target wasm32-wasip2 --manifest-path benches/wasm-hello/Cargo.toml
if [ ! -d benches/node-laf-style/node_modules ]; then
  (cd benches/node-laf-style && npm ci --no-audit --no-fund --loglevel=error)
fi

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

wait_up() {
  for _ in $(seq 1 100); do
    if curl -s -o /dev/null "$1"; then return 0; fi
    sleep 0.1
  done
  echo "server at $1 did not start" >&2
  exit 1
}

# run NAME URL -> "req/s p50 p99"
run() {
  local out rps p50 p99
  # Warm up, then measure.
  taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d2s "$2" >/dev/null
  out=$(taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$2")
  if grep -q "Non-2xx" <<<"$out"; then
    echo "$1 answered errors during the run:" >&2
    echo "$out" >&2
    exit 1
  fi
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  echo "$rps $p50 $p99"
}

# measure NAME URL CMD...: one round of one server; appends "req/s p50 p99" to $tmp/NAME
measure() {
  local name=$1 url=$2; shift 2
  if curl -s -o /dev/null "$url"; then
    echo "something already answers at $url: stop it first" >&2
    exit 1
  fi
  RUST_LOG=warn taskset -c 0 "$@" >/dev/null 2>&1 & pids+=($!)
  wait_up "$url"
  if [ -n "${SEED:-}" ]; then curl -sf -X POST "$SEED" >/dev/null; fi
  run "$name" "$url" >>"$tmp/$name"
  cleanup; pids=()
}

tmp=$(mktemp -d)
mkdir "$tmp/wasm-functions"
cp "$CARGO_TARGET_DIR/wasm32-wasip2/release/wasm_hello.wasm" "$tmp/wasm-functions/hello.wasm"
mkdir "$tmp/py-functions"
cp examples/functions/python/hello.py "$tmp/py-functions/hello.py"
for round in $(seq 1 "$ROUNDS"); do
  measure axum "http://127.0.0.1:$AXUM_PORT/" "$BIN/axum-hello" "127.0.0.1:$AXUM_PORT"
  measure js "http://127.0.0.1:$LAF_PORT/hello?name=x" "$BIN/laf" serve examples/functions --listen "127.0.0.1:$LAF_PORT" --data-dir "$tmp/js-data"
  SEED="http://127.0.0.1:$DB_PORT/seed" measure db "http://127.0.0.1:$DB_PORT/find-one?id=4242" \
    "$BIN/laf" serve benches/functions --listen "127.0.0.1:$DB_PORT" --data-dir "$tmp/data"
  measure wasm "http://127.0.0.1:$WASM_PORT/hello?name=x" \
    "$BIN/laf" serve "$tmp/wasm-functions" --listen "127.0.0.1:$WASM_PORT" --data-dir "$tmp/wasm-data"
  measure py "http://127.0.0.1:$PY_PORT/hello?name=x" \
    "$BIN/laf" serve "$tmp/py-functions" --listen "127.0.0.1:$PY_PORT" --data-dir "$tmp/py-data"
  measure node "http://127.0.0.1:$NODE_PORT/hello?name=x" node benches/node-laf-style/server.js "$NODE_PORT"
  a=$(tail -1 "$tmp/axum" | cut -d' ' -f1)
  j=$(tail -1 "$tmp/js" | cut -d' ' -f1)
  d=$(tail -1 "$tmp/db" | cut -d' ' -f1)
  w=$(tail -1 "$tmp/wasm" | cut -d' ' -f1)
  p=$(tail -1 "$tmp/py" | cut -d' ' -f1)
  n=$(tail -1 "$tmp/node" | cut -d' ' -f1)
  awk -v a="$a" -v j="$j" 'BEGIN { print j / a }' >>"$tmp/ratio"
  awk -v a="$a" -v d="$d" 'BEGIN { print d / a }' >>"$tmp/dbratio"
  awk -v a="$a" -v w="$w" 'BEGIN { print w / a }' >>"$tmp/wasmratio"
  awk -v a="$a" -v p="$p" 'BEGIN { print p / a }' >>"$tmp/pyratio"
  awk -v n="$n" -v j="$j" 'BEGIN { print j / n }' >>"$tmp/noderatio"
  echo "round $round: axum $a req/s, js $j req/s ($(tail -1 "$tmp/ratio")x), db $d req/s ($(tail -1 "$tmp/dbratio")x), wasm $w req/s ($(tail -1 "$tmp/wasmratio")x), python $p req/s ($(tail -1 "$tmp/pyratio")x), laf-style node $n req/s (js $(tail -1 "$tmp/noderatio")x of it)" >&2
done

# median NAME -> the round with the median req/s
median() { sort -n "$tmp/$1" | awk '{ a[NR] = $0 } END { print a[int((NR + 1) / 2)] }'; }
read -r axum_rps axum_p50 axum_p99 < <(median axum)
read -r js_rps js_p50 js_p99 < <(median js)
read -r db_rps db_p50 db_p99 < <(median db)
read -r wasm_rps wasm_p50 wasm_p99 < <(median wasm)
read -r py_rps py_p50 py_p99 < <(median py)
read -r node_rps node_p50 node_p99 < <(median node)
round_ratio=$(median ratio)
db_round_ratio=$(median dbratio)
wasm_round_ratio=$(median wasmratio)
py_round_ratio=$(median pyratio)
node_round_ratio=$(median noderatio)
rm -rf "$tmp"

printf '%-28s %12s %10s %10s\n' "server (median of $ROUNDS)" "req/s" p50 p99
printf '%-28s %12s %10s %10s\n' "axum hello-world (baseline)" "$axum_rps" "$axum_p50" "$axum_p99"
printf '%-28s %12s %10s %10s\n' "laf JS hello.ts" "$js_rps" "$js_p50" "$js_p99"
printf '%-28s %12s %10s %10s\n' "laf JS findOne by _id" "$db_rps" "$db_p50" "$db_p99"
printf '%-28s %12s %10s %10s\n' "laf WASM hello (Rust)" "$wasm_rps" "$wasm_p50" "$wasm_p99"
printf '%-28s %12s %10s %10s\n' "laf Python hello.py" "$py_rps" "$py_p50" "$py_p99"
printf '%-28s %12s %10s %10s\n' "Laf-style Node hello" "$node_rps" "$node_p50" "$node_p99"
awk -v a="$axum_rps" -v j="$js_rps" -v r="$round_ratio" \
  'BEGIN { printf "ratio JS/axum: %.2fx of the medians, %.2fx median of the rounds (target >= 0.65x)\n", j / a, r }'
awk -v a="$axum_rps" -v d="$db_rps" -v r="$db_round_ratio" \
  'BEGIN { printf "ratio findOne/axum: %.2fx of the medians, %.2fx median of the rounds (target >= 0.45x)\n", d / a, r }'
awk -v a="$axum_rps" -v w="$wasm_rps" -v r="$wasm_round_ratio" \
  'BEGIN { printf "ratio WASM/axum: %.2fx of the medians, %.2fx median of the rounds (target >= 0.75x)\n", w / a, r }'
awk -v a="$axum_rps" -v p="$py_rps" -v r="$py_round_ratio" \
  'BEGIN { printf "ratio Python/axum: %.2fx of the medians, %.2fx median of the rounds (target >= 0.30x)\n", p / a, r }'
awk -v n="$node_rps" -v j="$js_rps" -v r="$node_round_ratio" \
  'BEGIN { printf "ratio JS/Laf-style Node: %.1fx of the medians, %.1fx median of the rounds (target >= 10x)\n", j / n, r }'
