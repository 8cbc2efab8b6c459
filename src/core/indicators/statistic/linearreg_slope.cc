#include "core/indicators/statistic/linearreg_slope.h"

#include "core/indicators/factories.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_linearreg_slope(std::span<const double> o) {
  return make_stream(kClose, LinearRegSlope(static_cast<int>(o[0])));
}

void batch_linearreg_slope(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  LinearRegSlope linearreg_slope(static_cast<int>(o[0]));
  drive_batch(linearreg_slope, kClose, view, outs);
}

}  // namespace sp::core::factory
