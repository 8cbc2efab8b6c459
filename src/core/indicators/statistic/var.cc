#include "core/indicators/statistic/var.h"

#include "core/indicators/factories.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_var(std::span<const double> o) {
  return make_stream(kClose, Var(static_cast<int>(o[0]), o[1]));
}

void batch_var(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  Var var(static_cast<int>(o[0]), o[1]);
  drive_batch(var, kClose, view, outs);
}

}  // namespace sp::core::factory
