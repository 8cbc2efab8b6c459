#include "core/indicators/volatility/natr.h"

#include "core/indicators/factories.h"
#include "core/indicators/volatility/true_range_kernel.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_natr(std::span<const double> o) {
  return make_stream(kHigh | kLow | kClose, Natr(static_cast<int>(o[0])));
}

// The vectorised kernel when every high, low and close is finite (it checks that in the same pass)
// and the output is none of the inputs; otherwise bar by bar, which applies the non-finite policy.
void batch_natr(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  const std::size_t n = view.size;
  if (static_cast<int>(o[0]) >= 1 && !overlaps(view.high, outs[0], n) &&
      !overlaps(view.low, outs[0], n) && !overlaps(view.close, outs[0], n) &&
      atr_kernel<true>(view, static_cast<int>(o[0]), outs[0])) {
    return;
  }
  Natr natr(static_cast<int>(o[0]));
  drive_batch(natr, kHigh | kLow | kClose, view, outs);
}

}  // namespace sp::core::factory
