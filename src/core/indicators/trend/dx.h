// Dx: Directional Movement Index, DX = 100 |-DI - +DI| / (-DI + +DI) from Wilder-smoothed
// directional movement (TA-Lib TA_DX). Inputs high, low, close. Option: timeperiod (default 14,
// from 2). Lookback `period`. Where the smoothed true range or -DI + +DI is zero (TA_IS_ZERO)
// TA-Lib repeats its previous DX, or gives 0 at the first output; so do we. See
// directional_movement.h.
//
// REQUIRES: period >= 2 (TA-Lib's DX mis-aligns its output for period 1, which its own option
// table rules out); finite inputs. Not thread-safe; copyable; no allocation.
#pragma once

#include "core/bar.h"
#include "core/indicator.h"
#include "core/indicators/trend/directional_movement.h"

namespace sp::core {

class Dx {
 public:
  static constexpr int kOutputs = 1;

  explicit Dx(int period = 14) : dm_(period) {}

  int lookback() const { return dm_.period(); }

  double update(const Bar& bar) { return step(state_, bar); }
  double peek(const Bar& bar) const {
    State s = state_;
    return step(s, bar);
  }
  void update(const Bar& bar, double* out) { *out = update(bar); }
  void peek(const Bar& bar, double* out) const { *out = peek(bar); }
  void reset() { state_ = {}; }

 private:
  struct State {
    DirectionalMovement::State dm;
    double dx = 0;  // last output; TA-Lib's fallback when DX is undefined
  };

  double step(State& s, const Bar& bar) const {
    if (!dm_.advance(s.dm, bar)) return kNaN;
    DirectionalMovement::dx(s.dm, &s.dx);
    return s.dx;
  }

  DirectionalMovement dm_;
  State state_;
};

}  // namespace sp::core
