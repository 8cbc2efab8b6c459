// AD: Chaikin accumulation/distribution line (TA-Lib TA_AD).
//
// Each bar adds its close location value times its volume,
// ((close - low) - (high - close)) / (high - low) * volume, to a running total that starts at 0;
// a bar with high <= low adds nothing (TA-Lib's guard). Lookback 0, no options, no allocation.
// The total grows with the volumes (1e8-1e11 on real data); it is summed in TA-Lib's order.
// Not thread-safe; copyable.
#pragma once

#include "core/indicator.h"

namespace sp::core {

class Ad {
 public:
  static constexpr int kOutputs = 1;

  Ad() = default;

  int lookback() const { return 0; }

  void update(const Bar& bar, double* out) { *out = update(bar); }
  void peek(const Bar& bar, double* out) const { *out = peek(bar); }

  double update(const Bar& bar) {
    ad_ = peek(bar);
    return ad_;
  }
  double peek(const Bar& bar) const { return step(ad_, bar); }

  void reset() { ad_ = 0; }

  // `ad` advanced by `bar`, TA-Lib's arithmetic (shared with ADOSC).
  static double step(double ad, const Bar& bar) {
    const double range = bar.high - bar.low;
    if (range > 0.0) ad += (((bar.close - bar.low) - (bar.high - bar.close)) / range) * bar.volume;
    return ad;
  }

 private:
  double ad_ = 0;
};

}  // namespace sp::core
