// DEMA: double exponential moving average, 2*EMA(x) - EMA(EMA(x)) (TA-Lib TA_DEMA, Mulloy).
//
// Two chained EMAs with k = 2/(period+1), each seeded with the SMA of its first `period` inputs;
// the second starts on the first value the first produces, as in TA-Lib. Lookback 2*(period-1).
// REQUIRES: period >= 2. No allocation. Not thread-safe; copyable.
#pragma once

#include <cmath>

#include "core/indicator.h"
#include "core/indicators/overlap/ema.h"

namespace sp::core {

class Dema : public OnClose<Dema> {
 public:
  using OnClose<Dema>::update;
  using OnClose<Dema>::peek;

  explicit Dema(int period = 30) : ema1_(period), ema2_(period) {}

  int lookback() const { return 2 * ema1_.lookback(); }

  double update(double x) {
    const double e1 = ema1_.update(x);
    if (!ema1_.ready()) return kNaN;
    const double e2 = ema2_.update(e1);
    if (!ema2_.ready()) return kNaN;
    return (2.0 * e1) - e2;
  }

  double peek(double x) const {
    const double e1 = ema1_.peek(x);
    if (std::isnan(e1)) return kNaN;
    return (2.0 * e1) - ema2_.peek(e1);  // NaN while the second EMA warms up
  }

  void reset() {
    ema1_.reset();
    ema2_.reset();
  }

 private:
  Ema ema1_, ema2_;
};

}  // namespace sp::core
