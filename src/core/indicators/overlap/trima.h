// TRIMA: triangular moving average (TA-Lib TA_TRIMA): weights 1,2,..,n,..,2,1 over the last
// `period` closes, i.e. an SMA of an SMA (odd period p: SMA(SMA(x,(p+1)/2),(p+1)/2); even:
// SMA(SMA(x,p/2),p/2+1)).
//
// Computed as TA-Lib computes it, so the numbers agree to the last bit: a numerator of the weighted
// window and two running sums, numerator_sub_ over the older half and numerator_add_ over the newer
// half, moved by four adjustments a bar and multiplied by 1/(sum of weights). The first value is
// seeded by TA-Lib's own loops over the first window: that one bar costs O(period), every other bar
// O(1). Lookback period-1. REQUIRES: period >= 2. The ring of the last `period` values is allocated
// once, at construction. Not thread-safe; copyable.
#pragma once

#include <vector>

#include "core/indicator.h"

namespace sp::core {

class Trima : public OnClose<Trima> {
 public:
  using OnClose<Trima>::update;
  using OnClose<Trima>::peek;

  explicit Trima(int period = 30);

  int lookback() const { return period_ - 1; }

  double update(double x) {
    if (count_ == period_) {
      const double out = advance(sums_, x);
      ring_[head_] = x;
      head_ = head_ + 1 == ring_.size() ? 0 : head_ + 1;
      return out;
    }
    ring_[head_] = x;
    head_ = head_ + 1 == ring_.size() ? 0 : head_ + 1;
    if (++count_ < period_) return kNaN;
    return seed(sums_, [this](int j) { return ring_[j]; });
  }

  double peek(double x) const {
    if (count_ == period_) {
      Sums s = sums_;
      return advance(s, x);
    }
    if (count_ + 1 < period_) return kNaN;
    Sums s;
    return seed(s, [&](int j) { return j < count_ ? ring_[j] : x; });
  }

  void reset() {
    sums_ = Sums{};
    count_ = 0;
    head_ = 0;
  }

 private:
  struct Sums {
    double numerator = 0;
    double numerator_sub = 0;  // sum of the older half of the window (to the middle)
    double numerator_add = 0;  // sum of the newer half of the window (after the middle)
  };

  // TA-Lib's loops over the first window, value(j) being the j-th value, j in [0, period).
  template <class Value>
  double seed(Sums& s, Value value) const {
    const int middle = odd_ ? half_ : half_ - 1;
    for (int j = middle; j >= 0; --j) {
      s.numerator_sub += value(j);
      s.numerator += s.numerator_sub;
    }
    for (int j = middle + 1; j < period_; ++j) {
      s.numerator_add += value(j);
      s.numerator += s.numerator_add;
    }
    return s.numerator * factor_;
  }

  // One step of TA-Lib's loop for a new value x. REQUIRES: the window is full; ring_ holds the
  // previous `period` values, the oldest at head_.
  double advance(Sums& s, double x) const {
    const double oldest = ring_[head_];
    std::size_t m = head_ + middle_offset_;
    if (m >= ring_.size()) m -= ring_.size();
    const double middle = ring_[m];
    s.numerator -= s.numerator_sub;
    s.numerator_sub -= oldest;
    s.numerator_sub += middle;
    if (odd_) {
      s.numerator += s.numerator_add;
      s.numerator_add -= middle;
    } else {
      s.numerator_add -= middle;
      s.numerator += s.numerator_add;
    }
    s.numerator_add += x;
    s.numerator += x;
    return s.numerator * factor_;
  }

  int period_;
  int half_;  // period / 2, rounded down
  bool odd_;
  double factor_;              // 1 / (sum of the weights)
  std::size_t middle_offset_;  // from the oldest value to the one crossing the middle
  std::vector<double> ring_;
  Sums sums_;
  int count_ = 0;  // values seen, capped at period
  std::size_t head_ = 0;
};

}  // namespace sp::core
