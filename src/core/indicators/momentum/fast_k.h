// FastK: the raw stochastic %K ("Fast-K") that TA-Lib's TA_STOCH, TA_STOCHF and TA_STOCHRSI share.
//
// fastk = (close - lowest low) / ((highest high - lowest low) / 100) over the last `period` bars,
// today included, and 0 when that range is 0; written as TA-Lib writes it (divide the range by
// 100, then divide by that), so the numbers agree to the last bit. Defined once `period` bars are
// in (lookback period - 1); the caller counts bars. Sliding extremes: SlidingMax / SlidingMin.
// REQUIRES: period >= 1. No allocation after construction. Not thread-safe; copyable.
#pragma once

#include "core/indicators/overlap/sliding_extreme.h"

namespace sp::core {

class FastK {
 public:
  explicit FastK(int period) : highest_(period), lowest_(period) {}

  int lookback() const { return highest_.window() - 1; }

  double update(double high, double low, double close) {
    highest_.push(high);
    lowest_.push(low);
    return value(highest_.value(), lowest_.value(), close);
  }
  double peek(double high, double low, double close) const {
    return value(highest_.peek(high), lowest_.peek(low), close);
  }
  void reset() {
    highest_.reset();
    lowest_.reset();
  }

  static double value(double highest, double lowest, double close) {
    const double diff = (highest - lowest) / 100.0;
    return diff != 0.0 ? (close - lowest) / diff : 0.0;
  }

 private:
  SlidingMax highest_;
  SlidingMin lowest_;
};

}  // namespace sp::core
