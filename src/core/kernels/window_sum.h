// Sliding-window means over an array, vectorised.
//
//   bool window_mean(x, n, period, out)            SMA: out[i] = (x[i-p+1] + ... + x[i]) / p
//   bool window_weighted_mean(x, n, period, out)   WMA: weights 1..p, newest heaviest, / p(p+1)/2
//     out[0 .. period-2] = NaN (warm-up), then one value per window of `period` values.
//     Returns true when every x[i] was finite; on false `out` holds garbage and the caller
//     recomputes through its non-finite-aware path (drive_batch).
//
// REQUIRES: period >= 1; out and x do not overlap (x[i-p] is read after out[i-p] is written).
//
// TA-Lib (and our streaming Sma) slide one running sum: add x[i], drop x[i-p], two dependent adds
// a bar. Here d[i] = x[i] - x[i-p] is formed in SIMD lanes and the running sum advances by a prefix
// sum of 8 d's at a time (simd::running_sum8), one add per 8 bars on the carried chain.
// WMA: the weighted sum W[i] = sum_j (p-j)*x[i-j] moves by W[i] - W[i-1] = p*x[i] - S[i-1]
// = (p+1)*x[i] - x[i-p] - S[i] (S the plain window sum), so it is a second running sum whose
// increments come from the first's lanes. (TA-Lib keeps the same two sums serially.)
// Rounding: a running sum drifts like a random walk, an ulp or so of its size a bar; TA-Lib's does
// too, unchecked. Here the sums are recomputed from the window at regular strides, so the drift
// stays below ~1e-14 relative at any length. The weighted sum adds up the plain sum's errors, so
// its drift grows like stride^1.5 (measured: 1e-12 relative after 1000 bars at period 2): WMA
// re-seeds every max(64, 8p) bars, SMA every max(1024, 8p); either way the re-seed's p adds cost
// at most 1/8 add a bar. The mean multiplies by the reciprocal of the divisor (one more rounding).
// Far inside the 1e-9 of TA-Lib and the 1e-12 of the streaming form the tests allow.
// Non-finite detection: every x[i] enters a running sum (the seed or some d[i]), and once a sum is
// NaN or infinite it stays so (inf - inf is NaN) until the next re-seed, where it is checked; so
// the result is true exactly when every input was finite (or, harmlessly, false when finite inputs
// overflow: the fallback gives the same answer).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

#include "core/kernels/simd.h"

namespace sp::core::kernels {

namespace window_detail {

// Bars between re-seeds: a multiple of 8 (the vector step) no less than `least`, and at least 8
// windows so that the re-seed's p adds stay a small share.
inline std::size_t reseed_stride(std::size_t p, std::size_t least) {
  return std::max<std::size_t>(least, 8 * p);
}

}  // namespace window_detail

#if defined(__wasm_simd128__)
// WebAssembly. The v4d loop below, compiled to simd128, is bound by its operation count, not its
// chain: a v4d prefix sum is two registers whose halves need extra shuffles and adds. Here the
// pairs of bars form the sum directly, S[i], S[i+1] = S[i-1] + (d[i], d[i] + d[i+1]) (one
// shuffle and one add for the in-pair prefix, one shuffle to carry S[i+1] on), which is a chain
// of an add and a shuffle per pair; so four stretches of the array run side by side, each from
// its own exact window sum: four independent chains. A stretch is the native path's re-seed
// stride, so the rounding drift is bounded exactly as there. Every x[i] enters the first window
// or exactly one stretch's d's, and a stretch's sum stays non-finite once it is, so checking the
// first sum and each stretch's last tells whether every input was finite.
// Measured (SMA 20, 1M bars, node 20): 0.45 ms for the v4d loop, 0.42 for this; the rest of the
// gap to native (~0.3 ms, where AVX2 is near memory speed) is the six f64x2 operations a pair of
// bars needs (subtract, shuffle and add for the pair, add and shuffle for the carry, scale).
inline bool window_mean(const double* __restrict x, std::size_t n, int period,
                        double* __restrict out) {
  using namespace simd;
  const std::size_t p = static_cast<std::size_t>(period);
  if (n < p) {
    for (std::size_t i = 0; i < n; ++i) out[i] = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  const double inv = 1.0 / period;
  // The sum of the window ending at bar at-1, left to right.
  auto window_before = [x, p](std::size_t at) {
    double s = 0;
    for (std::size_t j = at - p; j < at; ++j) s += x[j];
    return s;
  };
  for (std::size_t i = 0; i + 1 < p; ++i) out[i] = std::numeric_limits<double>::quiet_NaN();
  const double first = window_before(p);
  out[p - 1] = first * inv;
  bool ok = std::isfinite(first);
  const std::size_t stretch = window_detail::reseed_stride(p, 1024);  // even
  const v2d vinv = splat2(inv);
  // One pair of bars of one stretch: c holds the sum at the bar before, in both lanes.
  auto pair = [&](std::size_t b, v2d& c) {
    const v2d s = c + prefix2(load2(x + b) - load2(x + b - p));
    store2(out + b, s * vinv);
    c = last2(s);
  };
  std::size_t i = p;
  for (; n - i >= 4 * stretch; i += 4 * stretch) {
    const std::size_t b1 = i + stretch, b2 = b1 + stretch, b3 = b2 + stretch;
    v2d c0 = splat2(i == p ? first : window_before(i)), c1 = splat2(window_before(b1));
    v2d c2 = splat2(window_before(b2)), c3 = splat2(window_before(b3));
    // 8 bars of each stretch a step (the stride is a multiple of 8): constant offsets from one
    // address per stretch, which V8 folds into the loads and stores.
    for (std::size_t t = 0; t < stretch; t += 8) {
      for (std::size_t u = 0; u < 8; u += 2) {
        pair(i + t + u, c0);
        pair(b1 + t + u, c1);
        pair(b2 + t + u, c2);
        pair(b3 + t + u, c3);
      }
    }
    ok &= std::isfinite(c0[0]) && std::isfinite(c1[0]) && std::isfinite(c2[0]) &&
          std::isfinite(c3[0]);
  }
  // The rest, one stretch at a time.
  while (i < n) {
    v2d c = splat2(i == p ? first : window_before(i));
    const std::size_t end = i + std::min(stretch, n - i);
    for (; i + 2 <= end; i += 2) pair(i, c);
    double sum = c[0];
    for (; i < end; ++i) {
      sum += x[i] - x[i - p];
      out[i] = sum * inv;
    }
    ok &= std::isfinite(sum);
  }
  return ok;
}
#else
inline bool window_mean(const double* __restrict x, std::size_t n, int period,
                        double* __restrict out) {
  using namespace simd;
  const std::size_t p = static_cast<std::size_t>(period);
  if (n < p) {
    for (std::size_t i = 0; i < n; ++i) out[i] = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  const double inv = 1.0 / period;
  double sum = 0;
  for (std::size_t i = 0; i + 1 < p; ++i) {
    sum += x[i];
    out[i] = std::numeric_limits<double>::quiet_NaN();
  }
  sum += x[p - 1];
  out[p - 1] = sum * inv;
  bool ok = true;
  std::size_t i = p;
  const std::size_t stride = window_detail::reseed_stride(p, 1024);
  const v4d vinv = splat(inv);
  while (n - i >= 8) {
    if (i > p) {  // re-seed: the window ending at bar i-1, summed afresh
      ok &= std::isfinite(sum);
      sum = 0;
      for (std::size_t j = i - p; j < i; ++j) sum += x[j];
    }
    const std::size_t end = i + std::min(stride, (n - i) / 8 * 8);
    v4d carry = splat(sum);
    for (; i < end; i += 8) {
      const v4d d_lo = load4(x + i) - load4(x + i - p);
      const v4d d_hi = load4(x + i + 4) - load4(x + i + 4 - p);
      v4d lo, hi;
      running_sum8(d_lo, d_hi, carry, lo, hi);
      store4(out + i, lo * vinv);
      store4(out + i + 4, hi * vinv);
    }
    sum = carry[0];
  }
  for (; i < n; ++i) {
    sum += x[i] - x[i - p];
    out[i] = sum * inv;
  }
  return ok && std::isfinite(sum);
}
#endif

inline bool window_weighted_mean(const double* __restrict x, std::size_t n, int period,
                                 double* __restrict out) {
  using namespace simd;
  const std::size_t p = static_cast<std::size_t>(period);
  if (n < p) {
    for (std::size_t i = 0; i < n; ++i) out[i] = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  const double pd = period;
  const double inv = 1.0 / (0.5 * pd * (pd + 1));
  double sum = 0, wsum = 0;  // S and W of the window ending at the current bar
  for (std::size_t i = 0; i + 1 < p; ++i) {
    sum += x[i];
    wsum += x[i] * static_cast<double>(i + 1);
    out[i] = std::numeric_limits<double>::quiet_NaN();
  }
  sum += x[p - 1];
  wsum += x[p - 1] * pd;
  out[p - 1] = wsum * inv;
  bool ok = true;
  std::size_t i = p;
  const std::size_t stride = window_detail::reseed_stride(p, 64);
  const v4d vinv = splat(inv), p1 = splat(pd + 1);
  while (n - i >= 8) {
    if (i > p) {  // re-seed: the window ending at bar i-1, summed afresh
      ok &= std::isfinite(sum) && std::isfinite(wsum);
      sum = wsum = 0;
      for (std::size_t j = 0; j < p; ++j) {
        const double v = x[i - p + j];
        sum += v;
        wsum += v * static_cast<double>(j + 1);
      }
    }
    const std::size_t end = i + std::min(stride, (n - i) / 8 * 8);
    v4d carry = splat(sum), wcarry = splat(wsum);
    for (; i < end; i += 8) {
      const v4d x_lo = load4(x + i), x_hi = load4(x + i + 4);
      const v4d old_lo = load4(x + i - p), old_hi = load4(x + i + 4 - p);
      v4d s_lo, s_hi, w_lo, w_hi;
      running_sum8(x_lo - old_lo, x_hi - old_hi, carry, s_lo, s_hi);
      running_sum8(p1 * x_lo - old_lo - s_lo, p1 * x_hi - old_hi - s_hi, wcarry, w_lo, w_hi);
      store4(out + i, w_lo * vinv);
      store4(out + i + 4, w_hi * vinv);
    }
    sum = carry[0];
    wsum = wcarry[0];
  }
  for (; i < n; ++i) {
    sum += x[i] - x[i - p];
    wsum += (pd + 1) * x[i] - x[i - p] - sum;
    out[i] = wsum * inv;
  }
  return ok && std::isfinite(sum) && std::isfinite(wsum);
}

}  // namespace sp::core::kernels
