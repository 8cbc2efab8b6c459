// aroon_scan: the batch kernel behind AROON and AROONOSC on all-finite input and short periods.
//
//   bool aroon_scan(view, period, emit)
//     emit(i, high_pos, low_pos) for groups of four bars i .. i+3 (lane j is bar i+j) covering bars
//     period .. n-1: high_pos / low_pos are where, in the window of bars (bar - period .. bar), the
//     highest high / lowest low is, as an offset from the window's first bar (0 .. period), ties
//     going to the most recent bar (TA-Lib's >= and <=). So Aroon Up = 100/period x high_pos,
//     Down = 100/period x low_pos, and the oscillator 100/period x (high_pos - low_pos), exactly
//     TA-Lib's integer arithmetic (the offsets are small whole numbers, exact as doubles). The last
//     group may overlap the one before (bars emitted twice, with the same values).
//     Returns false, having emitted nothing or part, when period > kAroonScanMaxPeriod, when there
//     are fewer than period + 4 bars, or when high or low is non-finite anywhere: the caller then
//     runs drive_batch (RecentExtreme, amortised O(1) a bar, and the non-finite policy).
//
// Why: the streaming form keeps a sliding extreme (extreme_window.h), a few dependent selects and
// stores a bar, and TA-Lib and Tulip rescan when the extreme leaves the window: 9-12 ns a bar. For
// a short window a plain scan, done for four bars at once in SIMD lanes (each lane reads its own
// window from the input arrays, shifted by one bar), is period+1 compares and selects per four bars
// with no branch and no memory state: about 3x faster at the default 14. The cost grows with the
// period, hence the cut-off.
// REQUIRES: period >= 1.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/bar.h"
#include "core/kernels/nonfinite_flag.h"
#include "core/kernels/simd.h"

namespace sp::core {

// Longest period scanned; above it the O(period) scan loses to the sliding extreme.
inline constexpr int kAroonScanMaxPeriod = 32;

template <class Emit>
bool aroon_scan(const OhlcvView& view, int period, Emit&& emit) {
  using kernels::f64x4;
  const std::size_t n = view.size;
  const std::size_t p = static_cast<std::size_t>(period);
  if (period > kAroonScanMaxPeriod || n < p + 4) return false;
  const double* high = view.high;
  const double* low = view.low;
  std::uint64_t flags = 0;
  for (std::size_t i = 0; i < p; ++i) {
    flags |= kernels::nonfinite_flag(high[i]) | kernels::nonfinite_flag(low[i]);
  }
  kernels::u64x4 flags4 = {};
  auto group = [&](std::size_t i) {
    const double* h = high + i - p;  // lane j's window starts at bar i + j - p
    const double* l = low + i - p;
    f64x4 best_high = kernels::load4(h), best_low = kernels::load4(l);
    f64x4 high_pos = {}, low_pos = {};
    for (std::size_t s = 1; s <= p; ++s) {
      const f64x4 hv = kernels::load4(h + s);
      const f64x4 lv = kernels::load4(l + s);
      const f64x4 pos = kernels::splat4(static_cast<double>(s));
      const auto take_high = hv >= best_high;
      const auto take_low = lv <= best_low;
      best_high = kernels::select4(take_high, hv, best_high);
      high_pos = kernels::select4(take_high, pos, high_pos);
      best_low = kernels::select4(take_low, lv, best_low);
      low_pos = kernels::select4(take_low, pos, low_pos);
    }
    flags4 |= kernels::nonfinite_flags4(kernels::load4(high + i)) |
              kernels::nonfinite_flags4(kernels::load4(low + i));
    emit(i, high_pos, low_pos);
  };
  std::size_t i = p;
  for (; i + 4 <= n; i += 4) group(i);
  if (i < n) group(n - 4);
  return !kernels::any_nonfinite(flags | kernels::fold_flags4(flags4));
}

}  // namespace sp::core
