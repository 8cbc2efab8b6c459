#include "core/indicators/statistic/linearreg.h"

#include "core/indicators/factories.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_linearreg(std::span<const double> o) {
  return make_stream(kClose, LinearReg(static_cast<int>(o[0])));
}

void batch_linearreg(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  LinearReg linearreg(static_cast<int>(o[0]));
  drive_batch(linearreg, kClose, view, outs);
}

}  // namespace sp::core::factory
