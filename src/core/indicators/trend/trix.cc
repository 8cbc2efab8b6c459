#include "core/indicators/trend/trix.h"

#include "core/indicators/factories.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_trix(std::span<const double> o) {
  return make_stream(kClose, Trix(static_cast<int>(o[0])));
}

void batch_trix(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  Trix ind = Trix(static_cast<int>(o[0]));
  drive_batch(ind, kClose, view, outs);
}

}  // namespace sp::core::factory
