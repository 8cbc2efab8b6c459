// Aroon: Aroon Down and Aroon Up (TA-Lib TA_AROON), outputs in TA-Lib's order: aroondown, aroonup.
// Inputs high, low. Option: timeperiod (default 14, from 2). Lookback `period`.
//
// Over the last period+1 bars (today and the `period` before it), up = 100/period x (period - bars
// since the highest high) and down likewise with the lowest low; ties go to the most recent bar, as
// in TA-Lib (>= and <=). Arithmetic in TA-Lib's order: factor = 100/period, times an integer.
// Sliding extremes: RecentExtreme (extreme_window.h), amortised O(1) over fixed arrays allocated at
// construction, nearly branch-free; peek is O(1) and const.
//
// REQUIRES: period >= 1; finite inputs. Not thread-safe; copyable.
#pragma once

#include <cstdint>

#include "core/bar.h"
#include "core/indicator.h"
#include "core/indicators/trend/extreme_window.h"

namespace sp::core {

class Aroon {
 public:
  static constexpr int kOutputs = 2;

  explicit Aroon(int period = 14)
      : period_(period),
        factor_(100.0 / static_cast<double>(period)),
        highest_(period + 1),
        lowest_(period + 1) {}

  int lookback() const { return period_; }

  void update(const Bar& bar, double* out) {
    highest_.push(bar.high, bar_);
    lowest_.push(bar.low, bar_);
    write(bar_, highest_.index(), lowest_.index(), out);
    ++bar_;
  }
  void peek(const Bar& bar, double* out) const {
    write(bar_, highest_.index_after(bar.high, bar_), lowest_.index_after(bar.low, bar_), out);
  }
  void reset() {
    highest_.reset();
    lowest_.reset();
    bar_ = 0;
  }

 private:
  void write(std::int64_t today, std::int64_t highest, std::int64_t lowest, double* out) const {
    if (today < period_) {
      out[0] = out[1] = kNaN;
      return;
    }
    out[0] = factor_ * static_cast<int>(period_ - (today - lowest));
    out[1] = factor_ * static_cast<int>(period_ - (today - highest));
  }

  int period_;
  double factor_;
  RecentExtreme<true> highest_;
  RecentExtreme<false> lowest_;
  std::int64_t bar_ = 0;  // index of the next bar
};

}  // namespace sp::core
