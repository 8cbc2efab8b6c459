// EMA: exponential moving average (TA-Lib TA_EMA, default "TA-Lib" compatibility).
//
// k = 2 / (period + 1); the first value, at bar period-1, is the SMA of the first `period` closes;
// then ema = (x - ema) * k + ema, written in TA-Lib's order so the numbers agree to the last bit.
// Lookback period-1. No allocation. Not thread-safe; copyable.
#pragma once

#include "core/indicator.h"

namespace sp::core {

class Ema : public OnClose<Ema> {
 public:
  using OnClose<Ema>::update;
  using OnClose<Ema>::peek;

  explicit Ema(int period = 30) : Ema(period, 2.0 / (period + 1)) {}
  // With an explicit smoothing factor (TA-Lib's TA_INT_EMA with optInK_1), e.g. Wilder's 1/period.
  Ema(int period, double k) : period_(period), k_(k) {}

  int lookback() const { return period_ - 1; }

  double update(double x) {
    if (count_ >= period_) {
      ema_ = (x - ema_) * k_ + ema_;
      return ema_;
    }
    ema_ += x;  // the seed sum while warming up
    if (++count_ < period_) return kNaN;
    ema_ /= period_;
    return ema_;
  }

  double peek(double x) const {
    if (count_ >= period_) return (x - ema_) * k_ + ema_;
    return count_ + 1 < period_ ? kNaN : (ema_ + x) / period_;
  }

  void reset() {
    ema_ = 0;
    count_ = 0;
  }

  bool ready() const { return count_ >= period_; }
  double value() const { return ready() ? ema_ : kNaN; }

 private:
  int period_;
  double k_;
  double ema_ = 0;
  int count_ = 0;
};

}  // namespace sp::core
