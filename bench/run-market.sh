#!/usr/bin/env bash
# make bench-market: ITCH 5.0 parse-only and parse + full-depth order books on a simulated day of
# 20M messages over 5,000 symbols held in memory, beside the simple reference book in the same run,
# with the published anchors printed beside our figures. Writes bench/results/market.csv.
#   SP_BENCH_MARKET_MESSAGES=2000000 bash bench/run-market.sh   # a smaller day; extra arguments go
#                                                               # to bench_market (--help)
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
cmake --preset release >/dev/null
cmake --build build --target bench_market -j2
build/bench/bench_market --csv bench/results/market.csv "$@"
