#include "core/indicators/trend/plus_di.h"

#include "core/indicators/factories.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_plus_di(std::span<const double> o) {
  return make_stream(kHigh | kLow | kClose, PlusDi(static_cast<int>(o[0])));
}

void batch_plus_di(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  PlusDi ind = PlusDi(static_cast<int>(o[0]));
  drive_batch(ind, kHigh | kLow | kClose, view, outs);
}

}  // namespace sp::core::factory
