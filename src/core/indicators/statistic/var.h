// VAR: population variance of the last `period` closes (TA-Lib TA_VAR, via TA_INT_VAR).
//
// Running sums of x and x*x kept exactly as TA-Lib keeps them (add the new value, take both means,
// then drop the oldest), var = mean(x*x) - mean(x)^2, so the numbers agree to the last bit. That
// formula can give a tiny negative variance from rounding on a flat window; TA_VAR returns it as is
// (STDDEV clamps it, see stddev.h). Lookback period-1. Options: timeperiod >= 1 (default 5), nbdev
// (default 1), which TA-Lib accepts and ignores for VAR, as we do. The ring buffer is allocated
// once, at construction. Not thread-safe; copyable.
#pragma once

#include <vector>

#include "core/indicator.h"

namespace sp::core {

class Var : public OnClose<Var> {
 public:
  using OnClose<Var>::update;
  using OnClose<Var>::peek;

  // REQUIRES: period >= 1. `nbdev` is ignored, as in TA-Lib.
  explicit Var(int period = 5, double nbdev = 1.0)
      : period_(period), ring_(static_cast<std::size_t>(period)) {
    (void)nbdev;
  }

  int lookback() const { return period_ - 1; }

  double update(double x) {
    ring_[head_] = x;
    sum_ += x;
    sum_sq_ += x * x;
    head_ = next(head_);  // now the oldest value in the window
    if (count_ + 1 < period_) {
      ++count_;
      return kNaN;
    }
    const double mean = sum_ / period_;
    const double mean_sq = sum_sq_ / period_;
    const double oldest = ring_[head_];
    sum_ -= oldest;
    sum_sq_ -= oldest * oldest;
    count_ = period_;
    return mean_sq - mean * mean;
  }

  double peek(double x) const {
    if (count_ + 1 < period_) return kNaN;
    const double mean = (sum_ + x) / period_;
    const double mean_sq = (sum_sq_ + x * x) / period_;
    return mean_sq - mean * mean;
  }

  void reset() {
    sum_ = 0;
    sum_sq_ = 0;
    count_ = 0;
    head_ = 0;
  }

 private:
  std::size_t next(std::size_t i) const { return i + 1 == ring_.size() ? 0 : i + 1; }

  int period_;
  std::vector<double> ring_;
  double sum_ = 0;     // of the last period-1 values between updates
  double sum_sq_ = 0;  // of their squares
  int count_ = 0;
  std::size_t head_ = 0;
};

}  // namespace sp::core
