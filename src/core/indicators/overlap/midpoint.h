// MIDPOINT: (highest + lowest) / 2 of the last `period` closes (TA-Lib TA_MIDPOINT).
//
// Lookback period-1. Sliding maximum and minimum in amortised O(1) per bar (sliding_extreme.h: van
// Herk/Gil-Werman blocks), on rings allocated at construction. REQUIRES: period >= 2. Not
// thread-safe; copyable.
#pragma once

#include "core/indicator.h"
#include "core/indicators/overlap/sliding_extreme.h"

namespace sp::core {

class Midpoint : public OnClose<Midpoint> {
 public:
  using OnClose<Midpoint>::update;
  using OnClose<Midpoint>::peek;

  explicit Midpoint(int period = 14) : period_(period), highest_(period), lowest_(period) {}

  int lookback() const { return period_ - 1; }

  double update(double x) {
    highest_.push(x);
    const double highest = highest_.value();
    lowest_.push(x);
    const double lowest = lowest_.value();
    if (count_ < period_ - 1) {
      ++count_;
      return kNaN;
    }
    return (highest + lowest) / 2.0;
  }

  double peek(double x) const {
    if (count_ < period_ - 1) return kNaN;
    return (highest_.peek(x) + lowest_.peek(x)) / 2.0;
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
  int count_ = 0;  // values seen, capped at period-1
};

}  // namespace sp::core
