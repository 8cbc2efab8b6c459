// BOP: Balance Of Power (TA-Lib TA_BOP).
//
// bop = (close - open) / (high - low), and 0 when high - low is TA_IS_ZERO_OR_NEG (below 1e-14,
// which also covers a vendor bar whose high is below its low). No options; lookback 0; no state.
#pragma once

#include "core/indicator.h"
#include "core/indicators/talib_arith.h"

namespace sp::core {

class Bop {
 public:
  static constexpr int kOutputs = 1;

  int lookback() const { return 0; }
  void update(const Bar& bar, double* out) { *out = value(bar); }
  void peek(const Bar& bar, double* out) const { *out = value(bar); }
  void reset() {}

  static double value(const Bar& bar) {
    const double range = bar.high - bar.low;
    return talib::is_zero_or_neg(range) ? 0.0 : (bar.close - bar.open) / range;
  }
};

}  // namespace sp::core
