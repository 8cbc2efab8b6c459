#include "core/indicators/momentum/rsi.h"

#include "core/indicators/factories.h"
#include "core/indicators/momentum/flat_batch.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_rsi(std::span<const double> o) {
  return make_stream(kClose, Rsi(static_cast<int>(o[0])));
}

void batch_rsi(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  Rsi rsi(static_cast<int>(o[0]));
  drive_batch_flat(rsi, kClose, view, outs);
}

}  // namespace sp::core::factory
