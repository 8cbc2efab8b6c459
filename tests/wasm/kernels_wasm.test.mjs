// The WebAssembly build's own batch kernels (the simd128 forms in src/core/kernels/ema_kernel.h,
// window_sum.h, and the 2-lane passes of RSI/CMO and MACD) against the streaming form, on series
// long enough to reach every part of them: SMA's four side-by-side stretches (4 x 1024 bars and
// more, then the rest one stretch at a time), the 512-bar blocks of RSI and MACD and their
// bar-by-bar ends, EMA's 8-bar blocks. The market files are at most ~8,000 bars, and the
// streaming test in talib_wasm.test.mjs stops at 3,000, which leaves most of this unexercised.
//
// For SMA, EMA, RSI, CMO, MACD and BBANDS at short, default and long periods, on lengths around
// the block and stretch boundaries: batch equals streaming within 1e-12 x max(1, |value|), NaN in
// the same places. Then a NaN and an infinity planted in each region of the series (first window,
// each stretch, the tail): the kernels must notice and hand over to the stream's policy, so batch
// and streaming still agree.
//
// Run: node --test tests/wasm/   (after `make wasm`; SP_WASM_DIR names another build).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFactory } from './support.mjs';

const core = await (await loadFactory())();

// mulberry32: the same generator bench/wasm uses, so failures reproduce.
function randomWalk(n, seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = new Float64Array(n);
  let x = 100;
  for (let i = 0; i < n; ++i) {
    x *= 1 + 0.02 * (next() - 0.5);
    out[i] = x;
  }
  // A flat stretch (BBANDS's zero-variance branch, RSI's zero-sum branch) and a jump.
  for (let i = Math.floor(n * 0.3); i < Math.floor(n * 0.3) + 300 && i < n; ++i) out[i] = 50;
  if (n > 10) out[Math.floor(n * 0.6)] *= 3;
  return out;
}

function streamed(spec, close) {
  const s = core.stream(spec);
  const cols = s.columns;
  const out = cols.map(() => new Float64Array(close.length));
  const row = new Float64Array(cols.length);
  for (let i = 0; i < close.length; ++i) {
    const c = close[i];
    s.updateInto({ time: i * 60000, open: c, high: c, low: c, close: c, volume: 1 }, row);
    for (let k = 0; k < cols.length; ++k) out[k][i] = row[k];
  }
  s.free();
  return { cols, out };
}

function firstDifference(batch, stream, tol) {
  for (let i = 0; i < stream.length; ++i) {
    const a = batch[i], b = stream[i];
    if (Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b))) continue;
    if (Number.isNaN(a) || Number.isNaN(b) || !(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)))) {
      return `bar ${i}: batch ${a}, streaming ${b}`;
    }
  }
  return '';
}

function check(spec, close, what) {
  const batch = core.compute(spec, { close });
  const { cols, out } = streamed(spec, close);
  cols.forEach((c, k) => {
    const why = firstDifference(batch[c], out[k], 1e-12);
    assert.equal(why, '', `${spec} ${c} (${what}): ${why}`);
  });
}

const specs = [
  'sma:2', 'sma:20', 'sma:129', 'sma:300',
  'ema:2', 'ema:20', 'ema:200',
  'rsi:2', 'rsi:14', 'rsi:100', 'cmo:14',
  'macd:12,26,9', 'macd:3,10,16', 'macd:2,3,2',
  'bbands:20,2,2', 'bbands:5,1.5,2.5', 'bbands:200,2,2',
];

// Around SMA's 4 x 1024-bar group (period 20: stretch 1024), RSI/MACD's 512-bar blocks and the
// 8-bar steps; and one long series (several groups, and stretches of 8p bars at period 300).
const lengths = [1, 7, 9, 33, 531, 4116, 4117, 4125, 9000, 40003];

for (const spec of specs) {
  test(`batch equals streaming on long series: ${spec}`, () => {
    for (const n of lengths) check(spec, randomWalk(n, 42 + n), `${n} bars`);
  });
}

test('a NaN or an infinity anywhere makes the kernels hand over to the stream', () => {
  const n = 9000;
  // First window, SMA-20's stretches 0..3 (bars 20 .. 4115), the rest, the last bars.
  const spots = [3, 19, 20, 700, 1500, 2600, 4000, 4115, 4116, 6000, 8990, n - 1];
  for (const spec of ['sma:20', 'ema:20', 'rsi:14', 'cmo:14', 'macd:12,26,9', 'bbands:20,2,2']) {
    for (const at of spots) {
      for (const bad of [NaN, Infinity]) {
        const close = randomWalk(n, 7);
        close[at] = bad;
        check(spec, close, `${bad} at bar ${at}`);
      }
    }
  }
});
