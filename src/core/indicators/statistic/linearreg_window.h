// LinearRegWindow: the least-squares sums TA-Lib's linear-regression family (TA_LINEARREG,
// TA_LINEARREG_SLOPE) fits over the last `period` values, kept in O(1) per value.
//
// TA-Lib's x counts bars back from the newest value (x = period-1 for the oldest, 0 for the
// newest): SumY = sum y, SumXY = sum x*y, both summed oldest first, and its divisor
// SumX^2 - period * SumXSqr has the opposite sign of the textbook one, so the slope
// (period * SumXY - SumX * SumY) / divisor is the change per bar forward in time.
//
// TA-Lib recomputes SumY and SumXY from the window at every bar (O(period)). Here they slide in
// O(1): SumXY' = SumXY + SumY - period * y_leaving, SumY' = SumY - y_leaving + y_new. Every
// `period` values (when the ring wraps) both sums are recomputed from the ring exactly as TA-Lib
// does, so the sliding rounding never builds up beyond `period` steps (amortised O(1); relative
// differences from TA-Lib are ~1e-13 on real data, within the 1e-9 contract). SumX, SumXSqr and the
// divisor are computed in 64-bit integers: TA-Lib computes SumXSqr in `int`, which overflows (UB)
// for period >= 1291 with this build (GCC, -O3), giving wrong values there; ours stay right.
// The ring is allocated once, at construction. Not thread-safe; copyable.
#pragma once

#include <cstdint>
#include <vector>

namespace sp::core {

class LinearRegWindow {
 public:
  struct Sums {
    double sum_y = 0;
    double sum_xy = 0;
  };

  // REQUIRES: period >= 2.
  explicit LinearRegWindow(int period)
      : period_(period),
        n_(period),
        sum_x_(static_cast<double>(std::int64_t{period} * (period - 1)) * 0.5),
        divisor_(sum_x_ * sum_x_ - n_ * static_cast<double>(std::int64_t{period} * (period - 1) *
                                                            (2 * std::int64_t{period} - 1) / 6)),
        ring_(static_cast<std::size_t>(period)) {}

  int period() const { return period_; }

  // Slides `y` in. False while fewer than `period` values have been seen; else writes the sums.
  bool update(double y, Sums* out) {
    const std::size_t slot = head_;
    const double leaving = ring_[slot];
    ring_[slot] = y;
    head_ = slot + 1 == ring_.size() ? 0 : slot + 1;
    if (head_ == 0) {  // the ring holds the window oldest first: recompute as TA-Lib does
      sums_ = exact(y);
      full_ = true;
    } else if (!full_) {
      return false;
    } else {
      sums_ = slide(leaving, y);
    }
    *out = sums_;
    return true;
  }

  // What update(y) would write, without changing the window.
  bool peek(double y, Sums* out) const {
    const std::size_t slot = head_;
    if (slot + 1 == ring_.size()) {
      *out = exact(y);
      return true;
    }
    if (!full_) return false;
    *out = slide(ring_[slot], y);
    return true;
  }

  void reset() {
    sums_ = {};
    head_ = 0;
    full_ = false;
  }

  // TA-Lib's m: the slope per bar.
  double slope(const Sums& s) const { return slope_of(s.sum_y, s.sum_xy); }
  // TA-Lib's b + m * (period - 1): the fitted line at the newest bar.
  double value_at_newest(const Sums& s) const { return value_at_newest_of(s.sum_y, s.sum_xy); }
  // The same two for T = double or kernels::simd::v4d (four bars at once, the same operations per
  // lane, so the same bits): the batch kernel's finish (linearreg_kernel.h).
  template <class T>
  T slope_of(T sum_y, T sum_xy) const {
    return (n_ * sum_xy - sum_x_ * sum_y) / divisor_;
  }
  template <class T>
  T value_at_newest_of(T sum_y, T sum_xy) const {
    const T m = slope_of(sum_y, sum_xy);
    const T b = (sum_y - m * sum_x_) / n_;
    return b + m * (n_ - 1);
  }

 private:
  // ring_[0 .. period-2] oldest first, then `newest`, in TA-Lib's loop order.
  Sums exact(double newest) const {
    Sums s;
    const int last = period_ - 1;
    for (int k = 0; k < last; ++k) {
      const double y = ring_[static_cast<std::size_t>(k)];
      s.sum_y += y;
      s.sum_xy += static_cast<double>(last - k) * y;
    }
    s.sum_y += newest;
    s.sum_xy += 0.0 * newest;
    return s;
  }

  Sums slide(double leaving, double newest) const {
    Sums s;
    s.sum_xy = sums_.sum_xy + (sums_.sum_y - n_ * leaving);
    s.sum_y = sums_.sum_y + (newest - leaving);
    return s;
  }

  int period_;
  double n_;  // period as a double, as TA-Lib promotes it
  double sum_x_;
  double divisor_;
  std::vector<double> ring_;
  Sums sums_;             // over the current window once full_
  std::size_t head_ = 0;  // the slot the next value goes in: the oldest value once full_
  bool full_ = false;
};

}  // namespace sp::core
