// CORREL: Pearson's correlation coefficient r of two series over the last `period` bars
// (TA-Lib TA_CORREL).
//
// Inputs: real0 and real1. Through the registry and the Bar forms these are the bar's high (real0)
// and low (real1), TA-Lib's abstract-interface defaults; `update(x, y)` takes any two series.
// Running sums of x, y, x*x, y*y and x*y kept as TA-Lib keeps them (the first window summed in
// order; then drop the oldest pair, add the new one), and
//   r = (Sxy - Sx*Sy/n) / sqrt((Sxx - Sx*Sx/n) * (Syy - Sy*Sy/n)),
// 0 when that product is below 1e-14 (TA_IS_ZERO_OR_NEG: a flat window in either series), so the
// numbers agree to the last bit (with the build's -ffp-contract=off on both sides). The sums of
// squares of raw prices cancel heavily, so r carries rounding noise (all of it at period 2, where r
// is +-1 in exact arithmetic): matching TA-Lib takes those same bits. Lookback period-1. Option:
// timeperiod >= 1 (default 30; period 1 gives 0). The ring is allocated once, at construction. Not
// thread-safe; copyable.
#pragma once

#include <cmath>
#include <vector>

#include "core/indicator.h"
#include "core/indicators/talib_arith.h"

namespace sp::core {

class Correl {
 public:
  static constexpr int kOutputs = 1;

  // REQUIRES: period >= 1.
  explicit Correl(int period = 30) : period_(period), ring_(static_cast<std::size_t>(period)) {}

  int lookback() const { return period_ - 1; }

  void update(const Bar& bar, double* out) { *out = update(bar.high, bar.low); }
  void peek(const Bar& bar, double* out) const { *out = peek(bar.high, bar.low); }

  double update(double x, double y) {
    Pair& slot = ring_[head_];
    sums_ = next(slot, x, y);
    slot = {x, y};
    head_ = head_ + 1 == ring_.size() ? 0 : head_ + 1;
    if (count_ < period_) ++count_;
    return count_ < period_ ? kNaN : coefficient(sums_);
  }

  double peek(double x, double y) const {
    if (count_ + 1 < period_) return kNaN;
    return coefficient(next(ring_[head_], x, y));
  }

  void reset() {
    sums_ = {};
    count_ = 0;
    head_ = 0;
  }

 private:
  struct Pair {
    double x = 0;
    double y = 0;
  };
  struct Sums {
    double x = 0, y = 0, xx = 0, yy = 0, xy = 0;
  };

  // The sums with (x, y) added and, once the window is full, `leaving` (the oldest pair) dropped
  // first, in TA-Lib's order.
  Sums next(const Pair& leaving, double x, double y) const {
    Sums s = sums_;
    if (count_ >= period_) {
      s.x -= leaving.x;
      s.xx -= leaving.x * leaving.x;
      s.xy -= leaving.x * leaving.y;
      s.y -= leaving.y;
      s.yy -= leaving.y * leaving.y;
    }
    s.x += x;
    s.xx += x * x;
    s.xy += x * y;
    s.y += y;
    s.yy += y * y;
    return s;
  }

  double coefficient(const Sums& s) const {
    const double spread = (s.xx - ((s.x * s.x) / period_)) * (s.yy - ((s.y * s.y) / period_));
    if (talib::is_zero_or_neg(spread)) return 0.0;
    return (s.xy - ((s.x * s.y) / period_)) / std::sqrt(spread);
  }

  int period_;
  std::vector<Pair> ring_;
  Sums sums_;             // over the last min(count_, period_) pairs
  int count_ = 0;         // pairs seen, up to period_
  std::size_t head_ = 0;  // the slot of the oldest pair once full
};

}  // namespace sp::core
