// wilder_gain_loss_batch: the batch kernel behind RSI and CMO on all-finite closes: Wilder's
// average gain and average loss (wilder_gain_loss.h) for every bar from `period` on, handed to the
// indicator's sink a block at a time.
//
//   bool wilder_gain_loss_batch(close, n, period, sink)
//     sink(begin, count, gain, loss): bars begin .. begin+count-1, gain[j] / loss[j] the averages
//     at bar begin+j. Blocks arrive in order and cover bars period .. n-1 exactly once. Returns
//     false, having stopped early, when a close is non-finite (the caller runs drive_batch), and
//     without calling the sink when n <= period.
//
// REQUIRES: period >= 2; the caller's output does not overlap `close`.
//
// Seeding exactly as WilderGainLoss: the first `period` changes summed in order, divided by
// period. From there the stream carries avg = (avg (period-1) + today) / period, a multiply, an
// add and a multiply on the chain of each average (about 9 cycles a bar). Here a block's gains and
// losses are formed in SIMD lanes (no dependency between bars) and each average runs as the EMA
// avg = (1 - 1/period) avg + today/period through kernels::ema_run (ema_kernel.h: one multiply
// and one add per 8 bars on the chain). Rounding: within a few ulps of the stream's averages, so
// RSI and CMO (bounded by 100) within ~1e-13 of the stream's and of TA-Lib's.
// STOCHRSI does not use this: it needs TA-Lib's exact bits (wilder_gain_loss.h, kExact).
// In WebAssembly the gains, losses and both averages are one pass (wasm_gain_loss_block below).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "core/indicator.h"
#include "core/indicators/momentum/flat_batch.h"
#include "core/indicators/talib_arith.h"
#include "core/kernels/ema_kernel.h"
#include "core/kernels/nonfinite_flag.h"
#include "core/kernels/simd.h"

namespace sp::core {

#if defined(__wasm_simd128__)
// WebAssembly: both averages in one f64x2, (gain, loss), 4 bars a step, with no gains/losses
// arrays in between. The two averages share one coefficient, so side by side in the two lanes
// they are one EMA over a 2-lane value: a change c gives (c, -c) from one load of (x[j-1], x[j])
// and its swap, its (gain, loss) is a lane-wise select, and the block step is ema_kernel.h's:
//   y_0 = k g_0, y_m = a y_{m-1} + k g_m (off the chain),  avg_{j+m} = a^(m+1) avg_{j-1} + y_m,
// so the loop-carried chain is one multiply and one add per 4 bars. On the v4d path (natively)
// this would waste half of each vector; in simd128 it replaces the gains/losses pass and two
// ema_run calls with about a quarter fewer operations. -c is x[j-1] - x[j], exactly the stream's
// -change (IEEE subtraction is antisymmetric). Rounding as ema_run's: within a few ulps.
// Processes whole groups of 4 bars from j = 0, ORs the non-finite flags of x[0 .. j) into `flags`,
// advances gain and loss, and returns j (the caller finishes the block bar by bar).
inline std::size_t wasm_gain_loss_block(const double* x, std::size_t count, double k,
                                        std::uint64_t& flags, double& gain, double& loss,
                                        double* gain_avg, double* loss_avg) {
  using kernels::simd::load2;
  using kernels::simd::splat2;
  using kernels::simd::store2;
  using kernels::simd::v2d;
  typedef std::uint64_t v2u __attribute__((vector_size(16), aligned(8)));
  const double a = 1.0 - k, a2 = a * a;
  const v2d kv = splat2(k), a1v = splat2(a), a2v = splat2(a2), a3v = splat2(a2 * a),
            a4v = splat2(a2 * a2), zero = {0, 0};
  const v2u exponent = {0x7ff0000000000000ull, 0x7ff0000000000000ull};
  const v2u unit = {0x0010000000000000ull, 0x0010000000000000ull};
  auto flags_of = [&](v2d v) { return (reinterpret_cast<v2u>(v) & exponent) + unit; };
  // (k gain, k loss) of the bar whose close is lane 1 of `pair` (lane 0 the close before).
  auto scaled_gain_loss = [&](v2d pair) {
    const v2d change = __builtin_shufflevector(pair, pair, 1, 0) - pair;  // (c, -c)
    return kv * (change > zero ? change : zero);
  };
  v2u vflags = {0, 0};
  v2d ev = {gain, loss};
  std::size_t j = 0;
  for (; j + 4 <= count; j += 4) {
    const double* p = x + j;
    const v2d x01 = load2(p), x23 = load2(p + 2);
    vflags |= flags_of(x01) | flags_of(x23);
    const v2d g0 = scaled_gain_loss(load2(p - 1)), g1 = scaled_gain_loss(x01);
    const v2d g2 = scaled_gain_loss(load2(p + 1)), g3 = scaled_gain_loss(x23);
    const v2d y1 = a1v * g0 + g1;
    const v2d y2 = a1v * y1 + g2;
    const v2d y3 = a1v * y2 + g3;
    const v2d o0 = a1v * ev + g0, o1 = a2v * ev + y1, o2 = a3v * ev + y2;
    ev = a4v * ev + y3;
    store2(gain_avg + j, __builtin_shufflevector(o0, o1, 0, 2));
    store2(loss_avg + j, __builtin_shufflevector(o0, o1, 1, 3));
    store2(gain_avg + j + 2, __builtin_shufflevector(o2, ev, 0, 2));
    store2(loss_avg + j + 2, __builtin_shufflevector(o2, ev, 1, 3));
  }
  flags |= vflags[0] | vflags[1];
  gain = ev[0];
  loss = ev[1];
  return j;
}
#endif

template <class Sink>
bool wilder_gain_loss_batch(const double* close, std::size_t n, int period, Sink&& sink) {
  constexpr std::size_t kBlock = 512;
  const std::size_t p = static_cast<std::size_t>(period);
  if (n <= p) return false;
  // WilderGainLoss::next's gain and loss of a change, as selects.
  auto gain_of = [](double change) { return change > 0.0 ? change : 0.0; };
  auto loss_of = [](double change) { return -change > 0.0 ? -change : 0.0; };
  std::uint64_t flags = kernels::nonfinite_flag(close[0]);
  double gain = 0, loss = 0;
  for (std::size_t i = 1; i <= p; ++i) {
    flags |= kernels::nonfinite_flag(close[i]);
    const double change = close[i] - close[i - 1];
    gain += gain_of(change);
    loss += loss_of(change);
  }
  if (kernels::any_nonfinite(flags)) return false;
  gain /= period;
  loss /= period;
  sink(p, std::size_t{1}, static_cast<const double*>(&gain), static_cast<const double*>(&loss));
  const double k = 1.0 / period;
  alignas(64) double gains[kBlock], losses[kBlock], gain_avg[kBlock], loss_avg[kBlock];
  for (std::size_t begin = p + 1; begin < n; begin += kBlock) {
    const std::size_t count = std::min(kBlock, n - begin);
    const double* x = close + begin;
#if defined(__wasm_simd128__)
    (void)gains;
    (void)losses;
    std::size_t j = wasm_gain_loss_block(x, count, k, flags, gain, loss, gain_avg, loss_avg);
    for (; j < count; ++j) {
      flags |= kernels::nonfinite_flag(x[j]);
      const double change = x[j] - x[j - 1];
      gain_avg[j] = gain = (1.0 - k) * gain + k * gain_of(change);
      loss_avg[j] = loss = (1.0 - k) * loss + k * loss_of(change);
    }
    if (kernels::any_nonfinite(flags)) return false;
#else
    for (std::size_t j = 0; j < count; ++j) {
      flags |= kernels::nonfinite_flag(x[j]);
      const double change = x[j] - x[j - 1];
      gains[j] = gain_of(change);
      losses[j] = loss_of(change);
    }
    if (kernels::any_nonfinite(flags)) return false;
    gain = kernels::ema_run(gains, count, k, gain, gain_avg);
    loss = kernels::ema_run(losses, count, k, loss, loss_avg);
#endif
    sink(begin, count, static_cast<const double*>(gain_avg), static_cast<const double*>(loss_avg));
  }
  return true;
}

// RSI and CMO in batch: value(avg_gain, avg_loss, sum) over wilder_gain_loss_batch's averages, 0
// where the sum is zero by TA_IS_ZERO (as the streams write it; the division is taken
// unconditionally so that a block vectorises), the first `period` bars NaN. Otherwise (a non-finite
// close, or the output overlapping it) the stream `Osc` through drive_batch_flat.
template <class Osc, class Value>
void gain_loss_oscillator_batch(int period, const OhlcvView& view, double* const* outs,
                                Value value) {
  double* out = outs[0];
  if (!overlaps(view.close, out, view.size)) {
    const bool done = wilder_gain_loss_batch(
        view.close, view.size, period,
        [&](std::size_t begin, std::size_t count, const double* gain, const double* loss) {
          double* r = out + begin;
          for (std::size_t j = 0; j < count; ++j) {
            const double sum = gain[j] + loss[j];
            const double v = value(gain[j], loss[j], sum);
            r[j] = talib::is_zero(sum) ? 0.0 : v;
          }
        });
    if (done) {
      for (std::size_t i = 0; i < static_cast<std::size_t>(period); ++i) out[i] = kNaN;
      return;
    }
  }
  Osc indicator(period);
  drive_batch_flat(indicator, kClose, view, outs);
}

}  // namespace sp::core
