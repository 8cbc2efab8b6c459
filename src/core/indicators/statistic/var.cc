#include "core/indicators/statistic/var.h"

#include "core/indicators/factories.h"
#include "core/kernels/window_var.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_var(std::span<const double> o) {
  return make_stream(kClose, Var(static_cast<int>(o[0]), o[1]));
}

void batch_var(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  const int period = static_cast<int>(o[0]);
  if (var_kernel_applies(period, view, outs[0])) {
    double* out = outs[0];
    for (std::size_t i = 0; i + 1 < static_cast<std::size_t>(period) && i < view.size; ++i)
      out[i] = kNaN;
    const bool finite = var_window_kernel(
        view.close, view.size, period,
        [out](std::size_t i, std::size_t lanes, kernels::simd::v4d, kernels::simd::v4d var) {
          kernels::simd::store_lanes(out + i, lanes, var);
        });
    if (finite) return;
  }
  Var var(period, o[1]);
  drive_batch(var, kClose, view, outs);
}

}  // namespace sp::core::factory
