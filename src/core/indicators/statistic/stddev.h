// STDDEV: population standard deviation of the last `period` closes times `nbdev`
// (TA-Lib TA_STDDEV).
//
// sqrt(VAR) * nbdev, with VAR from var.h (TA-Lib's running sums, so the same bits). As in TA-Lib, a
// variance below 1e-14 (TA_IS_ZERO_OR_NEG: a flat window, or a negative one from rounding) gives 0,
// whatever nbdev is. In a nearly flat window the variance is rounding noise that sqrt magnifies
// (1e-12 becomes 1e-6), so agreeing with TA-Lib there takes the same bits: the same arithmetic in
// the same order, and the build's -ffp-contract=off on both sides. Lookback period-1. Options:
// timeperiod >= 2 (default 5), nbdev (default 1; may be negative). The ring buffer is allocated
// once, at construction. Not thread-safe; copyable.
#pragma once

#include <cmath>

#include "core/indicator.h"
#include "core/indicators/statistic/var.h"
#include "core/indicators/talib_arith.h"

namespace sp::core {

class StdDev : public OnClose<StdDev> {
 public:
  using OnClose<StdDev>::update;
  using OnClose<StdDev>::peek;

  // REQUIRES: period >= 1 (TA-Lib's range starts at 2; 1 gives 0 after warm-up).
  explicit StdDev(int period = 5, double nbdev = 1.0) : var_(period), nbdev_(nbdev) {}

  int lookback() const { return var_.lookback(); }

  double update(double x) { return deviation(var_.update(x)); }
  double peek(double x) const { return deviation(var_.peek(x)); }

  void reset() { var_.reset(); }

 private:
  // NaN (warming up) falls through to sqrt and stays NaN.
  double deviation(double variance) const {
    return talib::is_zero_or_neg(variance) ? 0.0 : std::sqrt(variance) * nbdev_;
  }

  Var var_;
  double nbdev_;
};

}  // namespace sp::core
