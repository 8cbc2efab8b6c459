#include "core/indicators/momentum/cci.h"

#include "core/indicators/factories.h"
#include "core/indicators/momentum/flat_batch.h"

namespace sp::core::factory {

namespace {
Cci from_options(std::span<const double> o) {
  return Cci(static_cast<int>(o[0]));
}
}  // namespace

std::unique_ptr<IndicatorStream> make_cci(std::span<const double> o) {
  return make_stream(kHigh | kLow | kClose, from_options(o));
}

void batch_cci(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  Cci indicator = from_options(o);
  drive_batch_flat(indicator, kHigh | kLow | kClose, view, outs);
}

}  // namespace sp::core::factory
