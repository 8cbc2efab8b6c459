// TRIMA: triangular moving average (TA-Lib TA_TRIMA): weights 1,2,..,n,..,2,1 over the last
// `period` closes, i.e. an SMA of an SMA (odd period p: SMA(SMA(x,(p+1)/2),(p+1)/2); even:
// SMA(SMA(x,p/2),p/2+1)). Lookback period-1. REQUIRES: period >= 2. Two forms:
//
// Trima: computed as TA-Lib computes it, so the numbers agree to the last bit: a numerator of the
// weighted window and two running sums, numerator_sub_ over the older half and numerator_add_ over
// the newer half, moved by four adjustments a bar and multiplied by 1/(sum of weights). The first
// value is seeded by TA-Lib's own loops over the first window: that one bar costs O(period), every
// other bar O(1). MA type 5 inside other indicators (STOCH, STOCHF, PPO, APO, BBANDS) uses this
// one: STOCHF's %D of a %K near 0 follows TA-Lib's rounding drift to within 1e-9 only if it drifts
// the same way.
//
// TrimaSmaOfSma: the TRIMA indicator itself (`trima`, streaming and batch). With m1 + m2 = p + 1
// the two SMA lengths, S1[i] the sum of the last m1 closes and T[i] the sum of the last m2 S1's,
// the value is T * (1 / (m1 m2)), and T moves by two running sums:
//   e[i] = (x[i] - x[i-m1]) - (x[i-m2] - x[i-p-1])    (S1[i]-S1[i-1], less the same m2 bars ago)
//   U[i] = U[i-1] + e[i]                               (= S1[i] - S1[i-m2])
//   T[i] = T[i-1] + U[i]
// (closes before the first are 0). One add a bar on each carried chain where TA-Lib's numerator
// has three dependent ones, and the batch kernel (trima.cc) advances both 8 bars at a time by
// prefix sums. T adds up U's rounding drift (growing like n^1.5, as WMA's weighted sum does), so
// both are recomputed from the window at the first value and after every max(64, 8p) further bars
// (O(period), at most 1/8 of an add a bar), at the same bars in both forms: they stay within
// ~1e-14 of the exact value and of each other, and within TA-Lib's own drift of TA-Lib. Not
// TA-Lib's order of rounding (see the README's "Matching TA-Lib").
//
// Both: the ring of the last values is allocated once, at construction. Not thread-safe; copyable.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
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

class TrimaSmaOfSma : public OnClose<TrimaSmaOfSma> {
 public:
  using OnClose<TrimaSmaOfSma>::update;
  using OnClose<TrimaSmaOfSma>::peek;

  explicit TrimaSmaOfSma(int period = 30);

  int lookback() const { return period_ - 1; }
  int short_window() const { return m1_; }  // m1
  int long_window() const { return m2_; }   // m2
  double factor() const { return factor_; }
  std::size_t reseed_every() const { return reseed_every_; }

  double update(double x) {
    const std::uint64_t i = bars_;
    ++bars_;
    if (bars_ < static_cast<std::uint64_t>(period_)) {  // warm-up: only kept
      ring_[i & mask_] = x;
      return kNaN;
    }
    if (bars_ == static_cast<std::uint64_t>(period_)) {  // the first value: from the window
      ring_[i & mask_] = x;
      reseed(i);
      return t_ * factor_;
    }
    const double e = step(i, x);  // reads the ring before x takes the oldest slot
    ring_[i & mask_] = x;
    u_ += e;
    t_ += u_;
    const double out = t_ * factor_;
    if (++since_reseed_ == reseed_every_) reseed(i);
    return out;
  }

  double peek(double x) const {
    const std::uint64_t i = bars_;
    if (i + 1 < static_cast<std::uint64_t>(period_)) return kNaN;
    if (i + 1 == static_cast<std::uint64_t>(period_)) {
      double u, t;
      sums(i, x, u, t);
      return t * factor_;
    }
    const double u = u_ + step(i, x);
    return (t_ + u) * factor_;
  }

  void reset() {
    for (double& v : ring_) v = 0;
    u_ = t_ = 0;
    bars_ = 0;
    since_reseed_ = 0;
  }

  // U and T of the window ending at bar i from values value(j) (j <= i; 0 for j < 0), summed
  // afresh in the order the batch kernel also uses.
  template <class Value>
  static void window_sums(int period, int m1, int m2, std::int64_t i, Value value, double& u,
                          double& t) {
    double s_new = 0, s_old = 0, w = 0;
    for (int l = 0; l < m1; ++l) {
      s_new += value(i - l);
      s_old += value(i - m2 - l);
    }
    for (int j = 0; j < period; ++j) {
      const int weight = std::min(std::min(j + 1, period - j), std::min(m1, m2));
      w += value(i - j) * weight;
    }
    u = s_new - s_old;
    t = w;
  }

 private:
  double at(std::uint64_t j) const { return ring_[j & mask_]; }
  // e[i] for a new value x at bar i >= period (the ring holds bars i-p-1 .. i-1).
  double step(std::uint64_t i, double x) const {
    return (x - at(i - m1_)) - (at(i - m2_) - at(i - period_ - 1));
  }
  void sums(std::uint64_t i, double x, double& u, double& t) const {
    window_sums(
        period_, m1_, m2_, static_cast<std::int64_t>(i),
        [&](std::int64_t j) {
          if (j < 0) return 0.0;
          return static_cast<std::uint64_t>(j) == i ? x : at(static_cast<std::uint64_t>(j));
        },
        u, t);
  }
  // Replaces the running sums by the window's, bar i being the newest (already in the ring).
  void reseed(std::uint64_t i) {
    sums(i, at(i), u_, t_);
    since_reseed_ = 0;
  }

  int period_;
  int m1_, m2_;    // the inner and outer SMA lengths, m1 + m2 = period + 1
  double factor_;  // 1 / (m1 m2), the sum of the weights
  std::size_t reseed_every_;
  std::vector<double> ring_;  // bar j at ring_[j & mask_]; size a power of two > period
  std::uint64_t mask_;
  double u_ = 0, t_ = 0;
  std::uint64_t bars_ = 0;
  std::size_t since_reseed_ = 0;
};

}  // namespace sp::core
