#include "core/indicators/trend/aroonosc.h"

#include "core/indicators/factories.h"
#include "core/indicators/trend/aroon_scan.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_aroonosc(std::span<const double> o) {
  return make_stream(kHigh | kLow, AroonOsc(static_cast<int>(o[0])));
}

// All-finite input, a short period, output apart from inputs: aroon_scan (aroon_scan.h says why
// that is fast), 100/period x (offset of the highest high - offset of the lowest low): TA-Lib's
// factor x (highest index - lowest index). Otherwise drive_batch.
void batch_aroonosc(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  const int period = static_cast<int>(o[0]);
  const std::size_t n = view.size;
  if (!overlaps(view.high, outs[0], n) && !overlaps(view.low, outs[0], n)) {
    double* osc = outs[0];
    const kernels::f64x4 factor = kernels::splat4(100.0 / static_cast<double>(period));
    const bool done = aroon_scan(
        view, period, [&](std::size_t i, kernels::f64x4 high_pos, kernels::f64x4 low_pos) {
          kernels::store4(osc + i, factor * (high_pos - low_pos));
        });
    if (done) {
      for (std::size_t i = 0; i < static_cast<std::size_t>(period); ++i) outs[0][i] = kNaN;
      return;
    }
  }
  AroonOsc ind = AroonOsc(period);
  drive_batch(ind, kHigh | kLow, view, outs);
}

}  // namespace sp::core::factory
