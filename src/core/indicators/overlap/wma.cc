#include "core/indicators/overlap/wma.h"

#include "core/indicators/factories.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_wma(std::span<const double> o) {
  return make_stream(kClose, Wma(static_cast<int>(o[0])));
}

void batch_wma(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  Wma wma(static_cast<int>(o[0]));
  drive_batch(wma, kClose, view, outs);
}

}  // namespace sp::core::factory
