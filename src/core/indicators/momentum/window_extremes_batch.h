// window_extremes_batch: the highest high and lowest low of the last `period` bars (today
// included) for a block of bars, four bars at a time in SIMD lanes, and a value made of them and
// the close: the vectorised core of the WILLR, STOCH and STOCHF batch kernels on all-finite input.
//
//   std::uint64_t window_extremes_batch(view, begin, count, period, out, value)
//     out[j] = value(highest, lowest, close) of bar begin+j, for j < count, where value is called
//     with four bars' f64x4 lanes. Returns the accumulated nonfinite_flag of the bars' high, low
//     and close (the caller checks the bars before the first window itself).
//
// REQUIRES: 1 <= period <= kWindowScanMaxPeriod; begin >= period - 1; count >= 4 or enough bars
// before `begin` (the last group of four is the four bars ending at begin+count-1, and may
// overlap the one before: those bars are computed twice, the same way).
//
// Why: the streaming classes keep monotonic deques (sliding_extreme.h), amortised O(1) but a few
// dependent loads, stores and branches a bar. For a short window a plain scan, each lane reading
// its own window straight from the input arrays, is period - 1 maxima and minima per four bars,
// with no branch and no state. The extremes are exact whatever the order (max and min do not
// round), and `value` is the stream's formula in lanes, so the results are the stream's bit for
// bit.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/bar.h"
#include "core/kernels/simd.h"

namespace sp::core {

// Longest window scanned; above it the O(period) scan loses to the sliding extremes.
inline constexpr int kWindowScanMaxPeriod = 32;

template <class Value>
std::uint64_t window_extremes_batch(const OhlcvView& view, std::size_t begin, std::size_t count,
                                    std::size_t period, double* out, Value&& value) {
  using kernels::f64x4;
  kernels::u64x4 flags = {};
  auto group = [&](std::size_t i) {  // bars i .. i+3
    const double* h = view.high + i + 1 - period;
    const double* l = view.low + i + 1 - period;
    f64x4 highest = kernels::load4(h), lowest = kernels::load4(l);
    for (std::size_t s = 1; s < period; ++s) {
      const f64x4 hv = kernels::load4(h + s), lv = kernels::load4(l + s);
      highest = kernels::select4(hv > highest, hv, highest);
      lowest = kernels::select4(lv < lowest, lv, lowest);
    }
    const f64x4 close = kernels::load4(view.close + i);
    flags |= kernels::nonfinite_flags4(kernels::load4(view.high + i)) |
             kernels::nonfinite_flags4(kernels::load4(view.low + i)) |
             kernels::nonfinite_flags4(close);
    kernels::store4(out + (i - begin), value(highest, lowest, close));
  };
  std::size_t j = 0;
  for (; j + 4 <= count; j += 4) group(begin + j);
  if (j < count) group(begin + count - 4);
  return kernels::fold_flags4(flags);
}

}  // namespace sp::core
