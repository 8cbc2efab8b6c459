#include "core/indicators/statistic/stddev.h"

#include <cmath>

#include "core/indicators/factories.h"
#include "core/indicators/talib_arith.h"
#include "core/kernels/window_var.h"

namespace sp::core::factory {

namespace simd = kernels::simd;

std::unique_ptr<IndicatorStream> make_stddev(std::span<const double> o) {
  return make_stream(kClose, StdDev(static_cast<int>(o[0]), o[1]));
}

void batch_stddev(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  const int period = static_cast<int>(o[0]);
  const double nbdev = o[1];
  if (var_kernel_applies(period, view, outs[0])) {
    // StdDev::deviation, written out: clamp below 1e-14 (TA_IS_ZERO_OR_NEG), else sqrt * nbdev.
    // StdDev::deviation on 4 lanes: 0 below 1e-14 (TA_IS_ZERO_OR_NEG), else sqrt * nbdev.
    double* out = outs[0];
    for (std::size_t i = 0; i + 1 < static_cast<std::size_t>(period) && i < view.size; ++i)
      out[i] = kNaN;
    const bool finite =
        var_window_kernel(view.close, view.size, period,
                          [out, nbdev](std::size_t i, std::size_t lanes, simd::v4d, simd::v4d var) {
                            const simd::v4d zero = {0, 0, 0, 0};
                            const simd::v4l flat = var < talib::kEpsilon;
                            const simd::v4d sd = simd::sqrt4(flat ? zero : var) * nbdev;
                            kernels::simd::store_lanes(out + i, lanes, flat ? zero : sd);
                          });
    if (finite) return;
  }
  StdDev stddev(period, nbdev);
  drive_batch(stddev, kClose, view, outs);
}

}  // namespace sp::core::factory
