// Adxr: Average Directional Movement Index Rating, ADXR = (ADX + ADX of period-1 bars ago) / 2
// (TA-Lib TA_ADXR). Inputs high, low, close. Option: timeperiod (default 14, from 2).
// Lookback 3 x period - 2 (ADX's 2 x period - 1, plus period - 1). See adx.h.
// The last period-1 ADX values sit in a ring allocated at construction.
// REQUIRES: period >= 2; finite inputs. Not thread-safe; copyable.
#pragma once

#include <cmath>
#include <vector>

#include "core/bar.h"
#include "core/indicator.h"
#include "core/indicators/trend/adx.h"

namespace sp::core {

class Adxr {
 public:
  static constexpr int kOutputs = 1;

  explicit Adxr(int period = 14)
      : adx_(period),
        period_(period),
        ring_(static_cast<std::size_t>(period > 1 ? period - 1 : 1)) {}

  int lookback() const { return adx_.lookback() + period_ - 1; }

  double update(const Bar& bar) {
    const double adx = adx_.update(bar);
    if (std::isnan(adx)) return kNaN;
    const double old = ring_[head_];  // ADX of period-1 bars ago, once the ring is full
    ring_[head_] = adx;
    head_ = head_ + 1 == ring_.size() ? 0 : head_ + 1;
    if (adx_values_ < period_) ++adx_values_;
    return adx_values_ < period_ ? kNaN : (adx + old) / 2.0;
  }
  double peek(const Bar& bar) const {
    const double adx = adx_.peek(bar);
    if (std::isnan(adx) || adx_values_ + 1 < period_) return kNaN;
    return (adx + ring_[head_]) / 2.0;
  }
  void update(const Bar& bar, double* out) { *out = update(bar); }
  void peek(const Bar& bar, double* out) const { *out = peek(bar); }
  void reset() {
    adx_.reset();
    head_ = 0;
    adx_values_ = 0;
  }

 private:
  Adx adx_;
  int period_;
  std::vector<double> ring_;
  std::size_t head_ = 0;
  int adx_values_ = 0;  // ADX values seen, saturating at period
};

}  // namespace sp::core
