// STOCH, STOCHF and STOCHRSI (one raw %K, smoothed through TA_MA's types) against TA-Lib on every
// real OHLCV file, over MA types 0..6 and 8 and periods of 1 (TA_MA's pass-through).
#include <gtest/gtest.h>

#include "core/indicators/factories.h"
#include "core/indicators/momentum/stochrsi.h"
#include "momentum_check.h"

namespace sp::core {
namespace {

using sp::testing::check_indicator;
using sp::testing::check_nonfinite_policy;
using sp::testing::IndicatorUnderTest;
using sp::testing::ma_type;
using sp::testing::talib_full;

const IndicatorUnderTest kStoch{"stoch", factory::make_stoch, factory::batch_stoch, 2};
const IndicatorUnderTest kStochF{"stochf", factory::make_stochf, factory::batch_stochf, 2};
const IndicatorUnderTest kStochRsi{"stochrsi", factory::make_stochrsi, factory::batch_stochrsi, 2};

// fastk_period, slowk_period, slowk_matype, slowd_period, slowd_matype.
const std::vector<std::vector<double>> kStochOptions = {
    {5, 3, 0, 3, 0},  {14, 3, 1, 3, 1}, {5, 1, 0, 1, 0},  {1, 3, 0, 3, 0}, {14, 5, 2, 3, 5},
    {10, 4, 6, 3, 8}, {9, 3, 3, 5, 4},  {21, 7, 8, 7, 6}, {5, 2, 5, 4, 2}, {8, 3, 4, 1, 3}};

// fastk_period, fastd_period, fastd_matype.
const std::vector<std::vector<double>> kStochFOptions = {
    {5, 3, 0}, {14, 3, 1},  {3, 1, 0}, {1, 3, 0}, {14, 5, 2},
    {9, 4, 8}, {10, 10, 6}, {7, 3, 5}, {5, 5, 3}, {5, 4, 4}};

// timeperiod, fastk_period, fastd_period, fastd_matype.
const std::vector<std::vector<double>> kStochRsiOptions = {
    {14, 5, 3, 0}, {14, 14, 1, 0}, {9, 3, 3, 1},  {2, 1, 1, 0},  {14, 5, 3, 6}, {14, 5, 5, 2},
    {10, 7, 5, 8}, {14, 3, 9, 5},  {21, 5, 4, 3}, {14, 5, 6, 4}, {5, 2, 3, 1}};

TEST(Stoch, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  sp::testing::for_each_market_file([](const market::OhlcvTable& t, int n, const auto& file) {
    for (const auto& o : kStochOptions) {
      const int fk = int(o[0]), sk = int(o[1]), sd = int(o[3]);
      const auto ref = talib_full<2>(t.size(), [&](int* b, int* nb, double* const* out) {
        return TA_STOCH(0, n - 1, t.high.data(), t.low.data(), t.close.data(), fk, sk,
                        ma_type(o[2]), sd, ma_type(o[4]), b, nb, out[0], out[1]);
      });
      EXPECT_TRUE(check_indicator(kStoch, o, t.view(), ref,
                                  TA_STOCH_Lookback(fk, sk, ma_type(o[2]), sd, ma_type(o[4]))))
          << file;
    }
    EXPECT_TRUE(check_nonfinite_policy(kStoch, {5, 3, 0, 3, 0}, t)) << file;
  });
}

TEST(StochF, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  sp::testing::for_each_market_file([](const market::OhlcvTable& t, int n, const auto& file) {
    for (const auto& o : kStochFOptions) {
      const int fk = int(o[0]), fd = int(o[1]);
      const auto ref = talib_full<2>(t.size(), [&](int* b, int* nb, double* const* out) {
        return TA_STOCHF(0, n - 1, t.high.data(), t.low.data(), t.close.data(), fk, fd,
                         ma_type(o[2]), b, nb, out[0], out[1]);
      });
      EXPECT_TRUE(
          check_indicator(kStochF, o, t.view(), ref, TA_STOCHF_Lookback(fk, fd, ma_type(o[2]))))
          << file;
    }
    EXPECT_TRUE(check_nonfinite_policy(kStochF, {5, 3, 0}, t)) << file;
  });
}

TEST(StochRsi, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  sp::testing::for_each_market_file([](const market::OhlcvTable& t, int n, const auto& file) {
    for (const auto& o : kStochRsiOptions) {
      const int p = int(o[0]), fk = int(o[1]), fd = int(o[2]);
      const auto ref = talib_full<2>(t.size(), [&](int* b, int* nb, double* const* out) {
        return TA_STOCHRSI(0, n - 1, t.close.data(), p, fk, fd, ma_type(o[3]), b, nb, out[0],
                           out[1]);
      });
      EXPECT_TRUE(check_indicator(kStochRsi, o, t.view(), ref,
                                  TA_STOCHRSI_Lookback(p, fk, fd, ma_type(o[3]))))
          << file;
    }
    EXPECT_TRUE(check_nonfinite_policy(kStochRsi, {14, 5, 3, 0}, t)) << file;
  });
}

// By hand, STOCHF 3,1 over (high, low, close) = (10, 8, 9), (12, 9, 11), (11, 7, 8): the window
// has highest high 12, lowest low 7, so fastk = (8 - 7) / ((12 - 7) / 100) = 20. A bar with no
// range gives 0, as in TA-Lib.
TEST(StochF, HandComputedFastK) {
  auto s = factory::make_stochf(std::vector<double>{3, 1, 0});
  double out[2];
  s->update(Bar{0, 0, 10, 8, 9, 0}, out);
  s->update(Bar{0, 0, 12, 9, 11, 0}, out);
  EXPECT_TRUE(std::isnan(out[0]));
  s->update(Bar{0, 0, 11, 7, 8, 0}, out);
  EXPECT_DOUBLE_EQ(out[0], 20.0);
  EXPECT_EQ(out[1], out[0]);  // fastd period 1 passes fastk through

  auto flat = factory::make_stochf(std::vector<double>{1, 1, 0});
  flat->update(Bar{0, 0, 5, 5, 5, 0}, out);
  EXPECT_EQ(out[0], 0.0);
}

}  // namespace
}  // namespace sp::core
