// MIDPOINT and MIDPRICE against TA-Lib on every real OHLCV file, and the sliding extremes beneath.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "core/indicators/factories.h"
#include "core/indicators/overlap/sliding_extreme.h"
#include "support/indicator_check.h"
#include "support/shared_data.h"
#include "support/talib_ref.h"

namespace sp::core {
namespace {

using sp::testing::check_indicator;
using sp::testing::IndicatorUnderTest;

const IndicatorUnderTest kMidpoint{"midpoint", factory::make_midpoint, factory::batch_midpoint, 1};
const IndicatorUnderTest kMidprice{"midprice", factory::make_midprice, factory::batch_midprice, 1};

TEST(Midpoint, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  for (const auto& file : sp::testing::market_files()) {
    const auto t = sp::testing::load_market_file(file);
    const int n = static_cast<int>(t.size());
    for (int period : {14, 2, 3, 30, 250}) {
      auto ref = sp::testing::talib_full<1>(t.size(), [&](int* b, int* nb, double* const* o) {
        return TA_MIDPOINT(0, n - 1, t.close.data(), period, b, nb, o[0]);
      });
      EXPECT_TRUE(
          check_indicator(kMidpoint, {double(period)}, t.view(), ref, TA_MIDPOINT_Lookback(period)))
          << file;
    }
    EXPECT_TRUE(sp::testing::check_nonfinite_policy(kMidpoint, {14}, t)) << file;
  }
}

TEST(Midprice, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  for (const auto& file : sp::testing::market_files()) {
    const auto t = sp::testing::load_market_file(file);
    const int n = static_cast<int>(t.size());
    for (int period : {14, 2, 3, 30, 250}) {
      auto ref = sp::testing::talib_full<1>(t.size(), [&](int* b, int* nb, double* const* o) {
        return TA_MIDPRICE(0, n - 1, t.high.data(), t.low.data(), period, b, nb, o[0]);
      });
      EXPECT_TRUE(
          check_indicator(kMidprice, {double(period)}, t.view(), ref, TA_MIDPRICE_Lookback(period)))
          << file;
    }
    EXPECT_TRUE(sp::testing::check_nonfinite_policy(kMidprice, {14}, t)) << file;
  }
}

// Against a brute-force scan, with many ties (values on a coarse grid) and monotone runs, which
// stress the deque's pops; peek must equal the update that follows.
TEST(SlidingExtreme, MatchesBruteForce) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> step(-3, 3);
  for (int period : {1, 2, 3, 7, 50}) {
    SlidingMax hi(period);
    SlidingMin lo(period);
    std::vector<double> xs;
    double x = 0;
    for (int i = 0; i < 2000; ++i) {
      x += (i / 100) % 3 == 0 ? 1 : step(rng);  // a rising run every third hundred
      xs.push_back(x);
      const std::size_t from = xs.size() > std::size_t(period) ? xs.size() - period : 0;
      const double want_hi = *std::max_element(xs.begin() + from, xs.end());
      const double want_lo = *std::min_element(xs.begin() + from, xs.end());
      ASSERT_EQ(hi.peek(x), want_hi) << "period " << period << " at " << i;
      ASSERT_EQ(lo.peek(x), want_lo) << "period " << period << " at " << i;
      hi.push(x);
      ASSERT_EQ(hi.value(), want_hi) << "period " << period << " at " << i;
      lo.push(x);
      ASSERT_EQ(lo.value(), want_lo) << "period " << period << " at " << i;
    }
  }
}

}  // namespace
}  // namespace sp::core
