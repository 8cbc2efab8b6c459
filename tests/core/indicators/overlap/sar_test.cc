// Parabolic SAR against TA-Lib on every real OHLCV file.
#include "core/indicators/overlap/sar.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/indicators/factories.h"
#include "support/indicator_check.h"
#include "support/shared_data.h"
#include "support/talib_ref.h"

namespace sp::core {
namespace {

using sp::testing::check_indicator;
using sp::testing::IndicatorUnderTest;

const IndicatorUnderTest kSar{"sar", factory::make_sar, factory::batch_sar, 1};

TEST(Sar, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  // acceleration, maximum: defaults; slower and faster; acceleration above the maximum (TA-Lib
  // lowers it to the maximum); acceleration equal to the maximum; zero acceleration (SAR frozen
  // until a reversal).
  const std::vector<std::vector<double>> option_sets = {{0.02, 0.2}, {0.01, 0.1},  {0.05, 0.5},
                                                        {0.3, 0.2},  {0.02, 0.02}, {0, 0.2}};
  for (const auto& file : sp::testing::market_files()) {
    const auto t = sp::testing::load_market_file(file);
    const int n = static_cast<int>(t.size());
    for (const auto& o : option_sets) {
      auto ref = sp::testing::talib_full<1>(t.size(), [&](int* b, int* nb, double* const* out) {
        return TA_SAR(0, n - 1, t.high.data(), t.low.data(), o[0], o[1], b, nb, out[0]);
      });
      EXPECT_TRUE(check_indicator(kSar, o, t.view(), ref, TA_SAR_Lookback(o[0], o[1]))) << file;
    }
    EXPECT_TRUE(sp::testing::check_nonfinite_policy(kSar, {0.02, 0.2}, t)) << file;
  }
}

// The bootstrap on three hand-made bars: the low falls more than the high rises between the first
// two bars, so the trade starts short, from the first bar's high.
TEST(Sar, StartsShortOnMinusDm) {
  Sar sar(0.02, 0.2);
  double out;
  Bar b;
  b.high = 10;
  b.low = 9;
  sar.update(b, &out);
  EXPECT_TRUE(std::isnan(out));
  b.high = 9.8;
  b.low = 8.5;  // +DM -0.2 < -DM 0.5: short
  sar.update(b, &out);
  EXPECT_DOUBLE_EQ(out, 10);  // the first bar's high
  // Next SAR: 10 + 0.02 * (8.5 - 10) = 9.97, above the last two highs (9.8), so kept.
  b.high = 9.0;
  b.low = 8.0;
  sar.update(b, &out);
  EXPECT_DOUBLE_EQ(out, 9.97);
  // A high through the SAR reverses to long, at the extreme point of the short trade (8.0),
  // clamped to the last two lows: min(8.0, 8.0, 7.9) = 7.9.
  b.high = 12.0;
  b.low = 7.9;
  sar.update(b, &out);
  EXPECT_DOUBLE_EQ(out, 7.9);
}

}  // namespace
}  // namespace sp::core
