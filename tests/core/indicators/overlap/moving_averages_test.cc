// WMA, DEMA, TEMA, TRIMA, KAMA and T3 against TA-Lib on every real OHLCV file (batch, streaming,
// peek, reset, non-finite bars), and MovingAverage against TA_MA for every supported type.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/indicators/factories.h"
#include "core/indicators/overlap/ma.h"
#include "support/indicator_check.h"
#include "support/shared_data.h"
#include "support/talib_ref.h"

namespace sp::core {
namespace {

using sp::testing::check_indicator;
using sp::testing::check_nonfinite_policy;
using sp::testing::IndicatorUnderTest;

const IndicatorUnderTest kWma{"wma", factory::make_wma, factory::batch_wma, 1};
const IndicatorUnderTest kDema{"dema", factory::make_dema, factory::batch_dema, 1};
const IndicatorUnderTest kTema{"tema", factory::make_tema, factory::batch_tema, 1};
const IndicatorUnderTest kTrima{"trima", factory::make_trima, factory::batch_trima, 1};
const IndicatorUnderTest kKama{"kama", factory::make_kama, factory::batch_kama, 1};
const IndicatorUnderTest kT3{"t3", factory::make_t3, factory::batch_t3, 1};

// The default period first, then odd and even non-default ones (TRIMA has a branch for each).
const int kPeriods[] = {30, 2, 3, 9, 14, 200};

// One TA-Lib function of (close, period) checked at every period in kPeriods on every file.
template <class TaCall, class TaLookback>
void check_period_family(const IndicatorUnderTest& ind, TaCall ta_call, TaLookback ta_lookback) {
  for (const auto& file : sp::testing::market_files()) {
    const auto t = sp::testing::load_market_file(file);
    const int n = static_cast<int>(t.size());
    for (int period : kPeriods) {
      auto ref = sp::testing::talib_full<1>(t.size(), [&](int* b, int* nb, double* const* o) {
        return ta_call(0, n - 1, t.close.data(), period, b, nb, o[0]);
      });
      EXPECT_TRUE(check_indicator(ind, {double(period)}, t.view(), ref, ta_lookback(period)))
          << file;
    }
    EXPECT_TRUE(check_nonfinite_policy(ind, {10}, t)) << file;
  }
}

TEST(Wma, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  check_period_family(kWma, TA_WMA, TA_WMA_Lookback);
}

TEST(Dema, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  check_period_family(kDema, TA_DEMA, TA_DEMA_Lookback);
}

TEST(Tema, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  check_period_family(kTema, TA_TEMA, TA_TEMA_Lookback);
}

TEST(Trima, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  check_period_family(kTrima, TA_TRIMA, TA_TRIMA_Lookback);
}

TEST(Kama, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  check_period_family(kKama, TA_KAMA, TA_KAMA_Lookback);
}

TEST(T3, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  const std::vector<std::vector<double>> option_sets = {
      {5, 0.7}, {2, 0.0}, {3, 1.0}, {12, 0.3}, {30, 0.85}};
  for (const auto& file : sp::testing::market_files()) {
    const auto t = sp::testing::load_market_file(file);
    const int n = static_cast<int>(t.size());
    for (const auto& o : option_sets) {
      const int period = static_cast<int>(o[0]);
      auto ref = sp::testing::talib_full<1>(t.size(), [&](int* b, int* nb, double* const* out) {
        return TA_T3(0, n - 1, t.close.data(), period, o[1], b, nb, out[0]);
      });
      EXPECT_TRUE(check_indicator(kT3, o, t.view(), ref, TA_T3_Lookback(period, o[1]))) << file;
    }
    EXPECT_TRUE(check_nonfinite_policy(kT3, {5, 0.7}, t)) << file;
  }
}

// Hand-computed values on a short series, where the arithmetic can be followed on paper.
TEST(Wma, HandComputed) {
  Wma wma(3);
  EXPECT_TRUE(std::isnan(wma.update(1.0)));
  EXPECT_TRUE(std::isnan(wma.update(2.0)));
  EXPECT_DOUBLE_EQ(wma.peek(3.0), (1 * 1.0 + 2 * 2.0 + 3 * 3.0) / 6);
  EXPECT_DOUBLE_EQ(wma.update(3.0), 14.0 / 6);
  EXPECT_DOUBLE_EQ(wma.update(4.0), (2.0 + 6.0 + 12.0) / 6);
}

TEST(Trima, HandComputed) {
  // Period 4: weights 1,2,2,1 / 6; period 5: weights 1,2,3,2,1 / 9.
  Trima even(4), odd(5);
  const double x[] = {1, 2, 4, 8, 16, 32};
  std::vector<double> e, o;
  for (double v : x) {
    e.push_back(even.update(v));
    o.push_back(odd.update(v));
  }
  EXPECT_TRUE(std::isnan(e[2]));
  EXPECT_DOUBLE_EQ(e[3], (1 + 2 * 2 + 2 * 4 + 8) / 6.0);
  EXPECT_DOUBLE_EQ(e[5], (4 + 2 * 8 + 2 * 16 + 32) / 6.0);
  EXPECT_TRUE(std::isnan(o[3]));
  EXPECT_DOUBLE_EQ(o[4], (1 + 2 * 2 + 3 * 4 + 2 * 8 + 16) / 9.0);
  EXPECT_DOUBLE_EQ(o[5], (2 + 2 * 4 + 3 * 8 + 2 * 16 + 32) / 9.0);
}

TEST(Dema, ConstantSeriesIsItself) {
  Dema dema(5);
  Tema tema(5);
  T3 t3(5, 0.7);
  Kama kama(5);
  double d = 0, te = 0, t = 0, k = 0;
  for (int i = 0; i < 40; ++i) {
    d = dema.update(7.5);
    te = tema.update(7.5);
    t = t3.update(7.5);
    k = kama.update(7.5);
  }
  EXPECT_DOUBLE_EQ(d, 7.5);
  EXPECT_DOUBLE_EQ(te, 7.5);
  EXPECT_DOUBLE_EQ(t, 7.5);
  EXPECT_DOUBLE_EQ(k, 7.5);
}

// MovingAverage, which other indicators compose, against TA_MA: every supported type, period 1
// (the identity, lookback 0) and periods either side of parity; streaming with peek and reset.
TEST(MovingAverage, MatchesTaMaForEveryType) {
  SP_REQUIRE_SHARED_DATA();
  const int kTypes[] = {0, 1, 2, 3, 4, 5, 6, 8};
  for (const auto& file : sp::testing::market_files()) {
    const auto t = sp::testing::load_market_file(file);
    const int n = static_cast<int>(t.size());
    for (int type : kTypes) {
      for (int period : {1, 2, 5, 10, 30}) {
        const auto ref = sp::testing::talib_full<1>(t.size(), [&](int* b, int* nb,
                                                                  double* const* o) {
          return TA_MA(0, n - 1, t.close.data(), period, sp::testing::ma_type(type), b, nb, o[0]);
        });
        MovingAverage ma(static_cast<MaType>(type), period);
        ASSERT_EQ(ma.lookback(), TA_MA_Lookback(period, sp::testing::ma_type(type)))
            << "type " << type << " period " << period;
        for (int pass = 0; pass < 2; ++pass) {
          std::vector<double> ours(t.size());
          for (std::size_t i = 0; i < t.size(); ++i) {
            const double peeked = ma.peek(t.close[i]);
            ours[i] = ma.update(t.close[i]);
            ASSERT_TRUE(peeked == ours[i] || (std::isnan(peeked) && std::isnan(ours[i])))
                << "peek differs from update at " << i << ", type " << type << " period " << period;
          }
          EXPECT_TRUE(sp::testing::series_match(ours, ref[0]))
              << file << " type " << type << " period " << period << (pass ? " after reset()" : "");
          ma.reset();
        }
      }
    }
  }
}

TEST(MovingAverage, PeriodOneIsIdentity) {
  for (int type : {0, 1, 2, 3, 4, 5, 6, 8}) {
    MovingAverage ma(static_cast<MaType>(type), 1);
    EXPECT_EQ(ma.lookback(), 0);
    EXPECT_EQ(ma.peek(3.25), 3.25);
    EXPECT_EQ(ma.update(3.25), 3.25);
    EXPECT_EQ(ma.update(-1.5), -1.5);
  }
}

}  // namespace
}  // namespace sp::core
