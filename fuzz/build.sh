#!/usr/bin/env bash
# Builds the libFuzzer targets into build/fuzz/ with clang++-16, AddressSanitizer and
# UndefinedBehaviorSanitizer (libclang-rt-16-dev provides the runtimes), and runs one.
#
#   fuzz/build.sh                     build every target
#   fuzz/build.sh NAME...             build these targets (names as in TARGETS below)
#   fuzz/build.sh run NAME [SECONDS]  build NAME, then fuzz it for SECONDS (default 60): seeds
#                                     from fuzz/corpus/NAME/ (committed, tiny), new inputs kept in
#                                     build/fuzz/corpus/NAME/ (not committed), crashes in
#                                     build/fuzz/artifacts/NAME/
#
# Environment: SP_FUZZ_CXX (default clang++-16), SP_FUZZ_OUT (default build/fuzz).
# Each target is one fuzz/<name>_fuzz.cc plus the few library sources it needs, compiled directly:
# no CMake, so the sanitizer and coverage flags never leak into the normal build.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${SP_FUZZ_OUT:-$ROOT/build/fuzz}
CXX=${SP_FUZZ_CXX:-clang++-16}
FLAGS=(-std=c++20 -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined
       -fno-sanitize-recover=undefined -I"$ROOT/src")

# target name -> library sources it links (besides fuzz/<name>_fuzz.cc)
declare -A TARGETS=(
  [moldudp64]="src/market/moldudp64/packet.cc src/market/moldudp64/request.cc"
  [itch_decoder]="src/market/itch/feed_stats.cc"
  [http_request]="src/serve/http/request.cc src/serve/http/router.cc src/serve/filters/content_coding.cc src/serve/static_files.cc"
)

build() {
  local name=$1 srcs=() s
  for s in ${TARGETS[$name]}; do srcs+=("$ROOT/$s"); done
  mkdir -p "$OUT"
  echo "building $OUT/${name}_fuzz" >&2
  "$CXX" "${FLAGS[@]}" "$ROOT/fuzz/${name}_fuzz.cc" "${srcs[@]}" ${LIBS[$name]:-} -o "$OUT/${name}_fuzz"
}

# target name -> system libraries it links
declare -A LIBS=(
  [http_request]="-lbrotlienc -lbrotlidec -lzstd -lz"
)

known() {
  [[ -n "${TARGETS[$1]+x}" ]] || { echo "fuzz/build.sh: unknown target '$1' (have: ${!TARGETS[*]})" >&2; exit 2; }
}

if [[ ${1:-} == run ]]; then
  name=${2:?usage: fuzz/build.sh run NAME [SECONDS]}
  seconds=${3:-60}
  known "$name"
  build "$name"
  mkdir -p "$OUT/corpus/$name" "$OUT/artifacts/$name"
  exec "$OUT/${name}_fuzz" -max_total_time="$seconds" -print_final_stats=1 \
    -artifact_prefix="$OUT/artifacts/$name/" "$OUT/corpus/$name" "$ROOT/fuzz/corpus/$name"
fi

if [[ $# -eq 0 ]]; then set -- "${!TARGETS[@]}"; fi
for name in "$@"; do
  known "$name"
  build "$name"
done
