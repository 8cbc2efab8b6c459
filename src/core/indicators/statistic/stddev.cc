#include "core/indicators/statistic/stddev.h"

#include <cmath>

#include "core/indicators/factories.h"
#include "core/indicators/talib_arith.h"
#include "core/indicators/statistic/var_kernel.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_stddev(std::span<const double> o) {
  return make_stream(kClose, StdDev(static_cast<int>(o[0]), o[1]));
}

void batch_stddev(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  const int period = static_cast<int>(o[0]);
  const double nbdev = o[1];
  if (var_kernel_applies(period, view, outs[0])) {
    // StdDev::deviation, written out: clamp below 1e-14 (TA_IS_ZERO_OR_NEG), else sqrt * nbdev.
    var_window_kernel(view.close, view.size, period, outs[0], [nbdev](double v) {
      return talib::is_zero_or_neg(v) ? 0.0 : std::sqrt(v) * nbdev;
    });
    return;
  }
  StdDev stddev(period, nbdev);
  drive_batch(stddev, kClose, view, outs);
}

}  // namespace sp::core::factory
