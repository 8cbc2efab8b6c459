// WMA: linearly weighted moving average of the last `period` closes (TA-Lib TA_WMA).
//
// Weights 1..period, newest heaviest, divided by period*(period+1)/2. Kept as TA-Lib keeps it: a
// weighted sum and a plain sum of the window, the new value added `period` times to the first and
// the plain sum subtracted after each output, so the numbers agree to the last bit.
// Lookback period-1. REQUIRES: period >= 2 (TA_MA's period 1 is MovingAverage's identity). The ring
// of the last `period` values is allocated once, at construction. Not thread-safe; copyable.
#pragma once

#include <vector>

#include "core/indicator.h"

namespace sp::core {

class Wma : public OnClose<Wma> {
 public:
  using OnClose<Wma>::update;
  using OnClose<Wma>::peek;

  explicit Wma(int period = 30)
      : period_(period),
        divider_((period * (period + 1)) >> 1),
        ring_(static_cast<std::size_t>(period)) {}

  int lookback() const { return period_ - 1; }

  double update(double x) {
    ring_[head_] = x;
    head_ = head_ + 1 == ring_.size() ? 0 : head_ + 1;
    if (count_ < period_ - 1) {
      ++count_;
      period_sub_ += x;
      period_sum_ += x * count_;
      return kNaN;
    }
    period_sub_ += x;
    period_sub_ -= trailing_;
    period_sum_ += x * period_;
    trailing_ = ring_[head_];  // the oldest value of the window, dropped at the next bar
    const double out = period_sum_ / divider_;
    period_sum_ -= period_sub_;
    return out;
  }

  double peek(double x) const {
    return count_ < period_ - 1 ? kNaN : (period_sum_ + x * period_) / divider_;
  }

  void reset() {
    period_sum_ = period_sub_ = trailing_ = 0;
    count_ = 0;
    head_ = 0;
  }

 private:
  int period_;
  int divider_;
  std::vector<double> ring_;
  double period_sum_ = 0;  // weighted sum of the window, less the plain sum, between bars
  double period_sub_ = 0;  // plain sum of the window
  double trailing_ = 0;    // the value leaving the window at the next bar (0 before the first)
  int count_ = 0;          // values seen, capped at period-1
  std::size_t head_ = 0;
};

}  // namespace sp::core
