#include "core/indicators/trend/roc.h"

#include "core/indicators/factories.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_roc(std::span<const double> o) {
  return make_stream(kClose, Roc(static_cast<int>(o[0])));
}

void batch_roc(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  Roc ind = Roc(static_cast<int>(o[0]));
  drive_batch(ind, kClose, view, outs);
}

}  // namespace sp::core::factory
