// WilderGainLoss: Wilder's smoothed average gain and average loss of a series, the core that
// TA-Lib's TA_RSI and TA_CMO share (ta_RSI.c, ta_CMO.c; default compatibility, unstable period 0).
//
// Seeding: the first `period` changes are summed and divided by `period` (ready at bar index
// `period`, so lookback = period). Then avg = (avg * (period - 1) + today's gain or loss) / period.
// A change of exactly 0 counts as a gain of 0, as in TA-Lib.
//
// `Division` picks how the smoothing divides by `period`:
//   kExact      as TA-Lib, bit for bit. STOCHRSI needs this: over a flat stretch RSI stays equal in
//               theory, its range shrinks to rounding noise, and %K = (rsi - min) / (max - min)
//               shows that noise in full; only TA-Lib's exact bits give TA-Lib's answer.
//   kReciprocal multiplies by 1/period: the loop-carried chain loses a division (the dominant
//               latency in RSI), at a cost of about 1e-15 relative; RSI and CMO use it.
// O(1), no allocation. Not thread-safe; copyable.
#pragma once

#include "core/indicators/talib_arith.h"

namespace sp::core {

enum class Division { kExact, kReciprocal };

template <Division kDivision>
class WilderGainLoss {
 public:
  struct Averages {
    double gain;
    double loss;
    bool ready;  // false while warming up (gain and loss are then partial sums)
  };

  explicit WilderGainLoss(int period)
      : period_(period), period_less_one_(period - 1), reciprocal_(1.0 / period) {}

  int lookback() const { return period_; }

  Averages update(double x) {
    state_ = next(x);
    return averages(state_);
  }
  Averages peek(double x) const { return averages(next(x)); }
  void reset() { state_ = State{}; }

 private:
  struct State {
    double prev = 0;
    double gain = 0;  // sums while warming up, then averages
    double loss = 0;
    int count = 0;  // values seen, saturating at period + 1
  };

  Averages averages(const State& s) const { return {s.gain, s.loss, s.count > period_}; }

  double smooth(double average, double today) const {
    const double sum = talib::unfused_mul(average, period_less_one_) + today;
    if constexpr (kDivision == Division::kExact) {
      return sum / period_;
    } else {
      return sum * reciprocal_;
    }
  }

  State next(double x) const {
    State s = state_;
    const double change = x - s.prev;
    // TA-Lib: if (change < 0) loss -= change; else gain += change. Adding 0.0 to the other side
    // changes nothing, so this is the same arithmetic without the branch (a max each: written as
    // two separate selects, the compiler would merge them into one unpredictable branch).
    const double gain = change > 0.0 ? change : 0.0;
    const double loss = -change > 0.0 ? -change : 0.0;
    if (s.count > period_) [[likely]] {
      s.prev = x;
      s.gain = smooth(s.gain, gain);
      s.loss = smooth(s.loss, loss);
      return s;
    }
    s.prev = x;
    if (s.count++ == 0) return s;
    s.gain += gain;
    s.loss += loss;
    if (s.count > period_) {
      s.gain /= period_;
      s.loss /= period_;
    }
    return s;
  }

  int period_;
  double period_less_one_;
  double reciprocal_;
  State state_;
};

}  // namespace sp::core
