// AROON and AROONOSC against TA-Lib on every real OHLCV file and on a table with many tied highs
// and lows: batch, streaming, peek, reset, non-finite bars; and TA-Lib's tie rule by hand.
#include "core/indicators/trend/aroon.h"

#include <gtest/gtest.h>

#include "core/indicators/factories.h"
#include "core/indicators/trend/aroonosc.h"
#include "core/indicators/trend/extreme_window.h"
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

const IndicatorUnderTest kAroon{"aroon", factory::make_aroon, factory::batch_aroon, 2};
const IndicatorUnderTest kAroonOsc{"aroonosc", factory::make_aroonosc, factory::batch_aroonosc, 1};

const std::vector<Opts> kPeriods = {{14}, {2}, {5}, {25}, {100}};

void check_aroon(const std::vector<DataSet>& data) {
  check_against_talib<2>(
      data, kAroon, kPeriods,
      [](const Table& t, int n, const Opts& o, int* b, int* nb, double* const* out) {
        return TA_AROON(0, n - 1, t.high.data(), t.low.data(), iopt(o, 0), b, nb, out[0], out[1]);
      },
      [](const Opts& o) { return TA_AROON_Lookback(iopt(o, 0)); });
}
void check_aroonosc(const std::vector<DataSet>& data) {
  check_against_talib<1>(
      data, kAroonOsc, kPeriods,
      [](const Table& t, int n, const Opts& o, int* b, int* nb, double* const* out) {
        return TA_AROONOSC(0, n - 1, t.high.data(), t.low.data(), iopt(o, 0), b, nb, out[0]);
      },
      [](const Opts& o) { return TA_AROONOSC_Lookback(iopt(o, 0)); });
}

TEST(Aroon, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  check_aroon(market_data_sets());
}
TEST(Aroon, MatchesTaLibOnEdgeCases) {
  check_aroon(edge_data_sets());
}
TEST(AroonOsc, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  check_aroonosc(market_data_sets());
}
TEST(AroonOsc, MatchesTaLibOnEdgeCases) {
  check_aroonosc(edge_data_sets());
}

Bar hl(double h, double l) {
  Bar b;
  b.high = h;
  b.low = l;
  return b;
}

// Period 4 (windows of 5 bars). The highest high 9 is at bars 1 and 3: the later one counts, so at
// bar 4 up = 25 x (4 - 1) = 75. The lowest low 1 is at bars 0 and 2: down = 25 x (4 - 2) = 50. At
// bar 5 bar 0 has left the window; a new high equal to 9 takes over at once (up 100).
TEST(Aroon, TiesGoToTheMostRecentBar) {
  Aroon aroon(4);
  AroonOsc osc(4);
  const Bar bars[] = {hl(5, 1), hl(9, 2), hl(6, 1), hl(9, 3), hl(7, 4), hl(9, 4)};
  double out[2], o = 0;
  for (int i = 0; i < 5; ++i) {
    aroon.update(bars[i], out);
    osc.update(bars[i], &o);
  }
  EXPECT_DOUBLE_EQ(out[0], 50.0);
  EXPECT_DOUBLE_EQ(out[1], 75.0);
  EXPECT_DOUBLE_EQ(o, 25.0);
  aroon.peek(bars[5], out);
  EXPECT_DOUBLE_EQ(out[1], 100.0);
  EXPECT_DOUBLE_EQ(out[0], 25.0);  // lowest low now 1 at bar 2: 25 x (4 - 3)
}

// RecentExtreme against a plain scan with TA-Lib's rule (>= / <=: the latest of equal values), on
// values with many ties, for spans that do and do not divide the length; index_after before each
// push must give what index() gives after it.
TEST(RecentExtreme, MatchesAPlainScan) {
  std::vector<double> v;
  std::uint64_t seed = 7;
  for (int i = 0; i < 3000; ++i) {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    v.push_back(static_cast<double>((seed >> 33) % 7));
  }
  for (int span : {1, 2, 3, 5, 15, 64, 101}) {
    RecentExtreme<true> hi(span);
    RecentExtreme<false> lo(span);
    for (int pass = 0; pass < 2; ++pass) {
      for (std::int64_t t = 0; t < static_cast<std::int64_t>(v.size()); ++t) {
        const double x = v[t];
        const std::int64_t hi_peek = hi.index_after(x, t), lo_peek = lo.index_after(x, t);
        hi.push(x, t);
        lo.push(x, t);
        std::int64_t want_hi = std::max<std::int64_t>(0, t - span + 1), want_lo = want_hi;
        for (std::int64_t i = want_hi; i <= t; ++i) {
          if (v[i] >= v[want_hi]) want_hi = i;
          if (v[i] <= v[want_lo]) want_lo = i;
        }
        ASSERT_EQ(hi.index(), want_hi) << "span " << span << " bar " << t;
        ASSERT_EQ(lo.index(), want_lo) << "span " << span << " bar " << t;
        ASSERT_EQ(hi_peek, want_hi) << "span " << span << " bar " << t;
        ASSERT_EQ(lo_peek, want_lo) << "span " << span << " bar " << t;
      }
      hi.reset();
      lo.reset();
    }
  }
}

}  // namespace
}  // namespace sp::core
