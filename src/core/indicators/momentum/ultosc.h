// ULTOSC: Larry Williams' Ultimate Oscillator (TA-Lib TA_ULTOSC).
//
// Per bar (from the second on): buying pressure bp = close - min(low, previous close) and true
// range tr = max(high - low, |previous close - high|, |previous close - low|). Over three windows,
// a_i / b_i = sum of bp / sum of tr; ultosc = 100 * (4 a1/b1 + 2 a2/b2 + a3/b3) / 7, where a term
// whose b is TA_IS_ZERO is left out.
//
// Options: timeperiod1, timeperiod2, timeperiod3 (each 1..100000; defaults 7, 14, 28). TA-Lib sorts
// the three periods: weight 4 goes to the shortest, 2 to the middle one, 1 to the longest, whatever
// the order they are given in. Lookback = the longest period.
//
// The sums are primed and slid as TA-Lib slides them: each starts from 0 at the first bar its
// window needs before the first output, adds today's terms, and drops the oldest after the value is
// taken, so they agree with TA-Lib's to the last bit. Caveat: the final / 7 is a multiplication by
// 1/7 (one division less a bar; at most an ulp from TA-Lib's value). O(1); the terms of the last
// `longest` bars live in a ring allocated at construction. Not thread-safe; copyable.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "core/indicator.h"
#include "core/indicators/talib_arith.h"

namespace sp::core {

class UltOsc {
 public:
  static constexpr int kOutputs = 1;

  explicit UltOsc(int period1 = 7, int period2 = 14, int period3 = 28) {
    int p[3] = {period1, period2, period3};
    std::sort(p, p + 3);
    for (int i = 0; i < 3; ++i) period_[i] = p[i];  // shortest first: weights 4, 2, 1
    longest_ = p[2];
    std::size_t n = 1;
    while (n < static_cast<std::size_t>(longest_)) n <<= 1;
    ring_.resize(n);
    mask_ = n - 1;
  }

  int lookback() const { return longest_; }

  void update(const Bar& bar, double* out) {
    if (day_ == 0) [[unlikely]] {
      previous_close_ = bar.close;
      day_ = 1;
      *out = kNaN;
      return;
    }
    const Terms t = terms(bar);
    previous_close_ = bar.close;
    ring_[day_ & mask_] = t;
    if (day_ < static_cast<std::uint64_t>(longest_)) [[unlikely]] {
      // Priming: window i starts summing at the first day the first output needs.
      for (int i = 0; i < 3; ++i) {
        if (day_ >= static_cast<std::uint64_t>(longest_ - period_[i] + 1)) {
          pressure_[i] += t.pressure;
          range_[i] += t.range;
        }
      }
      ++day_;
      *out = kNaN;
      return;
    }
    for (int i = 0; i < 3; ++i) {
      pressure_[i] += t.pressure;
      range_[i] += t.range;
    }
    *out = value(pressure_, range_);
    for (int i = 0; i < 3; ++i) {
      const Terms& oldest = ring_[(day_ - static_cast<std::uint64_t>(period_[i] - 1)) & mask_];
      pressure_[i] -= oldest.pressure;
      range_[i] -= oldest.range;
    }
    ++day_;
  }

  void peek(const Bar& bar, double* out) const {
    if (day_ < static_cast<std::uint64_t>(longest_)) [[unlikely]] {
      *out = kNaN;
      return;
    }
    const Terms t = terms(bar);
    double pressure[3], range[3];
    for (int i = 0; i < 3; ++i) {
      pressure[i] = pressure_[i] + t.pressure;
      range[i] = range_[i] + t.range;
    }
    *out = value(pressure, range);
  }

  void reset() {
    for (int i = 0; i < 3; ++i) pressure_[i] = range_[i] = 0;
    previous_close_ = 0;
    day_ = 0;
  }

 private:
  struct Terms {
    double pressure = 0;  // close - true low
    double range = 0;     // true range
  };

  // TA-Lib's CALC_TERMS.
  Terms terms(const Bar& bar) const {
    const double true_low = bar.low < previous_close_ ? bar.low : previous_close_;
    double range = bar.high - bar.low;
    const double to_high = std::fabs(previous_close_ - bar.high);
    if (to_high > range) range = to_high;
    const double to_low = std::fabs(previous_close_ - bar.low);
    if (to_low > range) range = to_low;
    return {bar.close - true_low, range};
  }

  static double value(const double* pressure, const double* range) {
    double sum = 0.0;
    if (!talib::is_zero(range[0])) sum += 4.0 * (pressure[0] / range[0]);
    if (!talib::is_zero(range[1])) sum += 2.0 * (pressure[1] / range[1]);
    if (!talib::is_zero(range[2])) sum += pressure[2] / range[2];
    return 100.0 * (sum * (1.0 / 7.0));
  }

  int period_[3];  // sorted, shortest first
  int longest_;
  std::vector<Terms> ring_;  // terms by day, slot = day & mask_
  std::uint64_t mask_;
  double pressure_[3] = {0, 0, 0};  // sums of the last period_[i] - 1 days between updates
  double range_[3] = {0, 0, 0};
  double previous_close_ = 0;
  std::uint64_t day_ = 0;  // bars seen; bar k's terms are "day k"
};

}  // namespace sp::core
