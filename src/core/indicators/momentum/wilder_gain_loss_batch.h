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
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "core/indicator.h"
#include "core/indicators/momentum/flat_batch.h"
#include "core/indicators/talib_arith.h"
#include "core/kernels/ema_kernel.h"
#include "core/kernels/nonfinite_flag.h"

namespace sp::core {

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
    for (std::size_t j = 0; j < count; ++j) {
      flags |= kernels::nonfinite_flag(x[j]);
      const double change = x[j] - x[j - 1];
      gains[j] = gain_of(change);
      losses[j] = loss_of(change);
    }
    if (kernels::any_nonfinite(flags)) return false;
    gain = kernels::ema_run(gains, count, k, gain, gain_avg);
    loss = kernels::ema_run(losses, count, k, loss, loss_avg);
    sink(begin, count, static_cast<const double*>(gain_avg), static_cast<const double*>(loss_avg));
  }
  return true;
}

// RSI and CMO in batch: value(avg_gain, avg_loss, sum) over wilder_gain_loss_batch's averages, 0
// where the sum is zero by TA_IS_ZERO (as the streams write it; the division is taken
// unconditionally so that a block vectorises), the first `period` bars NaN. Otherwise (a non-finite
// close, or the output overlapping it) the stream `Osc` through drive_batch_flat.
template <class Osc, class Value>
void gain_loss_oscillator_batch(int period, const OhlcvView& view, double* const* outs, Value value) {
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
