#include "core/indicators/trend/minus_di.h"

#include "core/indicators/factories.h"
#include "core/indicators/trend/directional_batch.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_minus_di(std::span<const double> o) {
  return make_stream(kHigh | kLow | kClose, MinusDi(static_cast<int>(o[0])));
}

// Batch: directional_batch.h (directional_indicator_batch).
void batch_minus_di(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  directional_indicator_batch<MinusDi, false>(static_cast<int>(o[0]), view, outs);
}

}  // namespace sp::core::factory
