#include "core/indicators/momentum/bop.h"

#include <cmath>

#include "core/indicators/factories.h"
#include "core/indicators/output_pass.h"
#include "core/kernels/simd.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_bop(std::span<const double>) {
  return make_stream(kOpen | kHigh | kLow | kClose, Bop());
}

// BOP has no state, so the batch is one pass over the columns (output_pass.h: four bars at a time,
// the output aligned, non-temporal stores past the cache), with the non-finite policy applied per
// bar as drive_batch would: the same numbers. The division is taken unconditionally (a zero range
// only yields an inf or NaN that the select drops), since a division under a condition is not
// vectorised; the kept values are Bop::value's bit for bit. A lane is finite when x - x is 0 for
// each of its four inputs (NaN for NaN and +-inf).
void batch_bop(std::span<const double>, const OhlcvView& view, double* const* outs) {
  using namespace kernels::simd;
  const double* open = view.open;
  const double* high = view.high;
  const double* low = view.low;
  const double* close = view.close;
  auto scalar = [=](std::size_t i) {
    // Non-short-circuit: no branch a bar.
    const bool finite = static_cast<int>(std::isfinite(open[i])) & std::isfinite(high[i]) &
                        std::isfinite(low[i]) & std::isfinite(close[i]);
    const double range = high[i] - low[i];
    const double ratio = (close[i] - open[i]) / range;
    const double bop = talib::is_zero_or_neg(range) ? 0.0 : ratio;
    return finite ? bop : kNaN;
  };
  const v4d epsilon = splat(talib::kEpsilon), zero = splat(0.0), nan = splat(kNaN);
  auto vector4 = [=](std::size_t i) {
    const v4d o = load4(open + i), h = load4(high + i), l = load4(low + i), c = load4(close + i);
    const v4d range = h - l;
    const v4d bop = range < epsilon ? zero : (c - o) / range;
    return ((o - o) + (h - h) + (l - l) + (c - c)) == zero ? bop : nan;
  };
  double* out = outs[0];
  const std::size_t n = view.size;
  if (overlaps(open, out, n) || overlaps(high, out, n) || overlaps(low, out, n) ||
      overlaps(close, out, n)) {
    for (std::size_t i = 0; i < n; ++i) out[i] = scalar(i);  // in place: each bar reads only itself
    return;
  }
  output_pass(out, 0, n, 4, scalar, vector4);
}

}  // namespace sp::core::factory
