// The TA-Lib oracle, end to end: `stockpulse indicators` against npm `talib` (TA-Lib 0.4's C code)
// on every real OHLCV file in ../shared/data/market, for every indicator of our registry that
// TA-Lib has, at its defaults and at the non-default options in NON_DEFAULT below.
//
// Every value is compared, warm-up included: our field must be empty exactly where TA-Lib has no
// value (before its begIndex) and within 1e-9 × max(1, |TA-Lib's value|) everywhere else.
//
// The indicator list comes from the registry itself (`stockpulse indicators --list --format json`),
// so an indicator added there is checked here without touching this file. Option names map by
// rule: ours are TA-Lib's without "optIn", lower-cased (optInFastK_Period -> fastk_period).
//
// Run: node --test tests/oracle/     (make test does, after ctest)
// Environment: SP_BINARY (default build/stockpulse), SP_SHARED_DATA (default ../shared/data);
// with CI=true a missing shared/data is a failure, otherwise those tests are skipped.
// SP_ORACLE_TRACE=1 prints each TA-Lib call to stderr before it is made.
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const binary = process.env.SP_BINARY || path.join(root, 'build', 'stockpulse');
const sharedData = process.env.SP_SHARED_DATA || path.join(root, '..', 'shared', 'data');
const inCI = process.env.CI === 'true';
const RELATIVE_TOLERANCE = 1e-9;
const MAX_REPORTED = 5;  // mismatches shown per output

// Non-default options, by indicator: positional, in TA-Lib's order (as the CLI takes them). The MA
// type cases reach the moving averages through another indicator (0 SMA, 1 EMA, 2 WMA, 3 DEMA,
// 4 TEMA, 5 TRIMA, 6 KAMA, 8 T3; 7 MAMA is not offered).
const NON_DEFAULT = {
  sma: ['sma:20', 'sma:2'],
  ema: ['ema:20', 'ema:2'],
  wma: ['wma:10'],
  dema: ['dema:10'],
  tema: ['tema:10'],
  trima: ['trima:15', 'trima:10'],
  kama: ['kama:10'],
  t3: ['t3:5,0.7', 't3:10,0.5'],
  bbands: ['bbands:20,2,2', 'bbands:10,1.5,2.5,1', 'bbands:20,2,2,2', 'bbands:15,2,2,3',
           'bbands:15,2,2,4', 'bbands:15,2,2,5', 'bbands:15,2,2,6', 'bbands:15,2,2,8'],
  midpoint: ['midpoint:7'],
  midprice: ['midprice:7'],
  sar: ['sar:0.02,0.2', 'sar:0.01,0.1'],
  rsi: ['rsi:7', 'rsi:2'],
  macd: ['macd:5,35,5', 'macd:26,12,9'],
  stoch: ['stoch:5,3,0,3,0', 'stoch:14,3,1,3,2', 'stoch:14,3,5,3,4'],
  stochf: ['stochf:14,3,1'],
  stochrsi: ['stochrsi:14,5,3,0', 'stochrsi:10,7,4,1'],
  willr: ['willr:7'],
  cci: ['cci:20'],
  mfi: ['mfi:7'],
  adx: ['adx:14', 'adx:7'],
  adxr: ['adxr:7'],
  dx: ['dx:7'],
  plus_di: ['plus_di:7', 'plus_di:1'],
  minus_di: ['minus_di:7', 'minus_di:1'],
  aroon: ['aroon:25'],
  aroonosc: ['aroonosc:25'],
  roc: ['roc:5', 'roc:1'],
  mom: ['mom:5'],
  cmo: ['cmo:7'],
  ppo: ['ppo:12,26,1', 'ppo:26,12,0', 'ppo:12,26,3'],
  apo: ['apo:10,20,0', 'apo:10,20,6'],
  ultosc: ['ultosc:5,10,20'],
  // Not trix:1: TA-Lib's own TRIX corrupts its heap at timeperiod 1 (glibc: double free), which
  // kills this whole test file.
  trix: ['trix:15', 'trix:2'],
  atr: ['atr:7', 'atr:1'],
  natr: ['natr:7'],
  adosc: ['adosc:3,10', 'adosc:5,20'],
  stddev: ['stddev:20,2', 'stddev:10,1.5'],
  var: ['var:10,1', 'var:1'],
  linearreg: ['linearreg:20'],
  linearreg_slope: ['linearreg_slope:20'],
  correl: ['correl:30', 'correl:10'],
  beta: ['beta:5', 'beta:10'],
};

// A failure that reads as its message alone: the stack would only point into this file's plumbing.
function failure(message) {
  const e = new Error(message);
  e.stack = `Error: ${message}`;
  return e;
}
const fail = (message) => { throw failure(message); };

// ---- our side ------------------------------------------------------------------------------------

function runCli(args) {
  const r = spawnSync(binary, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.error) throw failure(`cannot run ${binary}: ${r.error.message}`);
  return r;
}

function describeExit(r) {
  const how = r.signal ? `was killed by ${r.signal}` : `exited with status ${r.status}`;
  const err = (r.stderr || '').trim().split('\n').slice(-5).join('\n    ');
  return `${how}${err ? `\n    stderr: ${err}` : ''}`;
}

// The registry as the CLI lists it, or an Error saying why it cannot be had.
function loadRegistry() {
  if (!fs.existsSync(binary)) return failure(`${binary} does not exist: run \`make build\``);
  const args = ['indicators', '--list', '--format', 'json'];
  const r = runCli(args);
  const cmd = `stockpulse ${args.join(' ')}`;
  if (r.status !== 0) return failure(`\`${cmd}\` ${describeExit(r)}`);
  let json;
  try {
    json = JSON.parse(r.stdout);
  } catch (e) {
    const out = r.stdout.trim() ? `: ${r.stdout.slice(0, 200)}` : ' (nothing at all)';
    return failure(`\`${cmd}\` did not print JSON${out}; is the command written yet?`);
  }
  const list = Array.isArray(json) ? json : json.indicators;
  if (!Array.isArray(list) || list.length === 0) {
    return failure(`\`${cmd}\` printed no "indicators" array`);
  }
  return list;
}

function columnName(spec, outputs, output) {
  const base = spec.replace(/[:,]/g, '_');
  return outputs.length > 1 ? `${base}.${output}` : base;
}

function parseField(s) {
  if (s === '') return null;
  if (s === 'inf') return Infinity;
  if (s === '-inf') return -Infinity;
  const v = Number(s);
  return Number.isNaN(v) ? s : v;  // a string here is reported as a malformed field
}

// Runs the CLI on `file` for `specs`; returns Map(column -> values) or throws with the reason.
function computeOurs(file, specs, rows) {
  const args = ['indicators', '--input', file, '--format', 'csv'];
  for (const s of specs) args.push('--indicator', s);
  const r = runCli(args);
  if (r.status !== 0) {
    const pending = /is not implemented yet/.test(r.stderr || '') ? ' (not implemented yet)' : '';
    throw failure(`stockpulse ${describeExit(r)}${pending}\n    command: stockpulse ${args.join(' ')}`);
  }
  const lines = r.stdout.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const header = lines[0].split(',');
  const data = lines.slice(1);
  if (data.length !== rows) {
    throw failure(`stockpulse printed ${data.length} rows for ${rows} input rows`);
  }
  const cols = new Map(header.map((h) => [h, new Array(rows)]));
  data.forEach((line, i) => {
    const fields = line.split(',');
    if (fields.length !== header.length) {
      throw failure(`row ${i + 1} of the output has ${fields.length} fields, the header ${header.length}`);
    }
    header.forEach((h, k) => { cols.get(h)[i] = parseField(fields[k]); });
  });
  return cols;
}

// ---- TA-Lib's side -------------------------------------------------------------------------------

// The bars, read as the CLI documents it: header row, tab-separated when the header has a tab,
// columns by name, case-insensitive.
function readBars(file) {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l !== '');
  const sep = lines[0].includes('\t') ? '\t' : ',';
  const header = lines[0].split(sep).map((h) => h.trim().toLowerCase());
  const bars = { time: [] };
  const timeCol = header.findIndex((h) => ['date', 'time', 'timestamp', 'datetime'].includes(h));
  const cols = {};
  for (const name of ['open', 'high', 'low', 'close', 'volume']) {
    cols[name] = header.indexOf(name);
    if (cols[name] >= 0) bars[name] = [];
  }
  for (const line of lines.slice(1)) {
    const f = line.split(sep);
    bars.time.push(timeCol >= 0 ? f[timeCol] : String(bars.time.length));
    for (const [name, k] of Object.entries(cols)) {
      if (k >= 0) bars[name].push(f[k] === '' ? NaN : Number(f[k]));
    }
  }
  bars.rows = bars.time.length;
  return bars;
}

const talib = require('talib');
const talibNames = new Set(talib.functions.map((f) => f.name));
const optionKey = (talibName) => talibName.replace(/^optIn/, '').toLowerCase();

// TA-Lib's generic series inputs (inReal, inReal0, inReal1): close, or what the registry's input
// note says ("real0=high, real1=low").
function realInputSource(info, inputName) {
  const index = inputName.replace(/^inReal/, '');  // '', '0', '1'
  const note = info.input_note || '';
  const m = note.match(new RegExp(`\\breal${index}=(open|high|low|close|volume)\\b`));
  if (m) return m[1];
  if (index === '') return 'close';
  return { 0: 'high', 1: 'low' }[index];
}

// TA-Lib's values laid out like ours, one per bar, null where TA-Lib gives none. `values` are the
// options, all of them (defaults filled in), in the registry's order.
function computeTalib(info, values, bars) {
  const fn = info.name.toUpperCase();
  const ex = talib.explain(fn);
  const params = { name: fn, startIdx: 0, endIdx: bars.rows - 1 };
  for (const input of ex.inputs) {
    if (input.type === 'price') {
      for (const field of Object.values(input.flags)) {
        if (!bars[field]) throw failure(`the file has no ${field} column, which TA-Lib's ${fn} needs`);
        params[field] = bars[field];
      }
    } else {
      const source = realInputSource(info, input.name);
      if (!source || !bars[source]) throw failure(`no series for TA-Lib's ${fn} input ${input.name}`);
      params[input.name] = bars[source];
    }
  }
  info.options.forEach((o, k) => {
    const opt = ex.optInputs.find((x) => optionKey(x.name) === o.name);
    params[opt.name] = values[k];
  });
  // A crash inside TA-Lib takes the whole file down without naming the call: SP_ORACLE_TRACE=1 does.
  if (process.env.SP_ORACLE_TRACE) process.stderr.write(`TA-Lib ${fn} ${JSON.stringify(values)}\n`);
  const r = talib.execute(params);
  if (r.error) throw failure(`TA-Lib: ${r.error}`);
  return ex.outputs.map((out) => {
    const full = new Array(bars.rows).fill(null);
    const packed = r.result[out.name];
    for (let i = 0; i < r.nbElement; ++i) full[r.begIndex + i] = packed[i];
    return full;
  });
}

// The registry entry and TA-Lib's description must line up before values can be compared.
function checkShape(info) {
  const fn = info.name.toUpperCase();
  if (!talibNames.has(fn)) return `the registry says TA-Lib has ${info.name}, but TA-Lib has no ${fn}`;
  const ex = talib.explain(fn);
  const theirs = ex.optInputs.map((x) => optionKey(x.name));
  const ours = info.options.map((o) => o.name);
  if (theirs.join(',') !== ours.join(',')) {
    return `options differ: ours ${ours.join(',') || '(none)'}, TA-Lib's ${theirs.join(',') || '(none)'}`;
  }
  const outs = ex.outputs.map((o) => o.name);
  if (outs.length !== info.outputs.length ||
      !info.outputs.every((o, k) => outs[k].toLowerCase().endsWith(o.toLowerCase()))) {
    return `outputs differ: ours ${info.outputs.join(',')}, TA-Lib's ${outs.join(',')}`;
  }
  return '';
}

// All option values for `spec`: those typed, then the registry's defaults.
function optionValues(info, spec) {
  const colon = spec.indexOf(':');
  const typed = colon < 0 ? [] : spec.slice(colon + 1).split(',').map(Number);
  return info.options.map((o, k) => (k < typed.length ? typed[k] : o.default));
}

// ---- comparison ----------------------------------------------------------------------------------

function compareSeries(label, ours, theirs, bars) {
  const problems = [];
  let count = 0;
  for (let i = 0; i < theirs.length; ++i) {
    const want = theirs[i];
    const got = ours[i];
    let bad;
    if (want === null || Number.isNaN(want)) {
      if (got !== null) bad = `ours ${got}, TA-Lib has no value (warm-up)`;
    } else if (got === null) {
      bad = `ours empty, TA-Lib ${want}`;
    } else if (typeof got !== 'number') {
      bad = `ours '${got}' is not a number, TA-Lib ${want}`;
    } else if (!(Math.abs(got - want) <= RELATIVE_TOLERANCE * Math.max(1, Math.abs(want)))) {
      bad = `ours ${got}, TA-Lib ${want}, difference ${got - want}`;
    }
    if (bad) {
      ++count;
      if (problems.length < MAX_REPORTED) problems.push(`row ${i} (${bars.time[i]}): ${bad}`);
    }
  }
  if (count) {
    return `${label}: ${count} of ${theirs.length} values differ from TA-Lib\n      ` +
           problems.join('\n      ') + (count > problems.length ? '\n      ...' : '');
  }
  return '';
}

// ---- the tests -----------------------------------------------------------------------------------

const registry = loadRegistry();

test('the registry is listed by `stockpulse indicators --list --format json`', () => {
  if (registry instanceof Error) fail(registry.message);
});

const talibIndicators = registry instanceof Error ? [] : registry.filter((i) => i.in_talib !== false);

test('every TA-Lib indicator in the registry matches TA-Lib\'s options, defaults and outputs', () => {
  if (registry instanceof Error) fail(`no registry: ${registry.message}`);
  const problems = [];
  for (const info of talibIndicators) {
    const shape = checkShape(info);
    if (shape) { problems.push(`${info.name}: ${shape}`); continue; }
    const ex = talib.explain(info.name.toUpperCase());
    info.options.forEach((o, k) => {
      if (o.default !== ex.optInputs[k].defaultValue) {
        problems.push(`${info.name}: ${o.name} defaults to ${o.default}, TA-Lib's to ${ex.optInputs[k].defaultValue}`);
      }
    });
  }
  if (problems.length) fail(problems.join('\n'));
});

test('the non-default table names only indicators the registry has', (t) => {
  if (registry instanceof Error) fail(`no registry: ${registry.message}`);
  const known = new Set(talibIndicators.map((i) => i.name));
  const unknown = Object.keys(NON_DEFAULT).filter((n) => !known.has(n));
  if (unknown.length) fail(`NON_DEFAULT names indicators the registry lacks: ${unknown.join(', ')}`);
  const untested = talibIndicators.filter((i) => i.options.length && !NON_DEFAULT[i.name]);
  if (untested.length) {
    t.diagnostic(`checked at defaults only (add to NON_DEFAULT): ${untested.map((i) => i.name).join(', ')}`);
  }
});

function marketFiles() {
  const dir = path.join(sharedData, 'market');
  if (!fs.existsSync(dir)) return null;
  return fs.readdirSync(dir).filter((f) => /\.(csv|tsv)$/.test(f)).sort().map((f) => path.join(dir, f));
}

const files = marketFiles();
if (files === null) {
  const why = `shared data not found at ${path.join(sharedData, 'market')} (set SP_SHARED_DATA)`;
  test('TA-Lib oracle on the shared market data', { skip: inCI ? false : why }, () => {
    fail(`${why}, and CI=true: the oracle cannot run`);
  });
} else {
  for (const file of files) {
    test(`TA-Lib oracle on ${path.basename(file)}`, async (t) => {
      if (registry instanceof Error) fail(`no registry: ${registry.message}`);
      const bars = readBars(file);
      for (const info of talibIndicators) {
        const specs = [info.name, ...(NON_DEFAULT[info.name] || [])];
        // One CLI run per indicator; if it fails, each spec alone, so the report names the culprit.
        let batch = null;
        if (!checkShape(info)) {
          try { batch = computeOurs(file, specs, bars.rows); } catch { batch = null; }
        }
        for (const spec of specs) {
          await t.test(spec, () => {
            const shape = checkShape(info);
            if (shape) fail(`${info.name}: ${shape}`);
            let cols = batch;
            if (!cols) cols = computeOurs(file, [spec], bars.rows);  // throws with the reason
            const theirs = computeTalib(info, optionValues(info, spec), bars);
            const problems = [];
            info.outputs.forEach((out, k) => {
              const name = columnName(spec, info.outputs, out);
              const ours = cols.get(name);
              if (!ours) {
                problems.push(`no column ${name} in the output (have: ${[...cols.keys()].join(', ')})`);
                return;
              }
              const p = compareSeries(name, ours, theirs[k], bars);
              if (p) problems.push(p);
            });
            if (problems.length) fail(`${spec} on ${path.basename(file)}:\n    ${problems.join('\n    ')}`);
          });
        }
      }
    });
  }
}
