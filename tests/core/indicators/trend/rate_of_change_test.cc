// ROC, MOM and TRIX against TA-Lib on every real OHLCV file and on a table that starts with zero
// closes (TA-Lib's divide-by-zero rule): batch, streaming, peek, reset, non-finite bars.
#include <gtest/gtest.h>

#include "core/indicators/factories.h"
#include "core/indicators/trend/mom.h"
#include "core/indicators/trend/roc.h"
#include "core/indicators/trend/trix.h"
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

const IndicatorUnderTest kRoc{"roc", factory::make_roc, factory::batch_roc, 1};
const IndicatorUnderTest kMom{"mom", factory::make_mom, factory::batch_mom, 1};
const IndicatorUnderTest kTrix{"trix", factory::make_trix, factory::batch_trix, 1};

void check_roc(const std::vector<DataSet>& data) {
  check_against_talib<1>(
      data, kRoc, {{10}, {1}, {5}, {50}},
      [](const Table& t, int n, const Opts& o, int* b, int* nb, double* const* out) {
        return TA_ROC(0, n - 1, t.close.data(), iopt(o, 0), b, nb, out[0]);
      },
      [](const Opts& o) { return TA_ROC_Lookback(iopt(o, 0)); });
}
void check_mom(const std::vector<DataSet>& data) {
  check_against_talib<1>(
      data, kMom, {{10}, {1}, {5}, {50}},
      [](const Table& t, int n, const Opts& o, int* b, int* nb, double* const* out) {
        return TA_MOM(0, n - 1, t.close.data(), iopt(o, 0), b, nb, out[0]);
      },
      [](const Opts& o) { return TA_MOM_Lookback(iopt(o, 0)); });
}
void check_trix(const std::vector<DataSet>& data) {
  check_against_talib<1>(
      data, kTrix, {{30}, {2}, {3}, {9}, {60}},
      [](const Table& t, int n, const Opts& o, int* b, int* nb, double* const* out) {
        return TA_TRIX(0, n - 1, t.close.data(), iopt(o, 0), b, nb, out[0]);
      },
      [](const Opts& o) { return TA_TRIX_Lookback(iopt(o, 0)); });
}

TEST(Roc, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  check_roc(market_data_sets());
}
TEST(Roc, MatchesTaLibOnEdgeCases) {
  check_roc(edge_data_sets());
}
TEST(Mom, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  check_mom(market_data_sets());
}
TEST(Mom, MatchesTaLibOnEdgeCases) {
  check_mom(edge_data_sets());
}
TEST(Trix, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  check_trix(market_data_sets());
}
TEST(Trix, MatchesTaLibOnEdgeCases) {
  check_trix(edge_data_sets());
}

TEST(Roc, HandComputed) {
  Roc roc(2);
  Mom mom(2);
  EXPECT_TRUE(std::isnan(roc.update(0.0)));
  EXPECT_TRUE(std::isnan(roc.update(50.0)));
  EXPECT_EQ(roc.update(3.0), 0.0);           // the earlier close is 0: TA-Lib gives 0
  EXPECT_DOUBLE_EQ(roc.update(60.0), 20.0);  // (60 / 50 - 1) x 100
  mom.update(4.0);
  mom.update(5.0);
  EXPECT_DOUBLE_EQ(mom.update(7.5), 3.5);
}

// Lookback 3 x (period - 1) + 1, as TA_TRIX_Lookback. TA-Lib's table allows period 1, but there
// TA_EMA_Lookback(1) is -1, TA_TRIX_Lookback(1) is -2 and TA_TRIX overruns its own buffer, so
// period 1 has no TA-Lib reference; ours is the natural reading (each EMA(1) is the close itself,
// lookback 1).
TEST(Trix, PeriodOneIsOneBarRateOfChange) {
  Trix trix(1);
  EXPECT_EQ(trix.lookback(), 1);
  EXPECT_EQ(Trix(30).lookback(), 88);
  EXPECT_TRUE(std::isnan(trix.update(100.0)));
  EXPECT_NEAR(trix.update(110.0), 10.0, 1e-12);
}

}  // namespace
}  // namespace sp::core
