// The entry points each indicator file defines for the registry (registry.cc), one pair a name:
//
//   std::unique_ptr<IndicatorStream> make_<name>(std::span<const double> options);
//   void batch_<name>(std::span<const double> options, const OhlcvView& view, double* const* outs);
//
// `options` are validated and complete (defaults filled), in TA-Lib's order. `batch_<name>` writes
// one array of view.size values per output, NaN while warming up, applying the non-finite policy of
// indicator.h; `drive_batch` does both, a hand-written kernel must agree with it.
#pragma once

#include <memory>
#include <span>

#include "core/bar.h"
#include "core/indicator.h"

// One group of indicators a line, as the registry lists them.
// clang-format off
// X-macro of every indicator name; the registry's metadata table must list the same names.
#define SP_FOR_EACH_INDICATOR(X)                                                                 \
  X(sma) X(ema) X(wma) X(dema) X(tema) X(trima) X(kama) X(t3) X(bbands) X(midpoint) X(midprice) \
  X(sar) X(vwap)                                                                                 \
  X(rsi) X(macd) X(stoch) X(stochf) X(stochrsi) X(willr) X(cci) X(mfi) X(adx) X(adxr) X(dx)     \
  X(plus_di) X(minus_di) X(aroon) X(aroonosc) X(roc) X(mom) X(cmo) X(ppo) X(apo) X(ultosc)      \
  X(bop) X(trix)                                                                                 \
  X(atr) X(natr) X(trange)                                                                       \
  X(obv) X(ad) X(adosc)                                                                          \
  X(stddev) X(var) X(linearreg) X(linearreg_slope) X(correl) X(beta)
// clang-format on

namespace sp::core::factory {

#define SP_DECLARE_INDICATOR(name)                                               \
  std::unique_ptr<IndicatorStream> make_##name(std::span<const double> options); \
  void batch_##name(std::span<const double> options, const OhlcvView& view, double* const* outs);
SP_FOR_EACH_INDICATOR(SP_DECLARE_INDICATOR)
#undef SP_DECLARE_INDICATOR

}  // namespace sp::core::factory
