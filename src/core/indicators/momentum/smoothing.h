// with_smoothing: the moving average TA_MA would use for (type, period), handed to a callable as a
// concrete type where that is one of the common cases, so a batch loop over it is compiled for
// that average alone.
//
// MovingAverage (overlap/ma.h) chooses its average at run time through a std::variant; in a
// per-bar loop that dispatch (and the variant's state kept in memory) cost the stochastics about a
// quarter of their time. So: a period of 1 gives PassThrough (TA_MA copies its input), SMA gives
// Sma, EMA gives Ema, exactly the objects MovingAverage would hold, so the numbers are the same;
// any other type gives MovingAverage itself. The callable is instantiated for each of the four.
#pragma once

#include <utility>

#include "core/indicators/overlap/ema.h"
#include "core/indicators/overlap/ma.h"
#include "core/indicators/overlap/sma.h"

namespace sp::core {

// TA_MA with a period of 1: the input itself.
struct PassThrough {
  int lookback() const { return 0; }
  double update(double x) { return x; }
  double peek(double x) const { return x; }
  void reset() {}
};

template <class F>
decltype(auto) with_smoothing(MaType type, int period, F&& f) {
  if (period == 1) return std::forward<F>(f)(PassThrough{});
  if (type == MaType::kSma) return std::forward<F>(f)(Sma(period));
  if (type == MaType::kEma) return std::forward<F>(f)(Ema(period));
  return std::forward<F>(f)(MovingAverage(type, period));
}

}  // namespace sp::core
