// T3: Tillson's T3 moving average (TA-Lib TA_T3): GD(GD(GD(x))) with
// GD(x) = EMA(x)*(1+v) - EMA(EMA(x))*v, expanded as six chained EMAs e1..e6 and
// T3 = c1*e6 + c2*e5 + c3*e4 + c4*e3 with c1 = -v^3, c2 = 3v^2 + 3v^3, c3 = -6v^2 - 3v - 3v^3,
// c4 = 1 + 3v + v^3 + 3v^2 (v = vfactor). Not TEMA, which is also called "triple EMA".
//
// As in TA-Lib, each EMA is k*x + (1-k)*e with k = 2/(period+1), seeded with the mean of its first
// `period` inputs and started on the first value of the EMA before it. Lookback 6*(period-1)
// (TA-Lib's unstable period 0). REQUIRES: period >= 2, 0 <= vfactor <= 1. No allocation.
// Not thread-safe; copyable.
#pragma once

#include "core/indicator.h"

namespace sp::core {

class T3 : public OnClose<T3> {
 public:
  using OnClose<T3>::update;
  using OnClose<T3>::peek;

  explicit T3(int period = 5, double vfactor = 0.7);

  int lookback() const { return 6 * (period_ - 1); }

  double update(double x) { return advance(state_, x); }

  double peek(double x) const {
    State s = state_;
    return advance(s, x);
  }

  void reset() { state_ = State{}; }

  // T3 = c1*e6 + c2*e5 + c3*e4 + c4*e3; the batch kernel combines its own EMAs with them.
  struct Coefficients {
    double c1, c2, c3, c4;
  };
  Coefficients coefficients() const { return {c1_, c2_, c3_, c4_}; }

 private:
  struct State {
    double e[6] = {0, 0, 0, 0, 0, 0};
    double seed_sum[6] = {0, 0, 0, 0, 0, 0};  // per EMA, the sum of its inputs while warming up
    long bars = 0;                            // values seen, capped at lookback+1
  };

  double advance(State& s, double x) const {
    if (s.bars > lookback()) {  // warm: the straight line TA-Lib runs
      s.e[0] = (k_ * x) + (one_minus_k_ * s.e[0]);
      s.e[1] = (k_ * s.e[0]) + (one_minus_k_ * s.e[1]);
      s.e[2] = (k_ * s.e[1]) + (one_minus_k_ * s.e[2]);
      s.e[3] = (k_ * s.e[2]) + (one_minus_k_ * s.e[3]);
      s.e[4] = (k_ * s.e[3]) + (one_minus_k_ * s.e[4]);
      s.e[5] = (k_ * s.e[4]) + (one_minus_k_ * s.e[5]);
      return c1_ * s.e[5] + c2_ * s.e[4] + c3_ * s.e[3] + c4_ * s.e[2];
    }
    return warm_up(s, x);
  }

  // The bars up to the first value: EMA i receives its first input at bar i*(period-1) and gives
  // its first value, the mean of its `period` inputs, at bar (i+1)*(period-1).
  double warm_up(State& s, double x) const;

  int period_;
  double k_, one_minus_k_;
  double c1_, c2_, c3_, c4_;
  State state_;
};

}  // namespace sp::core
