// SMA: simple moving average of the last `period` closes (TA-Lib TA_SMA).
//
// Lookback period-1. The running sum is kept exactly as TA-Lib keeps it (add the new value, divide,
// then drop the oldest), so the numbers agree to the last bit. The ring buffer is allocated once,
// at construction. Not thread-safe; copyable.
#pragma once

#include <vector>

#include "core/indicator.h"

namespace sp::core {

class Sma : public OnClose<Sma> {
 public:
  using OnClose<Sma>::update;
  using OnClose<Sma>::peek;

  explicit Sma(int period = 30) : period_(period), ring_(static_cast<std::size_t>(period)) {}

  int lookback() const { return period_ - 1; }

  double update(double x) {
    ring_[head_] = x;
    sum_ += x;
    if (++count_ < period_) {
      head_ = next(head_);
      return kNaN;
    }
    const double out = sum_ / period_;
    head_ = next(head_);  // now the oldest value in the window
    sum_ -= ring_[head_];
    count_ = period_;
    return out;
  }

  double peek(double x) const { return count_ + 1 < period_ ? kNaN : (sum_ + x) / period_; }

  void reset() {
    sum_ = 0;
    count_ = 0;
    head_ = 0;
  }

 private:
  std::size_t next(std::size_t i) const { return i + 1 == ring_.size() ? 0 : i + 1; }

  int period_;
  std::vector<double> ring_;
  double sum_ = 0;  // sum of the last period-1 values between updates
  int count_ = 0;
  std::size_t head_ = 0;
};

}  // namespace sp::core
