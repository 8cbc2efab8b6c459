#include "core/indicators/overlap/wma.h"

#include "core/indicators/factories.h"
#include "core/kernels/window_sum.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_wma(std::span<const double> o) {
  return make_stream(kClose, Wma(static_cast<int>(o[0])));
}

void batch_wma(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  const int period = static_cast<int>(o[0]);
  // The vectorised kernel reports non-finite closes itself; then, or in place, Wma bar by bar.
  if (period >= 1 && !overlaps(view.close, outs[0], view.size) &&
      kernels::window_weighted_mean(view.close, view.size, period, outs[0])) {
    return;
  }
  Wma wma(period);
  drive_batch(wma, kClose, view, outs);
}

}  // namespace sp::core::factory
