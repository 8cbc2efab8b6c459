// SMA and EMA against TA-Lib on every real OHLCV file: batch, streaming, peek, reset, non-finite
// bars.
#include <gtest/gtest.h>

#include "core/indicators/factories.h"
#include "support/indicator_check.h"
#include "support/shared_data.h"
#include "support/talib_ref.h"

namespace sp::core {
namespace {

using sp::testing::check_indicator;
using sp::testing::IndicatorUnderTest;

const IndicatorUnderTest kSma{"sma", factory::make_sma, factory::batch_sma, 1};
const IndicatorUnderTest kEma{"ema", factory::make_ema, factory::batch_ema, 1};

TEST(Sma, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  for (const auto& file : sp::testing::market_files()) {
    const auto t = sp::testing::load_market_file(file);
    const int n = static_cast<int>(t.size());
    for (int period : {30, 2, 5, 200}) {
      auto ref = sp::testing::talib_full<1>(t.size(), [&](int* b, int* nb, double* const* o) {
        return TA_SMA(0, n - 1, t.close.data(), period, b, nb, o[0]);
      });
      EXPECT_TRUE(check_indicator(kSma, {double(period)}, t.view(), ref, TA_SMA_Lookback(period)))
          << file;
    }
    EXPECT_TRUE(sp::testing::check_nonfinite_policy(kSma, {10}, t)) << file;
  }
}

TEST(Ema, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  for (const auto& file : sp::testing::market_files()) {
    const auto t = sp::testing::load_market_file(file);
    const int n = static_cast<int>(t.size());
    for (int period : {30, 2, 5, 200}) {
      auto ref = sp::testing::talib_full<1>(t.size(), [&](int* b, int* nb, double* const* o) {
        return TA_EMA(0, n - 1, t.close.data(), period, b, nb, o[0]);
      });
      EXPECT_TRUE(check_indicator(kEma, {double(period)}, t.view(), ref, TA_EMA_Lookback(period)))
          << file;
    }
    EXPECT_TRUE(sp::testing::check_nonfinite_policy(kEma, {10}, t)) << file;
  }
}

}  // namespace
}  // namespace sp::core
