#include "core/indicators/statistic/linearreg_slope.h"

#include "core/indicators/factories.h"
#include "core/indicators/statistic/linearreg_kernel.h"
#include "core/kernels/simd.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_linearreg_slope(std::span<const double> o) {
  return make_stream(kClose, LinearRegSlope(static_cast<int>(o[0])));
}

// linearreg_kernel (the same bits, four blocks of bars on 4 lanes) unless a close is not finite or
// the output is the close array; then LinearRegSlope bar by bar, which applies the non-finite
// policy.
void batch_linearreg_slope(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  const int period = static_cast<int>(o[0]);
  if (period >= 2 && !overlaps(view.close, outs[0], view.size)) {
    const LinearRegWindow window(period);
    double* out = outs[0];
    for (std::size_t i = 0; i + 1 < static_cast<std::size_t>(period) && i < view.size; ++i)
      out[i] = kNaN;
    if (linearreg_kernel(
            view.close, view.size, period,
            [&window](kernels::simd::v4d sum_y, kernels::simd::v4d sum_xy) {
              return window.slope_of(sum_y, sum_xy);
            },
            out)) {
      return;
    }
  }
  LinearRegSlope linearreg_slope(period);
  drive_batch(linearreg_slope, kClose, view, outs);
}

}  // namespace sp::core::factory
