#!/usr/bin/env bash
# ctest bench_serve_smoke: the two programs `make bench-serve` builds, with tiny parameters —
# bench_open_loop (bench/open_loop.cc) at 1,000 requests/s for 1.5 s against a small
# `stockpulse serve --rate-limit off` (1,500 requests from one address: with the default limit,
# 200/s burst 400, hundreds would be 429s), and bench_ws_fanout (bench/ws_fanout_bench.cc) with 20
# clients and 3 messages — and checks that each report is well formed and that every request and
# message arrived. Not a timing test: no figure is compared with a goal.
#   bench_serve_smoke.sh PATH/TO/stockpulse PATH/TO/bench_open_loop PATH/TO/bench_ws_fanout
set -euo pipefail
sp=${1:?usage: bench_serve_smoke.sh STOCKPULSE OPEN_LOOP WS_FANOUT}
open_loop=${2:?usage: bench_serve_smoke.sh STOCKPULSE OPEN_LOOP WS_FANOUT}
ws_fanout=${3:?usage: bench_serve_smoke.sh STOCKPULSE OPEN_LOOP WS_FANOUT}
sp=$(realpath "$sp")  # the server runs in a temporary directory
dir=$(mktemp -d)
server=
cleanup() {
  if [[ -n "$server" ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$dir"
}
trap cleanup EXIT
fail() { echo "bench_serve_smoke: $*" >&2; exit 1; }
num='[0-9]+(\.[0-9]+)?'

# --- open loop against a small server ---------------------------------------------------------
(cd "$dir" && exec "$sp" serve --listen 127.0.0.1:0 --threads 1 --symbols 4 --messages 40000 \
   --rate-limit off 2>"$dir/serve.err") &
server=$!
port=
for _ in $(seq 600); do
  port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$dir/serve.err" | head -1)
  [[ -n "$port" ]] && break
  kill -0 "$server" 2>/dev/null || fail "stockpulse serve exited: $(cat "$dir/serve.err")"
  sleep 0.1
done
[[ -n "$port" ]] || fail "stockpulse serve never said where it listens"
for _ in $(seq 600); do
  [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")" == 200 ]] && break
  sleep 0.1
done
"$open_loop" --url "http://127.0.0.1:$port/v1/symbols" --rate 1000 --duration 1.5 --warmup 0.5 \
  --connections 4 >"$dir/ol.txt" 2>"$dir/ol.err" || fail "bench_open_loop exited with $?: $(cat "$dir/ol.err")"
[[ ! -s "$dir/ol.err" ]] || fail "bench_open_loop wrote to standard error: $(cat "$dir/ol.err")"
grep -q '^latency from the intended send time (coordinated omission corrected), us:$' "$dir/ol.txt" ||
  fail "open loop: no latency header"
line=$(grep '^RESULT ' "$dir/ol.txt") || fail "open loop: no RESULT line"
[[ "$line" =~ ^RESULT\ rate=1000\ achieved=$num\ sent=[0-9]+\ completed=[0-9]+\ errors=0\ unsent=0\ p50_us=$num\ p90_us=$num\ p99_us=$num\ p999_us=$num\ max_us=$num$ ]] ||
  fail "open loop: bad RESULT line: $line"
# 1.5 s at 1000/s: 1500 sent, the last 1 s (1000) recorded, none refused.
completed=$(sed 's/.* completed=\([0-9]*\) .*/\1/' <<<"$line")
(( completed >= 995 && completed <= 1005 )) || fail "open loop: recorded $completed, expected 1000: $line"
# Bad arguments are refused with status 2 and a message.
set +e
"$open_loop" --url ftp://x --rate 10 >/dev/null 2>"$dir/bad.err"; rc=$?
set -e
[[ $rc == 2 && -s "$dir/bad.err" ]] || fail "open loop: a bad --url gave status $rc"
kill "$server"; wait "$server" 2>/dev/null || true; server=
# The switch takes on, off or RATE[/BURST], nothing else.
set +e
"$sp" serve --rate-limit maybe >/dev/null 2>"$dir/rl.err"; rc=$?
set -e
[[ $rc == 2 ]] && grep -q "rate-limit 'maybe' is not on, off or RATE" "$dir/rl.err" ||
  fail "serve --rate-limit maybe gave status $rc: $(cat "$dir/rl.err")"

# --- WebSocket fan-out ------------------------------------------------------------------------
"$ws_fanout" --clients 20 --messages 3 --interval-ms 20 >"$dir/ws.txt" 2>"$dir/ws.err" ||
  fail "bench_ws_fanout exited with $?: $(cat "$dir/ws.txt" "$dir/ws.err")"
grep -q '^ws_fanout: 20 WebSocket clients on 127.0.0.1' "$dir/ws.txt" || fail "fan-out: no header line"
grep -Eq "^delivery latency per client per message, us: p50 $num  p90 $num  p99 $num  p99.9 $num  max $num$" \
  "$dir/ws.txt" || fail "fan-out: no latency line"
line=$(grep '^RESULT ' "$dir/ws.txt") || fail "fan-out: no RESULT line"
[[ "$line" =~ ^RESULT\ clients=20\ messages=3\ delivered=60\ expected=60\ p50_us=$num\ p90_us=$num\ p99_us=$num\ p999_us=$num\ max_us=$num\ last_median_ms=$num\ last_max_ms=$num\ connect_s=$num$ ]] ||
  fail "fan-out: bad RESULT line: $line"
echo "bench_serve_smoke: ok"
