#include "core/indicators/momentum/cmo.h"

#include "core/indicators/factories.h"
#include "core/indicators/momentum/flat_batch.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_cmo(std::span<const double> o) {
  return make_stream(kClose, Cmo(static_cast<int>(o[0])));
}

void batch_cmo(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  Cmo cmo(static_cast<int>(o[0]));
  drive_batch_flat(cmo, kClose, view, outs);
}

}  // namespace sp::core::factory
