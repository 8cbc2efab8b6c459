#include "core/indicators/overlap/sma.h"

#include "core/indicators/factories.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_sma(std::span<const double> o) {
  return make_stream(kClose, Sma(static_cast<int>(o[0])));
}

void batch_sma(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  Sma sma(static_cast<int>(o[0]));
  drive_batch(sma, kClose, view, outs);
}

}  // namespace sp::core::factory
