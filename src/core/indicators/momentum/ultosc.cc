#include "core/indicators/momentum/ultosc.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "core/indicators/factories.h"
#include "core/indicators/momentum/flat_batch.h"
#include "core/indicators/talib_arith.h"
#include "core/kernels/lanes.h"
#include "core/kernels/nonfinite_flag.h"

namespace sp::core::factory {

namespace {

UltOsc from_options(std::span<const double> o) {
  return UltOsc(static_cast<int>(o[0]), static_cast<int>(o[1]), static_cast<int>(o[2]));
}

// Bars per block: the block's terms and window sums (8 arrays) stay in L1/L2.
constexpr std::size_t kBlock = 512;

// UltOsc::terms (TA-Lib's CALC_TERMS) for four bars: buying pressure and true range from the
// bars' high, low, close and the previous close, as selects, in SIMD lanes.
inline void terms4(const double* high, const double* low, const double* close,
                   kernels::f64x4* pressure, kernels::f64x4* range) {
  using kernels::f64x4;
  const f64x4 h = kernels::load4(high), l = kernels::load4(low), c = kernels::load4(close);
  const f64x4 prev = kernels::load4(close - 1);
  const f64x4 true_low = kernels::select4(l < prev, l, prev);
  f64x4 r = h - l;
  const f64x4 to_high = kernels::abs4(prev - h);
  r = kernels::select4(to_high > r, to_high, r);
  const f64x4 to_low = kernels::abs4(prev - l);
  *range = kernels::select4(to_low > r, to_low, r);
  *pressure = c - true_low;
}

// The batch kernel on all-finite input. Per block of bars:
//  1. four bars at a time: their buying pressure and true range in SIMD lanes (terms4; the
//     finiteness check folded in), stored, then the six window sums stepped over the four days,
//     primed and slid exactly as UltOsc slides them (add today's terms, record the sums, drop the
//     oldest): the same additions in the same order as the stream, so the same bits. Working out
//     the next bars' terms while the sums' add chains run keeps the input loads overlapped;
//  2. the values of the block from the recorded sums, 100 (4 a1/b1 + 2 a2/b2 + a3/b3) / 7 with
//     TA_IS_ZERO terms left out (added as an exact 0.0), vectorised, divisions included.
// TA-Lib does it all in one serial loop, three scalar divisions a bar on top of the chains.
// `periods` sorted, shortest first. Returns false, leaving garbage, on a non-finite input, or
// when there are fewer than 5 bars.
bool ultosc_batch(const OhlcvView& view, const int* periods, double* out) {
  const std::size_t n = view.size;
  if (n < 5) return false;
  const std::size_t longest = static_cast<std::size_t>(periods[2]);
  // Terms of the `longest` days before a block are needed to drop the oldest ones.
  const std::size_t carry = longest;
  std::vector<double> scratch(2 * (carry + kBlock) + 6 * kBlock);
  double* pressure = scratch.data();  // day d at pressure[d - base]
  double* range = pressure + carry + kBlock;
  double* sums = range + carry + kBlock;  // a1, a2, a3, b1, b2, b3 of the block's days
  const double* high = view.high;
  const double* low = view.low;
  const double* close = view.close;
  std::uint64_t flags = kernels::nonfinite_flag(high[0]) | kernels::nonfinite_flag(low[0]) |
                        kernels::nonfinite_flag(close[0]);
  kernels::u64x4 flags4 = {};
  std::size_t start[3];  // first day each window sums while priming
  for (int k = 0; k < 3; ++k) start[k] = longest - static_cast<std::size_t>(periods[k]) + 1;
  const std::size_t lag0 = static_cast<std::size_t>(periods[0] - 1);
  const std::size_t lag1 = static_cast<std::size_t>(periods[1] - 1);
  const std::size_t lag2 = static_cast<std::size_t>(periods[2] - 1);
  // The six chains as named locals, so that they live in registers.
  double a0 = 0, a1 = 0, a2 = 0, b0 = 0, b1 = 0, b2 = 0;
  out[0] = kNaN;
  std::size_t base = 1;  // day of pressure[0] / range[0]
  std::size_t filled = 0;
  for (std::size_t begin = 1; begin < n;) {
    if (filled > carry) {
      std::memmove(pressure, pressure + filled - carry, carry * sizeof(double));
      std::memmove(range, range + filled - carry, carry * sizeof(double));
      base += filled - carry;
      filled = carry;
    }
    const std::size_t end = std::min(n, begin + kBlock);
    // Day d's terms at pressure[d - base] / range[d - base]; its sums at sums[k * kBlock + d -
    // begin].
    auto step = [&](std::size_t d) {
      const double pt = pressure[d - base], rt = range[d - base];
      if (d < longest) [[unlikely]] {  // priming: no value yet
        if (d >= start[0]) a0 += pt, b0 += rt;
        if (d >= start[1]) a1 += pt, b1 += rt;
        if (d >= start[2]) a2 += pt, b2 += rt;
        return;
      }
      a0 += pt;
      a1 += pt;
      a2 += pt;
      b0 += rt;
      b1 += rt;
      b2 += rt;
      sums[d - begin] = a0;
      sums[kBlock + d - begin] = a1;
      sums[2 * kBlock + d - begin] = a2;
      sums[3 * kBlock + d - begin] = b0;
      sums[4 * kBlock + d - begin] = b1;
      sums[5 * kBlock + d - begin] = b2;
      a0 -= pressure[d - lag0 - base];
      a1 -= pressure[d - lag1 - base];
      a2 -= pressure[d - lag2 - base];
      b0 -= range[d - lag0 - base];
      b1 -= range[d - lag1 - base];
      b2 -= range[d - lag2 - base];
    };
    std::size_t d = begin;
    for (; d + 4 <= end; d += 4) {
      kernels::f64x4 p4, r4;
      terms4(high + d, low + d, close + d, &p4, &r4);
      flags4 |= kernels::nonfinite_flags4(kernels::load4(high + d)) |
                kernels::nonfinite_flags4(kernels::load4(low + d)) |
                kernels::nonfinite_flags4(kernels::load4(close + d));
      kernels::store4(pressure + (d - base), p4);
      kernels::store4(range + (d - base), r4);
      for (std::size_t j = 0; j < 4; ++j) step(d + j);
    }
    for (; d < end; ++d) {  // the last 1-3 days: the group of four ending here, new lanes only
      kernels::f64x4 p4, r4;
      terms4(high + end - 4, low + end - 4, close + end - 4, &p4, &r4);
      flags4 |= kernels::nonfinite_flags4(kernels::load4(high + end - 4)) |
                kernels::nonfinite_flags4(kernels::load4(low + end - 4)) |
                kernels::nonfinite_flags4(kernels::load4(close + end - 4));
      pressure[d - base] = p4[d - (end - 4)];
      range[d - base] = r4[d - (end - 4)];
      step(d);
    }
    filled = end - base;
    if (kernels::any_nonfinite(flags | kernels::fold_flags4(flags4))) return false;
    const std::size_t first = std::max(begin, longest);  // first day of the block with a value
    for (std::size_t day = begin; day < first && day < end; ++day) out[day] = kNaN;
    const double* s1 = sums;
    const double* s2 = s1 + kBlock;
    const double* s3 = s1 + 2 * kBlock;
    const double* r1 = s1 + 3 * kBlock;
    const double* r2 = s1 + 4 * kBlock;
    const double* r3 = s1 + 5 * kBlock;
    double* o = out + begin;
    for (std::size_t j = first - begin; j < end - begin; ++j) {  // pass 2
      const double t1 = 4.0 * (s1[j] / r1[j]);
      const double t2 = 2.0 * (s2[j] / r2[j]);
      const double t3 = s3[j] / r3[j];
      double sum = 0.0;
      sum += talib::is_zero(r1[j]) ? 0.0 : t1;
      sum += talib::is_zero(r2[j]) ? 0.0 : t2;
      sum += talib::is_zero(r3[j]) ? 0.0 : t3;
      o[j] = 100.0 * (sum * (1.0 / 7.0));
    }
    begin = end;
  }
  return true;
}

}  // namespace

std::unique_ptr<IndicatorStream> make_ultosc(std::span<const double> o) {
  return make_stream(kHigh | kLow | kClose, from_options(o));
}

// All-finite input, outputs apart from inputs: ultosc_batch. Otherwise drive_batch.
void batch_ultosc(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  const std::size_t n = view.size;
  double* out = outs[0];
  int periods[3] = {static_cast<int>(o[0]), static_cast<int>(o[1]), static_cast<int>(o[2])};
  std::sort(periods, periods + 3);
  const bool disjoint =
      !overlaps(view.high, out, n) && !overlaps(view.low, out, n) && !overlaps(view.close, out, n);
  if (disjoint && n > 0 && ultosc_batch(view, periods, out)) return;
  UltOsc indicator = from_options(o);
  drive_batch_flat(indicator, kHigh | kLow | kClose, view, outs);
}

}  // namespace sp::core::factory
