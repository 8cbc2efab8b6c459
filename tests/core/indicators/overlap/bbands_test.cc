// BBANDS against TA-Lib on every real OHLCV file, at every moving-average type it accepts.
#include "core/indicators/overlap/bbands.h"

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

const IndicatorUnderTest kBbands{"bbands", factory::make_bbands, factory::batch_bbands, 3};

TEST(Bbands, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  // period, nbdevup, nbdevdn, matype: TA-Lib's defaults first, then every type (0-6, 8) with
  // equal, unequal, unit and negative multipliers (TA-Lib has a branch for each).
  const std::vector<std::vector<double>> option_sets = {
      {5, 2, 2, 0},     {20, 2, 2, 0},   {30, -1, 2.5, 0}, {20, 2, 2, 1}, {10, 1, 2.5, 2},
      {14, 1.5, 1, 3},  {9, 1, 1, 4},    {20, 2, 3, 5},    {21, 2, 2, 5}, {10, 2, 2, 6},
      {5, 0.5, 0.5, 8}, {12, 3, 1.5, 8}, {2, 2, 2, 1}};
  for (const auto& file : sp::testing::market_files()) {
    const auto t = sp::testing::load_market_file(file);
    const int n = static_cast<int>(t.size());
    for (const auto& o : option_sets) {
      const int period = static_cast<int>(o[0]);
      const TA_MAType type = sp::testing::ma_type(o[3]);
      auto ref = sp::testing::talib_full<3>(t.size(), [&](int* b, int* nb, double* const* out) {
        return TA_BBANDS(0, n - 1, t.close.data(), period, o[1], o[2], type, b, nb, out[0], out[1],
                         out[2]);
      });
      EXPECT_TRUE(
          check_indicator(kBbands, o, t.view(), ref, TA_BBANDS_Lookback(period, o[1], o[2], type)))
          << file;
    }
    EXPECT_TRUE(sp::testing::check_nonfinite_policy(kBbands, {5, 2, 2, 0}, t)) << file;
    EXPECT_TRUE(sp::testing::check_nonfinite_policy(kBbands, {10, 2, 1, 3}, t)) << file;
  }
}

TEST(Bbands, HandComputed) {
  // Closes 1, 2, 3 with period 3, SMA: mean 2, population variance 2/3.
  Bbands bb(3, 2, 1, MaType::kSma);
  double out[3];
  Bar bar;
  for (double c : {1.0, 2.0}) {
    bar.close = c;
    bb.update(bar, out);
    EXPECT_TRUE(std::isnan(out[0]) && std::isnan(out[1]) && std::isnan(out[2]));
  }
  bar.close = 3;
  bb.update(bar, out);
  const double sd = std::sqrt(2.0 / 3.0);
  EXPECT_NEAR(out[0], 2 + 2 * sd, 1e-12);
  EXPECT_DOUBLE_EQ(out[1], 2);
  EXPECT_NEAR(out[2], 2 - sd, 1e-12);
  // A flat window has no width: the variance is clamped to 0 below 1e-14.
  Bbands flat(4);
  bar.close = 10.1;
  for (int i = 0; i < 10; ++i) flat.update(bar, out);
  EXPECT_EQ(out[0], out[1]);
  EXPECT_EQ(out[2], out[1]);
}

}  // namespace
}  // namespace sp::core
