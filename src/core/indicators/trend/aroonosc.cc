#include "core/indicators/trend/aroonosc.h"

#include "core/indicators/factories.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_aroonosc(std::span<const double> o) {
  return make_stream(kHigh | kLow, AroonOsc(static_cast<int>(o[0])));
}

void batch_aroonosc(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  AroonOsc ind = AroonOsc(static_cast<int>(o[0]));
  drive_batch(ind, kHigh | kLow, view, outs);
}

}  // namespace sp::core::factory
