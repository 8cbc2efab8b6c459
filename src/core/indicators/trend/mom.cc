#include "core/indicators/trend/mom.h"

#include "core/indicators/factories.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_mom(std::span<const double> o) {
  return make_stream(kClose, Mom(static_cast<int>(o[0])));
}

void batch_mom(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  Mom ind = Mom(static_cast<int>(o[0]));
  drive_batch(ind, kClose, view, outs);
}

}  // namespace sp::core::factory
