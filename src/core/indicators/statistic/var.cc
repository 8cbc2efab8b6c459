#include "core/indicators/statistic/var.h"

#include "core/indicators/factories.h"
#include "core/indicators/statistic/var_kernel.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_var(std::span<const double> o) {
  return make_stream(kClose, Var(static_cast<int>(o[0]), o[1]));
}

void batch_var(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  const int period = static_cast<int>(o[0]);
  if (var_kernel_applies(period, view, outs[0])) {
    var_window_kernel(view.close, view.size, period, outs[0], [](double v) { return v; });
    return;
  }
  Var var(period, o[1]);
  drive_batch(var, kClose, view, outs);
}

}  // namespace sp::core::factory
