#include "core/indicators/trend/aroon.h"

#include "core/indicators/factories.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_aroon(std::span<const double> o) {
  return make_stream(kHigh | kLow, Aroon(static_cast<int>(o[0])));
}

void batch_aroon(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  Aroon ind = Aroon(static_cast<int>(o[0]));
  drive_batch(ind, kHigh | kLow, view, outs);
}

}  // namespace sp::core::factory
