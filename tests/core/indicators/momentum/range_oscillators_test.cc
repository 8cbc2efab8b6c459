// WILLR, CCI, MFI, ULTOSC and BOP against TA-Lib on every real OHLCV file, plus TA-Lib's special
// cases by hand (zero ranges, equal typical prices, unsorted ULTOSC periods).
#include <gtest/gtest.h>

#include "core/indicators/factories.h"
#include "core/indicators/momentum/bop.h"
#include "core/indicators/momentum/mfi.h"
#include "core/indicators/momentum/ultosc.h"
#include "momentum_check.h"

namespace sp::core {
namespace {

using sp::testing::check_indicator;
using sp::testing::check_nonfinite_policy;
using sp::testing::IndicatorUnderTest;
using sp::testing::talib_full;

const IndicatorUnderTest kWillr{"willr", factory::make_willr, factory::batch_willr, 1};
const IndicatorUnderTest kCci{"cci", factory::make_cci, factory::batch_cci, 1};
const IndicatorUnderTest kMfi{"mfi", factory::make_mfi, factory::batch_mfi, 1};
const IndicatorUnderTest kUltOsc{"ultosc", factory::make_ultosc, factory::batch_ultosc, 1};
const IndicatorUnderTest kBop{"bop", factory::make_bop, factory::batch_bop, 1};

#define SP_HLC t.high.data(), t.low.data(), t.close.data()

TEST(Willr, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  sp::testing::for_each_market_file([](const market::OhlcvTable& t, int n, const auto& file) {
    for (int p : {14, 2, 5, 50}) {
      const auto ref = talib_full<1>(t.size(), [&](int* b, int* nb, double* const* o) {
        return TA_WILLR(0, n - 1, SP_HLC, p, b, nb, o[0]);
      });
      EXPECT_TRUE(check_indicator(kWillr, {double(p)}, t.view(), ref, TA_WILLR_Lookback(p)))
          << file;
    }
    EXPECT_TRUE(check_nonfinite_policy(kWillr, {14}, t)) << file;
  });
}

TEST(Cci, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  sp::testing::for_each_market_file([](const market::OhlcvTable& t, int n, const auto& file) {
    for (int p : {14, 2, 5, 20, 100}) {
      const auto ref = talib_full<1>(t.size(), [&](int* b, int* nb, double* const* o) {
        return TA_CCI(0, n - 1, SP_HLC, p, b, nb, o[0]);
      });
      EXPECT_TRUE(check_indicator(kCci, {double(p)}, t.view(), ref, TA_CCI_Lookback(p))) << file;
    }
    EXPECT_TRUE(check_nonfinite_policy(kCci, {14}, t)) << file;
  });
}

TEST(Mfi, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  sp::testing::for_each_market_file([](const market::OhlcvTable& t, int n, const auto& file) {
    for (int p : {14, 2, 5, 30}) {
      const auto ref = talib_full<1>(t.size(), [&](int* b, int* nb, double* const* o) {
        return TA_MFI(0, n - 1, SP_HLC, t.volume.data(), p, b, nb, o[0]);
      });
      EXPECT_TRUE(check_indicator(kMfi, {double(p)}, t.view(), ref, TA_MFI_Lookback(p))) << file;
    }
    EXPECT_TRUE(check_nonfinite_policy(kMfi, {14}, t)) << file;
  });
}

TEST(UltOsc, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  sp::testing::for_each_market_file([](const market::OhlcvTable& t, int n, const auto& file) {
    const std::vector<std::vector<int>> option_sets = {
        {7, 14, 28}, {28, 7, 14}, {14, 28, 7}, {1, 2, 3}, {5, 5, 20}, {3, 2, 1}, {10, 20, 10}};
    for (const auto& p : option_sets) {
      const auto ref = talib_full<1>(t.size(), [&](int* b, int* nb, double* const* o) {
        return TA_ULTOSC(0, n - 1, SP_HLC, p[0], p[1], p[2], b, nb, o[0]);
      });
      EXPECT_TRUE(check_indicator(kUltOsc, {double(p[0]), double(p[1]), double(p[2])}, t.view(),
                                  ref, TA_ULTOSC_Lookback(p[0], p[1], p[2])))
          << file;
    }
    EXPECT_TRUE(check_nonfinite_policy(kUltOsc, {7, 14, 28}, t)) << file;
  });
}

TEST(Bop, MatchesTaLibOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  sp::testing::for_each_market_file([](const market::OhlcvTable& t, int n, const auto& file) {
    const auto ref = talib_full<1>(t.size(), [&](int* b, int* nb, double* const* o) {
      return TA_BOP(0, n - 1, t.open.data(), SP_HLC, b, nb, o[0]);
    });
    EXPECT_TRUE(check_indicator(kBop, {}, t.view(), ref, TA_BOP_Lookback())) << file;
    EXPECT_TRUE(check_nonfinite_policy(kBop, {}, t)) << file;
  });
}

#undef SP_HLC

// BOP is 0 when high - low is TA_IS_ZERO_OR_NEG: a flat bar, and a bad vendor bar with high < low.
TEST(Bop, ZeroOrNegativeRangeGivesZero) {
  EXPECT_EQ(Bop::value(Bar{0, 10, 10, 10, 10, 0}), 0.0);
  EXPECT_EQ(Bop::value(Bar{0, 10, 9, 11, 10, 0}), 0.0);
  EXPECT_EQ(Bop::value(Bar{0, 10, 12, 8, 11, 0}), 0.25);
}

// MFI: a bar whose typical price equals the previous one adds to neither side, and a window with
// total money flow below 1.0 gives 0.
TEST(Mfi, EqualTypicalPricesAddNothing) {
  Mfi mfi(2);
  double out;
  mfi.update(Bar{0, 0, 10, 10, 10, 1}, &out);    // tp 10
  mfi.update(Bar{0, 0, 11, 11, 11, 1}, &out);    // up: +11
  mfi.update(Bar{0, 0, 11, 11, 11, 100}, &out);  // equal: nothing
  EXPECT_DOUBLE_EQ(out, 100.0);                  // 11 / (11 + 0)
  mfi.update(Bar{0, 0, 10, 10, 10, 2}, &out);    // down: -20; window = {equal, down}
  EXPECT_DOUBLE_EQ(out, 0.0);                    // 0 / (0 + 20)
  Mfi tiny(2);
  for (double v : {1e-3, 2e-3, 1e-3}) tiny.update(Bar{0, 0, v, v, v, 1}, &out);
  EXPECT_EQ(out, 0.0);  // total flow 3e-3 < 1
}

// ULTOSC 1,1,1 is outside what TA-Lib computes correctly: TA_SMA_Lookback(1) is -1, so its lookback
// is 0 and its first bar reads the close before the array. Ours starts at bar 1 (the first bar
// with a previous close), where all three windows hold one bar: 100 * (4 + 2 + 1) * bp/tr / 7.
TEST(UltOsc, AllPeriodsOne) {
  UltOsc u(1, 1, 1);
  EXPECT_EQ(u.lookback(), 1);
  double out;
  u.update(Bar{0, 0, 11, 9, 10, 0}, &out);
  EXPECT_TRUE(std::isnan(out));
  u.update(Bar{0, 0, 12, 10.5, 11.5, 0}, &out);  // true low 10, bp 1.5, true range 12 - 10 = 2
  EXPECT_DOUBLE_EQ(out, 75.0);
}

// ULTOSC weights 4, 2, 1 go to the shortest, middle and longest periods whatever the order.
TEST(UltOsc, PeriodsAreSorted) {
  UltOsc a(7, 14, 28), b(28, 7, 14), c(14, 28, 7);
  EXPECT_EQ(a.lookback(), 28);
  EXPECT_EQ(b.lookback(), 28);
  double oa, ob, oc;
  for (int i = 0; i < 80; ++i) {
    const double m = 100 + (i % 9) - 0.3 * (i % 4);
    const Bar bar{0, m, m + 1 + (i % 3), m - 1 - (i % 2), m + 0.25 * ((i % 5) - 2), 1000};
    a.update(bar, &oa);
    b.update(bar, &ob);
    c.update(bar, &oc);
    if (i >= 28) {
      EXPECT_EQ(oa, ob);
      EXPECT_EQ(oa, oc);
    }
  }
}

}  // namespace
}  // namespace sp::core
