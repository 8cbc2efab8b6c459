#include "core/indicators/statistic/beta.h"

#include "core/indicators/factories.h"

namespace sp::core::factory {

// real0 = high, real1 = low: TA-Lib's abstract-interface defaults (see the registry).
std::unique_ptr<IndicatorStream> make_beta(std::span<const double> o) {
  return make_stream(kHigh | kLow, Beta(static_cast<int>(o[0])));
}

void batch_beta(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  Beta beta(static_cast<int>(o[0]));
  drive_batch(beta, kHigh | kLow, view, outs);
}

}  // namespace sp::core::factory
