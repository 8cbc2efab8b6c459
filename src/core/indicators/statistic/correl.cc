#include "core/indicators/statistic/correl.h"

#include "core/indicators/factories.h"

namespace sp::core::factory {

// real0 = high, real1 = low: TA-Lib's abstract-interface defaults (see the registry).
std::unique_ptr<IndicatorStream> make_correl(std::span<const double> o) {
  return make_stream(kHigh | kLow, Correl(static_cast<int>(o[0])));
}

void batch_correl(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  Correl correl(static_cast<int>(o[0]));
  drive_batch(correl, kHigh | kLow, view, outs);
}

}  // namespace sp::core::factory
