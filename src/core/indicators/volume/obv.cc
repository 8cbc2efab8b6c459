#include "core/indicators/volume/obv.h"

#include "core/indicators/factories.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_obv(std::span<const double>) {
  return make_stream(kClose | kVolume, Obv());
}

void batch_obv(std::span<const double>, const OhlcvView& view, double* const* outs) {
  Obv obv;
  drive_batch(obv, kClose | kVolume, view, outs);
}

}  // namespace sp::core::factory
