#include "core/indicators/volatility/natr.h"

#include "core/indicators/factories.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_natr(std::span<const double> o) {
  return make_stream(kHigh | kLow | kClose, Natr(static_cast<int>(o[0])));
}

void batch_natr(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  Natr natr(static_cast<int>(o[0]));
  drive_batch(natr, kHigh | kLow | kClose, view, outs);
}

}  // namespace sp::core::factory
