#include "core/indicators/overlap/midpoint.h"

#include "core/indicators/factories.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_midpoint(std::span<const double> o) {
  return make_stream(kClose, Midpoint(static_cast<int>(o[0])));
}

void batch_midpoint(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  Midpoint midpoint(static_cast<int>(o[0]));
  drive_batch(midpoint, kClose, view, outs);
}

}  // namespace sp::core::factory
