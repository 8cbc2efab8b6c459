#include "core/indicators/overlap/ema.h"

#include "core/indicators/factories.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_ema(std::span<const double> o) {
  return make_stream(kClose, Ema(static_cast<int>(o[0])));
}

void batch_ema(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  Ema ema(static_cast<int>(o[0]));
  drive_batch(ema, kClose, view, outs);
}

}  // namespace sp::core::factory
