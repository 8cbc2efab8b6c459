// price_oscillator_ema_batch<kPercent>: the batch kernel of APO (kPercent false) and PPO with
// exponential averages (matype 1), the common case, on all-finite input.
//
//   bool price_oscillator_ema_batch<kPercent>(close, n, fast_period, slow_period, out)
//     The values of PriceOscillator<kPercent, Ema> (price_oscillator.h) over the n closes:
//     NaN for the first slow_period - 1, then fast EMA - slow EMA (APO), or
//     (fast - slow) / slow x 100 and 0 where the slow EMA is zero by TA_IS_ZERO (PPO).
//     Returns false, leaving garbage, when a close is non-finite (the caller runs drive_batch).
//
// REQUIRES: 2 <= fast_period <= slow_period (with_averages sorts them); `out` does not overlap
// `close`.
//
// The warm-up bars go through the streaming Ema objects themselves (seeded as TA-Lib seeds: the
// mean of the first `period` closes). From the first output on, both EMAs run a block at a time
// through kernels::ema_run (ema_kernel.h: one multiply and one add per 8 bars on the chain where
// the stream has three operations a bar), and the block's values are combined in SIMD lanes.
// Rounding: each EMA within a few ulps of the stream's (ema_kernel.h), so APO within ~1e-13 of it
// on prices in the hundreds, far inside the 1e-12 x max(1, |value|) stream-vs-batch bound.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "core/indicator.h"
#include "core/indicators/overlap/ema.h"
#include "core/indicators/talib_arith.h"
#include "core/kernels/ema_kernel.h"

namespace sp::core {

template <bool kPercent>
bool price_oscillator_ema_batch(const double* close, std::size_t n, int fast_period,
                                int slow_period, double* out) {
  constexpr std::size_t kBlock = 512;
  Ema fast(fast_period), slow(slow_period);
  const std::size_t first = static_cast<std::size_t>(slow_period - 1);  // first output bar
  bool finite = true;
  std::size_t i = 0;
  for (; i < n && i <= first; ++i) {  // warm-up through the stream's own arithmetic
    finite &= std::isfinite(close[i]);
    fast.update(close[i]);
    slow.update(close[i]);
    out[i] = kNaN;
  }
  if (!finite) return false;
  if (n <= first) return true;
  const double kf = 2.0 / (fast_period + 1), ks = 2.0 / (slow_period + 1);
  double ef = fast.value(), es = slow.value();
  auto combine = [](double f, double s) {
    if constexpr (kPercent) {
      const double ppo = ((f - s) / s) * 100.0;
      return talib::is_zero(s) ? 0.0 : ppo;
    } else {
      return f - s;
    }
  };
  out[first] = combine(ef, es);
  alignas(64) double f[kBlock], s[kBlock];
  for (std::size_t begin = first + 1; begin < n; begin += kBlock) {
    const std::size_t count = std::min(kBlock, n - begin);
    ef = kernels::ema_run(close + begin, count, kf, ef, f);
    es = kernels::ema_run(close + begin, count, ks, es, s);
    double* o = out + begin;
    for (std::size_t j = 0; j < count; ++j) o[j] = combine(f[j], s[j]);
  }
  // A non-finite close reaches every later EMA value (ema_kernel.h), so the last ones tell.
  return std::isfinite(ef) && std::isfinite(es);
}

}  // namespace sp::core
