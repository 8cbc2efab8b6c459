#include "core/indicators/trend/adxr.h"

#include "core/indicators/factories.h"
#include "core/kernels/simd.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_adxr(std::span<const double> o) {
  return make_stream(kHigh | kLow | kClose, Adxr(static_cast<int>(o[0])));
}

// All-finite input, outputs apart from inputs: the ADX into the output (adx_batch), then
// ADXR = (ADX + ADX of period-1 bars ago) / 2 in place, from the last bar down, so that each bar
// still reads ADX values (four bars a step: a step loads both operands before it stores). The
// first 3 x period - 2 values come out NaN by themselves (an operand is a warm-up NaN).
// Otherwise drive_batch.
void batch_adxr(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  const int period = static_cast<int>(o[0]);
  const std::size_t n = view.size;
  double* out = outs[0];
  const bool disjoint =
      !overlaps(view.high, out, n) && !overlaps(view.low, out, n) && !overlaps(view.close, out, n);
  if (disjoint && adx_batch(view, period, out)) {
    const std::size_t lag = static_cast<std::size_t>(period - 1);
    std::size_t i = n;
    while (i >= lag + 4) {
      i -= 4;
      const kernels::f64x4 now = kernels::load4(out + i);
      const kernels::f64x4 then = kernels::load4(out + i - lag);
      kernels::store4(out + i, (now + then) / 2.0);
    }
    while (i > lag) {
      --i;
      out[i] = (out[i] + out[i - lag]) / 2.0;
    }
    for (std::size_t j = 0; j < i; ++j) out[j] = kNaN;
    return;
  }
  Adxr ind = Adxr(period);
  drive_batch(ind, kHigh | kLow | kClose, view, outs);
}

}  // namespace sp::core::factory
