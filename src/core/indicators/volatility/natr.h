// NATR: normalized average true range, ATR / close * 100 (TA-Lib TA_NATR).
//
// The ATR is TA_ATR's (see atr.h), lookback `period`; option timeperiod >= 1 (default 14).
// Caveats, both TA-Lib's and kept so the numbers agree with it:
//   - period 1 returns the plain TRANGE, NOT normalized (TA_NATR traps period <= 1 and calls
//     TA_TRANGE directly), so NATR(1) is in price units, not percent;
//   - a close within 1e-14 of zero (TA_IS_ZERO) gives 0. (TA-Lib means to write 0 there but writes
//     it to its first output slot instead, leaving that bar's slot unset; we write the 0 in place.)
// No allocation. Not thread-safe; copyable.
#pragma once

#include <cmath>

#include "core/indicator.h"
#include "core/indicators/talib_arith.h"
#include "core/indicators/volatility/atr.h"

namespace sp::core {

class Natr {
 public:
  static constexpr int kOutputs = 1;

  // REQUIRES: period >= 1.
  explicit Natr(int period = 14) : atr_(period), normalize_(period > 1) {}

  int lookback() const { return atr_.lookback(); }

  void update(const Bar& bar, double* out) { *out = normalized(atr_.update(bar), bar.close); }
  void peek(const Bar& bar, double* out) const { *out = normalized(atr_.peek(bar), bar.close); }

  void reset() { atr_.reset(); }

 private:
  double normalized(double atr, double close) const {
    if (!normalize_ || std::isnan(atr)) return atr;
    if (talib::is_zero(close)) return 0.0;
    return (atr / close) * 100.0;
  }

  Atr atr_;
  bool normalize_;
};

}  // namespace sp::core
