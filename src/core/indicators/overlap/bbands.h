// BBANDS: Bollinger Bands (TA-Lib TA_BBANDS). Outputs in TA-Lib's order: upperband, middleband,
// lowerband.
//
// middle = MA(close, period, matype) (TA_MA, so any of types 0-6 and 8); upper = middle +
// nbdevup*sd, lower = middle - nbdevdn*sd, where sd is the population standard deviation of the
// last `period` closes (divisor period), 0 when the variance is below 1e-14. As in TA-Lib, sd comes
// from running sums of x and x^2 over the window, mean(x^2) - mean(x)^2 (TA_INT_VAR, or for SMA
// TA_INT_stddev_using_precalc_ma, which gives the same numbers); the sums start `period`-1 bars
// before the MA's first value, where TA-Lib starts them, so the numbers agree to the last bit
// (the build's -ffp-contract=off keeps both sides from fusing): that matters in flat windows, where
// the variance is rounding noise that TA-Lib passes to sqrt once above 1e-14.
// Note sd is around the window mean even when the middle band is another average, as in TA-Lib.
// Lookback: TA_MA_Lookback(period, matype). REQUIRES: period >= 2, matype != 7 (MAMA).
// The ring of the last `period` closes is allocated once, at construction. Not thread-safe;
// copyable.
#pragma once

#include <cmath>
#include <vector>

#include "core/indicator.h"
#include "core/indicators/overlap/ma.h"
#include "core/indicators/talib_arith.h"

namespace sp::core {

class Bbands {
 public:
  static constexpr int kOutputs = 3;

  explicit Bbands(int period = 5, double nbdevup = 2, double nbdevdn = 2,
                  MaType matype = MaType::kSma)
      : period_(period),
        nbdevup_(nbdevup),
        nbdevdn_(nbdevdn),
        ma_(matype, period),
        first_output_(ma_.lookback()),
        first_sum_(first_output_ - (period - 1)),
        ring_(static_cast<std::size_t>(period)) {}

  int lookback() const { return first_output_; }

  void update(const Bar& bar, double* out) {
    const double x = bar.close;
    const double middle = ma_.update(x);
    if (bars_ < first_output_) {
      if (bars_ >= first_sum_) add(x);
      ++bars_;
      fill_nan(out, kOutputs);
      return;
    }
    add(x);
    const double mean1 = total1_ / period_;
    const double mean2 = total2_ / period_;
    const double oldest = ring_[head_];  // leaves the window now
    total1_ -= oldest;
    total2_ -= oldest * oldest;
    bands(middle, mean2 - mean1 * mean1, out);
  }

  void peek(const Bar& bar, double* out) const {
    const double x = bar.close;
    if (bars_ < first_output_) {
      fill_nan(out, kOutputs);
      return;
    }
    const double mean1 = (total1_ + x) / period_;
    const double mean2 = (total2_ + x * x) / period_;
    bands(ma_.peek(x), mean2 - mean1 * mean1, out);
  }

  void reset() {
    ma_.reset();
    total1_ = total2_ = 0;
    bars_ = 0;
    head_ = 0;
  }

 private:
  void add(double x) {
    total1_ += x;
    total2_ += x * x;
    ring_[head_] = x;
    head_ = head_ + 1 == ring_.size() ? 0 : head_ + 1;
  }

  void bands(double middle, double variance, double* out) const {
    const double sd = talib::is_zero_or_neg(variance) ? 0.0 : std::sqrt(variance);
    out[0] = middle + sd * nbdevup_;
    out[1] = middle;
    out[2] = middle - sd * nbdevdn_;
  }

  int period_;
  double nbdevup_, nbdevdn_;
  MovingAverage ma_;
  int first_output_;  // bar of the first value: the MA's lookback
  int first_sum_;     // bar where the running sums start
  std::vector<double> ring_;
  double total1_ = 0;  // sum of x over the window (less the oldest between bars)
  double total2_ = 0;  // sum of x^2, likewise
  int bars_ = 0;       // bars seen, capped at first_output_
  std::size_t head_ = 0;
};

}  // namespace sp::core
