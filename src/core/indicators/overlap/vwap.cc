#include "core/indicators/overlap/vwap.h"

#include "core/indicators/factories.h"

namespace sp::core::factory {

namespace {
constexpr unsigned kVwapInputs = kHigh | kLow | kClose | kVolume | kTime;
}

std::unique_ptr<IndicatorStream> make_vwap(std::span<const double> o) {
  return make_stream(kVwapInputs, Vwap(static_cast<int>(o[0])));
}

void batch_vwap(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  Vwap vwap(static_cast<int>(o[0]));
  drive_batch(vwap, kVwapInputs, view, outs);
}

}  // namespace sp::core::factory
