// STOCH: the (slow) Stochastic oscillator (TA-Lib TA_STOCH). Outputs, in TA-Lib's order:
// slowk = MA(fastk, slowk_period, slowk_matype) and slowd = MA(slowk, slowd_period, slowd_matype),
// where fastk is the raw %K over fastk_period bars (FastK) and MA is TA_MA (a period of 1 passes
// the input through).
//
// Options: fastk_period (1..100000, default 5), slowk_period (1..100000, default 3), slowk_matype
// (default 0, SMA), slowd_period (1..100000, default 3), slowd_matype (default 0, SMA).
// Lookback = (fastk_period - 1) + lookback(slowk MA) + lookback(slowd MA), as TA_STOCH_Lookback;
// both outputs start there (slowk's earlier values are not returned, as in TA-Lib).
// REQUIRES: matypes TA-Lib's 0..8 except 7 (MAMA). No allocation after construction, amortised O(1)
// plus the moving averages' cost. Not thread-safe; copyable.
//
// Stoch chooses its averages at run time (MovingAverage); BasicStoch takes them as types, which is
// what the batch entry point uses for the common ones (with_smoothing, smoothing.h).
#pragma once

#include <utility>

#include "core/indicator.h"
#include "core/indicators/momentum/fast_k.h"
#include "core/indicators/overlap/ma.h"

namespace sp::core {

template <class SlowKAverage, class SlowDAverage>
class BasicStoch {
 public:
  static constexpr int kOutputs = 2;

  BasicStoch(int fastk_period, SlowKAverage slowk, SlowDAverage slowd)
      : fastk_(fastk_period),
        slowk_(std::move(slowk)),
        slowd_(std::move(slowd)),
        slowk_start_(fastk_period - 1),
        slowd_start_(slowk_start_ + slowk_.lookback()),
        lookback_(slowd_start_ + slowd_.lookback()) {}

  int lookback() const { return lookback_; }

  void update(const Bar& bar, double* out) {
    const double k = fastk_.update(bar.high, bar.low, bar.close);
    if (count_ < lookback_) [[unlikely]] {
      const int i = count_++;
      if (i >= slowk_start_) {
        const double slowk = slowk_.update(k);
        if (i >= slowd_start_) slowd_.update(slowk);
      }
      fill_nan(out, kOutputs);
      return;
    }
    const double slowk = slowk_.update(k);
    out[0] = slowk;
    out[1] = slowd_.update(slowk);
  }

  void peek(const Bar& bar, double* out) const {
    if (count_ < lookback_) [[unlikely]] {
      fill_nan(out, kOutputs);
      return;
    }
    const double slowk = slowk_.peek(fastk_.peek(bar.high, bar.low, bar.close));
    out[0] = slowk;
    out[1] = slowd_.peek(slowk);
  }

  void reset() {
    fastk_.reset();
    slowk_.reset();
    slowd_.reset();
    count_ = 0;
  }

 private:
  FastK fastk_;
  SlowKAverage slowk_;
  SlowDAverage slowd_;
  int slowk_start_;  // first bar with a fastk (and so the first fed to the slowk MA)
  int slowd_start_;  // first bar with a slowk
  int lookback_;
  int count_ = 0;  // bars seen, saturating at lookback
};

class Stoch : public BasicStoch<MovingAverage, MovingAverage> {
 public:
  explicit Stoch(int fastk_period = 5, int slowk_period = 3, MaType slowk_matype = MaType::kSma,
                 int slowd_period = 3, MaType slowd_matype = MaType::kSma)
      : BasicStoch(fastk_period, MovingAverage(slowk_matype, slowk_period),
                   MovingAverage(slowd_matype, slowd_period)) {}
};

}  // namespace sp::core
