// STOCHRSI: the Stochastic RSI (TA-Lib TA_STOCHRSI): TA_STOCHF run over the RSI series, with RSI as
// high, low and close. Outputs, in TA-Lib's order: fastk = raw %K of RSI over fastk_period values,
// fastd = MA(fastk, fastd_period, fastd_matype) (MovingAverage; a period of 1 passes through).
//
// Options: timeperiod (RSI, 2..100000, default 14), fastk_period (1..100000, default 5),
// fastd_period (1..100000, default 3), fastd_matype (default 0, SMA).
// Lookback = RSI's (timeperiod) + STOCHF's ((fastk_period - 1) + lookback(fastd MA)).
// The RSI here is TA-Lib's to the last bit (exact division, see WilderGainLoss): over a flat
// stretch RSI's window range is rounding noise, which %K divides by. REQUIRES: matype TA-Lib's 0..8
// except 7 (MAMA). No allocation after construction, amortised O(1) plus the moving average's cost.
// Not thread-safe; copyable.
//
// StochRsi chooses its average at run time (MovingAverage); BasicStochRsi takes it as a type, which
// is what the batch entry point uses for the common ones (with_smoothing, smoothing.h).
#pragma once

#include <utility>

#include "core/indicator.h"
#include "core/indicators/momentum/fast_k.h"
#include "core/indicators/momentum/rsi.h"
#include "core/indicators/momentum/wilder_gain_loss.h"
#include "core/indicators/overlap/ma.h"

namespace sp::core {

template <class FastDAverage>
class BasicStochRsi {
 public:
  static constexpr int kOutputs = 2;

  BasicStochRsi(int period, int fastk_period, FastDAverage fastd)
      : averages_(period),
        fastk_(fastk_period),
        fastd_(std::move(fastd)),
        fastk_start_(averages_.lookback()),
        fastd_start_(fastk_start_ + fastk_period - 1),
        lookback_(fastd_start_ + fastd_.lookback()) {}

  int lookback() const { return lookback_; }

  void update(double x, double* out) {
    const auto a = averages_.update(x);
    if (count_ < lookback_) [[unlikely]] {
      const int i = count_++;
      if (i >= fastk_start_) {
        const double rsi = rsi_from(a.gain, a.loss);
        const double k = fastk_.update(rsi, rsi, rsi);
        if (i >= fastd_start_) fastd_.update(k);
      }
      fill_nan(out, kOutputs);
      return;
    }
    const double rsi = rsi_from(a.gain, a.loss);
    out[0] = fastk_.update(rsi, rsi, rsi);
    out[1] = fastd_.update(out[0]);
  }

  void peek(double x, double* out) const {
    if (count_ < lookback_) [[unlikely]] {
      fill_nan(out, kOutputs);
      return;
    }
    const auto a = averages_.peek(x);
    const double rsi = rsi_from(a.gain, a.loss);
    out[0] = fastk_.peek(rsi, rsi, rsi);
    out[1] = fastd_.peek(out[0]);
  }

  void update(const Bar& bar, double* out) { update(bar.close, out); }
  void peek(const Bar& bar, double* out) const { peek(bar.close, out); }

  void reset() {
    averages_.reset();
    fastk_.reset();
    fastd_.reset();
    count_ = 0;
  }

 private:
  WilderGainLoss<Division::kExact> averages_;
  FastK fastk_;
  FastDAverage fastd_;
  int fastk_start_;  // first bar with an RSI
  int fastd_start_;  // first bar with a fastk
  int lookback_;
  int count_ = 0;  // bars seen, saturating at lookback
};

class StochRsi : public BasicStochRsi<MovingAverage> {
 public:
  explicit StochRsi(int period = 14, int fastk_period = 5, int fastd_period = 3,
                    MaType fastd_matype = MaType::kSma)
      : BasicStochRsi(period, fastk_period, MovingAverage(fastd_matype, fastd_period)) {}
};

}  // namespace sp::core
