#!/usr/bin/env bash
# Sealed tenants under load (issue 19): does an attacker app change what the other apps see?
#
# One `laf serve` (release, pinned to core 0) serves the victim app `local` (examples' JS hello.ts
# and Python hello.py) and an attacker app `evil` made through the admin API, which runs in a loop:
# the Python attack suite of tests/sandbox/python/attack.py (host files, other apps, /proc, ptrace,
# setuid, loopback and metadata connections, a fork bomb), a JavaScript memory bomb and a Python
# memory bomb (benches/sandbox/). wrk (core 1) loads the victim's hello for DURATION seconds
# without the attacker, then with it, ROUNDS times alternating; the report is the medians' p99
# (quiet vs attacked, and the ratio) and every error the victim answered.
#
#   benches/sandbox-load.sh [DURATION_SECONDS] [CONNECTIONS] [ROUNDS]
#
# ATTACKS (default "attack bomb pybomb") picks the attacker's functions, to see which costs what.
# SERVE_ARGS adds `laf serve` options (e.g. "--heavy-slice-ms 0" to see the host without its heavy
# lane, or "--python-uid-range 20000-20999").
#
# Release builds go to $CARGO_TARGET_DIR (default: target/); wrk is installed with apt if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10}
CONNECTIONS=${2:-32}
ROUNDS=${3:-3}
PORT=18011
TOKEN=sandbox-load-token

if ! command -v wrk >/dev/null; then
  echo "installing wrk (apt)..." >&2
  (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null
fi
cargo build --release --quiet --bin laf
BIN=${CARGO_TARGET_DIR:-$PWD/target}/release

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

tmp=$(mktemp -d)
mkdir "$tmp/fns"
cp examples/functions/hello.ts "$tmp/fns/hello.ts"
cp examples/functions/python/hello.py "$tmp/fns/pyhello.py"
base="http://127.0.0.1:$PORT"
if curl -s -o /dev/null "$base/_/healthz"; then
  echo "something already answers at $base: stop it first" >&2
  exit 1
fi
RUST_LOG=error taskset -c 0 "$BIN/laf" serve "$tmp/fns" --listen "127.0.0.1:$PORT" --data-dir "$tmp/data" \
  --admin-token "$TOKEN" ${SERVE_ARGS:-} >"$tmp/serve.log" 2>&1 &
server=$!
pids+=("$server")
for _ in $(seq 1 200); do curl -s -o /dev/null "$base/hello" && break; sleep 0.1; done

admin() { curl -sf -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' "$@"; }
admin -X POST "$base/_/api/apps" -d '{"id":"evil"}' >/dev/null
publish() { # NAME LANGUAGE FILE
  python3 -c 'import json,sys; print(json.dumps({"name": sys.argv[1], "language": sys.argv[2], "source": open(sys.argv[3]).read()}))' \
    "$1" "$2" "$3" | admin -X POST "$base/_/api/apps/evil/functions" -d @- >/dev/null
}
publish attack python tests/sandbox/python/attack.py
publish bomb ts benches/sandbox/bomb.ts
publish pybomb python benches/sandbox/pybomb.py

# The attacker's loop, on the load generator's core (its functions run on the server's).
attack_query="data=$tmp/data&host=$server&port=$PORT&victim=local&sibling=1&upload=/nonexistent"
attacker() {
  local end=$((SECONDS + DURATION + 3)) n=0
  while [ "$SECONDS" -lt "$end" ]; do
    for name in ${ATTACKS:-attack bomb pybomb}; do
      path=$name
      [ "$name" = attack ] && path="attack?$attack_query"
      curl -s -o /dev/null -m 30 -H "host: evil.localhost:$PORT" "$base/$path" || true
    done
    n=$((n + 1))
  done
  echo "$n" >"$tmp/attack-loops"
}

ms() { # wrk's latency (850.00us, 1.23ms, 1.20s) in ms
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}

# run URL -> "req/s p99_ms errors"
run() {
  local out rps p99 errors
  out=$(taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$1")
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p99=$(ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")
  errors=$(awk '/Non-2xx/ {print $NF} /Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' <<<"$out" | awk '{s += $1} END {print s + 0}')
  echo "$rps $p99 $errors"
}

for name in js py; do
  url="$base/hello?name=x"
  [ "$name" = py ] && url="$base/pyhello?name=x"
  taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d2s "$url" >/dev/null
  for round in $(seq 1 "$ROUNDS"); do
    run "$url" >>"$tmp/$name-quiet"
    attacker &
    apid=$!
    sleep 1
    run "$url" >>"$tmp/$name-attacked"
    wait "$apid"
    echo "$name round $round: quiet $(tail -1 "$tmp/$name-quiet"), attacked $(tail -1 "$tmp/$name-attacked") (req/s p99_ms errors; $(cat "$tmp/attack-loops") attack loops)" >&2
    sleep 4 # the fork bomb's children leave
  done
done
kill -0 "$server" || { echo "the host died under attack:" >&2; cat "$tmp/serve.log" >&2; exit 1; }

median() { sort -n -k2 "$tmp/$1" | awk '{ a[NR] = $0 } END { print a[int((NR + 1) / 2)] }'; }
printf '%-24s %10s %10s %8s\n' "victim (median p99 of $ROUNDS)" "req/s" "p99 ms" errors
for name in js py; do
  for phase in quiet attacked; do
    read -r rps p99 errors < <(median "$name-$phase")
    printf '%-24s %10s %10s %8s\n' "$name hello, $phase" "$rps" "$p99" "$errors"
    eval "${name}_${phase}=$p99"
  done
done
awk -v q="$js_quiet" -v a="$js_attacked" 'BEGIN { printf "JS p99 attacked/quiet: %.2fx\n", a / q }'
awk -v q="$py_quiet" -v a="$py_attacked" 'BEGIN { printf "Python p99 attacked/quiet: %.2fx\n", a / q }'
total_errors=$(cat "$tmp"/*-attacked | awk '{s += $3} END {print s + 0}')
echo "victim errors while attacked: $total_errors"
rm -rf "$tmp"
