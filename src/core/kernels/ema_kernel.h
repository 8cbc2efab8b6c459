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
// Plain GCC/Clang vector extensions: AVX2 natively (v4d). In WebAssembly ema_run has a v2d form of
// the same block (simd128's width; see there), ema_batch runs the series as two halves side by side
// (ema_run_halves), and EmaLanes stays v4d.
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

#if defined(__wasm_simd128__)
// WebAssembly: the same 8-bar block on simd128's own width. The v4d form below would run as two
// halves whose second needs the first's last lane (extra shuffles and multiplies by the zero
// coefficients); here each pair of bars takes two taps, (k x[j], k x[j+1] + k a x[j]), and the
// pairs are chained inside the block with one shuffle-multiply-add each, off the e chain:
//   y_0 = c0 x[i..i+1] + c1 x[i-1..i],  y_m = (same at pair m) + (a, a^2) * y_{m-1}[1],
//   out pair m = (a^(2m+1), a^(2m+2)) * e[i-1] + y_m,   e[i+7] = a^8 e[i-1] + y_3[1].
// Still one multiply and one add per 8 bars on the loop-carried chain; about a third fewer
// operations than the v4d form compiled to simd128 (bench/wasm: EMA 20 on 1M bars 0.69 -> 0.47 ms
// in isolation). Rounding as the v4d form: a few ulps from the serial loop, forgotten
// geometrically.
inline double ema_run(const double* __restrict x, std::size_t n, double k, double e,
                      double* __restrict out) {
  using namespace simd;
  const double a = 1.0 - k;
  std::size_t i = 0;
  // One scalar bar first: the pair step reads x[i-1].
  if (n > 0) out[i++] = e = a * e + k * x[0];
  if (n >= 9) {
    const double a2 = a * a, a4 = a2 * a2;
    const v2d c0 = splat2(k), c1 = v2d{0, k * a};
    const v2d p1 = v2d{a, a2};  // a^(j+1): weight of e[i-1] in lane j of pair 0
    const v2d p2 = p1 * a2, p3 = p2 * a2, p4 = p3 * a2;
    const v2d a8 = splat2(a4 * a4);
    v2d ev = splat2(e);
    for (; i + 8 <= n; i += 8) {
      const double* p = x + i;
      const v2d y0 = c0 * load2(p) + c1 * load2(p - 1);
      const v2d y1 = c0 * load2(p + 2) + c1 * load2(p + 1) + p1 * last2(y0);
      const v2d y2 = c0 * load2(p + 4) + c1 * load2(p + 3) + p1 * last2(y1);
      const v2d y3 = c0 * load2(p + 6) + c1 * load2(p + 5) + p1 * last2(y2);
      store2(out + i, p1 * ev + y0);
      store2(out + i + 2, p2 * ev + y1);
      store2(out + i + 4, p3 * ev + y2);
      store2(out + i + 6, p4 * ev + y3);
      ev = a8 * ev + last2(y3);  // the only loop-carried dependency
    }
    e = ev[0];
  }
  for (; i < n; ++i) out[i] = e = a * e + k * x[i];
  return e;
}
#else
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
#endif

#if defined(__wasm_simd128__)
// WebAssembly, a whole series (ema_batch): the recurrence is linear, so the second half of the
// series may run from 0 instead of from the first half's last value e_mid, and be corrected
// afterwards by a^(m+1) e_mid at its bar m. That makes two independent EMAs, which sit side by
// side in one f64x2 (lane 0 the first half, lane 1 the second: two loads and a transposing
// shuffle a pair of bars each way), 4 bars a step with ema_run's block step; about a quarter fewer
// operations than ema_run's one-series pairs (EMA 20 on 1M bars: 0.48 -> 0.36 ms in isolation).
// The correction stops once a^(m+1) < 2^-60: beyond that it is far below the rounding the blocked
// recurrence already has (a few ulps of the terms), and for period 20 that is ~420 bars, for 200
// ~4,200. Returns the last value; `finite` is false when e_mid or that is not finite (a non-finite
// input reaches every later value of its half, ema_kernel.h's argument, and e_mid carries the
// first half's into the check). Short series: ema_run.
inline double ema_run_halves(const double* __restrict x, std::size_t n, double k, double e,
                             double* __restrict out, bool& finite) {
  if (n < 4096) {
    e = ema_run(x, n, k, e, out);
    finite = std::isfinite(e);
    return e;
  }
  using namespace simd;
  const double a = 1.0 - k, a2 = a * a;
  const std::size_t h = n / 2 / 4 * 4;  // first half [0, h), second [h, n), n - h >= h
  const double* x2 = x + h;
  double* o2 = out + h;
  const v2d kv = splat2(k), a1v = splat2(a), a2v = splat2(a2), a3v = splat2(a2 * a),
            a4v = splat2(a2 * a2);
  v2d ev = {e, 0.0};
  for (std::size_t j = 0; j < h; j += 4) {
    const v2d p01 = load2(x + j), p23 = load2(x + j + 2);
    const v2d q01 = load2(x2 + j), q23 = load2(x2 + j + 2);
    const v2d g0 = kv * __builtin_shufflevector(p01, q01, 0, 2);
    const v2d g1 = kv * __builtin_shufflevector(p01, q01, 1, 3);
    const v2d g2 = kv * __builtin_shufflevector(p23, q23, 0, 2);
    const v2d g3 = kv * __builtin_shufflevector(p23, q23, 1, 3);
    const v2d y1 = a1v * g0 + g1;
    const v2d y2 = a1v * y1 + g2;
    const v2d y3 = a1v * y2 + g3;
    const v2d r0 = a1v * ev + g0, r1 = a2v * ev + y1, r2 = a3v * ev + y2;
    ev = a4v * ev + y3;  // the only loop-carried dependency: 1 mul + 1 add per 4 bars
    store2(out + j, __builtin_shufflevector(r0, r1, 0, 2));
    store2(o2 + j, __builtin_shufflevector(r0, r1, 1, 3));
    store2(out + j + 2, __builtin_shufflevector(r2, ev, 0, 2));
    store2(o2 + j + 2, __builtin_shufflevector(r2, ev, 1, 3));
  }
  const double e_mid = ev[0];
  double z = ev[1];
  const std::size_t m2 = n - h;
  for (std::size_t j = h; j < m2; ++j) o2[j] = z = a * z + k * x2[j];
  double w = a;
  std::size_t m = 0;
  for (; m < m2 && w > 0x1p-60; ++m, w *= a) o2[m] += w * e_mid;
  const double last = m == m2 ? o2[m2 - 1] : z;
  finite = std::isfinite(e_mid) && std::isfinite(last);
  return last;
}
#endif

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
#if defined(__wasm_simd128__)
  bool finite;
  ema_run_halves(x + p, n - p, k, seed, out + p, finite);
  return finite;
#else
  return std::isfinite(ema_run(x + p, n - p, k, seed, out + p));
#endif
}

}  // namespace sp::core::kernels
