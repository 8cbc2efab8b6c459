// TEMA: triple exponential moving average, 3*EMA1 - 3*EMA2 + EMA3 where EMA2 = EMA(EMA1) and
// EMA3 = EMA(EMA2) (TA-Lib TA_TEMA, Mulloy). Not EMA3 alone, which is also called "triple EMA".
//
// Three chained EMAs with k = 2/(period+1), each seeded with the SMA of its first `period` inputs
// and started on the first value of the one before, as in TA-Lib; the output is summed in TA-Lib's
// order, EMA3 + ((3*EMA1) - (3*EMA2)). Lookback 3*(period-1). REQUIRES: period >= 2.
// No allocation. Not thread-safe; copyable.
#pragma once

#include <cmath>

#include "core/indicator.h"
#include "core/indicators/overlap/ema.h"

namespace sp::core {

class Tema : public OnClose<Tema> {
 public:
  using OnClose<Tema>::update;
  using OnClose<Tema>::peek;

  explicit Tema(int period = 30) : ema1_(period), ema2_(period), ema3_(period) {}

  int lookback() const { return 3 * ema1_.lookback(); }

  double update(double x) {
    const double e1 = ema1_.update(x);
    if (!ema1_.ready()) return kNaN;
    const double e2 = ema2_.update(e1);
    if (!ema2_.ready()) return kNaN;
    const double e3 = ema3_.update(e2);
    if (!ema3_.ready()) return kNaN;
    return e3 + ((3.0 * e1) - (3.0 * e2));
  }

  double peek(double x) const {
    const double e1 = ema1_.peek(x);
    if (std::isnan(e1)) return kNaN;
    const double e2 = ema2_.peek(e1);
    if (std::isnan(e2)) return kNaN;
    return ema3_.peek(e2) + ((3.0 * e1) - (3.0 * e2));  // NaN while the third EMA warms up
  }

  void reset() {
    ema1_.reset();
    ema2_.reset();
    ema3_.reset();
  }

 private:
  Ema ema1_, ema2_, ema3_;
};

}  // namespace sp::core
