#include "core/indicators/trend/plus_di.h"

#include "core/indicators/factories.h"
#include "core/indicators/trend/directional_batch.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_plus_di(std::span<const double> o) {
  return make_stream(kHigh | kLow | kClose, PlusDi(static_cast<int>(o[0])));
}

// Batch: directional_batch.h (directional_indicator_batch).
void batch_plus_di(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  directional_indicator_batch<PlusDi, true>(static_cast<int>(o[0]), view, outs);
}

}  // namespace sp::core::factory
