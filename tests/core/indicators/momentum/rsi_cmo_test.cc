// RSI and CMO (one Wilder gain/loss core) against TA-Lib on every real OHLCV file.
#include <gtest/gtest.h>

#include "core/indicators/factories.h"
#include "core/indicators/momentum/cmo.h"
#include "core/indicators/momentum/rsi.h"
#include "momentum_check.h"

namespace sp::core {
namespace {

using sp::testing::check_indicator;
using sp::testing::check_nonfinite_policy;
using sp::testing::IndicatorUnderTest;
using sp::testing::talib_full;

const IndicatorUnderTest kRsi{"rsi", factory::make_rsi, factory::batch_rsi, 1};
const IndicatorUnderTest kCmo{"cmo", factory::make_cmo, factory::batch_cmo, 1};

TEST(Rsi, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  sp::testing::for_each_market_file([](const market::OhlcvTable& t, int n, const auto& file) {
    for (int period : {14, 2, 5, 50}) {
      const auto ref = talib_full<1>(t.size(), [&](int* b, int* nb, double* const* o) {
        return TA_RSI(0, n - 1, t.close.data(), period, b, nb, o[0]);
      });
      EXPECT_TRUE(check_indicator(kRsi, {double(period)}, t.view(), ref, TA_RSI_Lookback(period)))
          << file;
      // Multiplying by 1/period where TA-Lib divides stays far inside the 1e-9 budget.
      const auto ours = sp::testing::run_batch(kRsi, {double(period)}, t.view());
      EXPECT_TRUE(sp::testing::series_match(ours[0], ref[0], 1e-12))
          << file << " period " << period;
    }
    EXPECT_TRUE(check_nonfinite_policy(kRsi, {14}, t)) << file;
  });
}

TEST(Cmo, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  sp::testing::for_each_market_file([](const market::OhlcvTable& t, int n, const auto& file) {
    for (int period : {14, 2, 5, 50}) {
      const auto ref = talib_full<1>(t.size(), [&](int* b, int* nb, double* const* o) {
        return TA_CMO(0, n - 1, t.close.data(), period, b, nb, o[0]);
      });
      EXPECT_TRUE(check_indicator(kCmo, {double(period)}, t.view(), ref, TA_CMO_Lookback(period)))
          << file;
      const auto ours = sp::testing::run_batch(kCmo, {double(period)}, t.view());
      EXPECT_TRUE(sp::testing::series_match(ours[0], ref[0], 1e-12))
          << file << " period " << period;
    }
    EXPECT_TRUE(check_nonfinite_policy(kCmo, {14}, t)) << file;
  });
}

// By hand, period 2 over 1, 2, 3, 2: changes +1, +1, -1. Seed at bar 2: gain (1 + 1) / 2 = 1,
// loss 0, RSI 100, CMO 100. Bar 3: gain (1 * 1 + 0) / 2 = 0.5, loss (0 * 1 + 1) / 2 = 0.5: RSI 50,
// CMO 0.
TEST(Rsi, HandComputedWilderSmoothing) {
  Rsi rsi(2);
  Cmo cmo(2);
  const double closes[] = {1, 2, 3, 2};
  double r[4], c[4];
  for (int i = 0; i < 4; ++i) {
    r[i] = rsi.update(closes[i]);
    c[i] = cmo.update(closes[i]);
  }
  EXPECT_TRUE(std::isnan(r[1]) && std::isnan(c[1]));
  EXPECT_EQ(r[2], 100.0);
  EXPECT_EQ(c[2], 100.0);
  EXPECT_EQ(r[3], 50.0);
  EXPECT_EQ(c[3], 0.0);
}

// No change at all: gain + loss is TA_IS_ZERO and both give 0, as TA-Lib does.
TEST(Rsi, FlatSeriesGivesZero) {
  Rsi rsi(3);
  Cmo cmo(3);
  for (int i = 0; i < 10; ++i) {
    const double r = rsi.update(5.0), c = cmo.update(5.0);
    if (i >= 3) {
      EXPECT_EQ(r, 0.0);
      EXPECT_EQ(c, 0.0);
    }
  }
}

}  // namespace
}  // namespace sp::core
