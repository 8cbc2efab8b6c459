// OBV: on-balance volume (TA-Lib TA_OBV), over the close and the volume.
//
// As in TA-Lib, the running total starts at the first bar's volume (not at 0); after it, a close
// above the previous close adds the bar's volume, one below subtracts it, an equal one leaves the
// total as is. Lookback 0, no options, no allocation. Not thread-safe; copyable.
#pragma once

#include "core/indicator.h"

namespace sp::core {

class Obv {
 public:
  static constexpr int kOutputs = 1;

  Obv() = default;

  int lookback() const { return 0; }

  void update(const Bar& bar, double* out) { *out = update(bar.close, bar.volume); }
  void peek(const Bar& bar, double* out) const { *out = peek(bar.close, bar.volume); }

  double update(double close, double volume) {
    obv_ = peek(close, volume);
    prev_close_ = close;
    started_ = true;
    return obv_;
  }
  double peek(double close, double volume) const {
    if (!started_) return volume;
    if (close > prev_close_) return obv_ + volume;
    if (close < prev_close_) return obv_ - volume;
    return obv_;
  }

  void reset() {
    obv_ = 0;
    prev_close_ = 0;
    started_ = false;
  }

 private:
  double obv_ = 0;
  double prev_close_ = 0;
  bool started_ = false;
};

}  // namespace sp::core
