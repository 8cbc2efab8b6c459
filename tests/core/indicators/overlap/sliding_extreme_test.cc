// SlidingMax / SlidingMin against a brute-force scan, with ties, every window size from 1 to 12
// (block boundaries fall everywhere), and after reset();
// peek must give exactly what push then value() gives, without changing anything.
#include "core/indicators/overlap/sliding_extreme.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace sp::core {
namespace {

TEST(SlidingExtreme, MatchesBruteForceWithTies) {
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> small(0, 6);  // few distinct values: many ties
  std::vector<double> xs(500);
  for (double& x : xs) x = small(rng) * 0.5;
  for (int window = 1; window <= 12; ++window) {
    SlidingMax hi(window);
    SlidingMin lo(window);
    for (int pass = 0; pass < 2; ++pass) {
      for (std::size_t i = 0; i < xs.size(); ++i) {
        const std::size_t first = i + 1 >= static_cast<std::size_t>(window) ? i + 1 - window : 0;
        const double want_hi = *std::max_element(xs.begin() + first, xs.begin() + i + 1);
        const double want_lo = *std::min_element(xs.begin() + first, xs.begin() + i + 1);
        const double peek_hi = hi.peek(xs[i]), peek_lo = lo.peek(xs[i]);
        EXPECT_EQ(hi.peek(xs[i]), peek_hi);  // peek changed nothing
        hi.push(xs[i]);
        lo.push(xs[i]);
        ASSERT_EQ(hi.value(), want_hi) << "window " << window << " at " << i;
        ASSERT_EQ(lo.value(), want_lo) << "window " << window << " at " << i;
        ASSERT_EQ(peek_hi, want_hi) << "window " << window << " at " << i;
        ASSERT_EQ(peek_lo, want_lo) << "window " << window << " at " << i;
      }
      hi.reset();
      lo.reset();
    }
  }
}

// Falling values: the highest is always the oldest in the window, so it expires every push, the
// case that makes a rescan O(window).
TEST(SlidingExtreme, FallingValuesExpireTheHighestEveryPush) {
  SlidingMax hi(5);
  SlidingMin lo(5);
  for (int i = 0; i < 100; ++i) {
    hi.push(-i);
    lo.push(-i);
    EXPECT_EQ(hi.value(), -std::max(0, i - 4));
    EXPECT_EQ(lo.value(), -i);
  }
}

}  // namespace
}  // namespace sp::core
