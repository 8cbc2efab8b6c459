#include "core/indicators/overlap/dema.h"

#include "core/indicators/factories.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_dema(std::span<const double> o) {
  return make_stream(kClose, Dema(static_cast<int>(o[0])));
}

void batch_dema(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  Dema dema(static_cast<int>(o[0]));
  drive_batch(dema, kClose, view, outs);
}

}  // namespace sp::core::factory
