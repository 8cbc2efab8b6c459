// DirectionalMovement: Wilder's smoothed +DM, -DM and true range over `period` bars, the state
// TA-Lib's ADX, ADXR, DX, PLUS_DI and MINUS_DI each build in the same way (ta_ADX.c, ta_DX.c,
// ta_PLUS_DI.c, ta_MINUS_DI.c), kept here once so the five agree with TA-Lib and with each other.
//
// One-bar movement: up = high - prevHigh, down = prevLow - low; +DM1 = up when up > 0 and up >
// down, -DM1 = down when down > 0 and down > up, otherwise 0 (so at most one is non-zero). True
// range TR1 = max(high - low, |high - prevClose|, |low - prevClose|).
//
// Bar 0 only records the previous high, low and close. Bars 1 .. period-1 add their +DM1, -DM1 and
// TR1 to plain sums (TA-Lib's seeding of prevPlusDM/prevMinusDM/prevTR); from bar `period` on each
// sum is smoothed Wilder's way, s = s - s/period + x1, in TA-Lib's order of operations (adding a
// zero DM1 is exact, so the branch TA-Lib takes is not needed). advance() is true from bar `period`
// on; for period 1 the smoothed sums are exactly the one-bar values (s - s/1 is 0).
//
// The state is a small value (State) and advance() a pure step on it, so an indicator's update
// commits the step and its peek runs it on a copy: the same arithmetic, the same bits.
// REQUIRES: period >= 1; finite inputs. Not thread-safe; copyable; no allocation.
#pragma once

#include <cmath>

#include "core/bar.h"
#include "core/indicators/talib_arith.h"

namespace sp::core {

class DirectionalMovement {
 public:
  struct State {
    double prev_high = 0;
    double prev_low = 0;
    double prev_close = 0;
    double plus_dm = 0;   // seed sum, then Wilder-smoothed +DM
    double minus_dm = 0;  // seed sum, then Wilder-smoothed -DM
    double tr = 0;        // seed sum, then Wilder-smoothed true range
    int bars = 0;         // bars seen, saturating at period (from there on: smoothing)
  };

  explicit DirectionalMovement(int period) : period_(period), n_(period) {}

  int period() const { return period_; }

  // Advances `s` by `bar`. True when the smoothed sums are ready (from bar index `period` on).
  bool advance(State& s, const Bar& bar) const {
    if (s.bars == 0) {
      s.prev_high = bar.high;
      s.prev_low = bar.low;
      s.prev_close = bar.close;
      s.bars = 1;
      return false;
    }
    const double up = bar.high - s.prev_high;
    const double down = s.prev_low - bar.low;
    const double plus_dm1 = (up > 0 && up > down) ? up : 0.0;
    const double minus_dm1 = (down > 0 && up < down) ? down : 0.0;
    double tr1 = bar.high - bar.low;
    const double hc = std::fabs(bar.high - s.prev_close);
    if (hc > tr1) tr1 = hc;
    const double lc = std::fabs(bar.low - s.prev_close);
    if (lc > tr1) tr1 = lc;
    s.prev_high = bar.high;
    s.prev_low = bar.low;
    s.prev_close = bar.close;
    if (s.bars < period_) {  // seeding: plain sums over bars 1 .. period-1
      s.plus_dm += plus_dm1;
      s.minus_dm += minus_dm1;
      s.tr += tr1;
      ++s.bars;
      return false;
    }
    s.plus_dm = s.plus_dm - s.plus_dm / n_ + plus_dm1;
    s.minus_dm = s.minus_dm - s.minus_dm / n_ + minus_dm1;
    s.tr = s.tr - s.tr / n_ + tr1;
    return true;
  }

  // TA-Lib's DX from ready sums: 100 |-DI - +DI| / (-DI + +DI) with DI = 100 DM / TR. False (and
  // `dx` untouched) when TR or -DI + +DI is zero by TA_IS_ZERO, where TA-Lib keeps its previous
  // value.
  static bool dx(const State& s, double* dx) {
    if (talib::is_zero(s.tr)) return false;
    const double minus_di = 100.0 * (s.minus_dm / s.tr);
    const double plus_di = 100.0 * (s.plus_dm / s.tr);
    const double sum = minus_di + plus_di;
    if (talib::is_zero(sum)) return false;
    *dx = 100.0 * (std::fabs(minus_di - plus_di) / sum);
    return true;
  }

 private:
  int period_;
  double n_;  // period as a double: TA-Lib divides by the int period, promoted
};

}  // namespace sp::core
