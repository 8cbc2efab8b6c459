// KAMA: Kaufman adaptive moving average (TA-Lib TA_KAMA).
//
// An EMA whose smoothing constant follows the efficiency ratio ER = |x - x[period ago]| / (sum of
// the last `period` one-bar absolute changes): sc = (ER*(2/3 - 2/31) + 2/31)^2. As in TA-Lib, ER is
// 1 when the sum of changes is within 1e-14 of zero or not above the (signed) net change; the first
// value, at bar `period`, takes the previous close as the previous KAMA. Lookback `period`
// (TA-Lib's unstable period 0). REQUIRES: period >= 2. The ring of the last `period` values is
// allocated once, at construction. Not thread-safe; copyable.
#pragma once

#include <cmath>
#include <vector>

#include "core/indicator.h"
#include "core/indicators/talib_arith.h"

namespace sp::core {

class Kama : public OnClose<Kama> {
 public:
  using OnClose<Kama>::update;
  using OnClose<Kama>::peek;

  explicit Kama(int period = 30) : period_(period), ring_(static_cast<std::size_t>(period)) {}

  int lookback() const { return period_; }

  double update(double x) {
    double out = kNaN;
    if (count_ >= period_) {
      out = advance(state_, x);
    } else if (count_ > 0) {
      state_.sum_roc1 += std::fabs(prev_ - x);
    }
    ring_[head_] = x;
    head_ = head_ + 1 == ring_.size() ? 0 : head_ + 1;
    prev_ = x;
    if (count_ <= period_) ++count_;
    return out;
  }

  double peek(double x) const {
    if (count_ < period_) return kNaN;
    State s = state_;
    return advance(s, x);
  }

  void reset() {
    state_ = State{};
    count_ = 0;
    head_ = 0;
    prev_ = 0;
  }

 private:
  struct State {
    double sum_roc1 = 0;  // sum of |one-bar change| over the window
    double trailing = 0;  // the value that left the window at the last bar
    double kama = 0;
  };

  // TA-Lib's step for a new value x once `period` values are known; ring_ holds the last `period`
  // values, the oldest at head_, and prev_ the newest.
  double advance(State& s, double x) const {
    static constexpr double kConstMax = 2.0 / (30.0 + 1.0);
    static constexpr double kConstDiff = 2.0 / (2.0 + 1.0) - kConstMax;
    const double oldest = ring_[head_];
    const double period_roc = x - oldest;
    if (count_ == period_) {  // the first value: its last change completes the seed sum
      s.sum_roc1 += std::fabs(prev_ - x);
      s.kama = prev_;
    } else {
      s.sum_roc1 -= std::fabs(s.trailing - oldest);
      s.sum_roc1 += std::fabs(x - prev_);
    }
    s.trailing = oldest;
    double er;
    if (s.sum_roc1 <= period_roc || talib::is_zero(s.sum_roc1)) {
      er = 1.0;
    } else {
      er = std::fabs(period_roc / s.sum_roc1);
    }
    double sc = (er * kConstDiff) + kConstMax;
    sc *= sc;
    s.kama = ((x - s.kama) * sc) + s.kama;
    return s.kama;
  }

  int period_;
  std::vector<double> ring_;
  State state_;
  double prev_ = 0;  // the previous value
  int count_ = 0;    // values seen, capped at period+1
  std::size_t head_ = 0;
};

}  // namespace sp::core
