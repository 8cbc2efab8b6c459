#include "core/indicators/trend/aroon.h"

#include "core/indicators/factories.h"
#include "core/indicators/trend/aroon_scan.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_aroon(std::span<const double> o) {
  return make_stream(kHigh | kLow, Aroon(static_cast<int>(o[0])));
}

// All-finite input, a short period, outputs apart from inputs: aroon_scan (aroon_scan.h says why
// that is fast), Down = 100/period x the lowest low's offset in the window, Up likewise with the
// highest high: TA-Lib's factor x (period - bars since), since bars since = period - offset.
// Otherwise drive_batch.
void batch_aroon(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  const int period = static_cast<int>(o[0]);
  const std::size_t n = view.size;
  if (!overlaps(view.high, outs[0], n) && !overlaps(view.low, outs[0], n) &&
      !overlaps(view.high, outs[1], n) && !overlaps(view.low, outs[1], n)) {
    double* down = outs[0];
    double* up = outs[1];
    const kernels::f64x4 factor = kernels::splat4(100.0 / static_cast<double>(period));
    const bool done = aroon_scan(
        view, period, [&](std::size_t i, kernels::f64x4 high_pos, kernels::f64x4 low_pos) {
          kernels::store4(down + i, factor * low_pos);
          kernels::store4(up + i, factor * high_pos);
        });
    if (done) {
      for (std::size_t i = 0; i < static_cast<std::size_t>(period); ++i) outs[0][i] = kNaN;
      for (std::size_t i = 0; i < static_cast<std::size_t>(period); ++i) outs[1][i] = kNaN;
      return;
    }
  }
  Aroon ind = Aroon(period);
  drive_batch(ind, kHigh | kLow, view, outs);
}

}  // namespace sp::core::factory
