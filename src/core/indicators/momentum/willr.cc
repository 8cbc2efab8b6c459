#include "core/indicators/momentum/willr.h"

#include "core/indicators/factories.h"
#include "core/indicators/momentum/flat_batch.h"
#include "core/indicators/momentum/window_extremes_batch.h"
#include "core/kernels/nonfinite_flag.h"

namespace sp::core::factory {

namespace {
Willr from_options(std::span<const double> o) {
  return Willr(static_cast<int>(o[0]));
}
}  // namespace

std::unique_ptr<IndicatorStream> make_willr(std::span<const double> o) {
  return make_stream(kHigh | kLow | kClose, from_options(o));
}

// All-finite input, a window of at most kWindowScanMaxPeriod bars, at least period + 3 bars, the
// output apart from the inputs: window_extremes_batch with Willr's formula in SIMD lanes (the
// division unconditional, the zero-range case selected after), the stream's numbers bit for bit.
// Otherwise drive_batch.
void batch_willr(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  const int period = static_cast<int>(o[0]);
  const std::size_t n = view.size;
  const std::size_t p = static_cast<std::size_t>(period);
  double* out = outs[0];
  const bool disjoint =
      !overlaps(view.high, out, n) && !overlaps(view.low, out, n) && !overlaps(view.close, out, n);
  if (disjoint && period <= kWindowScanMaxPeriod && n >= p + 3) {
    std::uint64_t flags = 0;
    for (std::size_t i = 0; i + 1 < p; ++i) {
      flags |= kernels::nonfinite_flag(view.high[i]) | kernels::nonfinite_flag(view.low[i]) |
               kernels::nonfinite_flag(view.close[i]);
      out[i] = kNaN;
    }
    flags |= window_extremes_batch(
        view, p - 1, n - (p - 1), p, out + (p - 1),
        [](kernels::f64x4 highest, kernels::f64x4 lowest, kernels::f64x4 close) {
          const kernels::f64x4 diff = (highest - lowest) / (-100.0);
          return kernels::select4(diff != 0.0, (highest - close) / diff, kernels::f64x4{});
        });
    if (!kernels::any_nonfinite(flags)) return;
  }
  Willr indicator = from_options(o);
  drive_batch_flat(indicator, kHigh | kLow | kClose, view, outs);
}

}  // namespace sp::core::factory
