#include "core/indicators/overlap/sar.h"

#include "core/indicators/factories.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_sar(std::span<const double> o) {
  return make_stream(kHigh | kLow, Sar(o[0], o[1]));
}

void batch_sar(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  Sar sar(o[0], o[1]);
  drive_batch(sar, kHigh | kLow, view, outs);
}

}  // namespace sp::core::factory
