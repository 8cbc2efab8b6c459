#include "core/indicators/overlap/sma.h"

#include "core/indicators/factories.h"

namespace sp::core::factory {

namespace {

// TA_SMA's own loop: add the new value, divide, drop the oldest, which is read back from the input
// rather than from a ring; the sum lives in a register. The same operations in the same order as
// Sma::update, so the same bits. REQUIRES: every x[i] finite, period >= 1.
void sma_kernel(const double* __restrict x, std::size_t n, int period, double* __restrict out) {
  const std::size_t p = static_cast<std::size_t>(period);
  double sum = 0;
  std::size_t i = 0;
  for (; i + 1 < p && i < n; ++i) {
    sum += x[i];
    out[i] = kNaN;
  }
  for (; i < n; ++i) {
    sum += x[i];
    out[i] = sum / period;
    sum -= x[i + 1 - p];
  }
}

}  // namespace

std::unique_ptr<IndicatorStream> make_sma(std::span<const double> o) {
  return make_stream(kClose, Sma(static_cast<int>(o[0])));
}

void batch_sma(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  const int period = static_cast<int>(o[0]);
  if (period >= 1 && !overlaps(view.close, outs[0], view.size) &&
      all_finite(view.close, view.size)) {
    sma_kernel(view.close, view.size, period, outs[0]);
    return;
  }
  Sma sma(period);
  drive_batch(sma, kClose, view, outs);
}

}  // namespace sp::core::factory
