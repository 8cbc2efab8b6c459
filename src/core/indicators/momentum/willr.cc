#include "core/indicators/momentum/willr.h"

#include "core/indicators/factories.h"
#include "core/indicators/momentum/flat_batch.h"

namespace sp::core::factory {

namespace {
Willr from_options(std::span<const double> o) {
  return Willr(static_cast<int>(o[0]));
}
}  // namespace

std::unique_ptr<IndicatorStream> make_willr(std::span<const double> o) {
  return make_stream(kHigh | kLow | kClose, from_options(o));
}

void batch_willr(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  Willr indicator = from_options(o);
  drive_batch_flat(indicator, kHigh | kLow | kClose, view, outs);
}

}  // namespace sp::core::factory
