// MIDPRICE: (highest high + lowest low) / 2 over the last `period` bars (TA-Lib TA_MIDPRICE).
//
// Lookback period-1. Sliding maximum of the highs and minimum of the lows in amortised O(1) per
// bar (sliding_extreme.h), on rings allocated at construction. REQUIRES: period >= 2.
// Not thread-safe; copyable.
#pragma once

#include "core/bar.h"
#include "core/indicator.h"
#include "core/indicators/overlap/sliding_extreme.h"

namespace sp::core {

class Midprice {
 public:
  static constexpr int kOutputs = 1;

  explicit Midprice(int period = 14) : period_(period), highest_(period), lowest_(period) {}

  int lookback() const { return period_ - 1; }

  void update(const Bar& bar, double* out) {
    highest_.push(bar.high);
    const double highest = highest_.value();
    lowest_.push(bar.low);
    const double lowest = lowest_.value();
    if (count_ < period_ - 1) {
      ++count_;
      *out = kNaN;
      return;
    }
    *out = (highest + lowest) / 2.0;
  }

  void peek(const Bar& bar, double* out) const {
    *out = count_ < period_ - 1 ? kNaN : (highest_.peek(bar.high) + lowest_.peek(bar.low)) / 2.0;
  }

  void reset() {
    highest_.reset();
    lowest_.reset();
    count_ = 0;
  }

 private:
  int period_;
  SlidingMax highest_;
  SlidingMin lowest_;
  int count_ = 0;  // bars seen, capped at period-1
};

}  // namespace sp::core
