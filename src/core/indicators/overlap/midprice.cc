#include "core/indicators/overlap/midprice.h"

#include "core/indicators/factories.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_midprice(std::span<const double> o) {
  return make_stream(kHigh | kLow, Midprice(static_cast<int>(o[0])));
}

void batch_midprice(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  Midprice midprice(static_cast<int>(o[0]));
  drive_batch(midprice, kHigh | kLow, view, outs);
}

}  // namespace sp::core::factory
