// MACD: Moving Average Convergence/Divergence (TA-Lib TA_MACD, i.e. TA_INT_MACD, default
// compatibility). Outputs, in TA-Lib's order: macd = fast EMA - slow EMA, macdsignal = EMA of macd
// over signalperiod, macdhist = macd - macdsignal.
//
// Options: fastperiod (2..100000, default 12), slowperiod (2..100000, default 26), signalperiod
// (1..100000, default 9). As in TA-Lib, if fastperiod > slowperiod the two are swapped.
// Lookback = (slow - 1) + (signal - 1): all three outputs start at the same bar.
//
// TA-Lib's alignment, followed exactly: both EMAs start at bar slow-1, each seeded with the SMA of
// its own last `period` closes up to there, so the fast EMA ignores bars before slow-fast (it is
// not the stand-alone TA_EMA). The signal EMA is seeded with the SMA of the first `signal` macd
// values. k = 2 / (period + 1), as TA-Lib's PER_TO_K.
//
// Caveats. (1) An EMA step is ema * (1 - k) + x * k where TA-Lib writes ((x - ema) * k) + ema: the
// same number up to rounding (about 1e-15 relative), and one operation shorter on the chain that
// carries each EMA from bar to bar, which is what bounds MACD's speed. Products are rounded before
// they are added (talib::unfused_mul), so every build and every inlined copy (stream, batch, peek)
// gives the same bits. (2) signalperiod 1: TA-Lib's own TA_MACD is broken there (TA_EMA_Lookback(1)
// is -1, so it reports lookback slow-2, reads before its buffer for the first macd and shifts the
// signal line a bar ahead of the macd line); we give lookback slow-1 and an EMA of period 1 (k = 1)
// aligned with the macd line. O(1), no allocation. Not thread-safe; copyable.
#pragma once

#include <utility>

#include "core/indicator.h"
#include "core/indicators/talib_arith.h"

namespace sp::core {

class Macd {
 public:
  static constexpr int kOutputs = 3;

  explicit Macd(int fast_period = 12, int slow_period = 26, int signal_period = 9) {
    if (slow_period < fast_period) std::swap(fast_period, slow_period);
    fast_period_ = fast_period;
    slow_period_ = slow_period;
    signal_period_ = signal_period;
    fast_ = Smoothing(fast_period);
    slow_ = Smoothing(slow_period);
    signal_ = Smoothing(signal_period);
    lookback_ = (slow_period - 1) + (signal_period - 1);
  }

  int lookback() const { return lookback_; }

  void update(double x, double* out) {
    state_ = next(x);
    write(state_, out);
  }
  void peek(double x, double* out) const { write(next(x), out); }
  void update(const Bar& bar, double* out) { update(bar.close, out); }
  void peek(const Bar& bar, double* out) const { peek(bar.close, out); }
  void reset() { state_ = State{}; }

  // For the batch kernel (macd.cc), which runs the warm-up through update() and continues the three
  // EMAs from here: their current values, and the weight k of today's value in each (1 - k is the
  // weight of yesterday's EMA, exactly). The values are the EMAs once lookback() + 1 bars are in.
  struct Emas {
    double fast, slow, signal;
    double fast_k, slow_k, signal_k;
  };
  Emas emas() const {
    return {state_.fast, state_.slow, state_.signal, fast_.k, slow_.k, signal_.k};
  }

 private:
  struct Smoothing {
    Smoothing() = default;
    // keep = 1 - k rounded, then k = 1 - keep, which is exact: the two weights sum to exactly 1,
    // so rounding keep does not bias the EMA's level (with k = 2 / (period + 1) as rounded, a
    // 200-bar EMA drifted 1e-14 relative from TA-Lib's, 1e-12 on a MACD line of SPY). This k
    // differs from TA-Lib's by at most 2^-54.
    explicit Smoothing(int period) : keep(1.0 - 2.0 / (period + 1)), k(1.0 - keep) {}
    double step(double ema, double x) const {
      return talib::unfused_mul(ema, keep) + talib::unfused_mul(x, k);
    }
    double keep = 0;  // weight of yesterday's EMA
    double k = 0;     // weight of today's value, 1 - keep
  };

  struct State {
    double fast = 0;  // EMAs; while warming up, the sums that seed them
    double slow = 0;
    double signal = 0;
    int count = 0;  // bars seen, saturating at lookback + 1
  };

  void write(const State& s, double* out) const {
    if (s.count <= lookback_) [[unlikely]] {
      fill_nan(out, kOutputs);
      return;
    }
    const double macd = s.fast - s.slow;
    out[0] = macd;
    out[1] = s.signal;
    out[2] = macd - s.signal;
  }

  State next(double x) const {
    State s = state_;
    if (s.count > lookback_) [[likely]] {
      s.fast = fast_.step(s.fast, x);
      s.slow = slow_.step(s.slow, x);
      s.signal = signal_.step(s.signal, s.fast - s.slow);
      return s;
    }
    const int bar = s.count++;
    const int seed_bar = slow_period_ - 1;  // where both EMAs get their first value
    if (bar < seed_bar) {
      s.slow += x;
      if (bar >= slow_period_ - fast_period_) s.fast += x;
      return s;
    }
    if (bar == seed_bar) {
      s.slow = (s.slow + x) / slow_period_;
      s.fast = (s.fast + x) / fast_period_;
    } else {
      s.fast = fast_.step(s.fast, x);
      s.slow = slow_.step(s.slow, x);
    }
    s.signal += s.fast - s.slow;  // the seed sum of the signal line
    if (bar == lookback_) s.signal /= signal_period_;
    return s;
  }

  int fast_period_;
  int slow_period_;
  int signal_period_;
  Smoothing fast_;
  Smoothing slow_;
  Smoothing signal_;
  int lookback_;
  State state_;
};

}  // namespace sp::core
