// Trix: 1-day rate of change (TA-Lib's ROC, x 100) of a triple-smoothed EMA of the close (TA-Lib
// TA_TRIX). Input close. Option: timeperiod (default 30, from 1). Lookback 3 x (period - 1) + 1.
// Each EMA is TA-Lib's (k = 2/(period+1), seeded with the SMA of its first `period` inputs), the
// next one fed from the first value of the previous, as TA-Lib chains TA_INT_EMA. 0 where the
// previous triple EMA is exactly 0.0 (TA_ROC's rule).
//
// Caveat: TA-Lib's option table allows period 1, but TA_EMA_Lookback(1) is -1, so
// TA_TRIX_Lookback(1) is -2 and TA_TRIX(period 1) overruns its own buffer: there is no TA-Lib value
// to match. Here period 1 makes each EMA the close itself: a 1-bar ROC of the close, lookback 1.
//
// REQUIRES: period >= 1; finite inputs. Not thread-safe; copyable; no allocation.
#pragma once

#include <cmath>

#include "core/indicator.h"
#include "core/indicators/overlap/ema.h"
#include "core/indicators/trend/roc.h"

namespace sp::core {

class Trix : public OnClose<Trix> {
 public:
  using OnClose<Trix>::update;
  using OnClose<Trix>::peek;

  explicit Trix(int period = 30) : ema1_(period), ema2_(period), ema3_(period) {}

  int lookback() const { return 3 * ema1_.lookback() + 1; }

  double update(double x) {
    const double e1 = ema1_.update(x);
    if (std::isnan(e1)) return kNaN;
    const double e2 = ema2_.update(e1);
    if (std::isnan(e2)) return kNaN;
    const double e3 = ema3_.update(e2);
    if (std::isnan(e3)) return kNaN;
    const double out = has_prev_ ? rate_of_change(e3, prev_) : kNaN;
    prev_ = e3;
    has_prev_ = true;
    return out;
  }
  double peek(double x) const {
    const double e1 = ema1_.peek(x);
    if (std::isnan(e1)) return kNaN;
    const double e2 = ema2_.peek(e1);
    if (std::isnan(e2)) return kNaN;
    const double e3 = ema3_.peek(e2);
    if (std::isnan(e3)) return kNaN;
    return has_prev_ ? rate_of_change(e3, prev_) : kNaN;
  }
  void reset() {
    ema1_.reset();
    ema2_.reset();
    ema3_.reset();
    prev_ = 0;
    has_prev_ = false;
  }

 private:
  Ema ema1_, ema2_, ema3_;
  double prev_ = 0;  // the previous triple EMA
  bool has_prev_ = false;
};

}  // namespace sp::core
