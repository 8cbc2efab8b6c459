// EXPERIMENT (see kernels_proposal.cc): the registry's batch (A) against the proposed drive_batch_fast
// (B) and hand kernels (C), in WebAssembly under node, best of R rounds, with a bit-for-bit check.
//   node bench/wasm/proposal.mjs MODULE.mjs [N] [ROUNDS]
import { pathToFileURL } from 'node:url';

const [mod, nArg, rArg] = process.argv.slice(2);
const N = Number(nArg || 1e6), R = Number(rArg || 15);
const core = await (await import(pathToFileURL(mod).href)).default();
let a = 42;
const next = () => {
  a = (a + 0x6D2B79F5) >>> 0;
  let t = a;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const close = new Float64Array(N);
let x = 100;
for (let i = 0; i < N; ++i) close[i] = x *= 1 + 0.02 * (next() - 0.5);
const buf = core.allocFrom(close);
const specs = ['sma:20', 'ema:20', 'rsi:14', 'macd:12,26,9', 'bbands:20,2,2'];
for (let w = 0; w < specs.length; ++w) {
  const k = core.describe(specs[w]).columns.length;
  const ref = Array.from({ length: k }, () => core.alloc(N));
  const got = Array.from({ length: 3 }, () => core.alloc(N));
  const best = [Infinity, Infinity, Infinity];
  const same = [true, true, true];
  for (let r = 0; r < R + 3; ++r) {
    for (let v = 0; v < 3; ++v) {
      const t0 = performance.now();
      if (v === 0) core.compute(specs[w], { close: buf }, { into: ref });
      else core._proposal_compute(w, v, buf.ptr, N, got[0].ptr, got[1].ptr, got[2].ptr);
      const ms = performance.now() - t0;
      if (r >= 3) best[v] = Math.min(best[v], ms);
      if (v > 0) {
        for (let j = 0; j < k; ++j) {
          const p = ref[j].array, q = got[j].array;
          for (let i = 0; i < N; ++i) if (!Object.is(p[i], q[i])) { same[v] = false; break; }
        }
      }
    }
  }
  console.log(JSON.stringify({ spec: specs[w], A: +best[0].toFixed(3), B: +best[1].toFixed(3), C: +best[2].toFixed(3), B_same: same[1], C_same: same[2] }));
}
