#include "core/indicators/momentum/bop.h"

#include <cmath>

#include "core/indicators/factories.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_bop(std::span<const double>) {
  return make_stream(kOpen | kHigh | kLow | kClose, Bop());
}

// BOP has no state, so the batch is a plain loop over the columns that the compiler vectorises,
// with the non-finite policy applied per bar as drive_batch would: the same numbers. The division
// is taken unconditionally (a zero range only yields an inf or NaN that the select drops), since a
// division under a condition is not vectorised; the kept values are Bop::value's bit for bit.
void batch_bop(std::span<const double>, const OhlcvView& view, double* const* outs) {
  const double* open = view.open;
  const double* high = view.high;
  const double* low = view.low;
  const double* close = view.close;
  double* out = outs[0];
  for (std::size_t i = 0; i < view.size; ++i) {
    // Non-short-circuit, so the loop stays branch-free and vectorises.
    const bool finite = static_cast<int>(std::isfinite(open[i])) & std::isfinite(high[i]) &
                        std::isfinite(low[i]) & std::isfinite(close[i]);
    const double range = high[i] - low[i];
    const double ratio = (close[i] - open[i]) / range;
    const double bop = talib::is_zero_or_neg(range) ? 0.0 : ratio;
    out[i] = finite ? bop : kNaN;
  }
}

}  // namespace sp::core::factory
