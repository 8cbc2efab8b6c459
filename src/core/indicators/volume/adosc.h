// ADOSC: Chaikin A/D oscillator, EMA(fast) of the A/D line minus EMA(slow) of it (TA-Lib TA_ADOSC).
//
// Not the EMAs of ema.h: as in TA-Lib (and Metastock), both EMAs are seeded with the very first
// A/D value (bar 0) and then run over every bar, ema = k * ad + (1 - k) * ema with
// k = 2 / (period + 1), in TA-Lib's order so the numbers agree to the last bit. Output starts at
// bar lookback = max(fast, slow) - 1 (TA-Lib's EMA lookback of the slower period); the EMAs before
// it are computed but not shown. The result is always EMA(fastperiod) - EMA(slowperiod), even when
// fastperiod > slowperiod. Options: fastperiod (default 3), slowperiod (default 10), both >= 2.
// The A/D line is in volume units, so the values are large on real data. No allocation.
// Not thread-safe; copyable.
#pragma once

#include <algorithm>

#include "core/indicator.h"
#include "core/indicators/volume/ad.h"

namespace sp::core {

class Adosc {
 public:
  static constexpr int kOutputs = 1;

  // REQUIRES: fast_period >= 2, slow_period >= 2.
  explicit Adosc(int fast_period = 3, int slow_period = 10)
      : lookback_(std::max(fast_period, slow_period) - 1),
        fast_k_(2.0 / (fast_period + 1)),
        fast_decay_(1.0 - fast_k_),
        slow_k_(2.0 / (slow_period + 1)),
        slow_decay_(1.0 - slow_k_) {}

  int lookback() const { return lookback_; }

  void update(const Bar& bar, double* out) {
    state_ = next(bar);
    if (bars_ <= lookback_) ++bars_;
    *out = bars_ > lookback_ ? state_.fast - state_.slow : kNaN;
  }
  void peek(const Bar& bar, double* out) const {
    const State s = next(bar);
    *out = bars_ + 1 > lookback_ ? s.fast - s.slow : kNaN;
  }

  void reset() {
    state_ = {};
    bars_ = 0;
  }

 private:
  struct State {
    double ad = 0;
    double fast = 0;
    double slow = 0;
  };

  State next(const Bar& bar) const {
    State s;
    s.ad = Ad::step(state_.ad, bar);
    if (bars_ == 0) {
      s.fast = s.ad;
      s.slow = s.ad;
    } else {
      s.fast = (fast_k_ * s.ad) + (fast_decay_ * state_.fast);
      s.slow = (slow_k_ * s.ad) + (slow_decay_ * state_.slow);
    }
    return s;
  }

  int lookback_;
  double fast_k_, fast_decay_;
  double slow_k_, slow_decay_;
  State state_;
  int bars_ = 0;  // bars seen, up to lookback_ + 1
};

}  // namespace sp::core
