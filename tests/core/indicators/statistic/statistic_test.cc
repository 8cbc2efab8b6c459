// STDDEV, VAR, LINEARREG, LINEARREG_SLOPE, CORREL and BETA against TA-Lib on every real OHLCV
// file: batch, streaming, peek, reset, non-finite bars; plus small hand-computed cases, a long
// synthetic series for the sliding regression sums, and the periods where TA-Lib's LINEARREG
// arithmetic overflows. CORREL and BETA read real0 = high, real1 = low, as the registry maps them.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <random>
#include <vector>

#include "core/indicators/factories.h"
#include "core/indicators/statistic/beta.h"
#include "core/indicators/statistic/correl.h"
#include "core/indicators/statistic/linearreg.h"
#include "core/indicators/statistic/linearreg_slope.h"
#include "core/indicators/statistic/stddev.h"
#include "core/indicators/statistic/var.h"
#include "support/indicator_check.h"
#include "support/series_match.h"
#include "support/shared_data.h"
#include "support/talib_ref.h"

namespace sp::core {
namespace {

using sp::testing::check_indicator;
using sp::testing::check_nonfinite_policy;
using sp::testing::IndicatorUnderTest;

const IndicatorUnderTest kStdDev{"stddev", factory::make_stddev, factory::batch_stddev, 1};
const IndicatorUnderTest kVar{"var", factory::make_var, factory::batch_var, 1};
const IndicatorUnderTest kLinearReg{"linearreg", factory::make_linearreg, factory::batch_linearreg,
                                    1};
const IndicatorUnderTest kLinearRegSlope{"linearreg_slope", factory::make_linearreg_slope,
                                         factory::batch_linearreg_slope, 1};
const IndicatorUnderTest kCorrel{"correl", factory::make_correl, factory::batch_correl, 1};
const IndicatorUnderTest kBeta{"beta", factory::make_beta, factory::batch_beta, 1};

TEST(StdDev, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  const std::vector<std::array<double, 2>> options = {
      {5, 1}, {2, 1}, {20, 2}, {10, -1.5}, {200, 0.5}};
  for (const auto& file : sp::testing::market_files()) {
    const auto t = sp::testing::load_market_file(file);
    const int n = static_cast<int>(t.size());
    for (const auto& [period, nbdev] : options) {
      const int p = static_cast<int>(period);
      auto ref = sp::testing::talib_full<1>(t.size(), [&](int* b, int* nb, double* const* o) {
        return TA_STDDEV(0, n - 1, t.close.data(), p, nbdev, b, nb, o[0]);
      });
      EXPECT_TRUE(
          check_indicator(kStdDev, {period, nbdev}, t.view(), ref, TA_STDDEV_Lookback(p, nbdev)))
          << file;
    }
    EXPECT_TRUE(check_nonfinite_policy(kStdDev, {5, 1}, t)) << file;
  }
}

TEST(Var, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  // nbdev is ignored by TA_VAR; a non-default one checks that we ignore it too.
  const std::vector<std::array<double, 2>> options = {{5, 1}, {1, 1}, {2, 1}, {20, 3}, {100, -2}};
  for (const auto& file : sp::testing::market_files()) {
    const auto t = sp::testing::load_market_file(file);
    const int n = static_cast<int>(t.size());
    for (const auto& [period, nbdev] : options) {
      const int p = static_cast<int>(period);
      auto ref = sp::testing::talib_full<1>(t.size(), [&](int* b, int* nb, double* const* o) {
        return TA_VAR(0, n - 1, t.close.data(), p, nbdev, b, nb, o[0]);
      });
      EXPECT_TRUE(check_indicator(kVar, {period, nbdev}, t.view(), ref, TA_VAR_Lookback(p, nbdev)))
          << file;
    }
    EXPECT_TRUE(check_nonfinite_policy(kVar, {5, 1}, t)) << file;
  }
}

// Periods TA-Lib computes right (its int SumXSqr overflows from 1291, see linearreg_window.h).
constexpr std::array<int, 7> kRegressionPeriods = {14, 2, 3, 9, 50, 200, 1290};

TEST(LinearReg, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  for (const auto& file : sp::testing::market_files()) {
    const auto t = sp::testing::load_market_file(file);
    const int n = static_cast<int>(t.size());
    for (int period : kRegressionPeriods) {
      auto ref = sp::testing::talib_full<1>(t.size(), [&](int* b, int* nb, double* const* o) {
        return TA_LINEARREG(0, n - 1, t.close.data(), period, b, nb, o[0]);
      });
      EXPECT_TRUE(check_indicator(kLinearReg, {double(period)}, t.view(), ref,
                                  TA_LINEARREG_Lookback(period)))
          << file;
    }
    EXPECT_TRUE(check_nonfinite_policy(kLinearReg, {14}, t)) << file;
  }
}

TEST(LinearRegSlope, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  for (const auto& file : sp::testing::market_files()) {
    const auto t = sp::testing::load_market_file(file);
    const int n = static_cast<int>(t.size());
    for (int period : kRegressionPeriods) {
      auto ref = sp::testing::talib_full<1>(t.size(), [&](int* b, int* nb, double* const* o) {
        return TA_LINEARREG_SLOPE(0, n - 1, t.close.data(), period, b, nb, o[0]);
      });
      EXPECT_TRUE(check_indicator(kLinearRegSlope, {double(period)}, t.view(), ref,
                                  TA_LINEARREG_SLOPE_Lookback(period)))
          << file;
    }
    EXPECT_TRUE(check_nonfinite_policy(kLinearRegSlope, {14}, t)) << file;
  }
}

TEST(Correl, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  for (const auto& file : sp::testing::market_files()) {
    const auto t = sp::testing::load_market_file(file);
    const int n = static_cast<int>(t.size());
    for (int period : {30, 1, 2, 10, 200}) {
      auto ref = sp::testing::talib_full<1>(t.size(), [&](int* b, int* nb, double* const* o) {
        return TA_CORREL(0, n - 1, t.high.data(), t.low.data(), period, b, nb, o[0]);
      });
      EXPECT_TRUE(
          check_indicator(kCorrel, {double(period)}, t.view(), ref, TA_CORREL_Lookback(period)))
          << file;
    }
    EXPECT_TRUE(check_nonfinite_policy(kCorrel, {30}, t)) << file;
  }
}

TEST(Beta, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  for (const auto& file : sp::testing::market_files()) {
    const auto t = sp::testing::load_market_file(file);
    const int n = static_cast<int>(t.size());
    for (int period : {5, 1, 2, 20, 250}) {
      auto ref = sp::testing::talib_full<1>(t.size(), [&](int* b, int* nb, double* const* o) {
        return TA_BETA(0, n - 1, t.high.data(), t.low.data(), period, b, nb, o[0]);
      });
      EXPECT_TRUE(check_indicator(kBeta, {double(period)}, t.view(), ref, TA_BETA_Lookback(period)))
          << file;
    }
    EXPECT_TRUE(check_nonfinite_policy(kBeta, {5}, t)) << file;
  }
}

// ---- Long series: the sliding regression sums stay within 1e-9 of TA-Lib's per-bar recomputation.

std::vector<double> random_walk(std::size_t n, double start, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> step(0.0, start * 0.002);
  std::vector<double> out(n);
  double p = start;
  for (auto& v : out) {
    p += step(rng);
    v = p;
  }
  return out;
}

std::vector<double> run_close(const IndicatorUnderTest& ind, double period,
                              const std::vector<double>& close) {
  OhlcvView view;
  view.close = close.data();
  view.size = close.size();
  return sp::testing::run_batch(ind, {period}, view)[0];
}

TEST(LinearReg, SlidingSumsStayOnTaLibOverALongSeries) {
  const auto close = random_walk(300000, 25000.0, 7);  // index-sized prices: the hardest case
  const int n = static_cast<int>(close.size());
  for (int period : {14, 377}) {
    auto ref = sp::testing::talib_full<1>(close.size(), [&](int* b, int* nb, double* const* o) {
      return TA_LINEARREG(0, n - 1, close.data(), period, b, nb, o[0]);
    });
    EXPECT_TRUE(sp::testing::series_match(run_close(kLinearReg, period, close), ref[0])) << period;
    ref = sp::testing::talib_full<1>(close.size(), [&](int* b, int* nb, double* const* o) {
      return TA_LINEARREG_SLOPE(0, n - 1, close.data(), period, b, nb, o[0]);
    });
    EXPECT_TRUE(sp::testing::series_match(run_close(kLinearRegSlope, period, close), ref[0]))
        << period;
  }
}

// ---- Beyond TA-Lib's range: its int SumXSqr overflows (period >= 1291); ours is checked against a
// direct least-squares fit in long double.

TEST(LinearRegSlope, RightWhereTaLibOverflows) {
  const auto close = random_walk(6000, 100.0, 11);
  for (int period : {1291, 2000, 5000}) {
    const auto ours = run_close(kLinearRegSlope, period, close);
    const auto value = run_close(kLinearReg, period, close);
    for (std::size_t end = static_cast<std::size_t>(period) - 1; end < close.size(); end += 97) {
      long double sx = 0, sy = 0, sxy = 0, sxx = 0;
      for (int i = 0; i < period; ++i) {
        const long double x = i, y = close[end + 1 - static_cast<std::size_t>(period) +
                                           static_cast<std::size_t>(i)];
        sx += x;
        sy += y;
        sxy += x * y;
        sxx += x * x;
      }
      const long double m = (period * sxy - sx * sy) / (period * sxx - sx * sx);
      const long double at_newest = (sy - m * sx) / period + m * (period - 1);
      ASSERT_NEAR(ours[end], static_cast<double>(m), 1e-9) << period << " at " << end;
      ASSERT_NEAR(value[end], static_cast<double>(at_newest),
                  1e-9 * std::fabs(static_cast<double>(at_newest)))
          << period << " at " << end;
    }
  }
}

// ---- Hand-computed cases.

TEST(Var, HandComputed) {
  Var var(5);
  for (double x : {1.0, 2.0, 3.0, 4.0}) EXPECT_TRUE(std::isnan(var.update(x)));
  EXPECT_DOUBLE_EQ(var.update(5), 2.0);    // population variance of 1..5
  EXPECT_DOUBLE_EQ(var.update(11), 10.0);  // 2, 3, 4, 5, 11: mean 5, squares 9+4+1+0+36 = 50
}

TEST(StdDev, HandComputedAndFlatWindow) {
  StdDev sd(5, 2.0);
  for (double x : {1.0, 2.0, 3.0, 4.0}) EXPECT_TRUE(std::isnan(sd.update(x)));
  EXPECT_DOUBLE_EQ(sd.update(5), 2.0 * std::sqrt(2.0));
  StdDev flat(3, -1.0);
  for (int i = 0; i < 10; ++i) flat.update(0.1 * 3);  // rounding could leave a tiny variance
  EXPECT_EQ(flat.update(0.1 * 3), 0.0);
}

TEST(LinearReg, ExactOnAStraightLine) {
  LinearReg value(4);
  LinearRegSlope slope(4);
  double v = 0, m = 0;
  for (int i = 0; i < 20; ++i) {  // y = 3 + 0.5 i, through several re-anchorings
    v = value.update(3 + 0.5 * i);
    m = slope.update(3 + 0.5 * i);
    if (i < 3) {
      EXPECT_TRUE(std::isnan(v) && std::isnan(m));
    } else {
      EXPECT_DOUBLE_EQ(m, 0.5) << i;
      EXPECT_DOUBLE_EQ(v, 3 + 0.5 * i) << i;
    }
  }
}

TEST(Correl, PerfectAndFlat) {
  Correl up(4), down(4), flat(4);
  double r_up = 0, r_down = 0, r_flat = 0;
  for (int i = 0; i < 8; ++i) {
    r_up = up.update(i * 1.5, 2.0 * i + 1);
    r_down = down.update(i * 1.5, -3.0 * i);
    r_flat = flat.update(i * 1.5, 7.0);
  }
  EXPECT_NEAR(r_up, 1.0, 1e-12);
  EXPECT_NEAR(r_down, -1.0, 1e-12);
  EXPECT_EQ(r_flat, 0.0);  // a flat series: TA-Lib's zero guard
}

TEST(Beta, ReturnsRegression) {
  // real1 moves by exactly twice real0's return each bar, so the slope of real1's returns on
  // real0's is 2; one flat window (all returns equal) hits the zero-denominator guard.
  Beta beta(3);
  double p0 = 100, p1 = 50, out = 0;
  const std::array<double, 6> r = {0.01, -0.02, 0.015, 0.03, -0.01, 0.005};
  EXPECT_TRUE(std::isnan(beta.update(p0, p1)));
  for (std::size_t i = 0; i < r.size(); ++i) {
    p0 *= 1 + r[i];
    p1 *= 1 + 2 * r[i];
    out = beta.update(p0, p1);
    if (i < 2)
      EXPECT_TRUE(std::isnan(out));
    else
      EXPECT_NEAR(out, 2.0, 1e-9) << i;
  }
  Beta flat(3);
  double q = 100;
  for (int i = 0; i < 6; ++i) {
    out = flat.update(q, 3 * q);
    q *= 1.01;
  }
  EXPECT_EQ(out, 0.0);
}

}  // namespace
}  // namespace sp::core
