#!/usr/bin/env bash
# ctest bench_market_smoke: runs bench_market (bench/market_bench.cc) on a tiny simulated day and
# checks that its report and its CSV are well formed: every section printed, every CSV row with
# the header's columns and numbers where numbers belong, the reference book beside ours. Not a
# timing test: no figure is compared with a goal.
#   bench_market_smoke.sh PATH/TO/bench_market
set -euo pipefail
bin=${1:?usage: bench_market_smoke.sh PATH/TO/bench_market}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "bench_market_smoke: $*" >&2; exit 1; }

SP_BENCH_MARKET_MESSAGES=20000 "$bin" --symbols 50 --reps 1 --csv "$dir/market.csv" >"$dir/out.txt" 2>"$dir/err.txt" ||
  fail "bench_market exited with $? (stderr: $(cat "$dir/err.txt"))"
# Not a terminal: no progress on standard error.
[[ ! -s "$dir/err.txt" ]] || fail "unexpected standard error output: $(cat "$dir/err.txt")"

out="$dir/out.txt"
grep -q '^ITCH 5.0 order books: 0.0M messages (20000 flow) over 50 symbols' "$out" || fail "no header line"
for want in 'parse only, ns/msg' 'full decode, ns/msg' 'parse + book, ns/msg (median)' \
            'CppTrader 24 ns' 'groovg/itch-book 58 ns published, 82 ns median here' \
            'peak live orders' 'bytes per peak live order'; do
  grep -qF "$want" "$out" || fail "report lacks '$want'"
done
# parse + book: ours, the reference and the ratio, all numbers.
grep -Eq '^parse \+ book, ns/msg \(median\) +[0-9]+\.[0-9] +[0-9]+\.[0-9] +[0-9]+\.[0-9]x' "$out" ||
  fail "parse + book line is not 'ours reference ratio'"
for kind in add execute cancel delete replace; do
  grep -Eq "^  $kind +[0-9]+ msgs +StockPulse +[0-9]+ / +[0-9]+ / +[0-9]+ +reference +[0-9]+ / +[0-9]+ / +[0-9]+" "$out" ||
    fail "no latency line for $kind"
done

csv="$dir/market.csv"
[[ -s "$csv" ]] || fail "no CSV written"
[[ "$(head -1 "$csv")" == 'metric,unit,stockpulse,reference,ratio,messages,symbols,anchor' ]] || fail "CSV header"
num='[0-9]+(\.[0-9]+)?'
rows=0
while IFS= read -r line; do
  rows=$((rows + 1))
  [[ "$line" =~ ^[a-z0-9_.]+,[a-z/]+,$num,($num)?,($num)?,[0-9]+,50,\"[^\"]*\"$ ]] || fail "bad CSV row: $line"
done < <(tail -n +2 "$csv")
[[ $rows -eq 22 ]] || fail "expected 22 CSV rows, got $rows"
for metric in parse_only full_decode parse_book peak_live_orders book_bytes_per_peak_live_order \
              add_p50 execute_p99 cancel_p99.9 delete_p50 replace_p99.9; do
  grep -q "^$metric," "$csv" || fail "CSV lacks $metric"
done
grep -Eq "^parse_book,ns/msg,$num,$num,$num," "$csv" || fail "parse_book row lacks the reference and ratio"

# A bad argument is a usage error (2), not a crash.
set +e
"$bin" --messages nope >/dev/null 2>&1
rc=$?
set -e
[[ $rc -eq 2 ]] || fail "--messages nope exited with $rc, not 2"
echo "bench_market_smoke: ok ($rows CSV rows)"
