#include "core/indicators/volume/ad.h"

#include "core/indicators/factories.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_ad(std::span<const double>) {
  return make_stream(kHigh | kLow | kClose | kVolume, Ad());
}

void batch_ad(std::span<const double>, const OhlcvView& view, double* const* outs) {
  Ad ad;
  drive_batch(ad, kHigh | kLow | kClose | kVolume, view, outs);
}

}  // namespace sp::core::factory
