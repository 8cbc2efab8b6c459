// MACD against TA-Lib on every real OHLCV file, including TA-Lib's alignment of the fast EMA, its
// swap of fast and slow periods, and a signal period of 1.
#include "core/indicators/momentum/macd.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "core/indicators/factories.h"
#include "momentum_check.h"

namespace sp::core {
namespace {

using sp::testing::check_indicator;
using sp::testing::IndicatorUnderTest;
using sp::testing::talib_full;

const IndicatorUnderTest kMacd{"macd", factory::make_macd, factory::batch_macd, 3};

TEST(Macd, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  sp::testing::for_each_market_file([](const market::OhlcvTable& t, int n, const auto& file) {
    const std::vector<std::vector<int>> option_sets = {{12, 26, 9}, {5, 35, 5}, {26, 12, 9},
                                                       {8, 8, 3},   {2, 3, 2},  {50, 200, 20}};
    for (const auto& p : option_sets) {
      const auto ref = talib_full<3>(t.size(), [&](int* b, int* nb, double* const* o) {
        return TA_MACD(0, n - 1, t.close.data(), p[0], p[1], p[2], b, nb, o[0], o[1], o[2]);
      });
      EXPECT_TRUE(check_indicator(kMacd, {double(p[0]), double(p[1]), double(p[2])}, t.view(), ref,
                                  TA_MACD_Lookback(p[0], p[1], p[2])))
          << file;
      // The EMA step is rearranged for speed (macd.h): still within 1e-12, not merely 1e-9.
      const auto ours =
          sp::testing::run_batch(kMacd, {double(p[0]), double(p[1]), double(p[2])}, t.view());
      for (int k = 0; k < 3; ++k) {
        EXPECT_TRUE(sp::testing::series_match(ours[k], ref[k], 1e-12))
            << file << " macd:" << p[0] << "," << p[1] << "," << p[2] << " output " << k;
      }
    }
    EXPECT_TRUE(sp::testing::check_nonfinite_policy(kMacd, {12, 26, 9}, t)) << file;
  });
}

// TA_MACD with signalperiod 1 (which TA-Lib's table allows) is broken: TA_EMA_Lookback(1) is -1, so
// TA_MACD_Lookback is slow-2, the first macd it returns is read from before its buffer, the macd
// line lags the signal line by a bar (the signal at bar t is built from bar t+1's close) and the
// last bar is missing. We give what it means instead: lookback slow-1, the same macd line as for
// any other signal period, and a signal line that is TA-Lib's EMA of period 1 (k = 1) over it.
// The reference is built from TA-Lib's own parts: TA_EMA(slow), and TA_EMA(fast) started at bar
// slow-fast, which is where TA_INT_MACD seeds the fast EMA.
TEST(Macd, SignalPeriodOneMeansTheEmaOfPeriodOne) {
  SP_REQUIRE_SHARED_DATA();
  sp::testing::for_each_market_file([](const market::OhlcvTable& t, int n, const auto& file) {
    for (const auto& periods : {std::pair{12, 26}, std::pair{3, 10}, std::pair{26, 12}}) {
      const int fast = std::min(periods.first, periods.second);
      const int slow = std::max(periods.first, periods.second);
      const double* c = t.close.data();
      const auto slow_ema = talib_full<1>(t.size(), [&](int* b, int* nb, double* const* o) {
        return TA_EMA(0, n - 1, c, slow, b, nb, o[0]);
      });
      const int shift = slow - fast;
      const auto fast_ema = talib_full<1>(t.size() - shift, [&](int* b, int* nb, double* const* o) {
        return TA_EMA(0, n - 1 - shift, c + shift, fast, b, nb, o[0]);
      });
      std::vector<std::vector<double>> ref(3, std::vector<double>(t.size(), NAN));
      double signal = 0;
      for (int i = slow - 1; i < n; ++i) {
        const double macd = fast_ema[0][i - shift] - slow_ema[0][i];
        signal = i == slow - 1 ? macd / 1 : ((macd - signal) * 1.0) + signal;
        ref[0][i] = macd;
        ref[1][i] = signal;
        ref[2][i] = macd - signal;
      }
      EXPECT_TRUE(check_indicator(kMacd, {double(fast), double(slow), 1}, t.view(), ref, slow - 1))
          << file;
    }
  });
}

// The fast EMA is seeded at bar slow-1 with the SMA of its own last `fast` closes, so with fast 2,
// slow 3, signal 1 over 1, 2, 4, 8: at bar 2 fast = (2 + 4) / 2 = 3, slow = (1 + 2 + 4) / 3 = 7/3,
// macd = 2/3 and the signal (period 1) is macd itself.
TEST(Macd, FastEmaSeededAtTheSlowOnesStart) {
  Macd macd(2, 3, 1);
  EXPECT_EQ(macd.lookback(), 2);
  double out[3];
  for (double x : {1.0, 2.0}) {
    macd.update(x, out);
    EXPECT_TRUE(std::isnan(out[0]));
  }
  macd.update(4.0, out);
  EXPECT_DOUBLE_EQ(out[0], 3.0 - 7.0 / 3.0);
  EXPECT_EQ(out[1], out[0]);
  EXPECT_EQ(out[2], 0.0);
}

TEST(Macd, SwapsFastAndSlowLikeTaLib) {
  Macd a(12, 26, 9), b(26, 12, 9);
  EXPECT_EQ(a.lookback(), b.lookback());
  double oa[3], ob[3];
  for (int i = 0; i < 100; ++i) {
    const double x = 100 + (i % 7) - 0.5 * (i % 3);
    a.update(x, oa);
    b.update(x, ob);
    for (int k = 0; k < 3; ++k)
      EXPECT_TRUE((std::isnan(oa[k]) && std::isnan(ob[k])) || oa[k] == ob[k]);
  }
}

}  // namespace
}  // namespace sp::core
