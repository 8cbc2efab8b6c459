// APO and PPO against TA-Lib on every real OHLCV file and on a table whose first closes are zero
// (PPO's TA_IS_ZERO rule), for several moving-average types: batch, streaming, peek, reset,
// non-finite bars.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/indicators/factories.h"
#include "core/indicators/trend/apo.h"
#include "core/indicators/trend/ppo.h"
#include "trend_test_support.h"

namespace sp::core {
namespace {

using sp::testing::check_against_talib;
using sp::testing::DataSet;
using sp::testing::edge_data_sets;
using sp::testing::IndicatorUnderTest;
using sp::testing::iopt;
using sp::testing::ma_type;
using sp::testing::market_data_sets;
using Table = sp::market::OhlcvTable;
using Opts = std::vector<double>;

const IndicatorUnderTest kApo{"apo", factory::make_apo, factory::batch_apo, 1};
const IndicatorUnderTest kPpo{"ppo", factory::make_ppo, factory::batch_ppo, 1};

// (fastperiod, slowperiod, matype): TA-Lib's defaults first; a fast period above the slow one
// (TA-Lib swaps them); equal periods; every MA type TA-Lib offers but MAMA (0..6, 8), some with
// periods whose MAs' warm-ups differ a lot (T3's is 6 x (period - 1)).
const std::vector<Opts> kOptions = {
    {12, 26, 0}, {26, 12, 0}, {12, 26, 1}, {5, 35, 1}, {30, 7, 1}, {3, 10, 0},
    {9, 9, 1},   {12, 26, 2}, {10, 20, 3}, {21, 8, 3}, {8, 21, 4}, {12, 26, 5},
    {11, 30, 5}, {10, 30, 6}, {30, 2, 6},  {5, 13, 8}, {2, 9, 8},
};

void check_apo(const std::vector<DataSet>& data) {
  check_against_talib<1>(
      data, kApo, kOptions,
      [](const Table& t, int n, const Opts& o, int* b, int* nb, double* const* out) {
        return TA_APO(0, n - 1, t.close.data(), iopt(o, 0), iopt(o, 1), ma_type(o[2]), b, nb,
                      out[0]);
      },
      [](const Opts& o) { return TA_APO_Lookback(iopt(o, 0), iopt(o, 1), ma_type(o[2])); });
}
void check_ppo(const std::vector<DataSet>& data) {
  check_against_talib<1>(
      data, kPpo, kOptions,
      [](const Table& t, int n, const Opts& o, int* b, int* nb, double* const* out) {
        return TA_PPO(0, n - 1, t.close.data(), iopt(o, 0), iopt(o, 1), ma_type(o[2]), b, nb,
                      out[0]);
      },
      [](const Opts& o) { return TA_PPO_Lookback(iopt(o, 0), iopt(o, 1), ma_type(o[2])); });
}

TEST(Apo, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  check_apo(market_data_sets());
}
TEST(Apo, MatchesTaLibOnEdgeCases) {
  check_apo(edge_data_sets());
}
TEST(Ppo, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  check_ppo(market_data_sets());
}
TEST(Ppo, MatchesTaLibOnEdgeCases) {
  check_ppo(edge_data_sets());
}

// The registry's entry points hand the averages over as concrete classes (with_averages); the Ppo
// and Apo classes used for composition go through MovingAverage. Both must give the same numbers:
// the same bits where the batch runs the stream's arithmetic, and within the stream-vs-batch bound
// (1e-12 x max(1, |value|), indicator_check.h) for exponential averages, whose batch kernel
// (ema_oscillator_batch.h) runs the EMAs blocked and a few ulps apart.
TEST(Ppo, MovingAverageFormEqualsTheRegistryPath) {
  const auto t = sp::testing::edge_case_table();
  auto same = [](double stream, double batch, int type) {
    if (std::isnan(stream) || std::isnan(batch)) return std::isnan(stream) && std::isnan(batch);
    if (type != 1) return stream == batch;
    return std::fabs(stream - batch) <= 1e-12 * std::max(1.0, std::fabs(batch));
  };
  for (int type : {0, 1, 2, 3, 4, 5, 6, 8}) {
    const Opts opts = {26, 9, double(type)};
    const auto ppo = sp::testing::run_batch(kPpo, opts, t.view());
    const auto apo = sp::testing::run_batch(kApo, opts, t.view());
    Ppo p(26, 9, static_cast<MaType>(type));
    Apo a(26, 9, static_cast<MaType>(type));
    for (std::size_t i = 0; i < t.size(); ++i) {
      const double pv = p.update(t.close[i]), av = a.update(t.close[i]);
      ASSERT_TRUE(same(pv, ppo[0][i], type))
          << type << " at " << i << ": " << pv << " vs " << ppo[0][i];
      ASSERT_TRUE(same(av, apo[0][i], type))
          << type << " at " << i << ": " << av << " vs " << apo[0][i];
    }
  }
}

TEST(Ppo, HandComputed) {
  Ppo ppo(2, 3, MaType::kSma);
  Apo apo(3, 2, MaType::kSma);  // swapped to (2, 3)
  EXPECT_EQ(ppo.lookback(), 2);
  EXPECT_EQ(apo.lookback(), 2);
  for (double x : {0.0, 0.0}) {
    EXPECT_TRUE(std::isnan(ppo.update(x)));
    EXPECT_TRUE(std::isnan(apo.update(x)));
  }
  EXPECT_EQ(ppo.update(0.0), 0.0);  // slow SMA 0: TA_IS_ZERO gives 0
  EXPECT_EQ(apo.update(0.0), 0.0);
  ppo.update(4.0);
  apo.update(4.0);
  // closes 0, 4, 8: fast SMA(2) = 6, slow SMA(3) = 4
  EXPECT_DOUBLE_EQ(ppo.update(8.0), 50.0);
  EXPECT_DOUBLE_EQ(apo.update(8.0), 2.0);
}

}  // namespace
}  // namespace sp::core
