#include "core/indicators/trend/minus_di.h"

#include "core/indicators/factories.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_minus_di(std::span<const double> o) {
  return make_stream(kHigh | kLow | kClose, MinusDi(static_cast<int>(o[0])));
}

void batch_minus_di(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  MinusDi ind = MinusDi(static_cast<int>(o[0]));
  drive_batch(ind, kHigh | kLow | kClose, view, outs);
}

}  // namespace sp::core::factory
