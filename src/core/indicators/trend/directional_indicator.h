// DirectionalIndicator<kPlus>: TA-Lib's PLUS_DI (kPlus) and MINUS_DI, the shared arithmetic behind
// plus_di.h and minus_di.h.
//
// +DI = 100 x smoothed +DM / smoothed TR (directional_movement.h); -DI likewise. 0 where the
// smoothed TR is zero by TA_IS_ZERO. Lookback `period` (TA_PLUS_DI_Lookback), or 1 for period 1.
// Caveat kept from TA-Lib: for period 1 TA-Lib takes a separate path that returns the raw ratio
// DM1 / TR1 WITHOUT the factor 100 (0 when the bar has no such movement or TR1 is zero); we do too.
// REQUIRES: period >= 1; finite inputs. Not thread-safe; copyable; no allocation.
#pragma once

#include "core/bar.h"
#include "core/indicator.h"
#include "core/indicators/trend/directional_movement.h"

namespace sp::core {

template <bool kPlus>
class DirectionalIndicator {
 public:
  static constexpr int kOutputs = 1;

  explicit DirectionalIndicator(int period = 14) : dm_(period), scale_(period == 1 ? 1.0 : 100.0) {}

  int lookback() const { return dm_.period() > 1 ? dm_.period() : 1; }

  double update(const Bar& bar) { return step(state_, bar); }
  double peek(const Bar& bar) const {
    DirectionalMovement::State s = state_;
    return step(s, bar);
  }
  void update(const Bar& bar, double* out) { *out = update(bar); }
  void peek(const Bar& bar, double* out) const { *out = peek(bar); }
  void reset() { state_ = {}; }

 private:
  double step(DirectionalMovement::State& s, const Bar& bar) const {
    if (!dm_.advance(s, bar)) return kNaN;
    if (talib::is_zero(s.tr)) return 0.0;
    return scale_ * ((kPlus ? s.plus_dm : s.minus_dm) / s.tr);
  }

  DirectionalMovement dm_;
  double scale_;  // 100, or 1 for TA-Lib's unscaled period-1 path
  DirectionalMovement::State state_;
};

}  // namespace sp::core
