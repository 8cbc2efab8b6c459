// The batch kernel of LINEARREG and LINEARREG_SLOPE: LinearRegWindow's sums, bit for bit, computed
// four windows-blocks at a time, with the finish (slope, intercept, value) on SIMD lanes.
//
//   bool linearreg_kernel(x, n, period, finish, out)
//     out[i] = finish(sum_y, sum_xy) for every bar i >= period-1, with exactly the sums
//     LinearRegWindow::update gives: recomputed from the window, in TA-Lib's order, at every bar i
//     with (i+1) % period == 0 (where the streaming ring wraps), slid in O(1) in between.
//     `finish` takes and returns kernels::simd::v4d (four bars, the same operations per lane as
//     the scalar form: LinearRegWindow::slope_of / value_at_newest_of). out[0 .. period-2] is left
//     alone. Returns false when some x[i] is not finite (a non-finite value reaches the sums of
//     every window holding it, and every value is in some window); the caller then runs the
//     streaming class bar by bar.
//
// Why it is fast. The sums restart from scratch every `period` bars, so each block of `period`
// bars (one recompute, period-1 slides) depends on nothing before it: four consecutive blocks run
// side by side in the four lanes (lane j reads bar i + j*period), four independent chains instead
// of one, and the divisions of the finish run four at a time (a divider is not pipelined like an
// adder; those, not the chain, set the speed of the bar-by-bar form). Division is correctly
// rounded per lane, so the bits stay the streaming class's.
// REQUIRES: period >= 2; out does not overlap x.
#pragma once

#include <cstddef>

#include "core/indicators/statistic/linearreg_window.h"
#include "core/kernels/simd.h"

namespace sp::core {

template <class Finish>
bool linearreg_kernel(const double* __restrict x, std::size_t n, int period, Finish finish,
                      double* __restrict out) {
  using kernels::simd::v4d;
  using kernels::simd::v4l;
  const std::size_t p = static_cast<std::size_t>(period);
  const double np = period;
  v4l ok = {-1, -1, -1, -1};
  auto gather = [x, p](std::size_t i) { return v4d{x[i], x[i + p], x[i + 2 * p], x[i + 3 * p]}; };
  // Blocks start at bars p-1, 2p-1, ...; four whole blocks at a time.
  std::size_t start = p - 1;
  for (; start + 4 * p <= n; start += 4 * p) {
    // LinearRegWindow::exact for the four windows ending at start + j*p: oldest first, newest last.
    const std::size_t first = start + 1 - p;
    v4d sy = {0, 0, 0, 0}, sxy = {0, 0, 0, 0};
    for (std::size_t k = 0; k + 1 < p; ++k) {
      const v4d w = gather(first + k);
      sy += w;
      sxy += static_cast<double>(p - 1 - k) * w;
    }
    const v4d newest = gather(start);
    v4d sum_y = sy + newest;
    v4d sum_xy = sxy + 0.0 * newest;
    auto emit = [&](std::size_t bar) {
      ok &= kernels::simd::finite4(sum_y) & kernels::simd::finite4(sum_xy);
      const v4d v = finish(sum_y, sum_xy);
      out[bar] = v[0];
      out[bar + p] = v[1];
      out[bar + 2 * p] = v[2];
      out[bar + 3 * p] = v[3];
    };
    emit(start);
    for (std::size_t t = 1; t < p; ++t) {  // LinearRegWindow::slide
      const v4d leaving = gather(start + t - p);
      sum_xy = sum_xy + (sum_y - np * leaving);
      sum_y = sum_y + (gather(start + t) - leaving);
      emit(start + t);
    }
  }
  // The rest (fewer than four whole blocks) bar by bar, from a block start.
  double sum_y = 0, sum_xy = 0;
  std::size_t filled = p - 1;  // (bar + 1) % p for the next bar, kept by counting
  for (std::size_t bar = start; bar < n; ++bar) {
    if (++filled == p) {
      filled = 0;
      const double* w = x + bar + 1 - p;
      double sy = 0, sxy = 0;
      for (std::size_t k = 0; k + 1 < p; ++k) {
        sy += w[k];
        sxy += static_cast<double>(p - 1 - k) * w[k];
      }
      sum_y = sy + x[bar];
      sum_xy = sxy + 0.0 * x[bar];
    } else {
      const double leaving = x[bar - p];
      sum_xy = sum_xy + (sum_y - np * leaving);
      sum_y = sum_y + (x[bar] - leaving);
    }
    const v4d v = finish(v4d{sum_y, 0, 0, 0}, v4d{sum_xy, 0, 0, 0});
    out[bar] = v[0];
    ok &= kernels::simd::finite4(v4d{sum_y, sum_xy, 0, 0});
  }
  return kernels::simd::all_lanes(ok);
}

}  // namespace sp::core
