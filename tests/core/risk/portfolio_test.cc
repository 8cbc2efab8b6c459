// risk_report: each field against the building block that defines it, computed independently.
#include "core/risk/portfolio.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "core/risk/returns.h"

namespace sp::core::risk {
namespace {

// Three correlated random-walk price series of 400 days.
std::vector<std::vector<double>> three_assets() {
  std::mt19937_64 g(17);
  auto u = [&] { return static_cast<double>(g() >> 11) * 0x1.0p-53 - 0.5; };
  std::vector<std::vector<double>> p(3, std::vector<double>{100.0});
  for (int t = 0; t < 400; ++t) {
    const double market = 0.03 * u();
    p[0].push_back(p[0].back() * (1 + 0.0003 + market));
    p[1].push_back(p[1].back() * (1 + 0.0001 + 1.3 * market + 0.02 * u()));
    p[2].push_back(p[2].back() * (1 + 0.0005 + 0.5 * market + 0.03 * u()));
  }
  return p;
}

TEST(RiskReport, EveryFieldMatchesItsDefinition) {
  const auto prices = three_assets();
  for (const VarMethod method : {VarMethod::kHistorical, VarMethod::kParametric,
                                 VarMethod::kCornishFisher, VarMethod::kMonteCarlo}) {
    RiskOptions o;
    o.weights = {0.2, 0.5, 0.3};
    o.method = method;
    o.horizon_days = 5;
    o.confidence = 0.975;
    o.risk_free_rate = 0.02;
    o.mc_paths = 20000;
    auto rep = risk_report(prices, o);
    ASSERT_TRUE(rep) << rep.error();
    const RiskReport& r = *rep;
    ASSERT_EQ(r.assets, 3u);
    ASSERT_EQ(r.observations, 400u);
    EXPECT_EQ(r.method, method);
    EXPECT_EQ(r.horizon_days, 5);

    std::vector<std::vector<double>> ar;
    for (const auto& p : prices) ar.push_back(*simple_returns(p));
    std::vector<double> rp(400);
    for (std::size_t t = 0; t < 400; ++t) {
      rp[t] = 0.2 * ar[0][t] + 0.5 * ar[1][t] + 0.3 * ar[2][t];
      for (int a = 0; a < 3; ++a) EXPECT_EQ(r.asset_returns[a][t], ar[a][t]);
      EXPECT_NEAR(r.portfolio_returns[t], rp[t], 1e-17);
    }
    EXPECT_NEAR(r.volatility, *annualised_volatility(rp), 1e-14);
    auto ewma = ewma_volatility(rp);
    EXPECT_NEAR(r.ewma_volatility, ewma->back(), 1e-14);
    EXPECT_NEAR(r.sharpe_ratio, *sharpe_ratio(rp, 0.02), 1e-12);
    EXPECT_NEAR(r.sortino_ratio, *sortino_ratio(rp, 0.0), 1e-12);
    EXPECT_NEAR(r.beta, *beta(rp, ar[0]), 1e-12);
    auto dd = maximum_drawdown(equity_curve(rp));
    EXPECT_NEAR(r.max_drawdown.depth, dd->depth, 1e-14);
    EXPECT_EQ(r.max_drawdown.peak, dd->peak);
    EXPECT_EQ(r.max_drawdown.trough, dd->trough);

    // Covariance against two-pass; correlation from it.
    for (int i = 0; i < 3; ++i) {
      double mi = 0;
      for (double x : ar[i]) mi += x / 400;
      EXPECT_NEAR(r.asset_mean_returns[i], mi, 1e-16);
      for (int j = 0; j < 3; ++j) {
        double mj = 0;
        for (double x : ar[j]) mj += x / 400;
        double c = 0;
        for (int t = 0; t < 400; ++t) c += (ar[i][t] - mi) * (ar[j][t] - mj);
        EXPECT_NEAR(r.covariance[i * 3 + j], c / 399, 1e-16);
      }
      EXPECT_NEAR(r.asset_volatilities[i], std::sqrt(r.covariance[i * 4] * 252), 1e-15);
      EXPECT_EQ(r.correlation[i * 4], 1.0);
    }

    TailRisk want;
    if (method == VarMethod::kMonteCarlo) {
      want = *monte_carlo_var(r.asset_mean_returns, r.covariance, o.weights, 0.975, 5, 20000, 42);
      EXPECT_EQ(r.tail_risk.value_at_risk, want.value_at_risk);  // same seed, same numbers
    } else {
      want = *value_at_risk(rp, VarOptions{0.975, 5, method, 0, 0});
    }
    EXPECT_NEAR(r.tail_risk.value_at_risk, want.value_at_risk, 1e-14) << to_string(method);
    EXPECT_NEAR(r.tail_risk.expected_shortfall, want.expected_shortfall, 1e-14)
        << to_string(method);
  }
}

TEST(RiskReport, DefaultsToEqualWeightsAndBetaOneForOneInput) {
  const auto prices = three_assets();
  auto r = risk_report(prices);
  ASSERT_TRUE(r) << r.error();
  for (double w : r->weights) EXPECT_DOUBLE_EQ(w, 1.0 / 3);
  EXPECT_EQ(r->confidence, 0.99);

  const std::vector<std::vector<double>> one = {prices[1]};
  auto s = risk_report(one);
  ASSERT_TRUE(s) << s.error();
  EXPECT_NEAR(s->beta, 1.0, 1e-14);
  EXPECT_EQ(s->correlation.size(), 1u);
}

TEST(RiskReport, RejectsBadInputWithClearMessages) {
  auto prices = three_assets();
  auto msg = [](const Result<RiskReport>& r) { return r ? std::string("(ok)") : r.error(); };

  RiskOptions o;
  o.weights = {0.5, 0.5};
  EXPECT_NE(msg(risk_report(prices, o)).find("2 weights for 3 inputs"), std::string::npos);

  o = {};
  o.confidence = 1.5;
  EXPECT_NE(msg(risk_report(prices, o)).find("confidence 1.5"), std::string::npos);

  auto bad = prices;
  bad[2][17] = NAN;
  EXPECT_NE(msg(risk_report(bad)).find("prices of input 2[17] is NaN"), std::string::npos)
      << msg(risk_report(bad));

  bad = prices;
  bad[1].pop_back();
  EXPECT_NE(msg(risk_report(bad)).find("aligned"), std::string::npos);

  const std::vector<std::vector<double>> tiny = {{1.0, 2.0}};
  EXPECT_FALSE(risk_report(tiny));
  EXPECT_FALSE(risk_report(std::vector<std::vector<double>>{}));

  // The same file twice: fine for every method but Monte Carlo, whose covariance is singular.
  const std::vector<std::vector<double>> twice = {prices[0], prices[0]};
  EXPECT_TRUE(risk_report(twice));
  o = {};
  o.method = VarMethod::kMonteCarlo;
  const std::string e = msg(risk_report(twice, o));
  EXPECT_NE(e.find("montecarlo VaR"), std::string::npos) << e;
  EXPECT_NE(e.find("not positive definite"), std::string::npos) << e;
}

}  // namespace
}  // namespace sp::core::risk
