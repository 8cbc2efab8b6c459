#include "core/indicators/overlap/wma.h"

#include "core/indicators/factories.h"

namespace sp::core::factory {

namespace {

// TA_WMA's own loop: the weighted and plain sums in registers, the value leaving the window read
// back from the input instead of from Wma's ring. The same operations in the same order as
// Wma::update, so the same bits. REQUIRES: every x[i] finite, period >= 1.
void wma_kernel(const double* __restrict x, std::size_t n, int period, double* __restrict out) {
  const std::size_t p = static_cast<std::size_t>(period);
  const int divider = (period * (period + 1)) >> 1;
  double period_sum = 0, period_sub = 0, trailing = 0;
  std::size_t i = 0;
  for (; i + 1 < p && i < n; ++i) {
    const double xi = x[i];
    period_sub += xi;
    period_sum += xi * static_cast<int>(i + 1);
    out[i] = kNaN;
  }
  for (; i < n; ++i) {
    const double xi = x[i];
    period_sub += xi;
    period_sub -= trailing;
    period_sum += xi * period;
    trailing = x[i + 1 - p];
    out[i] = period_sum / divider;
    period_sum -= period_sub;
  }
}

}  // namespace

std::unique_ptr<IndicatorStream> make_wma(std::span<const double> o) {
  return make_stream(kClose, Wma(static_cast<int>(o[0])));
}

void batch_wma(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  const int period = static_cast<int>(o[0]);
  if (period >= 1 && !overlaps(view.close, outs[0], view.size) &&
      all_finite(view.close, view.size)) {
    wma_kernel(view.close, view.size, period, outs[0]);
    return;
  }
  Wma wma(period);
  drive_batch(wma, kClose, view, outs);
}

}  // namespace sp::core::factory
