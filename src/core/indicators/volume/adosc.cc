#include "core/indicators/volume/adosc.h"

#include "core/indicators/factories.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_adosc(std::span<const double> o) {
  return make_stream(kHigh | kLow | kClose | kVolume,
                     Adosc(static_cast<int>(o[0]), static_cast<int>(o[1])));
}

void batch_adosc(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  Adosc adosc(static_cast<int>(o[0]), static_cast<int>(o[1]));
  drive_batch(adosc, kHigh | kLow | kClose | kVolume, view, outs);
}

}  // namespace sp::core::factory
