// Beta, Sharpe, Sortino and maximum drawdown against hand formulas and known paths.
#include "core/risk/performance.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace sp::core::risk {
namespace {

TEST(Beta, OfALinearFunctionOfTheMarketIsItsSlope) {
  const std::vector<double> market = {0.01, -0.02, 0.015, 0.003, -0.007, 0.02};
  std::vector<double> asset(market.size());
  for (std::size_t i = 0; i < market.size(); ++i) asset[i] = 0.0002 + 1.7 * market[i];
  auto b = beta(asset, market);
  ASSERT_TRUE(b) << b.error();
  EXPECT_NEAR(*b, 1.7, 1e-14);
  EXPECT_NEAR(*beta(market, market), 1.0, 1e-15);

  const std::vector<double> short_one = {0.01, 0.02};
  auto e = beta(short_one, market);
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().find("align"), std::string::npos) << e.error();
  const std::vector<double> flat = {0.01, 0.01, 0.01, 0.01, 0.01, 0.01};
  EXPECT_FALSE(beta(asset, flat));
}

TEST(Beta, ByHandCovarianceOverVariance) {
  const std::vector<double> a = {0.02, -0.01, 0.03, 0.0};
  const std::vector<double> m = {0.01, -0.02, 0.02, 0.01};
  // means: a 0.01, m 0.005; sum (da dm) = 0.01*0.005 + -0.02*-0.025 + 0.02*0.015 + -0.01*0.005
  //   = 0.00005 + 0.0005 + 0.0003 - 0.00005 = 0.0008; sum dm^2 = 0.000025 + 0.000625 + 0.000225
  //   + 0.000025 = 0.0009.
  EXPECT_NEAR(*beta(a, m), 0.0008 / 0.0009, 1e-13);
}

TEST(SharpeRatio, HandFormula) {
  const std::vector<double> r = {0.01, 0.02, -0.005, 0.0, 0.015};
  const double mean = 0.008;
  double ss = 0;
  for (double x : r) ss += (x - mean) * (x - mean);
  const double sd = std::sqrt(ss / 4);
  EXPECT_NEAR(*sharpe_ratio(r, 0.0, 252), mean / sd * std::sqrt(252.0), 1e-12);
  EXPECT_NEAR(*sharpe_ratio(r, 0.0252, 252), (mean - 0.0001) / sd * std::sqrt(252.0), 1e-12);
  EXPECT_NEAR(*sharpe_ratio(r, 0.0, 12), mean / sd * std::sqrt(12.0), 1e-12);
  EXPECT_FALSE(sharpe_ratio(r, 0.0, 0));
}

TEST(SortinoRatio, HandFormula) {
  const std::vector<double> r = {0.01, 0.02, -0.005, 0.0, -0.015};
  // Target 0: downside terms -0.005 and -0.015 over all 5 periods.
  const double dd = std::sqrt((0.005 * 0.005 + 0.015 * 0.015) / 5);
  const double mean = 0.002;
  EXPECT_NEAR(downside_deviation(r, 0.0), dd, 1e-16);
  EXPECT_NEAR(*sortino_ratio(r, 0.0, 252), mean / dd * std::sqrt(252.0), 1e-12);
  // Target 2.52% a year = 0.0001 a day: every period's shortfall is measured from it.
  double s = 0;
  for (double x : r) s += std::pow(std::fmin(x - 0.0001, 0.0), 2);
  EXPECT_NEAR(*sortino_ratio(r, 0.0252, 252), (mean - 0.0001) / std::sqrt(s / 5) * std::sqrt(252.0),
              1e-12);
  // Nothing below the target: +infinity, by IEEE division.
  const std::vector<double> up = {0.01, 0.02, 0.03};
  EXPECT_EQ(*sortino_ratio(up), INFINITY);
}

TEST(MaximumDrawdown, KnownPath) {
  //                               0    1    2   3   4    5    6   7    8
  const std::vector<double> c = {100, 120, 90, 110, 60, 130, 117, 125, 140};
  auto d = maximum_drawdown(c);
  ASSERT_TRUE(d) << d.error();
  EXPECT_DOUBLE_EQ(d->depth, 0.5);  // 120 -> 60
  EXPECT_EQ(d->peak, 1u);
  EXPECT_EQ(d->trough, 4u);
  EXPECT_EQ(d->recovery, 5u);

  const std::vector<double> never = {100, 80, 50, 70};
  auto n = maximum_drawdown(never);
  EXPECT_DOUBLE_EQ(n->depth, 0.5);
  EXPECT_EQ(n->peak, 0u);
  EXPECT_EQ(n->trough, 2u);
  EXPECT_EQ(n->recovery, Drawdown::npos);

  const std::vector<double> rising = {1, 2, 3};
  auto r = maximum_drawdown(rising);
  EXPECT_EQ(r->depth, 0.0);
  EXPECT_EQ(r->recovery, Drawdown::npos);

  const std::vector<double> bad = {1, -2, 3};
  auto e = maximum_drawdown(bad);
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().find("curve[1]"), std::string::npos) << e.error();
}

}  // namespace
}  // namespace sp::core::risk
