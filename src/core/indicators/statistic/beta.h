// BETA: the beta of one series' one-bar returns against another's over the last `period` bars
// (TA-Lib TA_BETA).
//
// Inputs: real0 and real1. Through the registry and the Bar forms these are the bar's high (real0)
// and low (real1), TA-Lib's abstract-interface defaults; `update(x, y)` takes any two series.
// Each bar after the first gives the returns x = (p0 - p0_prev) / p0_prev and likewise y
// (0 when the previous price is within 1e-14 of zero, TA_IS_ZERO). Over the last `period` returns,
//   beta = (n*Sxy - Sx*Sy) / (n*Sxx - Sx*Sx),
// 0 when the denominator is within 1e-14 of zero, with TA-Lib's running sums (add the new returns,
// output, drop the oldest), so the numbers agree to the last bit. That is the slope of real1's
// returns regressed on real0's (TA-Lib's text calls real0 the stock and real1 the index; we keep
// its arithmetic). Lookback `period` (the first bar only gives prices). Option: timeperiod >= 1
// (default 5; period 1 gives 0). The ring is allocated once, at construction. Not thread-safe;
// copyable.
#pragma once

#include <vector>

#include "core/indicator.h"
#include "core/indicators/talib_arith.h"

namespace sp::core {

class Beta {
 public:
  static constexpr int kOutputs = 1;

  // REQUIRES: period >= 1.
  explicit Beta(int period = 5)
      : period_(period), n_(period), ring_(static_cast<std::size_t>(period)) {}

  int lookback() const { return period_; }

  void update(const Bar& bar, double* out) { *out = update(bar.high, bar.low); }
  void peek(const Bar& bar, double* out) const { *out = peek(bar.high, bar.low); }

  double update(double p0, double p1) {
    if (!started_) {
      last_ = {p0, p1};
      started_ = true;
      return kNaN;
    }
    const Returns r = returns(p0, p1);
    last_ = {p0, p1};
    ring_[head_] = r;
    sums_ = add(r);
    head_ = head_ + 1 == ring_.size() ? 0 : head_ + 1;  // now the oldest returns in the window
    if (count_ + 1 < period_) {
      ++count_;
      return kNaN;
    }
    const double out = beta(sums_);
    const Returns& leaving = ring_[head_];
    sums_.xx -= leaving.x * leaving.x;
    sums_.xy -= leaving.x * leaving.y;
    sums_.x -= leaving.x;
    sums_.y -= leaving.y;
    count_ = period_;
    return out;
  }

  double peek(double p0, double p1) const {
    if (!started_ || count_ + 1 < period_) return kNaN;
    return beta(add(returns(p0, p1)));
  }

  void reset() {
    sums_ = {};
    last_ = {};
    count_ = 0;
    head_ = 0;
    started_ = false;
  }

 private:
  struct Prices {
    double p0 = 0;
    double p1 = 0;
  };
  struct Returns {
    double x = 0;
    double y = 0;
  };
  struct Sums {
    double xx = 0, xy = 0, x = 0, y = 0;
  };

  static double change(double price, double last) {
    return talib::is_zero(last) ? 0.0 : (price - last) / last;  // TA_IS_ZERO
  }
  Returns returns(double p0, double p1) const {
    return {change(p0, last_.p0), change(p1, last_.p1)};
  }

  Sums add(const Returns& r) const {
    Sums s = sums_;
    s.xx += r.x * r.x;
    s.xy += r.x * r.y;
    s.x += r.x;
    s.y += r.y;
    return s;
  }

  double beta(const Sums& s) const {
    const double denominator = (n_ * s.xx) - (s.x * s.x);
    if (talib::is_zero(denominator)) return 0.0;
    return ((n_ * s.xy) - (s.x * s.y)) / denominator;
  }

  int period_;
  double n_;
  std::vector<Returns> ring_;
  Sums sums_;      // of the last period-1 returns between updates (fewer while warming up)
  Prices last_;    // the previous bar's prices
  int count_ = 0;  // returns seen, up to period_
  std::size_t head_ = 0;
  bool started_ = false;
};

}  // namespace sp::core
