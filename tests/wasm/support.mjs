// Shared helpers for the WebAssembly tests: where the build and the shared data are, reading the
// OHLCV files, and which indicators are still scaffolding (src/core/indicators/pending.cc).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const wasmDir = process.env.SP_WASM_DIR || path.join(root, 'build/wasm');
export const sharedData = process.env.SP_SHARED_DATA || path.join(root, '../shared/data');
export const inCI = process.env.CI === 'true';
export const pendingFile = path.join(root, 'src/core/indicators/pending.cc');

// The module's factory; a clear failure when the build is missing.
export async function loadFactory() {
  const mjs = path.join(wasmDir, 'stockpulse_core.mjs');
  if (!fs.existsSync(mjs)) {
    throw new Error(`${mjs} not found: build it with \`make wasm\` (bash wasm/build.sh)`);
  }
  return (await import(pathToFileURL(mjs).href)).default;
}

// Every OHLCV file in shared/data/market (CSV and TSV, not the oracle worksheets below it).
export function marketFiles() {
  const dir = path.join(sharedData, 'market');
  if (!fs.existsSync(dir)) return null;
  return fs.readdirSync(dir)
    .filter((f) => /\.(csv|tsv)$/i.test(f) && fs.statSync(path.join(dir, f)).isFile())
    .sort()
    .map((f) => path.join(dir, f));
}

// Reads a bar file: a header row naming open, high, low, close, volume (any case) and a date or
// time column (epoch ms, or a date Date.parse reads); other columns (an index, "Adj Close") are
// ignored. Returns { name, time, open, high, low, close, volume } as Float64Arrays.
export function readBars(file) {
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const sep = lines[0].includes('\t') ? '\t' : ',';
  const header = lines[0].split(sep).map((h) => h.trim().toLowerCase());
  const col = (name) => header.indexOf(name);
  const idx = {
    time: ['time', 'timestamp', 'date', 'datetime'].map(col).find((i) => i >= 0),
    open: col('open'), high: col('high'), low: col('low'), close: col('close'), volume: col('volume'),
  };
  for (const k of ['open', 'high', 'low', 'close', 'volume']) {
    if (idx[k] < 0) throw new Error(`${file}: no '${k}' column in the header`);
  }
  const n = lines.length - 1;
  const out = { name: path.basename(file), n };
  for (const k of Object.keys(idx)) out[k] = new Float64Array(n);
  for (let r = 0; r < n; ++r) {
    const f = lines[r + 1].split(sep);
    for (const k of ['open', 'high', 'low', 'close', 'volume']) out[k][r] = f[idx[k]] === '' ? NaN : Number(f[idx[k]]);
    if (idx.time !== undefined) {
      const t = f[idx.time];
      out.time[r] = /^\d+$/.test(t) ? Number(t) : Date.parse(t.length === 10 ? `${t}T00:00:00Z` : t);
    }
  }
  return out;
}

// Names of indicators still served by the scaffolding (they abort when run), found by running each
// in a throwaway module instance; empty once pending.cc is gone.
export async function pendingIndicators(createCore) {
  if (!fs.existsSync(pendingFile)) return new Set();
  const quiet = { printErr: () => {}, print: () => {} };
  const probeCore = await createCore(quiet);
  const n = 64;
  const bar = (i) => 100 + Math.sin(i / 5) * 3 + i * 0.01;
  const cols = {
    open: Float64Array.from({ length: n }, (_, i) => bar(i)),
    high: Float64Array.from({ length: n }, (_, i) => bar(i) + 1),
    low: Float64Array.from({ length: n }, (_, i) => bar(i) - 1),
    close: Float64Array.from({ length: n }, (_, i) => bar(i) + 0.5),
    volume: Float64Array.from({ length: n }, (_, i) => 1000 + i),
    time: Float64Array.from({ length: n }, (_, i) => 1.46e12 + i * 60000),
  };
  const pending = new Set();
  for (const ind of probeCore.list()) {
    try {
      probeCore.compute(ind.name, cols);
    } catch (e) {
      if (!/Aborted|unreachable|RuntimeError/.test(String(e))) throw e;
      pending.add(ind.name);
    }
  }
  return pending;
}

// |a - b| <= tol * max(1, |ref|), NaN exactly where the reference has NaN. Returns '' or a message.
export function mismatch(ours, ref, tol, what) {
  if (ours.length !== ref.length) return `${what}: length ${ours.length}, reference ${ref.length}`;
  for (let i = 0; i < ref.length; ++i) {
    const a = Number.isNaN(ours[i]), b = Number.isNaN(ref[i]);
    if (a !== b) {
      return `${what} at ${i}: ours ${ours[i]}, reference ${ref[i]}` +
        (a ? ' (we are still warming up)' : ' (reference is warming up)');
    }
    if (!a && !(Math.abs(ours[i] - ref[i]) <= tol * Math.max(1, Math.abs(ref[i])))) {
      return `${what} at ${i}: ours ${ours[i]}, reference ${ref[i]} (diff ${ours[i] - ref[i]})`;
    }
  }
  return '';
}
