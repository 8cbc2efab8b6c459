// LINEARREG: linear regression, the least-squares line through the last `period` closes evaluated
// at the newest bar (TA-Lib TA_LINEARREG: b + m * (period - 1)).
//
// Sums and their caveats are in linearreg_window.h (O(1) sliding sums re-anchored to TA-Lib's exact
// loop every `period` bars; right where TA-Lib's int arithmetic overflows, period >= 1291).
// Lookback period-1. Option: timeperiod >= 2 (default 14). Allocates its ring once, at
// construction. Not thread-safe; copyable.
#pragma once

#include "core/indicator.h"
#include "core/indicators/statistic/linearreg_window.h"

namespace sp::core {

class LinearReg : public OnClose<LinearReg> {
 public:
  using OnClose<LinearReg>::update;
  using OnClose<LinearReg>::peek;

  // REQUIRES: period >= 2.
  explicit LinearReg(int period = 14) : window_(period) {}

  int lookback() const { return window_.period() - 1; }

  double update(double x) {
    LinearRegWindow::Sums s;
    return window_.update(x, &s) ? window_.value_at_newest(s) : kNaN;
  }
  double peek(double x) const {
    LinearRegWindow::Sums s;
    return window_.peek(x, &s) ? window_.value_at_newest(s) : kNaN;
  }

  void reset() { window_.reset(); }

 private:
  LinearRegWindow window_;
};

}  // namespace sp::core
