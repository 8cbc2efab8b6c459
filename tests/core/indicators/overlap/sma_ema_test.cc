// SMA and EMA against TA-Lib on every real OHLCV file, batch and streaming, plus peek.
#include <gtest/gtest.h>

#include "core/indicators/overlap/ema.h"
#include "core/indicators/overlap/sma.h"
#include "support/series_match.h"
#include "support/shared_data.h"
#include "support/talib_ref.h"

namespace sp::core {
namespace {

template <class T>
std::vector<double> run(T ind, const std::vector<double>& x) {
  std::vector<double> out(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double p = ind.peek(x[i]);
    out[i] = ind.update(x[i]);
    EXPECT_TRUE((std::isnan(p) && std::isnan(out[i])) || p == out[i]) << "peek differs from update at " << i;
  }
  return out;
}

TEST(Sma, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  for (const auto& file : sp::testing::market_files()) {
    const auto t = sp::testing::load_market_file(file);
    for (int period : {2, 5, 30, 200}) {
      auto ref = sp::testing::talib_full<1>(t.size(), [&](int* b, int* n, double* const* o) {
        return TA_SMA(0, static_cast<int>(t.size()) - 1, t.close.data(), period, b, n, o[0]);
      });
      EXPECT_TRUE(sp::testing::series_match(run(Sma(period), t.close), ref[0])) << file << " period " << period;
      EXPECT_EQ(Sma(period).lookback(), TA_SMA_Lookback(period));
    }
  }
}

TEST(Ema, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  for (const auto& file : sp::testing::market_files()) {
    const auto t = sp::testing::load_market_file(file);
    for (int period : {2, 5, 30, 200}) {
      auto ref = sp::testing::talib_full<1>(t.size(), [&](int* b, int* n, double* const* o) {
        return TA_EMA(0, static_cast<int>(t.size()) - 1, t.close.data(), period, b, n, o[0]);
      });
      EXPECT_TRUE(sp::testing::series_match(run(Ema(period), t.close), ref[0])) << file << " period " << period;
      EXPECT_EQ(Ema(period).lookback(), TA_EMA_Lookback(period));
    }
  }
}

}  // namespace
}  // namespace sp::core
