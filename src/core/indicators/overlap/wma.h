// WMA: linearly weighted moving average of the last `period` closes (TA-Lib TA_WMA).
//
// Weights 1..period, newest heaviest, divided by period*(period+1)/2. Kept as TA-Lib keeps it: a
// weighted sum and a plain sum of the window, the new value added `period` times to the first and
// the plain sum subtracted after each output; bit for bit TA-Lib's until the first re-seed.
// Re-seed: every max(64, 8*period) values both sums are recomputed from the ring (O(period), so
// amortised at most 1/8 of an add a bar). TA-Lib's weighted sum adds up the rounding drift of its
// plain sum, which grows like n^1.5: 1e-12 relative after a few thousand bars of real data, more
// than the 1e-12 allowed between streaming and batch, whose vectorised kernel
// (kernels/window_sum.h) re-seeds too. Re-seeded, both stay within ~1e-14 of the exact value, and
// within TA-Lib's own drift of TA-Lib. The re-seed happens between bars, so peek still equals
// update. Lookback period-1. REQUIRES: period >= 2 (TA_MA's period 1 is MovingAverage's identity).
// The ring of the last `period` values is allocated once, at construction. Not thread-safe;
// copyable.
#pragma once

#include <vector>

#include "core/indicator.h"

namespace sp::core {

class Wma : public OnClose<Wma> {
 public:
  using OnClose<Wma>::update;
  using OnClose<Wma>::peek;

  explicit Wma(int period = 30)
      : period_(period),
        divider_((period * (period + 1)) >> 1),
        reseed_every_(period < 8 ? 64 : period * 8),
        ring_(static_cast<std::size_t>(period)) {}

  int lookback() const { return period_ - 1; }

  double update(double x) {
    ring_[head_] = x;
    head_ = head_ + 1 == ring_.size() ? 0 : head_ + 1;
    if (count_ < period_ - 1) {
      ++count_;
      period_sub_ += x;
      period_sum_ += x * count_;
      return kNaN;
    }
    period_sub_ += x;
    period_sub_ -= trailing_;
    period_sum_ += x * period_;
    trailing_ = ring_[head_];  // the oldest value of the window, dropped at the next bar
    const double out = period_sum_ / divider_;
    period_sum_ -= period_sub_;
    if (++since_reseed_ == reseed_every_) reseed();
    return out;
  }

  double peek(double x) const {
    return count_ < period_ - 1 ? kNaN : (period_sum_ + x * period_) / divider_;
  }

  void reset() {
    period_sum_ = period_sub_ = trailing_ = 0;
    count_ = 0;
    head_ = 0;
    since_reseed_ = 0;
  }

 private:
  // The sums as they stand between bars, from the ring: the plain sum of the window, and the
  // weighted sum less it (weights period-1 .. 0, newest heaviest: the oldest, trailing_, drops
  // out).
  void reseed() {
    double sub = 0, sum = 0;
    std::size_t at = head_;  // the oldest value
    for (int j = 0; j < period_; ++j) {
      const double v = ring_[at];
      sub += v;
      sum += v * j;
      at = at + 1 == ring_.size() ? 0 : at + 1;
    }
    period_sub_ = sub;
    period_sum_ = sum;
    since_reseed_ = 0;
  }

  int period_;
  int divider_;
  int reseed_every_;
  std::vector<double> ring_;
  double period_sum_ = 0;  // weighted sum of the window, less the plain sum, between bars
  double period_sub_ = 0;  // plain sum of the window
  double trailing_ = 0;    // the value leaving the window at the next bar (0 before the first)
  int count_ = 0;          // values seen, capped at period-1
  int since_reseed_ = 0;   // values output since the last re-seed
  std::size_t head_ = 0;
};

}  // namespace sp::core
