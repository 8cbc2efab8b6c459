// The batch kernel behind VAR and STDDEV: TA_INT_VAR's own loop, the running sums of x and x*x in
// registers and the value leaving the window read back from the input instead of from Var's ring.
// The same operations in the same order as Var::update (add, take both means, drop the oldest), so
// the same bits; `finish` maps each variance to the output (identity for VAR, StdDev's clamp and
// sqrt for STDDEV). REQUIRES: every x[i] finite, period >= 1, `out` does not overlap `x`
// (the batch entry points check all three and otherwise run drive_batch).
#pragma once

#include <cstddef>

#include "core/indicator.h"

namespace sp::core {

template <class Finish>
inline void var_window_kernel(const double* __restrict x, std::size_t n, int period,
                              double* __restrict out, Finish finish) {
  const std::size_t p = static_cast<std::size_t>(period);
  double sum = 0, sum_sq = 0;
  std::size_t i = 0;
  for (; i + 1 < p && i < n; ++i) {
    const double xi = x[i];
    sum += xi;
    sum_sq += xi * xi;
    out[i] = kNaN;
  }
  for (; i < n; ++i) {
    const double xi = x[i];
    sum += xi;
    sum_sq += xi * xi;
    const double mean = sum / period;
    const double mean_sq = sum_sq / period;
    const double oldest = x[i + 1 - p];
    sum -= oldest;
    sum_sq -= oldest * oldest;
    out[i] = finish(mean_sq - mean * mean);
  }
}

// True when the kernel above may run: a valid period, no aliasing, every close finite.
inline bool var_kernel_applies(int period, const OhlcvView& view, const double* out) {
  return period >= 1 && !overlaps(view.close, out, view.size) && all_finite(view.close, view.size);
}

}  // namespace sp::core
