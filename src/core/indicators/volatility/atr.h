// ATR: average true range, Wilder's smoothing of TRANGE (TA-Lib TA_ATR).
//
// The first value, at bar `period` (TRANGE has no value at bar 0), is the simple average of the
// first `period` true ranges, summed in order as TA-Lib's TA_INT_SMA does; after it
// atr = (atr * (period - 1) + tr) / period, in TA-Lib's order, so the numbers agree to the last
// bit. Lookback `period` (TA_ATR_Lookback; unstable period 0). Option: timeperiod >= 1 (default
// 14). Period 1 is TA-Lib's special case "return TRANGE": the recurrence then gives exactly the
// true range, (atr * 0 + tr) / 1 == tr, so it needs no branch. No allocation. Not thread-safe;
// copyable.
#pragma once

#include "core/indicator.h"
#include "core/indicators/volatility/trange.h"

namespace sp::core {

class Atr {
 public:
  static constexpr int kOutputs = 1;

  // REQUIRES: period >= 1.
  explicit Atr(int period = 14) : period_(period), prior_weight_(period - 1) {}

  int lookback() const { return period_; }

  void update(const Bar& bar, double* out) { *out = update(bar); }
  void peek(const Bar& bar, double* out) const { *out = peek(bar); }

  // The ATR after `bar`, NaN while warming up. For composition (NATR).
  double update(const Bar& bar) {
    const double tr = trange_.update(bar);
    if (count_ >= period_) {
      atr_ = (atr_ * prior_weight_ + tr) / period_;
      return atr_;
    }
    if (!has_bar_) {  // bar 0: only its close is kept, by trange_
      has_bar_ = true;
      return kNaN;
    }
    atr_ += tr;  // the seed sum while warming up
    if (++count_ < period_) return kNaN;
    atr_ /= period_;
    return atr_;
  }

  double peek(const Bar& bar) const {
    const double tr = trange_.peek(bar);
    if (count_ >= period_) return (atr_ * prior_weight_ + tr) / period_;
    if (!has_bar_ || count_ + 1 < period_) return kNaN;
    return (atr_ + tr) / period_;
  }

  void reset() {
    trange_.reset();
    atr_ = 0;
    count_ = 0;
    has_bar_ = false;
  }

 private:
  int period_;
  double prior_weight_;  // period - 1, as TA-Lib multiplies by it
  TrueRange trange_;
  double atr_ = 0;  // the ATR once count_ == period_, the seed sum before
  int count_ = 0;   // true ranges seen, up to period_
  bool has_bar_ = false;
};

}  // namespace sp::core
