// Lag: the value `period` bars ago, for MOM and ROC. A ring of `period` values allocated at
// construction; O(1) update and peek, no allocation after construction.
// REQUIRES: period >= 1. Not thread-safe; copyable.
#pragma once

#include <cstddef>
#include <vector>

namespace sp::core {

class Lag {
 public:
  explicit Lag(int period) : period_(period), ring_(static_cast<std::size_t>(period)) {}

  int period() const { return period_; }
  // True when the value `period` bars before the next one is known.
  bool full() const { return seen_ == period_; }
  // The value `period` bars before the next one. REQUIRES: full().
  double oldest() const { return ring_[head_]; }

  // Stores `x` as the newest value (dropping the oldest once full).
  void push(double x) {
    ring_[head_] = x;
    head_ = head_ + 1 == ring_.size() ? 0 : head_ + 1;
    if (seen_ < period_) ++seen_;
  }

  void reset() {
    head_ = 0;
    seen_ = 0;
  }

 private:
  int period_;
  std::vector<double> ring_;
  std::size_t head_ = 0;
  int seen_ = 0;  // values stored, saturating at period
};

}  // namespace sp::core
