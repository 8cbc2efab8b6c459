// STOCHF: the fast Stochastic oscillator (TA-Lib TA_STOCHF). Outputs, in TA-Lib's order: fastk,
// the raw %K over fastk_period bars (FastK), and fastd = MA(fastk, fastd_period, fastd_matype),
// MA being TA_MA (a period of 1 passes the input through).
//
// Options: fastk_period (1..100000, default 5), fastd_period (1..100000, default 3), fastd_matype
// (default 0, SMA). Lookback = (fastk_period - 1) + lookback(fastd MA), as TA_STOCHF_Lookback; both
// outputs start there. REQUIRES: matype TA-Lib's 0..8 except 7 (MAMA). No allocation after
// construction, amortised O(1) plus the moving average's cost. Not thread-safe; copyable.
//
// StochF chooses its average at run time (MovingAverage); BasicStochF takes it as a type, which is
// what the batch entry point uses for the common ones (with_smoothing, smoothing.h).
#pragma once

#include <utility>

#include "core/indicator.h"
#include "core/indicators/momentum/fast_k.h"
#include "core/indicators/overlap/ma.h"

namespace sp::core {

template <class FastDAverage>
class BasicStochF {
 public:
  static constexpr int kOutputs = 2;

  BasicStochF(int fastk_period, FastDAverage fastd)
      : fastk_(fastk_period),
        fastd_(std::move(fastd)),
        fastd_start_(fastk_period - 1),
        lookback_(fastd_start_ + fastd_.lookback()) {}

  int lookback() const { return lookback_; }

  void update(const Bar& bar, double* out) {
    const double k = fastk_.update(bar.high, bar.low, bar.close);
    if (count_ < lookback_) [[unlikely]] {
      if (count_++ >= fastd_start_) fastd_.update(k);
      fill_nan(out, kOutputs);
      return;
    }
    out[0] = k;
    out[1] = fastd_.update(k);
  }

  void peek(const Bar& bar, double* out) const {
    if (count_ < lookback_) [[unlikely]] {
      fill_nan(out, kOutputs);
      return;
    }
    const double k = fastk_.peek(bar.high, bar.low, bar.close);
    out[0] = k;
    out[1] = fastd_.peek(k);
  }

  void reset() {
    fastk_.reset();
    fastd_.reset();
    count_ = 0;
  }

 private:
  FastK fastk_;
  FastDAverage fastd_;
  int fastd_start_;  // first bar with a fastk
  int lookback_;
  int count_ = 0;  // bars seen, saturating at lookback
};

class StochF : public BasicStochF<MovingAverage> {
 public:
  explicit StochF(int fastk_period = 5, int fastd_period = 3, MaType fastd_matype = MaType::kSma)
      : BasicStochF(fastk_period, MovingAverage(fastd_matype, fastd_period)) {}
};

}  // namespace sp::core
