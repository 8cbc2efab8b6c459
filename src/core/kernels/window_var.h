// The batch kernel behind VAR, STDDEV and BBANDS (SMA middle band): TA_INT_VAR's running sums of x
// and x*x, bit for bit, with everything else taken off their dependency chain.
//
//   bool var_window_kernel(x, n, period, finish)
//     Calls finish(i, lanes, mean, var) once per 4 bars from bar period-1 on (i the first of the
//     four, mean and var simd::v4d lanes for bars i..i+3; the last call may cover fewer than 4
//     real bars: `lanes` says how many), where mean = sum/period and var = mean(x*x) - mean^2 are
//     exactly Var::update's values. Bars before period-1 get no call. Returns true when every
//     x[i] was finite; on false the values passed to finish were garbage and the caller recomputes
//     through drive_batch. The check is free: every x[i] enters both running sums and is later
//     subtracted, so a NaN or infinity leaves them NaN or infinite to the end (inf - inf is NaN).
//     (Finite inputs whose squares overflow also report false; the fallback gives the same answer.)
//
// Why it looks like this. In a flat window the variance is rounding noise (1e-12 where the exact
// value is 0) that STDDEV and BBANDS magnify with sqrt, so agreeing with TA-Lib there takes
// TA-Lib's bits: the running sums must be formed in TA-Lib's order (add x, read, drop the oldest),
// which is one serial chain of two adds a bar per sum. That chain (6 cycles a bar) is the floor;
// the old loop was slower than it because of the two scalar divisions a bar (a divider is not
// pipelined like an adder). Here the chain only records the sums for 4 bars, and the divisions, the
// variance and `finish` run on 4 lanes at once, off the chain, overlapping the next bars' chain.
// Division stays division (not a multiply by 1/period), so the bits stay TA-Lib's.
//
// REQUIRES: period >= 1, and `finish` must not write to x (the chain reads x[i+1-period] after
// finish has run for bar i).
#pragma once

#include <cmath>
#include <cstddef>

#include "core/indicator.h"
#include "core/kernels/simd.h"

namespace sp::core {

template <class Finish>
inline bool var_window_kernel(const double* __restrict x, std::size_t n, int period,
                              Finish finish) {
  using kernels::simd::v4d;
  const std::size_t p = static_cast<std::size_t>(period);
  double sum = 0, sum_sq = 0;
  if (n < p) {
    for (std::size_t i = 0; i < n; ++i) sum += x[i];
    return std::isfinite(sum);
  }
  for (std::size_t i = 0; i + 1 < p; ++i) {
    sum += x[i];
    sum_sq += x[i] * x[i];
  }
  const v4d vp = kernels::simd::splat(period);
  // One bar: the sums Var::update divides, then the oldest dropped.
  auto step = [&](std::size_t i, double& s1, double& s2) {
    const double xi = x[i];
    sum += xi;
    sum_sq += xi * xi;
    s1 = sum;
    s2 = sum_sq;
    const double oldest = x[i + 1 - p];
    sum -= oldest;
    sum_sq -= oldest * oldest;
  };
  std::size_t i = p - 1;
  // Four bars, their sums kept in registers and put into lanes directly: written to a stack array
  // and read back as a vector they would stall on store-to-load forwarding.
  for (; i + 4 <= n; i += 4) {
    double a0, a1, a2, a3, b0, b1, b2, b3;
    step(i, a0, b0);
    step(i + 1, a1, b1);
    step(i + 2, a2, b2);
    step(i + 3, a3, b3);
    const v4d mean = v4d{a0, a1, a2, a3} / vp;
    const v4d mean_sq = v4d{b0, b1, b2, b3} / vp;
    finish(i, std::size_t{4}, mean, mean_sq - mean * mean);
  }
  if (i < n) {
    v4d s1 = {0, 0, 0, 0}, s2 = {0, 0, 0, 0};
    for (std::size_t j = 0; i + j < n; ++j) {
      double a, b;  // (clang binds no reference to a vector lane)
      step(i + j, a, b);
      s1[j] = a;
      s2[j] = b;
    }
    const v4d mean = s1 / vp;
    const v4d mean_sq = s2 / vp;
    finish(i, n - i, mean, mean_sq - mean * mean);
  }
  return std::isfinite(sum) && std::isfinite(sum_sq);
}

// True when the kernel may run: a valid period and `out` is not the input.
inline bool var_kernel_applies(int period, const OhlcvView& view, const double* out) {
  return period >= 1 && !overlaps(view.close, out, view.size);
}

}  // namespace sp::core
