// ADX, ADXR, DX, PLUS_DI and MINUS_DI against TA-Lib on every real OHLCV file and on a table built
// to reach TA-Lib's zero-range branches: batch, streaming, peek, reset, non-finite bars.
#include <gtest/gtest.h>

#include "core/indicators/factories.h"
#include "core/indicators/trend/adx.h"
#include "core/indicators/trend/dx.h"
#include "core/indicators/trend/minus_di.h"
#include "core/indicators/trend/plus_di.h"
#include "trend_test_support.h"

namespace sp::core {
namespace {

using sp::testing::check_against_talib;
using sp::testing::DataSet;
using sp::testing::edge_data_sets;
using sp::testing::IndicatorUnderTest;
using sp::testing::iopt;
using sp::testing::market_data_sets;
using Table = sp::market::OhlcvTable;
using Opts = std::vector<double>;

const IndicatorUnderTest kAdx{"adx", factory::make_adx, factory::batch_adx, 1};
const IndicatorUnderTest kAdxr{"adxr", factory::make_adxr, factory::batch_adxr, 1};
const IndicatorUnderTest kDx{"dx", factory::make_dx, factory::batch_dx, 1};
const IndicatorUnderTest kPlusDi{"plus_di", factory::make_plus_di, factory::batch_plus_di, 1};
const IndicatorUnderTest kMinusDi{"minus_di", factory::make_minus_di, factory::batch_minus_di, 1};

// Default first (14), then others; 2 is the smallest TA-Lib allows for ADX/ADXR/DX.
const std::vector<Opts> kPeriods = {{14}, {2}, {5}, {30}};
// PLUS_DI/MINUS_DI also take period 1, TA-Lib's unscaled special case.
const std::vector<Opts> kDiPeriods = {{14}, {1}, {2}, {7}, {30}};

void check_adx(const std::vector<DataSet>& data) {
  check_against_talib<1>(
      data, kAdx, kPeriods,
      [](const Table& t, int n, const Opts& o, int* b, int* nb, double* const* out) {
        return TA_ADX(0, n - 1, t.high.data(), t.low.data(), t.close.data(), iopt(o, 0), b, nb,
                      out[0]);
      },
      [](const Opts& o) { return TA_ADX_Lookback(iopt(o, 0)); });
}
void check_adxr(const std::vector<DataSet>& data) {
  check_against_talib<1>(
      data, kAdxr, kPeriods,
      [](const Table& t, int n, const Opts& o, int* b, int* nb, double* const* out) {
        return TA_ADXR(0, n - 1, t.high.data(), t.low.data(), t.close.data(), iopt(o, 0), b, nb,
                       out[0]);
      },
      [](const Opts& o) { return TA_ADXR_Lookback(iopt(o, 0)); });
}
void check_dx(const std::vector<DataSet>& data) {
  check_against_talib<1>(
      data, kDx, kPeriods,
      [](const Table& t, int n, const Opts& o, int* b, int* nb, double* const* out) {
        return TA_DX(0, n - 1, t.high.data(), t.low.data(), t.close.data(), iopt(o, 0), b, nb,
                     out[0]);
      },
      [](const Opts& o) { return TA_DX_Lookback(iopt(o, 0)); });
}
void check_plus_di(const std::vector<DataSet>& data) {
  check_against_talib<1>(
      data, kPlusDi, kDiPeriods,
      [](const Table& t, int n, const Opts& o, int* b, int* nb, double* const* out) {
        return TA_PLUS_DI(0, n - 1, t.high.data(), t.low.data(), t.close.data(), iopt(o, 0), b, nb,
                          out[0]);
      },
      [](const Opts& o) { return TA_PLUS_DI_Lookback(iopt(o, 0)); });
}
void check_minus_di(const std::vector<DataSet>& data) {
  check_against_talib<1>(
      data, kMinusDi, kDiPeriods,
      [](const Table& t, int n, const Opts& o, int* b, int* nb, double* const* out) {
        return TA_MINUS_DI(0, n - 1, t.high.data(), t.low.data(), t.close.data(), iopt(o, 0), b, nb,
                           out[0]);
      },
      [](const Opts& o) { return TA_MINUS_DI_Lookback(iopt(o, 0)); });
}

TEST(Adx, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  check_adx(market_data_sets());
}
TEST(Adx, MatchesTaLibOnEdgeCases) {
  check_adx(edge_data_sets());
}
TEST(Adxr, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  check_adxr(market_data_sets());
}
TEST(Adxr, MatchesTaLibOnEdgeCases) {
  check_adxr(edge_data_sets());
}
TEST(Dx, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  check_dx(market_data_sets());
}
TEST(Dx, MatchesTaLibOnEdgeCases) {
  check_dx(edge_data_sets());
}
TEST(PlusDi, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  check_plus_di(market_data_sets());
}
TEST(PlusDi, MatchesTaLibOnEdgeCases) {
  check_plus_di(edge_data_sets());
}
TEST(MinusDi, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  check_minus_di(market_data_sets());
}
TEST(MinusDi, MatchesTaLibOnEdgeCases) {
  check_minus_di(edge_data_sets());
}

Bar hlc(double h, double l, double c) {
  Bar b;
  b.high = h;
  b.low = l;
  b.close = c;
  return b;
}

// Hand-computed: period 2. Bar 1: up 1, down -1 -> +DM1 1, TR1 = max(1, 1, 0) = 1 (the seed sums).
// Bar 2: up 2, down -2 -> +DM1 2, TR1 = max(1, |13-11|, |12-11|) = 2; smoothed +DM = 1 - 1/2 + 2
// = 2.5, TR = 1 - 1/2 + 2 = 2.5, so +DI = 100, -DI = 0 and DX = 100.
TEST(DirectionalMovement, HandComputedPeriodTwo) {
  PlusDi plus(2);
  MinusDi minus(2);
  Dx dx(2);
  const Bar bars[] = {hlc(10, 9, 10), hlc(11, 10, 11), hlc(13, 12, 12.5)};
  double p = 0, m = 0, d = 0;
  for (const Bar& b : bars) {
    plus.update(b, &p);
    minus.update(b, &m);
    dx.update(b, &d);
  }
  EXPECT_DOUBLE_EQ(p, 100.0);
  EXPECT_DOUBLE_EQ(m, 0.0);
  EXPECT_DOUBLE_EQ(d, 100.0);
}

// TA-Lib's period-1 PLUS_DI is +DM1 / TR1 without the factor 100: here 2 / 4.
TEST(PlusDi, PeriodOneIsTheUnscaledRatio) {
  PlusDi plus(1);
  double out = 0;
  plus.update(hlc(10, 8, 9), &out);
  EXPECT_TRUE(std::isnan(out));
  plus.update(hlc(12, 8, 11), &out);  // up 2, down 0, TR max(4, 3, 1) = 4
  EXPECT_DOUBLE_EQ(out, 0.5);
}

// Flat bars: TR is zero, DX has no value; TA-Lib gives 0 first and ADX holds still.
TEST(Dx, FlatBarsGiveZero) {
  Dx dx(3);
  Adx adx(3);
  double d = 1, a = 1;
  for (int i = 0; i < 12; ++i) {
    dx.update(hlc(5, 5, 5), &d);
    adx.update(hlc(5, 5, 5), &a);
  }
  EXPECT_EQ(d, 0.0);
  EXPECT_EQ(a, 0.0);
}

}  // namespace
}  // namespace sp::core
