// A cascade of M EMAs over an array, each the EMA of the one before, combined linearly bar by bar:
// the batch kernel of DEMA (M=2), TEMA (M=3) and T3 (M=6).
//
//   bool ema_cascade<M>(x, n, period, k, w, out)
//     EMA 0 runs over x; EMA j over the values of EMA j-1. Each is seeded as TA-Lib seeds it: the
//     mean of its first `period` inputs, so EMA j gives its first value at bar (j+1)*(period-1).
//     From bar M*(period-1) on, out[i] = w[0]*e_0[i] + ... + w[M-1]*e_{M-1}[i]; NaN before
//     (warm-up). DEMA: w = {2, -1}; TEMA: {3, -3, 1}; T3: {0, 0, c4, c3, c2, c1}.
//     Returns true when every x[i] was finite; on false `out` holds garbage and the caller
//     recomputes through drive_batch.
//
// REQUIRES: period >= 1, 0 < k <= 1, 1 <= M <= 8; out and x do not overlap.
//
// The warm-up (until every EMA has its seed) runs bar by bar. From there the bars go in blocks of
// 64: each EMA in turn runs over the block (EmaLanes::step8, one multiply and one add per 8 bars on
// its chain) from the block of the EMA before, kept in L1; then the block's outputs are summed.
// (One pass of all M EMAs per 8 bars in registers would save the L1 round trips, but GCC then
// keeps the per-EMA state arrays in memory and runs several times slower.) Rounding: each EMA is
// within a few ulps of TA-Lib's loop (ema_kernel.h); the weighted sum is TA-Lib's up to
// reassociation. Non-finite detection as in ema_kernel.h: EMA 0's state (its seed sum, then its
// value) turns non-finite at the first bad input and stays so.
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>

#include "core/kernels/ema_kernel.h"
#include "core/kernels/simd.h"

namespace sp::core::kernels {

template <int M>
bool ema_cascade(const double* __restrict x, std::size_t n, int period, double k,
                 const double (&w)[M], double* __restrict out) {
  static_assert(M >= 1 && M <= 8);
  using simd::v4d;
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  constexpr std::size_t kBlock = 64;
  const std::size_t p = static_cast<std::size_t>(period);
  const std::size_t first_out = M * (p - 1);  // the bar where EMA M-1 takes its seed
  const double a = 1.0 - k;
  double e[M] = {};          // seed sums while warming up, then the EMAs' values
  std::size_t seen[M] = {};  // inputs each EMA has had, up to p
  auto weighted = [&] {
    double s = w[0] * e[0];
    for (int j = 1; j < M; ++j) s += w[j] * e[j];
    return s;
  };
  std::size_t i = 0;
  // Warm-up, bar by bar: EMA j's first input is at bar j*(p-1), the first value of EMA j-1.
  for (; i < n && i <= first_out; ++i) {
    double v = x[i];
    bool all = true;
    for (int j = 0; j < M; ++j) {
      if (i < static_cast<std::size_t>(j) * (p - 1)) {
        all = false;
        break;
      }
      if (seen[j] < p) {
        e[j] += v;
        if (++seen[j] < p) {
          all = false;
          break;
        }
        e[j] /= period;
      } else {
        e[j] = a * e[j] + k * v;
      }
      v = e[j];
    }
    out[i] = all ? weighted() : kNaN;
  }
  if (i + kBlock <= n) {
    const EmaLanes lanes(k);
    alignas(64) double buf[M][kBlock];
    for (; i + kBlock <= n; i += kBlock) {
      const double* in = x + i;
      for (int j = 0; j < M; ++j) {
        v4d ev = simd::splat(e[j]);
        double* o = buf[j];
        for (std::size_t b = 0; b < kBlock; b += 8) {
          v4d lo, hi;
          lanes.step8(simd::load4(in + b), simd::load4(in + b + 4), ev, lo, hi);
          simd::store4(o + b, lo);
          simd::store4(o + b + 4, hi);
        }
        e[j] = ev[0];
        in = o;
      }
      double* __restrict dst = out + i;
      for (std::size_t b = 0; b < kBlock; ++b) dst[b] = w[0] * buf[0][b];
      for (int j = 1; j < M; ++j) {
        for (std::size_t b = 0; b < kBlock; ++b) dst[b] += w[j] * buf[j][b];
      }
    }
  }
  for (; i < n; ++i) {
    double v = x[i];
    for (int j = 0; j < M; ++j) v = e[j] = a * e[j] + k * v;
    out[i] = weighted();
  }
  return std::isfinite(e[0]);
}

}  // namespace sp::core::kernels
