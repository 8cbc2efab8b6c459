// The indicator registry: one list of every indicator with its options (TA-Lib's order, defaults
// and ranges), the inputs it reads and its named outputs (TA-Lib's names, lower case, TA-Lib's
// order). The command line, the WebAssembly API and the tests all go through it, so an indicator
// added here is everywhere at once.
//
// A SPEC names an indicator and optionally its options: `rsi`, `rsi:14`, `macd:12,26,9`,
// `bbands:20,2,2`. Missing trailing options take their defaults. Output columns are named by the
// spec as typed with ':' and ',' turned into '_', plus ".output" when there are several outputs:
// `macd_12_26_9.macdsignal`, `bbands_20_2_2.upperband`.
//
// Thread safety: the registry is immutable after first use and safe to read from any thread.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/bar.h"
#include "core/indicator.h"

namespace sp::core {

struct OptionInfo {
  std::string_view name;  // TA-Lib's name without the optIn prefix, lower case: "timeperiod"
  double default_value;
  double min;
  double max;
  bool integer;
  std::string_view description;
};

struct IndicatorInfo {
  std::string_view name;   // spec name: TA-Lib's function name in lower case ("plus_di")
  std::string_view title;  // "Plus Directional Indicator"
  std::string_view group;  // TA-Lib's group: "Momentum Indicators", ...
  bool in_talib;           // false for indicators TA-Lib lacks (vwap)
  unsigned inputs;         // Input mask (bar.h)
  std::vector<OptionInfo> options;
  std::vector<std::string_view> outputs;
  std::string_view input_note;  // e.g. "real0=high, real1=low" where TA-Lib takes generic series
  // Builds a stream. REQUIRES: options validated (see parse_spec), size == options.size().
  std::unique_ptr<IndicatorStream> (*make)(std::span<const double> options);
  // Batch over a view. REQUIRES: options validated, view.has(inputs), outs[k] has view.size room.
  void (*batch)(std::span<const double> options, const OhlcvView& view, double* const* outs);
  // Extra cross-option check beyond the per-option ranges; returns an error message or "".
  std::string (*validate)(std::span<const double> options) = nullptr;
};

// Every indicator, in a stable order (TA-Lib's groups, then name).
std::span<const IndicatorInfo> indicators();

// The indicator called `name` (lower case), or nullptr.
const IndicatorInfo* find_indicator(std::string_view name);

struct IndicatorSpec {
  const IndicatorInfo* info = nullptr;
  std::vector<double> options;  // all options, defaults filled in
  std::string text;             // as typed
  std::string column;           // text with ':' and ',' turned into '_'

  // Output column names: `column` alone, or `column.output` for each of several outputs.
  std::vector<std::string> output_columns() const;
  std::unique_ptr<IndicatorStream> stream() const { return info->make(options); }
  int lookback() const { return stream()->lookback(); }
};

struct SpecResult {
  IndicatorSpec spec;
  std::string error;  // empty on success; otherwise names the spec and what is wrong
  bool ok() const { return error.empty(); }
};

// Parses and validates `text` ("macd:12,26,9"). Never throws.
SpecResult parse_spec(std::string_view text);

// Batch computation through the registry. REQUIRES: view.has(spec.info->inputs); outs has one
// pointer per output, each with view.size room.
void compute(const IndicatorSpec& spec, const OhlcvView& view, double* const* outs);

}  // namespace sp::core
