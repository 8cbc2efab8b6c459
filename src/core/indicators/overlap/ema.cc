#include "core/indicators/overlap/ema.h"

#include "core/indicators/factories.h"
#include "core/kernels/ema_kernel.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_ema(std::span<const double> o) {
  return make_stream(kClose, Ema(static_cast<int>(o[0])));
}

// The vectorised kernel when every close is finite (it reports that itself, no separate scan) and
// the output is not the close array; otherwise Ema bar by bar, which applies the non-finite policy.
void batch_ema(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  const int period = static_cast<int>(o[0]);
  if (period >= 1 && !overlaps(view.close, outs[0], view.size) &&
      kernels::ema_batch(view.close, view.size, period, 2.0 / (period + 1), outs[0])) {
    return;
  }
  Ema ema(period);
  drive_batch(ema, kClose, view, outs);
}

}  // namespace sp::core::factory
