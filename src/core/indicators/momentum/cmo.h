// CMO: Chande Momentum Oscillator as TA-Lib computes it (TA_CMO, default compatibility, unstable
// period 0). TA-Lib does not use Chande's plain sums over the window: it smooths gains and losses
// Wilder's way, exactly as its RSI does (WilderGainLoss), then
// cmo = 100 * (avg_gain - avg_loss) / (avg_gain + avg_loss), 0 when the sum is TA_IS_ZERO.
// Lookback = period. Option: timeperiod (2..100000, default 14).
// Caveat: as RSI, multiplies by 1/period where TA-Lib divides (about 1e-15 relative).
// O(1), no allocation. Not thread-safe; copyable.
#pragma once

#include "core/indicator.h"
#include "core/indicators/momentum/wilder_gain_loss.h"
#include "core/indicators/talib_arith.h"

namespace sp::core {

class Cmo : public OnClose<Cmo> {
 public:
  using OnClose<Cmo>::update;
  using OnClose<Cmo>::peek;

  explicit Cmo(int period = 14) : averages_(period) {}

  int lookback() const { return averages_.lookback(); }

  double update(double x) { return value(averages_.update(x)); }
  double peek(double x) const { return value(averages_.peek(x)); }
  void reset() { averages_.reset(); }

 private:
  using Averages = WilderGainLoss<Division::kReciprocal>::Averages;
  static double value(const Averages& a) {
    if (!a.ready) return kNaN;
    const double sum = a.gain + a.loss;
    return talib::is_zero(sum) ? 0.0 : 100.0 * ((a.gain - a.loss) / sum);
  }

  WilderGainLoss<Division::kReciprocal> averages_;
};

}  // namespace sp::core
