#include "core/indicators/volatility/trange.h"

#include "core/indicators/factories.h"
#include "core/indicators/volatility/true_range_kernel.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_trange(std::span<const double>) {
  return make_stream(kHigh | kLow | kClose, TrueRange());
}

// The vectorised kernel when every high, low and close is finite (it checks that in the same pass)
// and the output is none of the inputs; otherwise bar by bar, which applies the non-finite policy.
void batch_trange(std::span<const double>, const OhlcvView& view, double* const* outs) {
  const std::size_t n = view.size;
  if (!overlaps(view.high, outs[0], n) && !overlaps(view.low, outs[0], n) &&
      !overlaps(view.close, outs[0], n) && true_range_kernel(view, outs[0])) {
    return;
  }
  TrueRange trange;
  drive_batch(trange, kHigh | kLow | kClose, view, outs);
}

}  // namespace sp::core::factory
