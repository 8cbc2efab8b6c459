#include "core/indicators/volatility/trange.h"

#include "core/indicators/factories.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_trange(std::span<const double>) {
  return make_stream(kHigh | kLow | kClose, TrueRange());
}

void batch_trange(std::span<const double>, const OhlcvView& view, double* const* outs) {
  TrueRange trange;
  drive_batch(trange, kHigh | kLow | kClose, view, outs);
}

}  // namespace sp::core::factory
