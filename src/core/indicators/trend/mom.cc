#include "core/indicators/trend/mom.h"

#include "core/indicators/factories.h"
#include "core/kernels/nonfinite_flag.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_mom(std::span<const double> o) {
  return make_stream(kClose, Mom(static_cast<int>(o[0])));
}

// Fast path when the output is not the close array: the earlier close is read straight from the
// input (no ring), so the loop is one vectorised subtraction. Finiteness is checked inside the
// same loop (nonfinite_flag.h); on a non-finite close the batch is redone through drive_batch.
void batch_mom(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  const int period = static_cast<int>(o[0]);
  const std::size_t n = view.size;
  const std::size_t p = static_cast<std::size_t>(period);
  if (!overlaps(view.close, outs[0], n)) {
    const double* __restrict close = view.close;
    double* __restrict out = outs[0];
    std::uint64_t flags = 0;
    const std::size_t warm = p < n ? p : n;
    for (std::size_t i = 0; i < warm; ++i) {
      flags |= kernels::nonfinite_flag(close[i]);
      out[i] = kNaN;
    }
    for (std::size_t i = p; i < n; ++i) {
      flags |= kernels::nonfinite_flag(close[i]);
      out[i] = close[i] - close[i - p];
    }
    if (!kernels::any_nonfinite(flags)) return;
  }
  Mom ind = Mom(period);
  drive_batch(ind, kClose, view, outs);
}

}  // namespace sp::core::factory
