// Every momentum indicator against TA-Lib on synthetic bars with long flat stretches: equal closes
// (RSI's gain and loss decay together, so STOCHRSI's window range is rounding noise), equal typical
// prices (CCI's tp - avg is rounding noise, MFI adds no flow), bars with no range (STOCH, WILLR,
// BOP give 0). This is where the last bit decides the answer, so where TA-Lib's arithmetic must be
// followed exactly.
#include <gtest/gtest.h>

#include <random>

#include "core/indicators/factories.h"
#include "momentum_check.h"

namespace sp::core {
namespace {

using sp::testing::check_indicator;
using sp::testing::IndicatorUnderTest;
using sp::testing::ma_type;
using sp::testing::talib_full;

market::OhlcvTable flat_stretches(std::size_t n) {
  market::OhlcvTable t;
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  std::uniform_int_distribution<int> run(0, 40);
  double price = 100.1;
  while (t.close.size() < n) {
    // A moving stretch, then a flat one: the same bar repeated, with or without a range.
    for (int i = run(rng) / 4; i >= 0 && t.close.size() < n; --i) {
      const double open = price;
      price = std::round(price * (1.0 + 0.01 * u(rng)) * 100) / 100;  // cents, like real quotes
      t.open.push_back(open);
      t.close.push_back(price);
      t.high.push_back(std::max(open, price) + 0.05);
      t.low.push_back(std::min(open, price) - 0.05);
      t.volume.push_back(1000 + 10 * run(rng));
    }
    const bool no_range = run(rng) % 2 == 0;
    for (int i = run(rng); i >= 0 && t.close.size() < n; --i) {
      t.open.push_back(price);
      t.close.push_back(price);
      t.high.push_back(no_range ? price : price + 0.1);
      t.low.push_back(no_range ? price : price - 0.1);
      t.volume.push_back(1000);
    }
  }
  for (std::size_t i = 0; i < n; ++i) t.time_ms.push_back(static_cast<std::int64_t>(i) * 60000);
  t.time_text.assign(n, "");
  t.columns = kOpen | kHigh | kLow | kClose | kVolume | kTime;
  return t;
}

TEST(FlatStretches, EveryIndicatorMatchesTaLib) {
  const market::OhlcvTable t = flat_stretches(6000);
  const int n = static_cast<int>(t.size());
  const double *o = t.open.data(), *h = t.high.data(), *l = t.low.data(), *c = t.close.data(),
               *v = t.volume.data();
  auto one = [&](auto call) { return talib_full<1>(t.size(), call); };
  auto two = [&](auto call) { return talib_full<2>(t.size(), call); };

  for (int p : {14, 2, 5}) {
    EXPECT_TRUE(check_indicator({"rsi", factory::make_rsi, factory::batch_rsi, 1}, {double(p)},
                                t.view(), one([&](int* b, int* nb, double* const* out) {
                                  return TA_RSI(0, n - 1, c, p, b, nb, out[0]);
                                }),
                                TA_RSI_Lookback(p)));
    EXPECT_TRUE(check_indicator({"cmo", factory::make_cmo, factory::batch_cmo, 1}, {double(p)},
                                t.view(), one([&](int* b, int* nb, double* const* out) {
                                  return TA_CMO(0, n - 1, c, p, b, nb, out[0]);
                                }),
                                TA_CMO_Lookback(p)));
    EXPECT_TRUE(check_indicator({"willr", factory::make_willr, factory::batch_willr, 1},
                                {double(p)}, t.view(),
                                one([&](int* b, int* nb, double* const* out) {
                                  return TA_WILLR(0, n - 1, h, l, c, p, b, nb, out[0]);
                                }),
                                TA_WILLR_Lookback(p)));
    EXPECT_TRUE(check_indicator({"cci", factory::make_cci, factory::batch_cci, 1}, {double(p)},
                                t.view(), one([&](int* b, int* nb, double* const* out) {
                                  return TA_CCI(0, n - 1, h, l, c, p, b, nb, out[0]);
                                }),
                                TA_CCI_Lookback(p)));
    EXPECT_TRUE(check_indicator({"mfi", factory::make_mfi, factory::batch_mfi, 1}, {double(p)},
                                t.view(), one([&](int* b, int* nb, double* const* out) {
                                  return TA_MFI(0, n - 1, h, l, c, v, p, b, nb, out[0]);
                                }),
                                TA_MFI_Lookback(p)));
  }
  for (const std::vector<double>& s : std::vector<std::vector<double>>{
           {14, 5, 3, 0}, {14, 14, 1, 0}, {5, 3, 3, 1}, {2, 2, 1, 0}, {9, 4, 4, 2}}) {
    EXPECT_TRUE(
        check_indicator({"stochrsi", factory::make_stochrsi, factory::batch_stochrsi, 2}, s,
                        t.view(), two([&](int* b, int* nb, double* const* out) {
                          return TA_STOCHRSI(0, n - 1, c, int(s[0]), int(s[1]), int(s[2]),
                                             ma_type(s[3]), b, nb, out[0], out[1]);
                        }),
                        TA_STOCHRSI_Lookback(int(s[0]), int(s[1]), int(s[2]), ma_type(s[3]))));
  }
  for (const std::vector<double>& s :
       std::vector<std::vector<double>>{{5, 3, 0, 3, 0}, {1, 3, 1, 3, 1}, {9, 1, 0, 4, 6}}) {
    EXPECT_TRUE(check_indicator(
        {"stoch", factory::make_stoch, factory::batch_stoch, 2}, s, t.view(),
        two([&](int* b, int* nb, double* const* out) {
          return TA_STOCH(0, n - 1, h, l, c, int(s[0]), int(s[1]), ma_type(s[2]), int(s[3]),
                          ma_type(s[4]), b, nb, out[0], out[1]);
        }),
        TA_STOCH_Lookback(int(s[0]), int(s[1]), ma_type(s[2]), int(s[3]), ma_type(s[4]))));
    EXPECT_TRUE(check_indicator({"stochf", factory::make_stochf, factory::batch_stochf, 2},
                                {s[0], s[1], s[2]}, t.view(),
                                two([&](int* b, int* nb, double* const* out) {
                                  return TA_STOCHF(0, n - 1, h, l, c, int(s[0]), int(s[1]),
                                                   ma_type(s[2]), b, nb, out[0], out[1]);
                                }),
                                TA_STOCHF_Lookback(int(s[0]), int(s[1]), ma_type(s[2]))));
  }
  EXPECT_TRUE(check_indicator({"ultosc", factory::make_ultosc, factory::batch_ultosc, 1},
                              {7, 14, 28}, t.view(), one([&](int* b, int* nb, double* const* out) {
                                return TA_ULTOSC(0, n - 1, h, l, c, 7, 14, 28, b, nb, out[0]);
                              }),
                              TA_ULTOSC_Lookback(7, 14, 28)));
  EXPECT_TRUE(check_indicator({"bop", factory::make_bop, factory::batch_bop, 1}, {}, t.view(),
                              one([&](int* b, int* nb, double* const* out) {
                                return TA_BOP(0, n - 1, o, h, l, c, b, nb, out[0]);
                              }),
                              TA_BOP_Lookback()));
  EXPECT_TRUE(check_indicator(
      {"macd", factory::make_macd, factory::batch_macd, 3}, {12, 26, 9}, t.view(),
      talib_full<3>(t.size(),
                    [&](int* b, int* nb, double* const* out) {
                      return TA_MACD(0, n - 1, c, 12, 26, 9, b, nb, out[0], out[1], out[2]);
                    }),
      TA_MACD_Lookback(12, 26, 9)));
}

}  // namespace
}  // namespace sp::core
