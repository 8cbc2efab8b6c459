// AroonOsc: Aroon Oscillator, Aroon Up - Aroon Down (TA-Lib TA_AROONOSC). Inputs high, low.
// Option: timeperiod (default 14, from 2). Lookback `period`.
//
// Computed as TA-Lib does, 100/period x (index of the highest high - index of the lowest low) over
// the last period+1 bars, ties to the most recent bar; not as a difference of two rounded Aroon
// values. Sliding extremes as in aroon.h (amortised O(1), const O(1) peek).
//
// REQUIRES: period >= 1; finite inputs. Not thread-safe; copyable.
#pragma once

#include <cstdint>

#include "core/bar.h"
#include "core/indicator.h"
#include "core/indicators/trend/extreme_window.h"

namespace sp::core {

class AroonOsc {
 public:
  static constexpr int kOutputs = 1;

  explicit AroonOsc(int period = 14)
      : period_(period),
        factor_(100.0 / static_cast<double>(period)),
        highest_(period + 1),
        lowest_(period + 1) {}

  int lookback() const { return period_; }

  void update(const Bar& bar, double* out) {
    highest_.push(bar.high, bar_);
    lowest_.push(bar.low, bar_);
    *out = value(bar_, highest_.index(), lowest_.index());
    ++bar_;
  }
  void peek(const Bar& bar, double* out) const {
    *out = value(bar_, highest_.index_after(bar.high, bar_), lowest_.index_after(bar.low, bar_));
  }
  void reset() {
    highest_.reset();
    lowest_.reset();
    bar_ = 0;
  }

 private:
  double value(std::int64_t today, std::int64_t highest, std::int64_t lowest) const {
    return today < period_ ? kNaN : factor_ * static_cast<int>(highest - lowest);
  }

  int period_;
  double factor_;
  RecentExtreme<true> highest_;
  RecentExtreme<false> lowest_;
  std::int64_t bar_ = 0;  // index of the next bar
};

}  // namespace sp::core
