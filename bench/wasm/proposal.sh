#!/usr/bin/env bash
# EXPERIMENT: builds kernels_proposal.cc into a copy of the WebAssembly module and natively, and
# prints A (registry today) / B (drive_batch_fast) / C (hand kernels) best-of-rounds times, both
# sides. Uses the objects wasm/build.sh and bench/wasm/run.sh left in build/wasm-work.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=${SP_WASM_WORK:-$root/build/wasm-work}
cd "$root"
bash wasm/build.sh >&2
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}
mkdir -p "$work/proposal"
# The link line of wasm/build.sh, plus the proposal.
read -r -a wobjs <<<"$(sed -n 's/^OBJS :=//p' "$work/build.mk")"
em++ -O3 -DNDEBUG -msimd128 -std=c++20 -mllvm -inline-threshold=500 -Isrc -include wasm/compat/charconv_fp.h \
  -c bench/wasm/kernels_proposal.cc -o "$work/proposal/kernels_proposal.o"
em++ -O3 -msimd128 -o "$work/proposal/stockpulse_core.mjs" "${wobjs[@]}" "$work/proposal/kernels_proposal.o" \
  -sMODULARIZE=1 -sEXPORT_ES6=1 -sEXPORT_NAME=createCore -sENVIRONMENT=node -sALLOW_MEMORY_GROWTH=1 \
  -sFILESYSTEM=0 -sNODEJS_CATCH_EXIT=0 -sNODEJS_CATCH_REJECTION=0 -sEXPORTED_FUNCTIONS=_malloc,_free \
  --extern-pre-js wasm/node_shim.js --pre-js wasm/pre.js --post-js wasm/api.js
read -r -a nobjs <<<"$(sed -n 's/^OBJS :=//p' "$work/native/build.mk" | tr ' ' '\n' | grep -v native_timing.o | tr '\n' ' ')"
g++ -O3 -DNDEBUG -march=native -std=c++20 -Isrc -DSP_PROPOSAL_MAIN bench/wasm/kernels_proposal.cc "${nobjs[@]}" \
  -o "$work/proposal/proposal_native"
echo "WebAssembly (node):"
node bench/wasm/proposal.mjs "$work/proposal/stockpulse_core.mjs" "$@"
echo "native (g++ -O3 -march=native):"
"$work/proposal/proposal_native" "$@"
