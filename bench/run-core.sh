#!/usr/bin/env bash
# make bench-core: the analytics core against TA-Lib C and Tulip Indicators C (same compiler and
# flags, built from the npm packages' bundled sources), then the streaming costs.
# Writes bench/results/core.csv and bench/results/stream.csv; prints ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
cmake --preset release >/dev/null
cmake --build build --target bench_core bench_stream -j2
reps=${SP_BENCH_REPETITIONS:-3}
build/bench/bench_core --benchmark_repetitions="$reps" --benchmark_report_aggregates_only=true \
  --benchmark_min_time=0.1 "$@"
build/bench/bench_stream --benchmark_repetitions="$reps" --benchmark_report_aggregates_only=true \
  --benchmark_min_time=0.1
