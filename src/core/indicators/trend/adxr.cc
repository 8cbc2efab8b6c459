#include "core/indicators/trend/adxr.h"

#include "core/indicators/factories.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_adxr(std::span<const double> o) {
  return make_stream(kHigh | kLow | kClose, Adxr(static_cast<int>(o[0])));
}

void batch_adxr(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  Adxr ind = Adxr(static_cast<int>(o[0]));
  drive_batch(ind, kHigh | kLow | kClose, view, outs);
}

}  // namespace sp::core::factory
