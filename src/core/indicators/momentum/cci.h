// CCI: Commodity Channel Index (TA-Lib TA_CCI).
//
// tp = (high + low + close) / 3; over the last `period` typical prices, avg = their mean and
// md = their mean absolute deviation from avg; cci = (tp - avg) / (0.015 * md), and 0 when
// tp - avg or the deviation sum is exactly 0.0 (this TA-Lib compares with 0.0, not TA_IS_ZERO).
// Lookback = period - 1. Option: timeperiod (2..100000, default 14).
//
// The mean deviation needs every value of the window each bar: O(period) per bar is inherent. The
// window lives in a fixed ring laid out as TA-Lib's circular buffer, and both sums are taken afresh
// every bar over the ring in slot order, as TA-Lib's are. Over a flat or nearly flat stretch tp -
// avg is rounding noise, and whether it is 0 (cci 0) or not (cci about +-66.67) depends on how the
// sum was rounded: a running sum (which drifts) or another order could flip it.
// No allocation after construction. Not thread-safe; copyable.
#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

#include "core/indicator.h"

namespace sp::core {

class Cci {
 public:
  static constexpr int kOutputs = 1;

  explicit Cci(int period = 14) : period_(period), ring_(static_cast<std::size_t>(period)) {}

  int lookback() const { return period_ - 1; }

  void update(const Bar& bar, double* out) {
    const double tp = typical_price(bar);
    if (count_ < period_ - 1) [[unlikely]] {
      ++count_;
      *out = kNaN;
    } else {
      *out = value(tp);
    }
    ring_[head_] = tp;
    if (++head_ == ring_.size()) head_ = 0;
  }

  void peek(const Bar& bar, double* out) const {
    *out = count_ < period_ - 1 ? kNaN : value(typical_price(bar));
  }

  void reset() {
    count_ = 0;
    head_ = 0;
  }

 private:
  static double typical_price(const Bar& bar) { return (bar.high + bar.low + bar.close) / 3; }

  // CCI with `tp` in slot head_ (where update is about to store it), summing in slot order.
  double value(double tp) const {
    const double* r = ring_.data();
    const std::size_t n = ring_.size();
    double average = 0;
    for (std::size_t j = 0; j < head_; ++j) average += r[j];
    average += tp;
    for (std::size_t j = head_ + 1; j < n; ++j) average += r[j];
    average /= period_;
    double deviation = 0;
    for (std::size_t j = 0; j < head_; ++j) deviation += std::fabs(r[j] - average);
    deviation += std::fabs(tp - average);
    for (std::size_t j = head_ + 1; j < n; ++j) deviation += std::fabs(r[j] - average);
    const double distance = tp - average;
    if (distance != 0.0 && deviation != 0.0) return distance / (0.015 * (deviation / period_));
    return 0.0;
  }

  int period_;
  std::vector<double> ring_;  // the last period-1 typical prices, in TA-Lib's slots
  std::size_t head_ = 0;      // the slot today's value goes to (TA-Lib's circBuffer_Idx)
  int count_ = 0;             // bars seen, saturating at period - 1
};

}  // namespace sp::core
