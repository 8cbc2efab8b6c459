#include "core/indicators/volatility/atr.h"

#include "core/indicators/factories.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_atr(std::span<const double> o) {
  return make_stream(kHigh | kLow | kClose, Atr(static_cast<int>(o[0])));
}

void batch_atr(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  Atr atr(static_cast<int>(o[0]));
  drive_batch(atr, kHigh | kLow | kClose, view, outs);
}

}  // namespace sp::core::factory
