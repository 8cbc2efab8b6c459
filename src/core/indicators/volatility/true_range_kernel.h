// The batch kernels of TRANGE, ATR and NATR: the true ranges of a run of bars computed in SIMD
// lanes, the finiteness of every input they read checked in the same pass, and for ATR/NATR
// Wilder's smoothing advanced 8 bars at a time (kernels::EmaLanes with k = 1/period).
//
//   bool true_range_kernel(view, out)          TRANGE: out[0] NaN, out[i] = TR of bar i.
//   bool atr_kernel<kNormalize>(view, period, out)
//     ATR (kNormalize false) or NATR (true): NaN for bars 0 .. period-1, at bar `period` the mean
//     of the first `period` true ranges, then atr = a*atr + k*tr with k = 1/period, a = 1-k
//     (TA-Lib writes (atr*(period-1) + tr)/period: the same value within an ulp or two, and the
//     recurrence forgets such differences geometrically). NATR divides by the close (0 where the
//     close is TA-Lib-zero), except at period 1 where, like TA-Lib, it is the plain true range.
//   Both return false, with garbage in `out`, when any high, low or close is NaN or infinite; the
//   callers then run drive_batch, which applies the non-finite policy bar by bar. The check cannot
//   lean on propagation as the EMA kernels do: TA-Lib's comparisons drop a NaN gap
//   (NaN > greatest is false), so a NaN close would vanish from the true range.
//
// REQUIRES: view.high/low/close valid; out overlaps none of them; period >= 1.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "core/indicator.h"
#include "core/indicators/talib_arith.h"
#include "core/indicators/volatility/trange.h"
#include "core/kernels/ema_kernel.h"
#include "core/kernels/simd.h"

namespace sp::core {

// The last m % 4 bars of true_range_block, bar by bar. Out of line: inlined into a call with a
// constant m, GCC 12 warns (-Waggressive-loop-optimizations) about this loop it has proven dead.
[[gnu::noinline]] inline bool true_range_tail(const double* h, const double* l, const double* pc,
                                              std::size_t m, double* tr) {
  bool ok = true;
  for (std::size_t b = 0; b < m; ++b) {
    ok &= std::isfinite(h[b]) && std::isfinite(l[b]) && std::isfinite(pc[b]);
    tr[b] = TrueRange::of(h[b], l[b], pc[b]);
  }
  return ok;
}

// tr[b] = the true range of bar i+b for b in [0, m), i >= 1. Returns false when a high or low of
// bars i .. i+m-1 or a close of bars i-1 .. i+m-2 is not finite. TrueRange::of's comparisons, four
// bars at a time.
inline bool true_range_block(const double* __restrict high, const double* __restrict low,
                             const double* __restrict close, std::size_t i, std::size_t m,
                             double* __restrict tr) {
  using namespace kernels::simd;
  const double* __restrict h = high + i;
  const double* __restrict l = low + i;
  const double* __restrict pc = close + i - 1;
  std::size_t b = 0;
  v4l ok4 = {-1, -1, -1, -1};
  for (; b + 4 <= m; b += 4) {
    const v4d hv = load4(h + b), lv = load4(l + b), cv = load4(pc + b);
    ok4 &= finite4(hv) & finite4(lv) & finite4(cv);
    const v4d greatest = max4(hv - lv, abs4(cv - hv));
    store4(tr + b, max4(greatest, abs4(cv - lv)));
  }
  const bool tail_ok = b == m || true_range_tail(h + b, l + b, pc + b, m - b, tr + b);
  return all_lanes(ok4) && tail_ok;
}

// The inputs true_range_block never reads: bar 0's high and low, the last close.
inline bool true_range_edges_finite(const OhlcvView& v) {
  return v.size == 0 || (std::isfinite(v.high[0]) && std::isfinite(v.low[0]) &&
                         std::isfinite(v.close[v.size - 1]));
}

inline bool true_range_kernel(const OhlcvView& v, double* __restrict out) {
  if (v.size == 0) return true;
  out[0] = kNaN;
  return true_range_block(v.high, v.low, v.close, 1, v.size - 1, out + 1) &&
         true_range_edges_finite(v);
}

template <bool kNormalize>
bool atr_kernel(const OhlcvView& v, int period, double* __restrict out) {
  const std::size_t n = v.size, p = static_cast<std::size_t>(period);
  if (kNormalize && period == 1) return true_range_kernel(v, out);  // TA-Lib's TA_NATR special case
  const double* __restrict close = v.close;
  auto finish = [close](double atr, std::size_t i) {
    if constexpr (kNormalize) {
      return talib::is_zero(close[i]) ? 0.0 : (atr / close[i]) * 100.0;
    } else {
      (void)close;
      (void)i;
      return atr;
    }
  };
  bool ok = true_range_edges_finite(v);
  if (n <= p) {  // no value yet; the true ranges are only looked at for finiteness
    for (std::size_t i = 0; i < n; ++i) out[i] = kNaN;
    double tr[64];
    for (std::size_t i = 1; i < n; i += 64)
      ok &= true_range_block(v.high, v.low, close, i, std::min<std::size_t>(64, n - i), tr);
    return ok;
  }
  // The seed: the true ranges of bars 1 .. p, summed in order, written out first as scratch.
  out[0] = kNaN;
  ok &= true_range_block(v.high, v.low, close, 1, p, out + 1);
  double atr = 0;
  for (std::size_t i = 1; i <= p; ++i) {
    atr += out[i];
    out[i] = kNaN;
  }
  atr /= period;
  out[p] = finish(atr, p);
  const double k = 1.0 / period;
  std::size_t i = p + 1;
  if (n - i >= 64) {
    const kernels::EmaLanes lanes(k);
    kernels::simd::v4d ev = kernels::simd::splat(atr);
    alignas(64) double tr[64];
    for (; i + 64 <= n; i += 64) {
      ok &= true_range_block(v.high, v.low, close, i, 64, tr);
      double* __restrict dst = out + i;
      for (std::size_t b = 0; b < 64; b += 8) {
        kernels::simd::v4d lo, hi;
        lanes.step8(kernels::simd::load4(tr + b), kernels::simd::load4(tr + b + 4), ev, lo, hi);
        kernels::simd::store4(dst + b, lo);
        kernels::simd::store4(dst + b + 4, hi);
      }
      if constexpr (kNormalize) {
        for (std::size_t b = 0; b < 64; ++b) dst[b] = finish(dst[b], i + b);
      }
    }
    atr = ev[0];
  }
  const double a = 1.0 - k;
  for (; i < n; ++i) {
    double tr;
    ok &= true_range_block(v.high, v.low, close, i, 1, &tr);
    atr = a * atr + k * tr;
    out[i] = finish(atr, i);
  }
  return ok;
}

}  // namespace sp::core
