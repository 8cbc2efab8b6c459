#include "core/indicators/trend/adx.h"

#include "core/indicators/factories.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_adx(std::span<const double> o) {
  return make_stream(kHigh | kLow | kClose, Adx(static_cast<int>(o[0])));
}

void batch_adx(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  Adx ind = Adx(static_cast<int>(o[0]));
  drive_batch(ind, kHigh | kLow | kClose, view, outs);
}

}  // namespace sp::core::factory
