// directional_batch: the batch kernel behind ADX, ADXR, DX, PLUS_DI and MINUS_DI on all-finite
// input. It produces, block by block, Wilder's smoothed +DM, -DM and true range
// (directional_movement.h) for bars period .. n-1, divided by `period` (so as averages, not sums:
// see below), and hands each block to the indicator's sink, which turns them into its output.
//
//   bool directional_batch(view, period, sink)
//     sink(begin, count, plus, minus, tr): bars begin .. begin+count-1; plus[j], minus[j], tr[j]
//     are the smoothed sums of bar begin+j divided by period. Blocks arrive in order and cover bars
//     period .. n-1 exactly once. Returns false, having stopped early, when an input the indicators
//     read (high, low, close) is non-finite; the caller then redoes the batch through drive_batch,
//     which applies the non-finite policy bar by bar. Also false, without calling the sink, when
//     n <= period (nothing to compute; drive_batch writes the warm-up).
//
// REQUIRES: period >= 1; the caller's outputs do not overlap the inputs (a block reads bar
// begin-1).
//
// Why it is fast. TA-Lib's loop (and the streaming class) carries three chains of
// s = s - s/period + x, a division, a subtraction and an add per bar on each (about 20 cycles).
// Here the one-bar terms are computed for a block in SIMD lanes (no dependency between bars), and
// each smoothing runs as the EMA s/period = (1 - 1/period) * s/period + x/period through
// kernels::ema_run (ema_kernel.h: one multiply and one add per 8 bars on its chain). The smoothed
// values are used only in ratios (DI = DM/TR, DX from -DM and +DM), where the 1/period cancels;
// the one absolute test, TA_IS_ZERO on the smoothed TR, is made on period x the average.
// Rounding: a few ulps from TA-Lib's sums, errors forgotten geometrically by the smoothing, so the
// indicators stay within ~1e-13 of TA-Lib's (absolute, on values between 0 and 100).
// Seeding as TA-Lib: bar 0 only records the previous high, low and close; bars 1 .. period-1 are
// plainly summed; the smoothing starts at bar `period`.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>

#include "core/bar.h"
#include "core/indicator.h"
#include "core/indicators/talib_arith.h"
#include "core/kernels/ema_kernel.h"
#include "core/kernels/nonfinite_flag.h"

namespace sp::core {

namespace directional_detail {

// Bars per block: the six block arrays (48 bytes a bar) stay in L1.
constexpr std::size_t kBlock = 256;

// The one-bar +DM, -DM and true range of DirectionalMovement::advance, as selects so that a block
// of them vectorises.
inline void one_bar(double high, double low, double prev_high, double prev_low, double prev_close,
                    double* plus, double* minus, double* tr) {
  const double up = high - prev_high;
  const double down = prev_low - low;
  *plus = (up > 0 && up > down) ? up : 0.0;
  *minus = (down > 0 && up < down) ? down : 0.0;
  double range = high - low;
  const double hc = std::fabs(high - prev_close);
  range = hc > range ? hc : range;
  const double lc = std::fabs(low - prev_close);
  *tr = lc > range ? lc : range;
}

}  // namespace directional_detail

// DX for a block of directional_batch's averages: 100 |-DM - +DM| / (-DM + +DM), which is TA-Lib's
// 100 |-DI - +DI| / (-DI + +DI) with the common 100/TR cancelled (one division instead of three),
// and NaN where TA-Lib has no DX: the smoothed TR, or -DI + +DI = 100 (-DM + +DM) / TR, zero by
// TA_IS_ZERO (tested as a product, no division). The division is unconditional so the loop
// vectorises; the select drops what an undefined lane gives.
inline void directional_dx(std::size_t count, int period, const double* __restrict plus,
                           const double* __restrict minus, const double* __restrict tr,
                           double* __restrict dx) {
  const double n = period;
  for (std::size_t j = 0; j < count; ++j) {
    const double sum = minus[j] + plus[j];
    const double value = 100.0 * (std::fabs(minus[j] - plus[j]) / sum);
    const bool defined =
        !talib::is_zero_or_neg(n * tr[j]) & !(100.0 * sum < talib::kEpsilon * tr[j]);
    dx[j] = defined ? value : std::numeric_limits<double>::quiet_NaN();
  }
}

template <class Sink>
bool directional_batch(const OhlcvView& view, int period, Sink&& sink) {
  using namespace directional_detail;
  const std::size_t n = view.size;
  const std::size_t p = static_cast<std::size_t>(period);
  if (n <= p) return false;
  const double* __restrict high = view.high;
  const double* __restrict low = view.low;
  const double* __restrict close = view.close;
  std::uint64_t flags = kernels::nonfinite_flag(high[0]) | kernels::nonfinite_flag(low[0]) |
                        kernels::nonfinite_flag(close[0]);
  // Seeding: plain sums over bars 1 .. period-1, in TA-Lib's order.
  double plus_sum = 0, minus_sum = 0, tr_sum = 0;
  for (std::size_t i = 1; i < p; ++i) {
    flags |= kernels::nonfinite_flag(high[i]) | kernels::nonfinite_flag(low[i]) |
             kernels::nonfinite_flag(close[i]);
    double plus, minus, tr;
    one_bar(high[i], low[i], high[i - 1], low[i - 1], close[i - 1], &plus, &minus, &tr);
    plus_sum += plus;
    minus_sum += minus;
    tr_sum += tr;
  }
  if (kernels::any_nonfinite(flags)) return false;
  const double k = 1.0 / period;
  double plus_avg = plus_sum / period, minus_avg = minus_sum / period, tr_avg = tr_sum / period;
  alignas(64) double plus1[kBlock], minus1[kBlock], tr1[kBlock];
  alignas(64) double plus_s[kBlock], minus_s[kBlock], tr_s[kBlock];
  for (std::size_t begin = p; begin < n; begin += kBlock) {
    const std::size_t count = std::min(kBlock, n - begin);
    const double* h = high + begin;
    const double* l = low + begin;
    const double* c = close + begin;
    for (std::size_t j = 0; j < count; ++j) {
      flags |= kernels::nonfinite_flag(h[j]) | kernels::nonfinite_flag(l[j]) |
               kernels::nonfinite_flag(c[j]);
      one_bar(h[j], l[j], h[j - 1], l[j - 1], c[j - 1], &plus1[j], &minus1[j], &tr1[j]);
    }
    if (kernels::any_nonfinite(flags)) return false;
    plus_avg = kernels::ema_run(plus1, count, k, plus_avg, plus_s);
    minus_avg = kernels::ema_run(minus1, count, k, minus_avg, minus_s);
    tr_avg = kernels::ema_run(tr1, count, k, tr_avg, tr_s);
    sink(begin, count, static_cast<const double*>(plus_s), static_cast<const double*>(minus_s),
         static_cast<const double*>(tr_s));
  }
  return true;
}

// PLUS_DI and MINUS_DI in batch: DI = 100 x smoothed DM / smoothed TR from directional_batch's
// averages (the 1/period cancels), 0 where the smoothed TR is zero by TA_IS_ZERO; the first
// `period` bars NaN. Otherwise (a non-finite input, outputs overlapping inputs, or period 1,
// TA-Lib's separate unscaled path) the stream `Di` through drive_batch.
template <class Di, bool kPlus>
void directional_indicator_batch(int period, const OhlcvView& view, double* const* outs) {
  const std::size_t n = view.size;
  double* out = outs[0];
  const bool disjoint =
      !overlaps(view.high, out, n) && !overlaps(view.low, out, n) && !overlaps(view.close, out, n);
  if (period > 1 && disjoint) {
    const double n_period = period;
    const bool done =
        directional_batch(view, period,
                          [&](std::size_t begin, std::size_t count, const double* plus,
                              const double* minus, const double* tr) {
                            const double* dm = kPlus ? plus : minus;
                            double* o = out + begin;
                            for (std::size_t j = 0; j < count; ++j) {
                              const double ratio = 100.0 * (dm[j] / tr[j]);
                              o[j] = talib::is_zero(n_period * tr[j]) ? 0.0 : ratio;
                            }
                          });
    if (done) {
      for (std::size_t i = 0; i < static_cast<std::size_t>(period); ++i) out[i] = kNaN;
      return;
    }
  }
  Di ind(period);
  drive_batch(ind, kHigh | kLow | kClose, view, outs);
}

}  // namespace sp::core
