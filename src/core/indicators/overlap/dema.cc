#include "core/indicators/overlap/dema.h"

#include "core/indicators/factories.h"
#include "core/kernels/ema_cascade.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_dema(std::span<const double> o) {
  return make_stream(kClose, Dema(static_cast<int>(o[0])));
}

// The chunked EMA cascade when every close is finite (it reports that itself) and the output is not
// the close array; otherwise Dema bar by bar, which applies the non-finite policy.
void batch_dema(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  const int period = static_cast<int>(o[0]);
  const double w[2] = {2.0, -1.0};
  if (period >= 1 && !overlaps(view.close, outs[0], view.size) &&
      kernels::ema_cascade<2>(view.close, view.size, period, 2.0 / (period + 1), w, outs[0])) {
    return;
  }
  Dema dema(period);
  drive_batch(dema, kClose, view, outs);
}

}  // namespace sp::core::factory
