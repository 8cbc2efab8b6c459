// EMA batch kernel: the exponential moving average over an array, with TA-Lib's seeding, fast.
//
//   bool ema_batch(x, n, period, k, out)
//     out[0 .. period-2] = NaN (warm-up); out[period-1] = mean of x[0 .. period-1] (TA-Lib's SMA
//     seed: summed left to right, then divided); then out[i] = out[i-1] + k * (x[i] - out[i-1]).
//     k = 2 / (period + 1) for TA-Lib's EMA, 1 / period for Wilder's smoothing.
//     Returns true when every x[i] was finite. On false, `out` holds garbage and the caller must
//     recompute through its non-finite-aware path (drive_batch). n < period: all NaN, true.
//   double ema_run(x, n, k, e, out)
//     The recurrence alone, continued from the value `e` of the bar before x[0]: out[i] for
//     i in [0, n), returns the last value (e when n == 0). Composite indicators (DEMA, TEMA, T3,
//     MACD) feed one EMA's output into the next with it.
//
// REQUIRES: period >= 1, 0 < k <= 1; out and x do not overlap (the vector step reads x[i-3 .. i-1]
// back after out[i-3 .. i-1] is written; callers computing in place fall back to drive_batch).
// Non-finite detection: with 0 <= a = 1-k < 1 a NaN or infinity in x reaches every later value
// (a*inf is inf, inf-inf and 0*inf are NaN, the seed sum keeps it), so the last value is non-finite
// exactly when an input was (or, harmlessly, when finite inputs overflow: the caller's fallback
// then gives the same answer). That replaces a separate pre-scan pass over x.
//
// Why it is fast. The textbook loop is one dependency chain, a multiply then an add per bar (6
// cycles on current x86, about what TA-Lib and Tulip run at). The recurrence is linear,
// e[i] = a*e[i-1] + k*x[i], so a block of 8 bars unrolls to
//   e[i+j] = a^(j+1) * e[i-1] + y[j],   y[j] = sum_{m<=j} k*a^(j-m) * x[i+m],
// where every y[j] is independent of e (computed in SIMD lanes from overlapping loads of x) and the
// chain is one multiply and one add per 8 bars. Rounding: each value is a short sum of positive
// terms with precomputed coefficients, a few ulps from the serial loop, and the recurrence forgets
// errors geometrically, so the result stays within ~1e-15 relative of TA-Lib's (tests allow 1e-9).
// Plain GCC/Clang vector extensions: AVX2 natively, simd128 in WebAssembly; no intrinsics.
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>

#include "core/kernels/simd.h"

namespace sp::core::kernels {

// One EMA advanced 8 bars in registers, for kernels that chain EMAs without a round trip through
// memory (ema_cascade.h): in lo/hi (bars i..i+3, i+4..i+7) -> out lo/hi; `ev` is the value at bar
// i-1 in every lane on entry and the value at bar i+7 on return. The lane scan here uses shuffles
// (Hillis-Steele: shift by 1 with weight a, then by 2 with weight a^2) instead of ema_run's
// shifted loads, since the input is a register.
struct EmaLanes {
  simd::v4d k, a, a2, p_lo, p_hi, a8;
  explicit EmaLanes(double kk) {
    const double aa = 1.0 - kk, aa2 = aa * aa, aa4 = aa2 * aa2;
    k = simd::splat(kk);
    a = simd::splat(aa);
    a2 = simd::splat(aa2);
    p_lo = simd::v4d{aa, aa2, aa2 * aa, aa4};
    p_hi = p_lo * aa4;
    a8 = simd::splat(aa4 * aa4);
  }
  simd::v4d scan(simd::v4d x) const {
    const simd::v4d z = {0, 0, 0, 0};
    simd::v4d y = k * x;
    y = y + a * __builtin_shufflevector(y, z, 4, 0, 1, 2);
    return y + a2 * __builtin_shufflevector(y, z, 4, 5, 0, 1);
  }
  void step8(simd::v4d in_lo, simd::v4d in_hi, simd::v4d& ev, simd::v4d& out_lo,
             simd::v4d& out_hi) const {
    const simd::v4d y_lo = scan(in_lo);
    const simd::v4d y_hi = scan(in_hi) + p_lo * simd::last(y_lo);
    out_lo = p_lo * ev + y_lo;
    out_hi = p_hi * ev + y_hi;
    ev = a8 * ev + simd::last(y_hi);
  }
};

inline double ema_run(const double* __restrict x, std::size_t n, double k, double e,
                      double* __restrict out) {
  using namespace simd;
  const double a = 1.0 - k;
  std::size_t i = 0;
  // A few scalar bars first: the vector step reads x[i-3 .. i+7].
  for (; i < n && i < 3; ++i) out[i] = e = a * e + k * x[i];
  if (n >= 11) {
    const double a2 = a * a, a3 = a2 * a, a4 = a2 * a2;
    // Lane j of y = sum over m <= j of k*a^(j-m) * x[i+m], as four shifted loads whose coefficient
    // is zero in the lanes where the term does not belong.
    const v4d c0 = splat(k);
    const v4d c1 = v4d{0, a, a, a} * k;
    const v4d c2 = v4d{0, 0, a2, a2} * k;
    const v4d c3 = v4d{0, 0, 0, a3} * k;
    const v4d p_lo = v4d{a, a2, a3, a4};  // a^(j+1): weight of e[i-1] in lane j
    const v4d p_hi = p_lo * a4;           // a^(j+5)
    const double a8 = a4 * a4;
    v4d ev = splat(e);
    for (; i + 8 <= n; i += 8) {
      const double* p = x + i;
      const v4d y_lo = c0 * load4(p) + c1 * load4(p - 1) + c2 * load4(p - 2) + c3 * load4(p - 3);
      v4d y_hi = c0 * load4(p + 4) + c1 * load4(p + 3) + c2 * load4(p + 2) + c3 * load4(p + 1);
      y_hi += p_lo * splat(y_lo[3]);  // carry the first half into the second, off the e chain
      const v4d lo = p_lo * ev + y_lo;
      const v4d hi = p_hi * ev + y_hi;
      ev = a8 * ev + splat(y_hi[3]);  // the only loop-carried dependency: 1 mul + 1 add per 8 bars
      store4(out + i, lo);
      store4(out + i + 4, hi);
    }
    e = ev[0];
  }
  for (; i < n; ++i) out[i] = e = a * e + k * x[i];
  return e;
}

inline bool ema_batch(const double* __restrict x, std::size_t n, int period, double k,
                      double* __restrict out) {
  const std::size_t p = static_cast<std::size_t>(period);
  if (n < p) {
    for (std::size_t i = 0; i < n; ++i) out[i] = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  double sum = 0;
  for (std::size_t i = 0; i < p; ++i) sum += x[i];
  const double seed = sum / period;
  for (std::size_t i = 0; i + 1 < p; ++i) out[i] = std::numeric_limits<double>::quiet_NaN();
  out[p - 1] = seed;
  return std::isfinite(ema_run(x + p, n - p, k, seed, out + p));
}

}  // namespace sp::core::kernels
