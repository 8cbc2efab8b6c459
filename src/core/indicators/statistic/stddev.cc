#include "core/indicators/statistic/stddev.h"

#include "core/indicators/factories.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_stddev(std::span<const double> o) {
  return make_stream(kClose, StdDev(static_cast<int>(o[0]), o[1]));
}

void batch_stddev(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  StdDev stddev(static_cast<int>(o[0]), o[1]);
  drive_batch(stddev, kClose, view, outs);
}

}  // namespace sp::core::factory
