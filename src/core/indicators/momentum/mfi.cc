#include "core/indicators/momentum/mfi.h"

#include "core/indicators/factories.h"
#include "core/indicators/momentum/flat_batch.h"

namespace sp::core::factory {

namespace {
Mfi from_options(std::span<const double> o) {
  return Mfi(static_cast<int>(o[0]));
}
}  // namespace

std::unique_ptr<IndicatorStream> make_mfi(std::span<const double> o) {
  return make_stream(kHigh | kLow | kClose | kVolume, from_options(o));
}

void batch_mfi(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  Mfi indicator = from_options(o);
  drive_batch_flat(indicator, kHigh | kLow | kClose | kVolume, view, outs);
}

}  // namespace sp::core::factory
