#include "core/indicators/momentum/ultosc.h"

#include "core/indicators/factories.h"
#include "core/indicators/momentum/flat_batch.h"

namespace sp::core::factory {

namespace {
UltOsc from_options(std::span<const double> o) {
  return UltOsc(static_cast<int>(o[0]), static_cast<int>(o[1]), static_cast<int>(o[2]));
}
}  // namespace

std::unique_ptr<IndicatorStream> make_ultosc(std::span<const double> o) {
  return make_stream(kHigh | kLow | kClose, from_options(o));
}

void batch_ultosc(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  UltOsc indicator = from_options(o);
  drive_batch_flat(indicator, kHigh | kLow | kClose, view, outs);
}

}  // namespace sp::core::factory
