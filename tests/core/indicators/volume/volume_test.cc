// OBV, AD and ADOSC against TA-Lib on every real OHLCV file: batch, streaming, peek, reset,
// non-finite bars; plus small hand-computed cases. The volumes are large (up to ~1e9 a bar), so
// the totals reach 1e10-1e11; the 1e-9 x max(1, |TA-Lib|) tolerance is relative there.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <vector>

#include "core/indicators/factories.h"
#include "core/indicators/volume/ad.h"
#include "core/indicators/volume/adosc.h"
#include "core/indicators/volume/obv.h"
#include "support/indicator_check.h"
#include "support/shared_data.h"
#include "support/talib_ref.h"

namespace sp::core {
namespace {

using sp::testing::check_indicator;
using sp::testing::check_nonfinite_policy;
using sp::testing::IndicatorUnderTest;

const IndicatorUnderTest kObv{"obv", factory::make_obv, factory::batch_obv, 1};
const IndicatorUnderTest kAd{"ad", factory::make_ad, factory::batch_ad, 1};
const IndicatorUnderTest kAdosc{"adosc", factory::make_adosc, factory::batch_adosc, 1};

TEST(Obv, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  for (const auto& file : sp::testing::market_files()) {
    const auto t = sp::testing::load_market_file(file);
    const int n = static_cast<int>(t.size());
    auto ref = sp::testing::talib_full<1>(t.size(), [&](int* b, int* nb, double* const* o) {
      return TA_OBV(0, n - 1, t.close.data(), t.volume.data(), b, nb, o[0]);
    });
    EXPECT_TRUE(check_indicator(kObv, {}, t.view(), ref, TA_OBV_Lookback())) << file;
    EXPECT_TRUE(check_nonfinite_policy(kObv, {}, t)) << file;
  }
}

TEST(Ad, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  for (const auto& file : sp::testing::market_files()) {
    const auto t = sp::testing::load_market_file(file);
    const int n = static_cast<int>(t.size());
    auto ref = sp::testing::talib_full<1>(t.size(), [&](int* b, int* nb, double* const* o) {
      return TA_AD(0, n - 1, t.high.data(), t.low.data(), t.close.data(), t.volume.data(), b, nb,
                   o[0]);
    });
    EXPECT_TRUE(check_indicator(kAd, {}, t.view(), ref, TA_AD_Lookback())) << file;
    EXPECT_TRUE(check_nonfinite_policy(kAd, {}, t)) << file;
  }
}

TEST(Adosc, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  // TA-Lib's defaults, then: equal periods, "fast" slower than "slow" (TA-Lib keeps fast - slow),
  // the minimum, and long ones.
  const std::vector<std::array<int, 2>> options = {{3, 10}, {5, 5},   {10, 3},
                                                   {2, 2},  {12, 26}, {50, 200}};
  for (const auto& file : sp::testing::market_files()) {
    const auto t = sp::testing::load_market_file(file);
    const int n = static_cast<int>(t.size());
    for (const auto& [fast, slow] : options) {
      auto ref = sp::testing::talib_full<1>(t.size(), [&](int* b, int* nb, double* const* o) {
        return TA_ADOSC(0, n - 1, t.high.data(), t.low.data(), t.close.data(), t.volume.data(),
                        fast, slow, b, nb, o[0]);
      });
      EXPECT_TRUE(check_indicator(kAdosc, {double(fast), double(slow)}, t.view(), ref,
                                  TA_ADOSC_Lookback(fast, slow)))
          << file;
    }
    EXPECT_TRUE(check_nonfinite_policy(kAdosc, {3, 10}, t)) << file;
  }
}

Bar hlcv(double high, double low, double close, double volume) {
  return Bar{0, 0, high, low, close, volume};
}

TEST(Obv, StartsAtTheFirstVolume) {
  Obv obv;
  EXPECT_EQ(obv.update(10, 100), 100);  // TA-Lib seeds with the first bar's volume
  EXPECT_EQ(obv.update(11, 30), 130);   // up: add
  EXPECT_EQ(obv.update(11, 50), 130);   // unchanged: keep
  EXPECT_EQ(obv.update(9, 20), 110);    // down: subtract
}

TEST(Ad, CloseLocationValueTimesVolume) {
  Ad ad;
  EXPECT_EQ(ad.update(hlcv(12, 10, 12, 100)), 100);  // close at the high: +volume
  EXPECT_EQ(ad.update(hlcv(12, 10, 10.5, 40)), 80);  // (0.5 - 1.5) / 2 * 40 = -20
  EXPECT_EQ(ad.update(hlcv(11, 11, 11, 1e9)), 80);   // high == low: nothing added
  EXPECT_EQ(ad.update(hlcv(12, 10, 11, 1e9)), 80);   // mid-range: 0
}

TEST(Adosc, SeedsBothEmasWithTheFirstAdValue) {
  // A/D line: 100, 80, 80 (see above). ADOSC(2, 3): k 2/3 and 1/2; both EMAs start at 100.
  // Bar 1: fast = 2/3*80 + 1/3*100, slow = 1/2*80 + 1/2*100 = 90; lookback 2, so no output yet.
  // Bar 2: fast = 2/3*80 + 1/3*fast, slow = 1/2*80 + 1/2*90 = 85.
  Adosc adosc(2, 3);
  EXPECT_EQ(adosc.lookback(), 2);
  double out = 0;
  adosc.update(hlcv(12, 10, 12, 100), &out);
  EXPECT_TRUE(std::isnan(out));
  adosc.update(hlcv(12, 10, 10.5, 40), &out);
  EXPECT_TRUE(std::isnan(out));
  adosc.update(hlcv(11, 11, 11, 1e9), &out);
  const double fast1 = (2.0 / 3) * 80 + (1 - 2.0 / 3) * 100;
  const double fast2 = (2.0 / 3) * 80 + (1 - 2.0 / 3) * fast1;
  EXPECT_DOUBLE_EQ(out, fast2 - 85.0);
}

}  // namespace
}  // namespace sp::core
