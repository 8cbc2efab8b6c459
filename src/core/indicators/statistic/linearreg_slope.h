// LINEARREG_SLOPE: slope per bar of the least-squares line through the last `period` closes
// (TA-Lib TA_LINEARREG_SLOPE).
//
// Sums and their caveats are in linearreg_window.h (O(1) sliding sums re-anchored to TA-Lib's exact
// loop every `period` bars; right where TA-Lib's int arithmetic overflows, period >= 1291).
// Lookback period-1. Option: timeperiod >= 2 (default 14). Allocates its ring once, at
// construction. Not thread-safe; copyable.
#pragma once

#include "core/indicator.h"
#include "core/indicators/statistic/linearreg_window.h"

namespace sp::core {

class LinearRegSlope : public OnClose<LinearRegSlope> {
 public:
  using OnClose<LinearRegSlope>::update;
  using OnClose<LinearRegSlope>::peek;

  // REQUIRES: period >= 2.
  explicit LinearRegSlope(int period = 14) : window_(period) {}

  int lookback() const { return window_.period() - 1; }

  double update(double x) {
    LinearRegWindow::Sums s;
    return window_.update(x, &s) ? window_.slope(s) : kNaN;
  }
  double peek(double x) const {
    LinearRegWindow::Sums s;
    return window_.peek(x, &s) ? window_.slope(s) : kNaN;
  }

  void reset() { window_.reset(); }

 private:
  LinearRegWindow window_;
};

}  // namespace sp::core
