// ATR, NATR and TRANGE against TA-Lib on every real OHLCV file: batch, streaming, peek, reset,
// non-finite bars; plus small hand-computed cases.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <vector>

#include "core/indicators/factories.h"
#include "core/indicators/volatility/atr.h"
#include "core/indicators/volatility/natr.h"
#include "core/indicators/volatility/trange.h"
#include "support/indicator_check.h"
#include "support/shared_data.h"
#include "support/talib_ref.h"

namespace sp::core {
namespace {

using sp::testing::check_indicator;
using sp::testing::check_nonfinite_policy;
using sp::testing::IndicatorUnderTest;

const IndicatorUnderTest kTrange{"trange", factory::make_trange, factory::batch_trange, 1};
const IndicatorUnderTest kAtr{"atr", factory::make_atr, factory::batch_atr, 1};
const IndicatorUnderTest kNatr{"natr", factory::make_natr, factory::batch_natr, 1};

TEST(Trange, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  for (const auto& file : sp::testing::market_files()) {
    const auto t = sp::testing::load_market_file(file);
    const int n = static_cast<int>(t.size());
    auto ref = sp::testing::talib_full<1>(t.size(), [&](int* b, int* nb, double* const* o) {
      return TA_TRANGE(0, n - 1, t.high.data(), t.low.data(), t.close.data(), b, nb, o[0]);
    });
    EXPECT_TRUE(check_indicator(kTrange, {}, t.view(), ref, TA_TRANGE_Lookback())) << file;
    EXPECT_TRUE(check_nonfinite_policy(kTrange, {}, t)) << file;
  }
}

TEST(Atr, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  for (const auto& file : sp::testing::market_files()) {
    const auto t = sp::testing::load_market_file(file);
    const int n = static_cast<int>(t.size());
    for (int period : {14, 1, 2, 5, 50, 300}) {
      auto ref = sp::testing::talib_full<1>(t.size(), [&](int* b, int* nb, double* const* o) {
        return TA_ATR(0, n - 1, t.high.data(), t.low.data(), t.close.data(), period, b, nb, o[0]);
      });
      EXPECT_TRUE(check_indicator(kAtr, {double(period)}, t.view(), ref, TA_ATR_Lookback(period)))
          << file;
    }
    EXPECT_TRUE(check_nonfinite_policy(kAtr, {14}, t)) << file;
  }
}

TEST(Natr, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  for (const auto& file : sp::testing::market_files()) {
    const auto t = sp::testing::load_market_file(file);
    const int n = static_cast<int>(t.size());
    for (int period : {14, 1, 2, 5, 50, 300}) {
      auto ref = sp::testing::talib_full<1>(t.size(), [&](int* b, int* nb, double* const* o) {
        return TA_NATR(0, n - 1, t.high.data(), t.low.data(), t.close.data(), period, b, nb, o[0]);
      });
      EXPECT_TRUE(check_indicator(kNatr, {double(period)}, t.view(), ref, TA_NATR_Lookback(period)))
          << file;
    }
    EXPECT_TRUE(check_nonfinite_policy(kNatr, {14}, t)) << file;
  }
}

// Bars as (high, low, close).
std::vector<Bar> bars(std::initializer_list<std::array<double, 3>> hlc) {
  std::vector<Bar> out;
  for (const auto& v : hlc) out.push_back(Bar{0, 0, v[0], v[1], v[2], 0});
  return out;
}

TEST(Trange, HandComputed) {
  // Bar 1 gaps up over the close 10: |10 - 13| = 3 beats 13 - 12 = 1. Bar 2 gaps down from 12.5:
  // |12.5 - 9| = 3.5 beats 11 - 9 = 2. Bar 3 is inside: 11.5 - 10 = 1.5.
  const auto b = bars({{11, 9, 10}, {13, 12, 12.5}, {11, 9, 10}, {11.5, 10, 11}});
  TrueRange tr;
  EXPECT_TRUE(std::isnan(tr.update(b[0])));
  EXPECT_EQ(tr.update(b[1]), 3.0);
  EXPECT_EQ(tr.update(b[2]), 3.5);
  EXPECT_EQ(tr.update(b[3]), 1.5);
}

TEST(Atr, HandComputedWilderSmoothing) {
  // True ranges 3, 3.5, 1.5 (see above). ATR(2): seed (3 + 3.5) / 2 = 3.25 at bar 2, then
  // (3.25 * 1 + 1.5) / 2 = 2.375. NATR(2) divides by the close: 3.25 / 10 * 100 = 32.5.
  const auto b = bars({{11, 9, 10}, {13, 12, 12.5}, {11, 9, 10}, {11.5, 10, 11}});
  Atr atr(2);
  Natr natr(2);
  double out = 0;
  for (int i = 0; i < 2; ++i) {
    EXPECT_TRUE(std::isnan(atr.update(b[i])));
    natr.update(b[i], &out);
    EXPECT_TRUE(std::isnan(out));
  }
  EXPECT_EQ(atr.update(b[2]), 3.25);
  natr.update(b[2], &out);
  EXPECT_DOUBLE_EQ(out, 32.5);
  EXPECT_EQ(atr.update(b[3]), 2.375);
}

TEST(Natr, PeriodOneIsTaLibsUnnormalizedTrueRange) {
  // TA_NATR with period 1 returns TA_TRANGE as is (price units, not percent); we keep that.
  const auto b = bars({{11, 9, 10}, {13, 12, 12.5}});
  Natr natr(1);
  double out = 0;
  natr.update(b[0], &out);
  EXPECT_TRUE(std::isnan(out));
  natr.update(b[1], &out);
  EXPECT_EQ(out, 3.0);
}

TEST(Natr, ZeroCloseGivesZero) {
  const auto b = bars({{11, 9, 10}, {13, 12, 12.5}, {1, -1, 0}});
  Natr natr(2);
  double out = 0;
  for (const auto& bar : b) natr.update(bar, &out);
  EXPECT_EQ(out, 0.0);
}

}  // namespace
}  // namespace sp::core
