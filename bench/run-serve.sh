#!/usr/bin/env bash
# make bench-serve: `stockpulse serve` against nginx 1.22's proxy_cache on a cached ~4 KiB
# GET /v1/bars answer, then p99 at half our peak with an open-loop generator, then the WebSocket
# fan-out of one quote update to 10,000 subscribers. Writes bench/results/serve.csv.
#
#   bash bench/run-serve.sh [BUILD_DIR]    # default build/ (the release preset); builds what it needs
#   SP_BENCH_SERVE_DURATION=10 SP_BENCH_SERVE_ROUNDS=2 SP_BENCH_WS_CLIENTS=10000 SP_BENCH_WS_MESSAGES=20
#   SP_BENCH_SERVE_PARTS=wrk   only part 1-2 (throughput and CPU), e.g. while tuning; the CSV then
#                              goes to bench/results/serve-wrk.csv, leaving serve.csv as it was
#
# 1. Throughput (closed loop): wrk -t1 -c64 -dDURATION --latency, the same connections and duration
#    for both, alternated (ours, nginx, ours, nginx, ...; ROUNDS each) after a short warm-up of
#    each. Both servers get two cores' worth of workers: `stockpulse serve --threads 2` and nginx
#    `worker_processes 2`; wrk runs on the same two cores (so the client saturates first).
#    nginx: proxy_cache in front of our server, proxy_cache_valid 200 1h, proxy_ignore_headers
#    Cache-Control Expires, warmed until it reports HIT, access_log off (ours logs nothing per
#    request either), keepalive_requests high (its default of 1000 would make wrk reconnect),
#    sendfile on as Debian ships it. Our server runs with --rate-limit off (one client address).
# 2. CPU per request, from /proc: utime+stime of the server processes (ours: the stockpulse pid,
#    every thread, the live simulator feed included; nginx: master + workers) over the wrk run,
#    divided by the requests wrk completed; and, separately, the system-wide softirq time from
#    /proc/stat over the same run divided by the same requests (loopback networking is mostly
#    softirq; it is system-wide, so whatever else the machine does then is counted too).
# 3. p99 at half our peak: bench_open_loop (bench/open_loop.cc) at half our mean wrk rate for
#    DURATION seconds (after 2 s not recorded) over 64 keep-alive connections, latency from the
#    intended send time; the same rate against nginx for comparison; alternated, ROUNDS each.
# 4. WebSocket fan-out: bench_ws_fanout (bench/ws_fanout_bench.cc), servers above stopped first.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${SP_BENCH_SERVE_DURATION:-10}
rounds=${SP_BENCH_SERVE_ROUNDS:-2}
ws_clients=${SP_BENCH_WS_CLIENTS:-10000}
ws_messages=${SP_BENCH_WS_MESSAGES:-20}
parts=${SP_BENCH_SERVE_PARTS:-all}
[[ $parts == all || $parts == wrk ]] || { echo "bench-serve: SP_BENCH_SERVE_PARTS is all or wrk, not '$parts'" >&2; exit 2; }
conns=64
csv=bench/results/serve.csv

build=${1:-build}
if [[ ! -f $build/build.ninja ]]; then
  if [[ $build == build ]]; then
    cmake --preset release >/dev/null
  else
    cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  fi
fi
cmake --build "$build" --target stockpulse bench_open_loop bench_ws_fanout -j2
bin=$(cd "$build" && pwd)
for tool in wrk nginx curl jq python3; do
  command -v "$tool" >/dev/null || { echo "bench-serve: $tool is not installed (Debian: apt-get install $tool)" >&2; exit 1; }
done
[[ -x /usr/sbin/nginx ]] && nginx_bin=/usr/sbin/nginx || nginx_bin=$(command -v nginx)

tmp=$(mktemp -d)
chmod 755 "$tmp"  # nginx's workers run as another user (www-data) when started as root
sp_pid=
ng_pid=
cleanup() {
  for p in $ng_pid $sp_pid; do
    kill "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP PIPE  # through the EXIT trap: never leave a server running
say() { printf '%s\n' "$*"; }
die() { echo "bench-serve: $*" >&2; exit 1; }

# ---- our server --------------------------------------------------------------------------------
(cd "$tmp" && exec "$bin/stockpulse" serve --listen 127.0.0.1:0 --threads 2 --rate-limit off 2>"$tmp/serve.err") &
sp_pid=$!
port=
for _ in $(seq 300); do
  port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$tmp/serve.err" | head -1)
  [[ -n "$port" ]] && break
  kill -0 "$sp_pid" 2>/dev/null || die "stockpulse serve exited: $(cat "$tmp/serve.err")"
  sleep 0.1
done
[[ -n "$port" ]] || die "stockpulse serve did not say where it listens: $(cat "$tmp/serve.err")"
ours="http://127.0.0.1:$port"
for _ in $(seq 1200); do
  [[ "$(curl -s -o /dev/null -w '%{http_code}' "$ours/readyz")" == 200 ]] && break
  sleep 0.1
done
[[ "$(curl -s -o /dev/null -w '%{http_code}' "$ours/readyz")" == 200 ]] || die "/readyz never answered 200"
symbol=$(curl -sf "$ours/v1/symbols" | jq -r '.symbols[0].symbol')
# A `to` in the past: the start of the fourth-newest bar (finished, so the answer never changes),
# and a limit giving about 4 KiB of JSON.
to=$(curl -sf "$ours/v1/bars/$symbol?limit=200" | jq -r '.bars[-4].time')
probe=$(curl -sf "$ours/v1/bars/$symbol?to=$to&limit=37" | wc -c)
limit=$(( (4096 - 40) * 37 / (probe - 40) ))
path="/v1/bars/$symbol?to=$to&limit=$limit"
body_bytes=$(curl -sf "$ours$path" | wc -c)
[[ $body_bytes -gt 3000 ]] || die "$path answered only $body_bytes bytes"

# ---- nginx with proxy_cache in front of it ---------------------------------------------------------
ng_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$tmp/nginx/cache" "$tmp/nginx/temp"
cat >"$tmp/nginx/nginx.conf" <<CONF
daemon off;
worker_processes 2;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000000;
  client_body_temp_path $tmp/nginx/temp/client;
  proxy_temp_path $tmp/nginx/temp/proxy;
  fastcgi_temp_path $tmp/nginx/temp/fastcgi;
  uwsgi_temp_path $tmp/nginx/temp/uwsgi;
  scgi_temp_path $tmp/nginx/temp/scgi;
  proxy_cache_path $tmp/nginx/cache levels=1:2 keys_zone=bars:10m max_size=100m inactive=1h use_temp_path=off;
  upstream stockpulse { server 127.0.0.1:$port; keepalive 16; }
  server {
    listen 127.0.0.1:$ng_port;
    location / {
      proxy_pass http://stockpulse;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_cache bars;
      proxy_cache_valid 200 1h;
      proxy_ignore_headers Cache-Control Expires;
      proxy_cache_lock on;
      add_header X-Cache-Status \$upstream_cache_status;
    }
  }
}
CONF
"$nginx_bin" -p "$tmp/nginx" -e "$tmp/nginx/error.log" -c "$tmp/nginx/nginx.conf" 2>"$tmp/nginx/stderr" &
ng_pid=$!
nginx_url="http://127.0.0.1:$ng_port"
status=
for _ in $(seq 100); do
  # nginx may not listen yet: curl then fails (7), which must not end the script under pipefail.
  status=$({ curl -s -o /dev/null -D - "$nginx_url$path" 2>/dev/null || true; } | tr -d '\r' | sed -n 's/^X-Cache-Status: //Ip')
  [[ "$status" == HIT ]] && break
  kill -0 "$ng_pid" 2>/dev/null || die "nginx exited: $(cat "$tmp/nginx/stderr" "$tmp/nginx/error.log" 2>/dev/null)"
  sleep 0.1
done
[[ "$status" == HIT ]] || die "nginx never served $path from its cache (X-Cache-Status: ${status:-none})"
ng_bytes=$(curl -sf "$nginx_url$path" | wc -c)
[[ $ng_bytes == "$body_bytes" ]] || die "nginx answers $ng_bytes bytes, ours $body_bytes"

# ---- measurement helpers ---------------------------------------------------------------------------
hz=$(getconf CLK_TCK)
# utime + stime of the given processes (every thread), in clock ticks.
proc_ticks() {
  local total=0 p rest
  for p in "$@"; do
    rest=$(cat "/proc/$p/stat") || continue
    rest=${rest##*) }
    read -r -a f <<<"$rest"
    total=$((total + f[11] + f[12]))
  done
  echo "$total"
}
softirq_ticks() { awk '$1 == "cpu" { print $8 }' /proc/stat; }
nginx_pids() { echo "$ng_pid" $(pgrep -P "$ng_pid"); }
# wrk's "1.23ms" / "456.00us" / "1.01s" in microseconds.
to_us() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) m = 1; else if (v ~ /ms$/) m = 1e3; else if (v ~ /s$/) m = 1e6; else m = 1; printf "%.1f", n * m }'; }

echo "case,target,round,requests_per_s,p50_us,p90_us,p99_us,p999_us,cpu_us_per_req,softirq_us_per_req,requests,body_bytes,notes" >"$tmp/serve.csv"
declare -A sum_rps sum_cpu sum_sirq sum_p50 sum_p99

# run_wrk NAME URL ROUND PIDS...: one wrk run, its figures printed and appended to the CSV.
run_wrk() {
  local name=$1 url=$2 round=$3
  shift 3
  local out=$tmp/wrk-$name-$round.txt c0 s0 c1 s1
  c0=$(proc_ticks "$@")
  s0=$(softirq_ticks)
  wrk -t1 -c$conns -d"${duration}s" --latency "$url" >"$out"
  c1=$(proc_ticks "$@")
  s1=$(softirq_ticks)
  local rps requests p50 p90 p99 cpu sirq errors
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
  requests=$(awk '/requests in/ { print $1 }' "$out")
  p50=$(to_us "$(awk '$1 == "50%" { print $2 }' "$out")")
  p90=$(to_us "$(awk '$1 == "90%" { print $2 }' "$out")")
  p99=$(to_us "$(awk '$1 == "99%" { print $2 }' "$out")")
  errors=$(awk '/Non-2xx|Socket errors/' "$out")
  [[ -z "$errors" ]] || die "wrk against $name reported errors: $errors"
  cpu=$(awk -v d=$((c1 - c0)) -v hz="$hz" -v n="$requests" 'BEGIN { printf "%.2f", d * 1e6 / hz / n }')
  sirq=$(awk -v d=$((s1 - s0)) -v hz="$hz" -v n="$requests" 'BEGIN { printf "%.2f", d * 1e6 / hz / n }')
  printf '  %-6s round %d  %9.0f req/s  p50 %7.1f us  p99 %7.1f us  server CPU %5.2f us/req  + softirq %5.2f us/req\n' \
    "$name" "$round" "$rps" "$p50" "$p99" "$cpu" "$sirq"
  echo "wrk,$name,$round,$rps,$p50,$p90,$p99,,$cpu,$sirq,$requests,$body_bytes,wrk -t1 -c$conns -d${duration}s" >>"$tmp/serve.csv"
  sum_rps[$name]=$(awk -v a="${sum_rps[$name]:-0}" -v b="$rps" 'BEGIN { print a + b }')
  sum_cpu[$name]=$(awk -v a="${sum_cpu[$name]:-0}" -v b="$cpu" -v c="$sirq" 'BEGIN { print a + b }')
  sum_sirq[$name]=$(awk -v a="${sum_sirq[$name]:-0}" -v b="$sirq" 'BEGIN { print a + b }')
  sum_p50[$name]=$(awk -v a="${sum_p50[$name]:-0}" -v b="$p50" 'BEGIN { print a + b }')
  sum_p99[$name]=$(awk -v a="${sum_p99[$name]:-0}" -v b="$p99" 'BEGIN { print a + b }')
}

say "bench-serve: GET $path ($body_bytes bytes of JSON, identity coding)"
say "  ours:  stockpulse serve --threads 2 --rate-limit off, pid $sp_pid, $ours"
say "  nginx: $("$nginx_bin" -v 2>&1 | sed 's/.*: //'), worker_processes 2, proxy_cache (hits), $nginx_url"
say "  machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (shared with other work)"
# Ours at rest (the live simulator feed, the idle sweep): included in its CPU per request below.
i0=$(proc_ticks "$sp_pid"); sleep 3; i1=$(proc_ticks "$sp_pid")
idle_pct=$(awk -v d=$((i1 - i0)) -v hz="$hz" 'BEGIN { printf "%.1f", d * 100 / hz / 3 }')
say "  ours at rest: $idle_pct % of a core over 3 s (the live feed; counted in its CPU per request)"
say "warm-up: wrk 2 s each (not recorded)"
wrk -t1 -c$conns -d2s "$ours$path" >/dev/null
wrk -t1 -c$conns -d2s "$nginx_url$path" >/dev/null
say "wrk -t1 -c$conns -d${duration}s --latency, alternated; CPU = utime+stime of the server processes per request, softirq = system-wide /proc/stat softirq per request:"
for r in $(seq "$rounds"); do
  run_wrk ours "$ours$path" "$r" "$sp_pid"
  run_wrk nginx "$nginx_url$path" "$r" $(nginx_pids)
done

mean() { awk -v s="$1" -v n="$rounds" 'BEGIN { printf "%.1f", s / n }'; }
o_rps=$(mean "${sum_rps[ours]}"); n_rps=$(mean "${sum_rps[nginx]}")
o_cpu=$(awk -v s="${sum_cpu[ours]}" -v n="$rounds" 'BEGIN { printf "%.2f", s / n }')
n_cpu=$(awk -v s="${sum_cpu[nginx]}" -v n="$rounds" 'BEGIN { printf "%.2f", s / n }')
o_sirq=$(awk -v s="${sum_sirq[ours]}" -v n="$rounds" 'BEGIN { printf "%.2f", s / n }')
n_sirq=$(awk -v s="${sum_sirq[nginx]}" -v n="$rounds" 'BEGIN { printf "%.2f", s / n }')
rps_ratio=$(awk -v a="$o_rps" -v b="$n_rps" 'BEGIN { printf "%.2f", a / b }')
o_total=$(awk -v a="$o_cpu" -v b="$o_sirq" 'BEGIN { printf "%.2f", a + b }')
n_total=$(awk -v a="$n_cpu" -v b="$n_sirq" 'BEGIN { printf "%.2f", a + b }')
cpu_ratio=$(awk -v a="$o_total" -v b="$n_total" 'BEGIN { printf "%.2f", a / b }')
# verdict A OP B: "met" when A OP B holds (OP: >= or <= or <), else "NOT met".
verdict() {
  awk -v a="$1" -v op="$2" -v b="$3" 'BEGIN {
    ok = (op == ">=") ? (a + 0 >= b + 0) : (op == "<=") ? (a + 0 <= b + 0) : (a + 0 < b + 0)
    print ok ? "met" : "NOT met" }'
}
say ""
say "mean of $rounds rounds:           ours       nginx     ours/nginx"
printf '  requests/s               %9.0f   %9.0f     %.2fx   (goal >= 1.5x: %s)\n' "$o_rps" "$n_rps" "$rps_ratio" \
  "$(verdict "$rps_ratio" ">=" 1.5)"
printf '  latency p50, us          %9.1f   %9.1f\n' "$(mean "${sum_p50[ours]}")" "$(mean "${sum_p50[nginx]}")"
printf '  latency p99, us          %9.1f   %9.1f\n' "$(mean "${sum_p99[ours]}")" "$(mean "${sum_p99[nginx]}")"
printf '  server CPU, us/req       %9.2f   %9.2f\n' "$o_cpu" "$n_cpu"
printf '  + softirq, us/req        %9.2f   %9.2f\n' "$o_sirq" "$n_sirq"
printf '  CPU incl. softirq        %9.2f   %9.2f     %.2fx   (goal <= 0.5x: %s)\n' "$o_total" "$n_total" "$cpu_ratio" \
  "$(verdict "$cpu_ratio" "<=" 0.5)"
say "  anchors: nginx proxy_cache 86,000-96,000 req/s (6.7 KB body, wrk -t1 -c64 on the 2 cores), 12-14 us CPU per hit"
echo "wrk_mean,ours,,$o_rps,$(mean "${sum_p50[ours]}"),,$(mean "${sum_p99[ours]}"),,$o_cpu,$o_sirq,,$body_bytes,mean of $rounds rounds" >>"$tmp/serve.csv"
echo "wrk_mean,nginx,,$n_rps,$(mean "${sum_p50[nginx]}"),,$(mean "${sum_p99[nginx]}"),,$n_cpu,$n_sirq,,$body_bytes,mean of $rounds rounds" >>"$tmp/serve.csv"
echo "wrk_ratio,ours/nginx,,$rps_ratio,,,,,$cpu_ratio,,,,requests/s ratio; CPU column: (CPU+softirq) ratio" >>"$tmp/serve.csv"

if [[ $parts == wrk ]]; then
  mkdir -p bench/results
  cp "$tmp/serve.csv" bench/results/serve-wrk.csv
  say ""
  say "wrote bench/results/serve-wrk.csv (SP_BENCH_SERVE_PARTS=wrk; load average now $(cut -d' ' -f1-3 /proc/loadavg))"
  exit 0
fi

# ---- p99 at half our peak (open loop), alternated like the wrk runs ------------------------------------
rate=$(awk -v r="$o_rps" 'BEGIN { printf "%d", r / 2 }')
say ""
say "open loop at half our peak: $rate req/s for ${duration} s (+2 s warm-up) over $conns connections, alternated;"
say "latency from the intended send time (coordinated omission corrected), us:"
ol_met=0
for r in $(seq "$rounds"); do
  for target in ours nginx; do
    url="$nginx_url$path"
    if [[ $target == ours ]]; then url="$ours$path"; fi
    "$bin/bench/bench_open_loop" --url "$url" --rate "$rate" --duration "$((duration + 2))" --warmup 2 \
      --connections $conns >"$tmp/ol-$target-$r.txt"
    line=$(grep '^RESULT ' "$tmp/ol-$target-$r.txt")
    get() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$line"; }
    printf '  %-6s round %d  %7.0f req/s  p50 %8.1f  p90 %8.1f  p99 %9.1f  p99.9 %9.1f  max %9.1f  errors %s\n' \
      "$target" "$r" "$(get achieved)" "$(get p50_us)" "$(get p90_us)" "$(get p99_us)" "$(get p999_us)" "$(get max_us)" \
      "$(get errors)"
    echo "open_loop,$target,$r,$(get achieved),$(get p50_us),$(get p90_us),$(get p99_us),$(get p999_us),,,$(get completed),$body_bytes,rate $rate/s (half our wrk mean) errors $(get errors)" >>"$tmp/serve.csv"
    if [[ $target == ours && $(verdict "$(get p99_us)" "<" 1000) == met ]]; then ol_met=$((ol_met + 1)); fi
  done
done
say "  goal: our p99 < 1000 us at half our peak: met in $ol_met of $rounds rounds"

# ---- WebSocket fan-out (both servers stopped first) -----------------------------------------------------
for p in $ng_pid $sp_pid; do kill "$p"; wait "$p" 2>/dev/null || true; done
ng_pid=
sp_pid=
say ""
"$bin/bench/bench_ws_fanout" --clients "$ws_clients" --messages "$ws_messages" --interval-ms 500 --server-threads 2 \
  --client-threads 1 | tee "$tmp/ws.txt"
line=$(grep '^RESULT ' "$tmp/ws.txt")
get() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$line"; }
echo "ws_fanout,ours,,,$(get p50_us),$(get p90_us),$(get p99_us),$(get p999_us),,,$(get delivered),,clients $(get clients) messages $(get messages) last subscriber median $(get last_median_ms) ms max $(get last_max_ms) ms" >>"$tmp/serve.csv"

mkdir -p bench/results
cp "$tmp/serve.csv" "$csv"
say ""
say "wrote $csv (load average now $(cut -d' ' -f1-3 /proc/loadavg))"
