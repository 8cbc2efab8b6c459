// The risk measures on real data: SPY daily closes, 1999-11-01 to 2020, from the shared data
// folder.
//
// The file is found through the environment variable SP_SHARED_DATA (the folder holding market/),
// else the compile definition SP_SHARED_DATA_DIR. When it is absent the tests are skipped, except
// under CI=true, where missing data is a failure.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/risk/performance.h"
#include "core/risk/portfolio.h"
#include "core/risk/returns.h"
#include "core/risk/var.h"
#include "core/risk/volatility.h"

namespace sp::core::risk {
namespace {

struct Series {
  std::vector<std::string> dates;
  std::vector<double> closes;
};

std::string data_path(const char* relative) {
  if (const char* env = std::getenv("SP_SHARED_DATA"); env && *env) {
    return std::string(env) + "/" + relative;
  }
#ifdef SP_SHARED_DATA_DIR
  return std::string(SP_SHARED_DATA_DIR) + "/" + relative;
#else
  return {};
#endif
}

// Columns: ,date,open,high,low,close,volume (a pandas index first).
bool load_closes(const std::string& path, Series& out) {
  std::ifstream in(path);
  if (!in) return false;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, ',');) f.push_back(cell);
    if (f.size() < 6) continue;
    out.dates.push_back(f[1]);
    out.closes.push_back(std::stod(f[5]));
  }
  return !out.closes.empty();
}

class SpyData : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string path = data_path("market/SPY_daily_1999-2020.csv");
    if (path.empty() || !load_closes(path, spy_)) {
      const char* ci = std::getenv("CI");
      if (ci && std::string(ci) == "true") {
        FAIL() << "SPY data not found at '" << path << "' (set SP_SHARED_DATA) and CI=true";
      }
      GTEST_SKIP() << "SPY data not found at '" << path
                   << "'; set SP_SHARED_DATA to the shared data folder";
    }
    returns_ = *simple_returns(spy_.closes);
  }

  Series spy_;
  std::vector<double> returns_;
};

TEST_F(SpyData, VolatilityIsPlausible) {
  ASSERT_GT(returns_.size(), 5000u);
  const double vol = *annualised_volatility(returns_);
  EXPECT_GT(vol, 0.15);
  EXPECT_LT(vol, 0.25);

  // EWMA volatility peaks in a crisis (autumn 2008 or March 2020), far above the average.
  auto ewma = *ewma_volatility(returns_);
  std::size_t at = 0;
  for (std::size_t i = 0; i < ewma.size(); ++i) {
    if (!std::isnan(ewma[i]) && (std::isnan(ewma[at]) || ewma[i] > ewma[at])) at = i;
  }
  EXPECT_GT(ewma[at], 0.6);
  const std::string when = spy_.dates[at + 1];
  EXPECT_TRUE(when.starts_with("2008") || when.starts_with("2020")) << when;

  // The streaming rolling window against two passes, on real numbers.
  auto rolling = *rolling_volatility(returns_, 63);
  for (std::size_t i = 62; i < returns_.size(); i += 97) {
    double m = 0, s = 0;
    for (std::size_t k = i - 62; k <= i; ++k) m += returns_[k] / 63;
    for (std::size_t k = i - 62; k <= i; ++k) s += (returns_[k] - m) * (returns_[k] - m);
    EXPECT_NEAR(rolling[i], std::sqrt(s / 62 * 252), 1e-12 * rolling[i]) << i;
  }
}

TEST_F(SpyData, ValueAtRiskMethodsAreOrderedSensibly) {
  auto hist = *historical_var(returns_, 0.99);
  auto para = *parametric_var(returns_, 0.99);
  auto cf = *cornish_fisher_var(returns_, 0.99);
  VarOptions mc_options;
  mc_options.method = VarMethod::kMonteCarlo;
  auto mc = *value_at_risk(returns_, mc_options);

  // Daily 99% VaR of SPY: about 3 to 4%.
  EXPECT_GT(hist.value_at_risk, 0.025);
  EXPECT_LT(hist.value_at_risk, 0.045);
  // Fat tails: the normal understates the 99% loss; Cornish-Fisher (large excess kurtosis) does
  // not; Monte Carlo of the fitted normal agrees with the parametric value.
  EXPECT_LT(para.value_at_risk, hist.value_at_risk);
  EXPECT_GT(cf.value_at_risk, para.value_at_risk);
  EXPECT_NEAR(mc.value_at_risk / para.value_at_risk, 1.0, 0.03);
  for (const TailRisk& t : {hist, para, cf, mc}) {
    EXPECT_GT(t.expected_shortfall, t.value_at_risk);
    EXPECT_LT(t.expected_shortfall, 0.12);
  }
  EXPECT_GT(hist.expected_shortfall, para.expected_shortfall);

  // Ten days: more loss; for the normal, z sigma sqrt(10) - 10 mu exactly.
  auto hist10 = *historical_var(returns_, 0.99, 10);
  auto para10 = *parametric_var(returns_, 0.99, 10);
  double mu = 0;
  for (const double r : returns_) mu += r / static_cast<double>(returns_.size());
  EXPECT_GT(hist10.value_at_risk, 2 * hist.value_at_risk);
  EXPECT_NEAR(para10.value_at_risk, std::sqrt(10.0) * (para.value_at_risk + mu) - 10 * mu, 1e-14);
  RecordProperty("var99_historical", std::to_string(hist.value_at_risk));
  RecordProperty("var99_parametric", std::to_string(para.value_at_risk));
  RecordProperty("var99_cornish_fisher", std::to_string(cf.value_at_risk));
  RecordProperty("var99_monte_carlo", std::to_string(mc.value_at_risk));
}

TEST_F(SpyData, DrawdownOfTheFinancialCrisis) {
  auto dd = *maximum_drawdown(spy_.closes);
  EXPECT_GT(dd.depth, 0.50);
  EXPECT_LT(dd.depth, 0.60);
  EXPECT_TRUE(spy_.dates[dd.peak].starts_with("2007-10")) << spy_.dates[dd.peak];
  EXPECT_TRUE(spy_.dates[dd.trough].starts_with("2009-03")) << spy_.dates[dd.trough];
  ASSERT_NE(dd.recovery, Drawdown::npos);
  EXPECT_TRUE(spy_.dates[dd.recovery].starts_with("2013")) << spy_.dates[dd.recovery];
}

TEST_F(SpyData, ReportOfSpyAgainstItself) {
  RiskOptions o;
  o.method = VarMethod::kCornishFisher;
  const std::vector<std::vector<double>> prices = {spy_.closes};
  auto r = risk_report(prices, o);
  ASSERT_TRUE(r) << r.error();
  EXPECT_NEAR(r->beta, 1.0, 1e-12);
  EXPECT_GT(r->sharpe_ratio, 0.0);  // SPY rose over the period (price only, no dividends)
  EXPECT_LT(r->sharpe_ratio, 1.0);
  EXPECT_GT(r->sortino_ratio, r->sharpe_ratio);  // downside deviation < stdev here
  EXPECT_GT(r->max_drawdown.depth, 0.5);
}

}  // namespace
}  // namespace sp::core::risk
