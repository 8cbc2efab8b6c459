// SlidingMax / SlidingMin: the highest / lowest of the last `window` values of a stream: the
// highest high and lowest low of MIDPOINT, MIDPRICE, the stochastics (STOCH, STOCHF, STOCHRSI) and
// Williams' %R.
//
// Contract: push is amortised O(1), value() and peek() are O(1); peek changes nothing and gives
// exactly what value() gives after the same push. The value is the true extreme of the window (of
// everything pushed while fewer than `window` values are in), the same number TA-Lib finds by
// rescanning: its tie-breaking moves the index it remembers, never the value.
// REQUIRES: window >= 1; no NaN pushed. No allocation after construction. Not thread-safe;
// copyable.
//
// Method: van Herk / Gil-Werman blocks rather than a monotonic deque. The stream is cut into blocks
// of `window` values; the window ending today is a suffix of the previous block plus a prefix of
// the current one. We keep the running extreme of the current block's prefix, and when a block
// fills, the extremes of all its suffixes (one pass over `window` values, every `window` pushes).
// A push is then a store and a max, without a data-dependent branch. Measured on this project's
// machine (1M random-walk bars, window 14, highest and lowest together): 1.5 ms, where a monotonic
// deque over a ring took 45-55 ms (its pop loop and the load of the value it has just stored sit
// on the critical path and mispredict) and TA-Lib's rescan 13.5 ms. Two arrays of `window` doubles,
// allocated at construction.
#pragma once

#include <cstddef>
#include <limits>
#include <vector>

namespace sp::core {

template <class Order>
class SlidingExtreme {
 public:
  explicit SlidingExtreme(int window)
      : window_(static_cast<std::size_t>(window)), block_(window_), suffix_(window_ + 1) {
    reset();
  }

  int window() const { return static_cast<int>(window_); }

  void push(double x) {
    block_[filled_] = x;
    prefix_ = Order::pick(prefix_, x);
    if (++filled_ == window_) [[unlikely]]
      seal();
  }

  // The extreme of the last min(window, pushed) values; Order::kNone before any push.
  double value() const { return Order::pick(suffix_[filled_], prefix_); }

  // What value() would be after push(x).
  double peek(double x) const { return Order::pick(suffix_[filled_ + 1], Order::pick(prefix_, x)); }

  void reset() {
    for (double& s : suffix_) s = Order::kNone;
    prefix_ = Order::kNone;
    filled_ = 0;
  }

 private:
  // The current block is full: it becomes the previous block, summarised by its suffix extremes.
  void seal() {
    double m = Order::kNone;
    for (std::size_t j = window_; j-- > 0;) {
      m = Order::pick(block_[j], m);
      suffix_[j] = m;
    }
    prefix_ = Order::kNone;
    filled_ = 0;
  }

  std::size_t window_;
  std::vector<double> block_;   // the current block; block_[0, filled_) are its values so far
  std::vector<double> suffix_;  // suffix_[j]: extreme of the previous block's values j..window-1;
                                // suffix_[window] = kNone (the previous block is out of the window)
  double prefix_;               // extreme of block_[0, filled_)
  std::size_t filled_;
};

struct HighestOrder {
  static constexpr double kNone = -std::numeric_limits<double>::infinity();
  static double pick(double a, double b) { return a > b ? a : b; }
};
struct LowestOrder {
  static constexpr double kNone = std::numeric_limits<double>::infinity();
  static double pick(double a, double b) { return a < b ? a : b; }
};

using SlidingMax = SlidingExtreme<HighestOrder>;
using SlidingMin = SlidingExtreme<LowestOrder>;

}  // namespace sp::core
