#include "core/indicators/overlap/tema.h"

#include "core/indicators/factories.h"
#include "core/kernels/ema_cascade.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_tema(std::span<const double> o) {
  return make_stream(kClose, Tema(static_cast<int>(o[0])));
}

// The chunked EMA cascade when every close is finite (it reports that itself) and the output is not
// the close array; otherwise Tema bar by bar, which applies the non-finite policy.
void batch_tema(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  const int period = static_cast<int>(o[0]);
  const double w[3] = {3.0, -3.0, 1.0};
  if (period >= 1 && !overlaps(view.close, outs[0], view.size) &&
      kernels::ema_cascade<3>(view.close, view.size, period, 2.0 / (period + 1), w, outs[0])) {
    return;
  }
  Tema tema(period);
  drive_batch(tema, kClose, view, outs);
}

}  // namespace sp::core::factory
