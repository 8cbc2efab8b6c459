// Adx: Average Directional Movement Index (TA-Lib TA_ADX). Inputs high, low, close. Option:
// timeperiod (default 14, from 2). Lookback 2 x period - 1.
//
// DX (dx.h) from bar `period` on; the first ADX, at bar 2 x period - 1, is the plain mean of the
// first `period` DX values, counting a DX that is undefined (zero smoothed TR or -DI + +DI, by
// TA_IS_ZERO) as 0; after it ADX = (ADX x (period-1) + DX) / period, left unchanged on a bar whose
// DX is undefined. TA-Lib's arithmetic and order throughout. See directional_movement.h.
//
// REQUIRES: period >= 2; finite inputs. Not thread-safe; copyable; no allocation.
#pragma once

#include "core/bar.h"
#include "core/indicator.h"
#include "core/indicators/trend/directional_movement.h"

namespace sp::core {

class Adx {
 public:
  static constexpr int kOutputs = 1;

  explicit Adx(int period = 14) : dm_(period), n_(period), n_minus_1_(period - 1) {}

  int lookback() const { return 2 * dm_.period() - 1; }

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
    double adx = 0;   // sum of the first `period` DX values, then the smoothed ADX
    int dx_bars = 0;  // bars with smoothed sums seen, saturating at period
  };

  double step(State& s, const Bar& bar) const {
    if (!dm_.advance(s.dm, bar)) return kNaN;
    double dx;
    const bool defined = DirectionalMovement::dx(s.dm, &dx);
    if (s.dx_bars == dm_.period()) {
      if (defined) s.adx = ((s.adx * n_minus_1_) + dx) / n_;
      return s.adx;
    }
    if (defined) s.adx += dx;
    if (++s.dx_bars < dm_.period()) return kNaN;
    s.adx = s.adx / n_;
    return s.adx;
  }

  DirectionalMovement dm_;
  double n_;
  double n_minus_1_;
  State state_;
};

// Batch ADX for all-finite input, through directional_batch (directional_batch.h, which says why
// that is fast): writes view.size values to `out` (NaN for the first 2 x period - 1) and returns
// true; returns false when an input is non-finite or there are too few bars, and the caller falls
// back to drive_batch. The first ADX is the plain mean of the first `period` DX values, as in
// TA-Lib; after it ADX = (1 - 1/period) ADX + DX/period, TA-Lib's (ADX (period-1) + DX) / period
// with the division off the chain (a few ulps apart), run 8 bars a step by kernels::ema_run over
// every stretch of defined DX values; a bar with undefined DX leaves ADX as it is.
// REQUIRES: period >= 2; `out` does not overlap the inputs.
bool adx_batch(const OhlcvView& view, int period, double* out);

}  // namespace sp::core
