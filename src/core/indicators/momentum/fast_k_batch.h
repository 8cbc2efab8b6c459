// fast_k_batch: the raw stochastic %K (FastK, fast_k.h) of every bar, vectorised, for the STOCH
// and STOCHF batch kernels on all-finite input.
//
//   bool fast_k_batch(view, period, out)
//     out[i] = FastK::value(highest high, lowest low, close) over bars i-period+1 .. i, for
//     i >= period - 1; NaN before. Returns false, leaving garbage, when a high, low or close is
//     non-finite, when period > kWindowScanMaxPeriod, or when there are fewer than period + 3
//     bars; the caller then runs drive_batch.
//
// REQUIRES: period >= 1; `out` does not overlap the inputs.
// window_extremes_batch (window_extremes_batch.h) finds the extremes four bars at a time; FastK's
// formula runs in the same lanes, the division unconditional and the zero-range case selected
// after: the stream's numbers bit for bit.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/bar.h"
#include "core/indicator.h"
#include "core/indicators/momentum/window_extremes_batch.h"
#include "core/kernels/nonfinite_flag.h"
#include "core/kernels/simd.h"

namespace sp::core {

inline bool fast_k_batch(const OhlcvView& view, int period, double* out) {
  const std::size_t n = view.size;
  const std::size_t p = static_cast<std::size_t>(period);
  if (period > kWindowScanMaxPeriod || n < p + 3) return false;
  std::uint64_t flags = 0;
  for (std::size_t i = 0; i + 1 < p; ++i) {
    flags |= kernels::nonfinite_flag(view.high[i]) | kernels::nonfinite_flag(view.low[i]) |
             kernels::nonfinite_flag(view.close[i]);
    out[i] = kNaN;
  }
  flags |= window_extremes_batch(
      view, p - 1, n - (p - 1), p, out + (p - 1),
      [](kernels::f64x4 highest, kernels::f64x4 lowest, kernels::f64x4 close) {
        const kernels::f64x4 diff = (highest - lowest) / 100.0;
        return kernels::select4(diff != 0.0, (close - lowest) / diff, kernels::f64x4{});
      });
  return !kernels::any_nonfinite(flags);
}

}  // namespace sp::core
