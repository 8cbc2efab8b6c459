// TRANGE: true range, the greatest of high-low, |previous close - high| and |previous close - low|
// (TA-Lib TA_TRANGE).
//
// Lookback 1: like TA-Lib, the first bar has no previous close and gives no value (some books use
// high-low there; TA-Lib does not, and neither do we). The comparisons are TA-Lib's, in its order.
// No options, no allocation. Not thread-safe; copyable.
#pragma once

#include <cmath>

#include "core/indicator.h"

namespace sp::core {

class TrueRange {
 public:
  static constexpr int kOutputs = 1;

  TrueRange() = default;

  int lookback() const { return 1; }

  void update(const Bar& bar, double* out) { *out = update(bar); }
  void peek(const Bar& bar, double* out) const { *out = peek(bar); }

  // The true range of `bar`, NaN for the first bar. For composition (ATR, NATR).
  double update(const Bar& bar) {
    const double tr = peek(bar);
    prev_close_ = bar.close;
    has_prev_ = true;
    return tr;
  }
  double peek(const Bar& bar) const {
    if (!has_prev_) return kNaN;
    return of(bar.high, bar.low, prev_close_);
  }

  void reset() {
    prev_close_ = 0;
    has_prev_ = false;
  }

  // TA-Lib's arithmetic: the range first, then the two gaps in order.
  static double of(double high, double low, double prev_close) {
    double greatest = high - low;
    const double to_high = std::fabs(prev_close - high);
    if (to_high > greatest) greatest = to_high;
    const double to_low = std::fabs(prev_close - low);
    if (to_low > greatest) greatest = to_low;
    return greatest;
  }

 private:
  double prev_close_ = 0;
  bool has_prev_ = false;
};

}  // namespace sp::core
