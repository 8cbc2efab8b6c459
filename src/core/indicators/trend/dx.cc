#include "core/indicators/trend/dx.h"

#include "core/indicators/factories.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_dx(std::span<const double> o) {
  return make_stream(kHigh | kLow | kClose, Dx(static_cast<int>(o[0])));
}

void batch_dx(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  Dx ind = Dx(static_cast<int>(o[0]));
  drive_batch(ind, kHigh | kLow | kClose, view, outs);
}

}  // namespace sp::core::factory
