// The WebAssembly build's C interface to the indicator registry: plain exported functions, because
// a call through them costs a few nanoseconds where embind costs tens, which matters per tick.
// wasm/api.js builds the JavaScript API (compute, stream, list, alloc) on top of these.
//
// Ownership: every pointer handed out is owned by the caller (JavaScript) and released with the
// matching *_free. Arrays are addressed by byte offsets into the module's memory; a null pointer
// means "no such column". Errors never abort: a function that can fail returns 0 (a null handle)
// or a non-zero code, and sp_last_error() gives the message, valid until the next failing call.
// Indicators still served by src/core/indicators/pending.cc (scaffolding) abort when used.
//
// Not thread-safe (the module is single-threaded).
#include <emscripten/emscripten.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "core/registry.h"

namespace {

using sp::core::Bar;
using sp::core::IndicatorInfo;
using sp::core::IndicatorSpec;
using sp::core::IndicatorStream;
using sp::core::OhlcvView;

std::string g_error;

struct SpSpec {
  IndicatorSpec spec;
  std::vector<std::string> columns;
};

struct SpStream {
  std::unique_ptr<IndicatorStream> impl;
  std::vector<double> out;
  Bar bar;
};

// Epoch milliseconds arrive as doubles (exact below 2^53); a non-finite time becomes 0.
std::int64_t to_time_ms(double t) {
  return std::isfinite(t) ? static_cast<std::int64_t>(std::llround(t)) : 0;
}

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      static const char* hex = "0123456789abcdef";
      out += "\\u00";
      out += hex[(c >> 4) & 0xf];
      out += hex[c & 0xf];
    } else {
      out += c;
    }
  }
  out += '"';
}

void append_json_number(std::string& out, double v) {
  char buf[40];
  // %.17g reads back to the same double; the options' bounds are all finite.
  std::snprintf(buf, sizeof buf, "%.17g", v);
  out += buf;
}

std::string list_json() {
  std::string j = "[";
  bool first = true;
  for (const IndicatorInfo& info : sp::core::indicators()) {
    if (!first) j += ',';
    first = false;
    j += "{\"name\":";
    append_json_string(j, info.name);
    j += ",\"title\":";
    append_json_string(j, info.title);
    j += ",\"group\":";
    append_json_string(j, info.group);
    j += ",\"in_talib\":";
    j += info.in_talib ? "true" : "false";
    j += ",\"input_mask\":" + std::to_string(info.inputs);
    j += ",\"input_note\":";
    append_json_string(j, info.input_note);
    j += ",\"options\":[";
    for (std::size_t i = 0; i < info.options.size(); ++i) {
      const auto& o = info.options[i];
      if (i) j += ',';
      j += "{\"name\":";
      append_json_string(j, o.name);
      j += ",\"default\":";
      append_json_number(j, o.default_value);
      j += ",\"min\":";
      append_json_number(j, o.min);
      j += ",\"max\":";
      append_json_number(j, o.max);
      j += ",\"integer\":";
      j += o.integer ? "true" : "false";
      j += ",\"description\":";
      append_json_string(j, o.description);
      j += '}';
    }
    j += "],\"outputs\":[";
    for (std::size_t i = 0; i < info.outputs.size(); ++i) {
      if (i) j += ',';
      append_json_string(j, info.outputs[i]);
    }
    j += "]}";
  }
  j += ']';
  return j;
}

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* sp_last_error() {
  return g_error.c_str();
}

// Every indicator with its options and outputs, as a JSON array (built once, owned by the module).
EMSCRIPTEN_KEEPALIVE const char* sp_list_json() {
  static const std::string json = list_json();
  return json.c_str();
}

// ---- Memory for callers that fill inputs in place
// ------------------------------------------------

// n doubles, 16-byte aligned (whole SIMD vectors), uninitialised; 0 when out of memory.
EMSCRIPTEN_KEEPALIVE double* sp_alloc_f64(std::size_t n) {
  const std::size_t bytes = ((n ? n : 1) * sizeof(double) + 15) & ~std::size_t{15};
  return static_cast<double*>(std::aligned_alloc(16, bytes));
}

EMSCRIPTEN_KEEPALIVE void sp_free(void* p) {
  std::free(p);
}

// ---- Specs
// ---------------------------------------------------------------------------------------

// Parses "macd:12,26,9". Returns a handle, or 0 with the message in sp_last_error().
EMSCRIPTEN_KEEPALIVE SpSpec* sp_spec_parse(const char* text) {
  sp::core::SpecResult r = sp::core::parse_spec(text ? text : "");
  if (!r.ok()) {
    g_error = r.error;
    return nullptr;
  }
  auto* s = new SpSpec{std::move(r.spec), {}};
  s->columns = s->spec.output_columns();
  return s;
}

EMSCRIPTEN_KEEPALIVE void sp_spec_free(SpSpec* s) {
  delete s;
}
EMSCRIPTEN_KEEPALIVE int sp_spec_outputs(const SpSpec* s) {
  return static_cast<int>(s->columns.size());
}
// The column name of output k, as the command line writes it: "macd_12_26_9.macdsignal".
EMSCRIPTEN_KEEPALIVE const char* sp_spec_column(const SpSpec* s, int k) {
  return s->columns[k].c_str();
}
// TA-Lib's name of output k, lower case: "macdsignal".
EMSCRIPTEN_KEEPALIVE const char* sp_spec_output_name(const SpSpec* s, int k) {
  return s->spec.info->outputs[k].data();  // the registry's literals are NUL-terminated
}
EMSCRIPTEN_KEEPALIVE const char* sp_spec_name(const SpSpec* s) {
  return s->spec.info->name.data();
}
EMSCRIPTEN_KEEPALIVE unsigned sp_spec_inputs(const SpSpec* s) {
  return s->spec.info->inputs;
}
EMSCRIPTEN_KEEPALIVE int sp_spec_option_count(const SpSpec* s) {
  return static_cast<int>(s->spec.options.size());
}
EMSCRIPTEN_KEEPALIVE double sp_spec_option(const SpSpec* s, int k) {
  return s->spec.options[k];
}
EMSCRIPTEN_KEEPALIVE int sp_spec_lookback(const SpSpec* s) {
  return s->spec.lookback();
}

// Batch over n bars. Column pointers may be 0 for columns the indicator does not read; `outs`
// holds one pointer per output, each with room for n doubles. Returns 0, or 1 with a message.
EMSCRIPTEN_KEEPALIVE int sp_compute(const SpSpec* s, std::size_t n, const double* time_ms,
                                    const double* open, const double* high, const double* low,
                                    const double* close, const double* volume,
                                    double* const* outs) {
  OhlcvView view;
  view.open = open;
  view.high = high;
  view.low = low;
  view.close = close;
  view.volume = volume;
  view.size = n;
  std::vector<std::int64_t> times;
  if (time_ms && (s->spec.info->inputs & sp::core::kTime)) {
    times.resize(n);
    for (std::size_t i = 0; i < n; ++i) times[i] = to_time_ms(time_ms[i]);
    view.time_ms = times.data();
  }
  if (!view.has(s->spec.info->inputs)) {
    g_error = "indicator spec '" + s->spec.text + "': a column it reads is missing";
    return 1;
  }
  for (std::size_t k = 0; k < s->columns.size(); ++k) {
    if (!outs[k]) {
      g_error =
          "indicator spec '" + s->spec.text + "': output " + std::to_string(k) + " has no array";
      return 1;
    }
  }
  if (n) sp::core::compute(s->spec, view, outs);
  return 0;
}

// ---- Streams
// -------------------------------------------------------------------------------------

EMSCRIPTEN_KEEPALIVE SpStream* sp_stream_new(const SpSpec* s) {
  auto* st = new SpStream;
  st->impl = s->spec.stream();
  st->out.assign(static_cast<std::size_t>(st->impl->outputs()), sp::core::kNaN);
  return st;
}

EMSCRIPTEN_KEEPALIVE void sp_stream_free(SpStream* st) {
  delete st;
}
// Where update/peek leave their outputs (outputs() doubles), stable for the stream's life.
EMSCRIPTEN_KEEPALIVE double* sp_stream_out(SpStream* st) {
  return st->out.data();
}
EMSCRIPTEN_KEEPALIVE int sp_stream_lookback(const SpStream* st) {
  return st->impl->lookback();
}
EMSCRIPTEN_KEEPALIVE void sp_stream_reset(SpStream* st) {
  st->impl->reset();
}

// Commits one bar; returns output 0 (all outputs are at sp_stream_out).
EMSCRIPTEN_KEEPALIVE double sp_stream_update(SpStream* st, double time_ms, double open, double high,
                                             double low, double close, double volume) {
  st->bar = Bar{to_time_ms(time_ms), open, high, low, close, volume};
  st->impl->update(st->bar, st->out.data());
  return st->out[0];
}

// The outputs if this bar closed now, without committing it.
EMSCRIPTEN_KEEPALIVE double sp_stream_peek(SpStream* st, double time_ms, double open, double high,
                                           double low, double close, double volume) {
  st->bar = Bar{to_time_ms(time_ms), open, high, low, close, volume};
  st->impl->peek(st->bar, st->out.data());
  return st->out[0];
}

}  // extern "C"
