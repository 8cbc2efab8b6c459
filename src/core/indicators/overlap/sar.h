// SAR: Wilder's Parabolic Stop And Reverse (TA-Lib TA_SAR).
//
// TA-Lib's bootstrap, which we follow exactly: the first bar is consumed (lookback 1). On the
// second bar the direction is short if the first two bars' -DM wins (low fell by more than the high
// rose, and by more than 0), else long; the starting SAR is the first bar's low (long) or high
// (short) and the extreme point (EP) the second bar's high (long) or low (short). Each bar outputs
// the SAR computed at the bar before (or, on a reversal, the old EP clamped to the last two bars'
// range), then steps SAR += AF*(EP - SAR) and clamps it to the last two bars' lows (long) or highs
// (short). AF starts at `acceleration`, grows by it at each new EP, up to `maximum`; if
// acceleration > maximum, acceleration is taken as maximum (as TA-Lib does).
// No allocation; peek copies a few doubles. Not thread-safe; copyable.
#pragma once

#include "core/bar.h"
#include "core/indicator.h"

namespace sp::core {

class Sar {
 public:
  static constexpr int kOutputs = 1;

  explicit Sar(double acceleration = 0.02, double maximum = 0.2)
      : acceleration_(acceleration > maximum ? maximum : acceleration), maximum_(maximum) {}

  int lookback() const { return 1; }

  void update(const Bar& bar, double* out) {
    if (bars_ == 0) {
      state_.prev_high = bar.high;
      state_.prev_low = bar.low;
      bars_ = 1;
      *out = kNaN;
      return;
    }
    if (bars_ == 1) {
      start(state_, bar);
      bars_ = 2;
    }
    *out = step(state_, bar.high, bar.low);
  }

  void peek(const Bar& bar, double* out) const {
    if (bars_ == 0) {
      *out = kNaN;
      return;
    }
    State s = state_;
    if (bars_ == 1) start(s, bar);
    *out = step(s, bar.high, bar.low);
  }

  void reset() {
    state_ = State{};
    bars_ = 0;
  }

 private:
  struct State {
    bool is_long = true;
    double sar = 0;
    double ep = 0;                       // extreme point of the current trade
    double af = 0;                       // acceleration factor
    double prev_high = 0, prev_low = 0;  // the previous bar's
  };

  // TA-Lib's set-up on the second bar, from the first bar (in prev_*) and this one.
  void start(State& s, const Bar& bar) const {
    const double diff_plus = bar.high - s.prev_high;
    const double diff_minus = s.prev_low - bar.low;
    s.is_long = !(diff_minus > 0 && diff_plus < diff_minus);  // TA_MINUS_DM(period 1) > 0: short
    if (s.is_long) {
      s.ep = bar.high;
      s.sar = s.prev_low;
    } else {
      s.ep = bar.low;
      s.sar = s.prev_high;
    }
    s.af = acceleration_;
    // TA-Lib "cheats" on the first step: the previous bar's range is the second bar's own.
    s.prev_high = bar.high;
    s.prev_low = bar.low;
  }

  double step(State& s, double high, double low) const {
    const double prev_high = s.prev_high, prev_low = s.prev_low;
    s.prev_high = high;
    s.prev_low = low;
    double out;
    if (s.is_long) {
      if (low <= s.sar) {  // reverse to short
        s.is_long = false;
        s.sar = s.ep;
        if (s.sar < prev_high) s.sar = prev_high;
        if (s.sar < high) s.sar = high;
        out = s.sar;
        s.af = acceleration_;
        s.ep = low;
        s.sar = s.sar + s.af * (s.ep - s.sar);
        if (s.sar < prev_high) s.sar = prev_high;
        if (s.sar < high) s.sar = high;
      } else {
        out = s.sar;
        if (high > s.ep) {
          s.ep = high;
          s.af += acceleration_;
          if (s.af > maximum_) s.af = maximum_;
        }
        s.sar = s.sar + s.af * (s.ep - s.sar);
        if (s.sar > prev_low) s.sar = prev_low;
        if (s.sar > low) s.sar = low;
      }
    } else {
      if (high >= s.sar) {  // reverse to long
        s.is_long = true;
        s.sar = s.ep;
        if (s.sar > prev_low) s.sar = prev_low;
        if (s.sar > low) s.sar = low;
        out = s.sar;
        s.af = acceleration_;
        s.ep = high;
        s.sar = s.sar + s.af * (s.ep - s.sar);
        if (s.sar > prev_low) s.sar = prev_low;
        if (s.sar > low) s.sar = low;
      } else {
        out = s.sar;
        if (low < s.ep) {
          s.ep = low;
          s.af += acceleration_;
          if (s.af > maximum_) s.af = maximum_;
        }
        s.sar = s.sar + s.af * (s.ep - s.sar);
        if (s.sar < prev_high) s.sar = prev_high;
        if (s.sar < high) s.sar = high;
      }
    }
    return out;
  }

  double acceleration_;
  double maximum_;
  State state_;
  int bars_ = 0;  // bars seen, capped at 2
};

}  // namespace sp::core
