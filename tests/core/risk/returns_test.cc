// Returns and the equity curve against hand computation.
#include "core/risk/returns.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace sp::core::risk {
namespace {

TEST(Returns, SimpleAndLogByHand) {
  const std::vector<double> prices = {100, 110, 99, 99};
  auto s = simple_returns(prices);
  auto l = log_returns(prices);
  ASSERT_TRUE(s) << s.error();
  ASSERT_TRUE(l) << l.error();
  ASSERT_EQ(s->size(), 3u);
  EXPECT_NEAR((*s)[0], 0.1, 1e-15);
  EXPECT_NEAR((*s)[1], -0.1, 1e-15);
  EXPECT_DOUBLE_EQ((*s)[2], 0.0);
  EXPECT_DOUBLE_EQ((*l)[0], std::log(1.1));
  EXPECT_DOUBLE_EQ((*l)[1], std::log(0.9));
  EXPECT_DOUBLE_EQ((*l)[2], 0.0);
  // Log returns add up over time to the log of the total move.
  EXPECT_NEAR((*l)[0] + (*l)[1] + (*l)[2], std::log(99.0 / 100.0), 1e-15);
}

TEST(Returns, EquityCurveInvertsSimpleReturns) {
  const std::vector<double> prices = {50, 51.5, 49.25, 60, 58.125};
  auto r = simple_returns(prices);
  ASSERT_TRUE(r);
  const auto curve = equity_curve(*r, prices[0]);
  ASSERT_EQ(curve.size(), prices.size());
  for (std::size_t i = 0; i < prices.size(); ++i) EXPECT_NEAR(curve[i], prices[i], 1e-12);
}

TEST(Returns, RejectsBadPrices) {
  const std::vector<double> nan_price = {1, 2, NAN, 3};
  auto r = simple_returns(nan_price);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("prices[2] is NaN"), std::string::npos) << r.error();

  const std::vector<double> zero = {1, 0, 3};
  auto z = log_returns(zero);
  ASSERT_FALSE(z);
  EXPECT_NE(z.error().find("prices[1]"), std::string::npos) << z.error();
  EXPECT_NE(z.error().find("positive"), std::string::npos) << z.error();

  const std::vector<double> one = {1};
  EXPECT_FALSE(simple_returns(one));
}

}  // namespace
}  // namespace sp::core::risk
