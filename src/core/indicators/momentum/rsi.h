// RSI: Wilder's Relative Strength Index (TA-Lib TA_RSI, default compatibility, unstable period 0).
//
// rsi = 100 * avg_gain / (avg_gain + avg_loss), 0 when that sum is TA_IS_ZERO (|sum| < 1e-14);
// the averages are Wilder's (WilderGainLoss). Lookback = period: the first value is at bar index
// `period`. Option: timeperiod (2..100000, default 14).
// Caveat: the smoothing multiplies by 1/period where TA-Lib divides, for speed; values stay within
// about 1e-15 relative of TA-Lib's (STOCHRSI, which amplifies RSI's last bit, uses exact division).
// O(1), no allocation. Not thread-safe; copyable.
#pragma once

#include "core/indicator.h"
#include "core/indicators/momentum/wilder_gain_loss.h"
#include "core/indicators/talib_arith.h"

namespace sp::core {

// RSI from Wilder's averages, as TA-Lib writes it (shared with STOCHRSI).
inline double rsi_from(double avg_gain, double avg_loss) {
  const double sum = avg_gain + avg_loss;
  return talib::is_zero(sum) ? 0.0 : 100.0 * (avg_gain / sum);
}

class Rsi : public OnClose<Rsi> {
 public:
  using OnClose<Rsi>::update;
  using OnClose<Rsi>::peek;

  explicit Rsi(int period = 14) : averages_(period) {}

  int lookback() const { return averages_.lookback(); }

  double update(double x) { return value(averages_.update(x)); }
  double peek(double x) const { return value(averages_.peek(x)); }
  void reset() { averages_.reset(); }

 private:
  using Averages = WilderGainLoss<Division::kReciprocal>::Averages;
  static double value(const Averages& a) { return a.ready ? rsi_from(a.gain, a.loss) : kNaN; }

  WilderGainLoss<Division::kReciprocal> averages_;
};

}  // namespace sp::core
