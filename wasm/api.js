// --post-js: the StockPulse JavaScript API, defined on the module object inside the Emscripten
// factory (so HEAPF64, _malloc and the _sp_* exports of core_exports.cc are in scope).
//
//   import createCore from './build/wasm/stockpulse_core.mjs';
//   const core = await createCore();                       // node or browser, no arguments
//   const out = core.compute('macd:12,26,9', { close });   // { 'macd_12_26_9.macd': Float64Array, ... }
//   const s = core.stream('rsi:14'); s.update(bar); s.peek(bar);
//
// Full reference: wasm/README.md. Memory: the module's memory may grow during any call that
// allocates, which detaches every view on the old buffer; HEAPF64 is re-read after each call and
// F64Buffer.array re-derives its view, so hold F64Buffer objects, not their arrays, across calls.

var SP_INPUT_BITS = [['open', 1], ['high', 2], ['low', 4], ['close', 8], ['volume', 16], ['time', 32]];
var SP_SPEC_CACHE_LIMIT = 256;
var spSpecCache = new Map();

function spCString(text) {
  var bytes = lengthBytesUTF8(text) + 1;
  var p = _malloc(bytes);
  if (!p) throw new Error('stockpulse: out of memory');
  stringToUTF8(text, p, bytes);
  return p;
}

function spLastError() {
  return UTF8ToString(_sp_last_error());
}

// A parsed spec, cached by its text: { handle, text, name, columns, outputs, inputs, options }.
function spParse(text) {
  if (typeof text !== 'string') throw new TypeError('stockpulse: an indicator spec is a string such as "rsi:14"');
  var info = spSpecCache.get(text);
  if (info) return info;
  var cstr = spCString(text);
  var h;
  try {
    h = _sp_spec_parse(cstr);
  } finally {
    _free(cstr);
  }
  if (!h) throw new Error(spLastError());
  var k = _sp_spec_outputs(h);
  var columns = [], outputs = [], options = [];
  for (var i = 0; i < k; ++i) {
    columns.push(UTF8ToString(_sp_spec_column(h, i)));
    outputs.push(UTF8ToString(_sp_spec_output_name(h, i)));
  }
  for (var j = 0, m = _sp_spec_option_count(h); j < m; ++j) options.push(_sp_spec_option(h, j));
  var mask = _sp_spec_inputs(h) >>> 0;
  info = {
    handle: h,
    text: text,
    name: UTF8ToString(_sp_spec_name(h)),
    columns: columns,
    outputs: outputs,
    inputs: SP_INPUT_BITS.filter(function (e) { return mask & e[1]; }).map(function (e) { return e[0]; }),
    options: options,
  };
  if (spSpecCache.size >= SP_SPEC_CACHE_LIMIT) {
    var oldest = spSpecCache.keys().next().value;
    _sp_spec_free(spSpecCache.get(oldest).handle);
    spSpecCache.delete(oldest);
  }
  spSpecCache.set(text, info);
  return info;
}

// ---- Arrays in the module's memory -----------------------------------------------------------------

// `length` doubles in the module's memory at byte offset `ptr`. Fill `array` in place and pass the
// buffer itself to compute() (as an input or as an `into` target): nothing is copied.
// Call free() when done; buffers are not freed by the garbage collector.
function F64Buffer(ptr, length) {
  this.ptr = ptr;
  this.length = length;
  this._view = null;
}
Object.defineProperty(F64Buffer.prototype, 'array', {
  // A Float64Array view; re-derived when the memory has grown since it was made.
  get: function () {
    if (!this.ptr) throw new Error('stockpulse: F64Buffer used after free()');
    var v = this._view;
    if (v === null || v.buffer !== HEAPF64.buffer) {
      v = this._view = new Float64Array(HEAPF64.buffer, this.ptr, this.length);
    }
    return v;
  },
});
F64Buffer.prototype.free = function () {
  if (this.ptr) _sp_free(this.ptr);
  this.ptr = 0;
  this._view = null;
};

function spAlloc(n) {
  if (!(n >= 0) || n !== Math.floor(n)) throw new RangeError('stockpulse: alloc(n) needs a whole number of doubles');
  var p = _sp_alloc_f64(n);
  if (!p) throw new Error('stockpulse: out of memory allocating ' + n + ' doubles');
  return new F64Buffer(p, n);
}

// True for a Float64Array that is a view on the module's current memory.
function spInModule(a) {
  return a instanceof Float64Array && a.buffer === HEAPF64.buffer;
}

function spIsArrayLike(a) {
  return a != null && typeof a === 'object' && typeof a.length === 'number';
}

// ---- Batch ---------------------------------------------------------------------------------------

// inputs: { open, high, low, close, volume, time } — each a Float64Array (or any array of numbers,
//   copied in), an F64Buffer from alloc(), or a Float64Array view on the module's memory (neither
//   copied). Only the columns the indicator reads are needed; they must have the same length.
// opts.into: where to write the outputs, by output order (array) or by column or output name
//   (object); each an F64Buffer or module-memory Float64Array (written in place, no copy) or any
//   Float64Array (written through a scratch copy). Without it, outputs are fresh Float64Arrays.
// Returns { column: array } in the registry's output order, named as the command line names them.
function spCompute(spec, inputs, opts) {
  var info = spParse(spec);
  if (inputs == null || typeof inputs !== 'object') {
    throw new TypeError("stockpulse: compute('" + spec + "', inputs): inputs is an object of columns, e.g. { close }");
  }
  var k = info.columns.length;
  var into = opts && opts.into;
  // Phase 1: locate everything already in the module's memory (byte offsets are read before any
  // allocation can grow the memory and detach those views) and measure.
  var ptrs = [0, 0, 0, 0, 0, 0];  // time, open, high, low, close, volume
  var slot = { time: 0, open: 1, high: 2, low: 3, close: 4, volume: 5 };
  var copies = [];
  var n = -1, first = '';
  for (var i = 0; i < info.inputs.length; ++i) {
    var name = info.inputs[i];
    var v = inputs[name];
    if (v == null) {
      throw new Error("stockpulse: compute('" + spec + "'): input '" + name + "' is missing; " + info.name +
                      ' reads ' + info.inputs.join(', '));
    }
    var len;
    if (v instanceof F64Buffer) {
      if (!v.ptr) throw new Error("stockpulse: compute('" + spec + "'): input '" + name + "' was freed");
      ptrs[slot[name]] = v.ptr;
      len = v.length;
    } else if (spInModule(v)) {
      ptrs[slot[name]] = v.byteOffset;
      len = v.length;
    } else if (spIsArrayLike(v)) {
      if (typeof BigInt64Array !== 'undefined' && v instanceof BigInt64Array) v = Float64Array.from(v, Number);
      copies.push([slot[name], v]);
      len = v.length;
    } else {
      throw new TypeError("stockpulse: compute('" + spec + "'): input '" + name + "' is not an array");
    }
    if (n < 0) {
      n = len;
      first = name;
    } else if (len !== n) {
      throw new Error("stockpulse: compute('" + spec + "'): input '" + name + "' has " + len + ' values but ' + first +
                      ' has ' + n);
    }
  }
  if (n < 0) n = 0;
  // direct[o]: 1 for an F64Buffer, 2 for a module view (both written in place), 0 otherwise.
  var targets = new Array(k), outPtrs = new Array(k), direct = new Array(k), tlens = new Array(k), scratchOut = [];
  for (var o = 0; o < k; ++o) {
    var t = null;
    if (into) t = Array.isArray(into) ? into[o] : (into[info.columns[o]] !== undefined ? into[info.columns[o]] : into[info.outputs[o]]);
    if (t == null) {
      if (into) throw new Error("stockpulse: compute('" + spec + "'): no `into` target for output " + info.columns[o]);
      scratchOut.push(o);
      continue;
    }
    targets[o] = t;
    var tlen;
    if (t instanceof F64Buffer) {
      if (!t.ptr) throw new Error("stockpulse: compute('" + spec + "'): `into` target for " + info.columns[o] + ' was freed');
      outPtrs[o] = t.ptr;
      direct[o] = 1;
      tlen = t.length;
    } else if (spInModule(t)) {
      outPtrs[o] = t.byteOffset;
      direct[o] = 2;
      tlen = t.length;
    } else if (t instanceof Float64Array) {
      scratchOut.push(o);
      direct[o] = 0;
      tlen = t.length;
    } else {
      throw new TypeError("stockpulse: compute('" + spec + "'): `into` target for " + info.columns[o] +
                          ' must be a Float64Array or an F64Buffer');
    }
    tlens[o] = tlen;
    if (tlen < n) {
      throw new Error("stockpulse: compute('" + spec + "'): `into` target for " + info.columns[o] + ' has room for ' +
                      tlen + ' values, ' + n + ' needed');
    }
  }
  // Phase 2: one scratch block for copied inputs, scratch outputs and the output pointer table.
  var doubles = (copies.length + scratchOut.length) * n;
  var block = _sp_alloc_f64(doubles + Math.ceil(k / 2) + 1);
  if (!block) throw new Error('stockpulse: out of memory for ' + n + ' bars');
  try {
    var at = block;
    for (var c = 0; c < copies.length; ++c) {
      HEAPF64.set(copies[c][1], at >> 3);
      ptrs[copies[c][0]] = at;
      at += n * 8;
    }
    for (var s = 0; s < scratchOut.length; ++s) {
      outPtrs[scratchOut[s]] = at;
      at += n * 8;
    }
    var table = at;
    for (var q = 0; q < k; ++q) HEAPU32[(table >> 2) + q] = outPtrs[q];
    if (_sp_compute(info.handle, n, ptrs[0], ptrs[1], ptrs[2], ptrs[3], ptrs[4], ptrs[5], table)) {
      throw new Error(spLastError());
    }
    var result = {};
    for (var r = 0; r < k; ++r) {
      var target = targets[r];
      var p = outPtrs[r] >> 3;
      if (target == null) {
        result[info.columns[r]] = HEAPF64.slice(p, p + n);
      } else if (direct[r] === 1 || direct[r] === 2 && target.buffer === HEAPF64.buffer) {
        result[info.columns[r]] = target;
      } else if (direct[r] === 2) {
        // A module view detached by memory growth during this call: the values are in place; hand
        // back a view on the current memory.
        result[info.columns[r]] = new Float64Array(HEAPF64.buffer, outPtrs[r], tlens[r]);
      } else {
        target.set(HEAPF64.subarray(p, p + n));
        result[info.columns[r]] = target;
      }
    }
    return result;
  } finally {
    _sp_free(block);
  }
}

// ---- Streaming -----------------------------------------------------------------------------------

var spStreamRegistry = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry(function (h) { _sp_stream_free(h); })
  : null;

// One indicator fed bar by bar. A bar is { time, open, high, low, close, volume } (time in epoch
// ms, only session VWAP reads it) or a number, taken as a bar whose prices all equal it.
function SpStream(info) {
  this.spec = info.text;
  this.name = info.name;
  this.columns = info.columns.slice();
  this.outputs = info.outputs.slice();
  this.inputs = info.inputs.slice();
  this._need = info.inputs.filter(function (x) { return x !== 'time'; });
  this._h = _sp_stream_new(info.handle);
  this._out = _sp_stream_out(this._h) >> 3;
  this._k = info.columns.length;
  if (spStreamRegistry) spStreamRegistry.register(this, this._h, this);
}

SpStream.prototype._live = function () {
  if (!this._h) throw new Error("stockpulse: stream '" + this.spec + "' used after free()");
};

// Calls fn (update or peek) with the bar's fields; returns output 0.
SpStream.prototype._call = function (fn, bar) {
  this._live();
  if (typeof bar === 'number') return fn(this._h, 0, bar, bar, bar, bar, 0);
  if (bar == null || typeof bar !== 'object') {
    throw new TypeError("stockpulse: stream '" + this.spec + "': a bar is an object { open, high, low, close, volume, time } or a number");
  }
  for (var i = 0; i < this._need.length; ++i) {
    if (bar[this._need[i]] === undefined) {
      throw new Error("stockpulse: stream '" + this.spec + "': the bar has no '" + this._need[i] + "'; " + this.name +
                      ' reads ' + this.inputs.join(', '));
    }
  }
  var t = bar.time;
  return fn(this._h, t === undefined ? 0 : +t, +bar.open, +bar.high, +bar.low, +bar.close, +bar.volume);
};

SpStream.prototype._result = function (v0) {
  var r = {};
  r[this.columns[0]] = v0;
  for (var k = 1; k < this._k; ++k) r[this.columns[k]] = HEAPF64[this._out + k];
  return r;
};

SpStream.prototype._into = function (v0, out) {
  out[0] = v0;
  for (var k = 1; k < this._k; ++k) out[k] = HEAPF64[this._out + k];
  return out;
};

// Commits the bar; returns { column: value } (NaN while warming up).
SpStream.prototype.update = function (bar) { return this._result(this._call(_sp_stream_update, bar)); };
// The values if `bar` closed now; commits nothing.
SpStream.prototype.peek = function (bar) { return this._result(this._call(_sp_stream_peek, bar)); };
// As update/peek, writing the values (in output order) into `out` and allocating nothing.
SpStream.prototype.updateInto = function (bar, out) { return this._into(this._call(_sp_stream_update, bar), out); };
SpStream.prototype.peekInto = function (bar, out) { return this._into(this._call(_sp_stream_peek, bar), out); };
SpStream.prototype.reset = function () { this._live(); _sp_stream_reset(this._h); };
// Releases the stream now (the garbage collector would, eventually).
SpStream.prototype.free = function () {
  if (!this._h) return;
  if (spStreamRegistry) spStreamRegistry.unregister(this);
  _sp_stream_free(this._h);
  this._h = 0;
};
Object.defineProperty(SpStream.prototype, 'lookback', {
  get: function () { this._live(); return _sp_stream_lookback(this._h); },
});

// ---- Risk ----------------------------------------------------------------------------------------

// Runs fn(ptr, n, ...) over `values` copied into the module (or in place for an F64Buffer or a
// module view) with `outLen` doubles of output; returns the output as a fresh Float64Array.
function spRiskCall(what, values, outLen, fn) {
  var inPtr = 0, n, copy = null;
  if (values instanceof F64Buffer) {
    inPtr = values.ptr;
    n = values.length;
  } else if (spInModule(values)) {
    inPtr = values.byteOffset;
    n = values.length;
  } else if (spIsArrayLike(values)) {
    copy = values;
    n = values.length;
  } else {
    throw new TypeError('stockpulse: risk.' + what + ' takes an array of numbers');
  }
  var m = typeof outLen === 'function' ? Math.max(0, outLen(n)) : outLen;
  var block = _sp_alloc_f64((copy ? n : 0) + m);
  if (!block) throw new Error('stockpulse: out of memory');
  try {
    var outPtr = block;
    if (copy) {
      HEAPF64.set(copy, block >> 3);
      inPtr = block;
      outPtr = block + n * 8;
    }
    if (fn(inPtr, n, outPtr)) throw new Error('risk.' + what + ': ' + UTF8ToString(_sp_risk_last_error()));
    return HEAPF64.slice(outPtr >> 3, (outPtr >> 3) + m);
  } finally {
    _sp_free(block);
  }
}

var SP_VAR_METHODS = { historical: 0, parametric: 1, 'cornish-fisher': 2, modified: 2, montecarlo: 3, 'monte-carlo': 3 };

var spRisk = {
  simpleReturns: function (prices) {
    return spRiskCall('simpleReturns', prices, function (n) { return n - 1; }, _sp_risk_simple_returns);
  },
  logReturns: function (prices) {
    return spRiskCall('logReturns', prices, function (n) { return n - 1; }, _sp_risk_log_returns);
  },
  equityCurve: function (returns, start) {
    var s0 = start === undefined ? 1 : start;
    return spRiskCall('equityCurve', returns, function (n) { return n + 1; },
                      function (p, n, o) { return _sp_risk_equity_curve(p, n, s0, o); });
  },
  moments: function (values) {
    var r = spRiskCall('moments', values, 6, _sp_risk_moments);
    return { count: r[0], mean: r[1], variance: r[2], stdev: r[3], skewness: r[4], excessKurtosis: r[5] };
  },
  rollingVolatility: function (returns, window, periodsPerYear) {
    var w = window === undefined ? 21 : window, ppy = periodsPerYear === undefined ? 252 : periodsPerYear;
    return spRiskCall('rollingVolatility', returns, function (n) { return n; },
                      function (p, n, o) { return _sp_risk_rolling_volatility(p, n, w, ppy, o); });
  },
  ewmaVolatility: function (returns, lambda, periodsPerYear, seedWindow) {
    var l = lambda === undefined ? 0.94 : lambda, ppy = periodsPerYear === undefined ? 252 : periodsPerYear;
    var sw = seedWindow === undefined ? 20 : seedWindow;
    return spRiskCall('ewmaVolatility', returns, function (n) { return n; },
                      function (p, n, o) { return _sp_risk_ewma_volatility(p, n, l, ppy, sw, o); });
  },
  annualisedVolatility: function (returns, periodsPerYear) {
    var ppy = periodsPerYear === undefined ? 252 : periodsPerYear;
    return spRiskCall('annualisedVolatility', returns, 1,
                      function (p, n, o) { return _sp_risk_annualised_volatility(p, n, ppy, o); })[0];
  },
  // opts: { confidence = 0.99, horizon = 1, method = 'historical' | 'parametric' | 'cornish-fisher'
  //         | 'montecarlo', paths = 100000, seed = 42 }. Returns { valueAtRisk, expectedShortfall },
  // losses as positive fractions (src/core/risk/var.h).
  valueAtRisk: function (returns, opts) {
    opts = opts || {};
    var method = opts.method === undefined ? 'historical' : opts.method;
    var code = SP_VAR_METHODS[method];
    if (code === undefined) {
      throw new Error("risk.valueAtRisk: unknown method '" + method + "' (historical, parametric, cornish-fisher, montecarlo)");
    }
    var conf = opts.confidence === undefined ? 0.99 : opts.confidence;
    var h = opts.horizon === undefined ? 1 : opts.horizon;
    var paths = opts.paths === undefined ? 100000 : opts.paths, seed = opts.seed === undefined ? 42 : opts.seed;
    var r = spRiskCall('valueAtRisk', returns, 2,
                       function (p, n, o) { return _sp_risk_value_at_risk(p, n, conf, h, code, paths, seed, o); });
    return { valueAtRisk: r[0], expectedShortfall: r[1] };
  },
  sharpeRatio: function (returns, riskFreeRate, periodsPerYear) {
    var rf = riskFreeRate === undefined ? 0 : riskFreeRate, ppy = periodsPerYear === undefined ? 252 : periodsPerYear;
    return spRiskCall('sharpeRatio', returns, 1, function (p, n, o) { return _sp_risk_sharpe_ratio(p, n, rf, ppy, o); })[0];
  },
  sortinoRatio: function (returns, target, periodsPerYear) {
    var t = target === undefined ? 0 : target, ppy = periodsPerYear === undefined ? 252 : periodsPerYear;
    return spRiskCall('sortinoRatio', returns, 1, function (p, n, o) { return _sp_risk_sortino_ratio(p, n, t, ppy, o); })[0];
  },
  beta: function (assetReturns, marketReturns) {
    var market = Float64Array.from(marketReturns);
    return spRiskCall('beta', assetReturns, 1 + market.length, function (p, n, o) {
      HEAPF64.set(market, (o >> 3) + 1);
      return _sp_risk_beta(p, n, o + 8, market.length, o);
    })[0];
  },
  maximumDrawdown: function (curve) {
    var r = spRiskCall('maximumDrawdown', curve, 4, _sp_risk_maximum_drawdown);
    return { depth: r[0], peak: r[1], trough: r[2], recovery: r[3] };
  },
  normalCdf: function (x) { return _sp_risk_normal_cdf(x); },
  inverseNormalCdf: function (p) { return _sp_risk_inverse_normal_cdf(p); },
};

// ---- The module's public surface -----------------------------------------------------------------

var spList = null;

Module['compute'] = spCompute;
Module['computeInto'] = function (spec, inputs, into) { return spCompute(spec, inputs, { into: into }); };
Module['stream'] = function (spec) { return new SpStream(spParse(spec)); };
// Every indicator the registry lists: { name, title, group, in_talib, inputs, input_note, options:
// [{ name, default, min, max, integer, description }], outputs }.
Module['list'] = function () {
  if (spList === null) {
    spList = JSON.parse(UTF8ToString(_sp_list_json())).map(function (e) {
      e.inputs = SP_INPUT_BITS.filter(function (b) { return e.input_mask & b[1]; }).map(function (b) { return b[0]; });
      delete e.input_mask;
      return e;
    });
  }
  return JSON.parse(JSON.stringify(spList));  // callers may modify their copy
};
// What a spec means, without computing: { spec, name, columns, outputs, inputs, options, lookback }.
Module['describe'] = function (spec) {
  var info = spParse(spec);
  return {
    spec: info.text, name: info.name, columns: info.columns.slice(), outputs: info.outputs.slice(),
    inputs: info.inputs.slice(), options: info.options.slice(), lookback: _sp_spec_lookback(info.handle),
  };
};
Module['alloc'] = spAlloc;
// An F64Buffer holding a copy of `values`.
Module['allocFrom'] = function (values) {
  var b = spAlloc(values.length);
  b.array.set(values);
  return b;
};
Module['F64Buffer'] = F64Buffer;
Module['risk'] = spRisk;
