#include "core/indicators/momentum/macd.h"

#include "core/indicators/factories.h"
#include "core/indicators/momentum/flat_batch.h"

namespace sp::core::factory {

namespace {
Macd from_options(std::span<const double> o) {
  return Macd(static_cast<int>(o[0]), static_cast<int>(o[1]), static_cast<int>(o[2]));
}
}  // namespace

std::unique_ptr<IndicatorStream> make_macd(std::span<const double> o) {
  return make_stream(kClose, from_options(o));
}

void batch_macd(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  Macd macd = from_options(o);
  drive_batch_flat(macd, kClose, view, outs);
}

}  // namespace sp::core::factory
