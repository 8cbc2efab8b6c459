#include "core/indicators/overlap/kama.h"

#include "core/indicators/factories.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_kama(std::span<const double> o) {
  return make_stream(kClose, Kama(static_cast<int>(o[0])));
}

void batch_kama(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  Kama kama(static_cast<int>(o[0]));
  drive_batch(kama, kClose, view, outs);
}

}  // namespace sp::core::factory
