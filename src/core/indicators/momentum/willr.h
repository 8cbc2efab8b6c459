// WILLR: Williams' %R (TA-Lib TA_WILLR).
//
// willr = (highest high - close) / ((highest high - lowest low) / -100) over the last `period`
// bars, today included, and 0 when the range is 0; written as TA-Lib writes it, so the numbers
// agree to the last bit. Values run from -100 (close at the low) to 0 (close at the high).
// Lookback = period - 1. Option: timeperiod (2..100000, default 14).
// Sliding extremes: SlidingMax / SlidingMin (amortised O(1), no allocation after construction).
// Not thread-safe; copyable.
#pragma once

#include "core/indicator.h"
#include "core/indicators/overlap/sliding_extreme.h"

namespace sp::core {

class Willr {
 public:
  static constexpr int kOutputs = 1;

  explicit Willr(int period = 14) : highest_(period), lowest_(period), lookback_(period - 1) {}

  int lookback() const { return lookback_; }

  void update(const Bar& bar, double* out) {
    highest_.push(bar.high);
    lowest_.push(bar.low);
    if (count_ < lookback_) [[unlikely]] {
      ++count_;
      *out = kNaN;
      return;
    }
    *out = value(highest_.value(), lowest_.value(), bar.close);
  }

  void peek(const Bar& bar, double* out) const {
    *out = count_ < lookback_ ? kNaN
                              : value(highest_.peek(bar.high), lowest_.peek(bar.low), bar.close);
  }

  void reset() {
    highest_.reset();
    lowest_.reset();
    count_ = 0;
  }

 private:
  static double value(double highest, double lowest, double close) {
    const double diff = (highest - lowest) / (-100.0);
    return diff != 0.0 ? (highest - close) / diff : 0.0;
  }

  SlidingMax highest_;
  SlidingMin lowest_;
  int lookback_;
  int count_ = 0;  // bars seen, saturating at lookback
};

}  // namespace sp::core
