#include "core/indicators/momentum/ultosc.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "core/indicators/factories.h"
#include "core/indicators/momentum/flat_batch.h"
#include "core/indicators/talib_arith.h"
#include "core/kernels/nonfinite_flag.h"
#include "core/kernels/simd.h"

namespace sp::core::factory {

namespace {

UltOsc from_options(std::span<const double> o) {
  return UltOsc(static_cast<int>(o[0]), static_cast<int>(o[1]), static_cast<int>(o[2]));
}

// Bars per block: the block's terms and window sums stay in L1/L2.
constexpr std::size_t kBlock = 512;
// Doubles from one window's recorded sums to the next's: 2 * kBlock and a little more, so that they
// are not a multiple of 4 KB apart. Otherwise each day's three stores, and the loads after them,
// alias in the low 12 address bits (4K aliasing): measured, the kernel ran twice as slow.
constexpr std::size_t kPairStride = 2 * kBlock + 24;

// A window's two sums side by side, {pressure, range}: one SIMD add moves both, lane by lane the
// scalar add of UltOsc (so the same bits), and the pair is loaded and stored as one.
typedef double f64x2 __attribute__((vector_size(16), aligned(8)));
inline f64x2 load2(const double* p) {
  f64x2 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store2(double* p, f64x2 v) {
  std::memcpy(p, &v, sizeof v);
}

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
//     finiteness check folded in), stored as {pressure, range} pairs, then the three windows'
//     pairs of sums stepped over the four days, primed and slid exactly as UltOsc slides them
//     (add today's terms, record the sums, drop the oldest): the same additions in the same order
//     as the stream, so the same bits, two chains to a SIMD add. Working out the next bars' terms
//     while the sums' add chains run keeps the input loads overlapped;
//  2. the values of the block from the recorded sums, 100 (4 a1/b1 + 2 a2/b2 + a3/b3) / 7 with
//     TA_IS_ZERO terms left out (added as an exact 0.0), four days at a time in SIMD lanes,
//     divisions included.
// TA-Lib does it all in one serial loop, six scalar chains and three scalar divisions a bar.
// `periods` sorted, shortest first. Returns false, leaving garbage, on a non-finite input, or
// when there are fewer than 5 bars.
bool ultosc_batch(const OhlcvView& view, const int* periods, double* out) {
  using kernels::f64x4;
  const std::size_t n = view.size;
  if (n < 5) return false;
  const std::size_t longest = static_cast<std::size_t>(periods[2]);
  // Terms of the `longest` days before a block are needed to drop the oldest ones.
  const std::size_t carry = longest;
  std::vector<double> scratch(2 * (carry + kBlock) + 3 * kPairStride);
  double* terms = scratch.data();  // day d's {pressure, range} at terms[2 * (d - base)]
  double* sums = terms + 2 * (carry + kBlock);  // window k's pair of day d at
                                                // sums[k * kPairStride + 2 * (d - begin)]
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
  // The three pairs of chains as named locals, so that they live in registers.
  f64x2 w0 = {0, 0}, w1 = {0, 0}, w2 = {0, 0};
  double* s0 = sums;
  double* s1 = sums + kPairStride;
  double* s2 = sums + 2 * kPairStride;
  out[0] = kNaN;
  std::size_t base = 1;  // day of terms[0]
  std::size_t filled = 0;
  for (std::size_t begin = 1; begin < n;) {
    if (filled > carry) {
      std::memmove(terms, terms + 2 * (filled - carry), 2 * carry * sizeof(double));
      base += filled - carry;
      filled = carry;
    }
    const std::size_t end = std::min(n, begin + kBlock);
    auto steady = [&](std::size_t d) {
      const f64x2 t = load2(terms + 2 * (d - base));
      w0 += t;
      w1 += t;
      w2 += t;
      const std::size_t at = 2 * (d - begin);
      store2(s0 + at, w0);
      store2(s1 + at, w1);
      store2(s2 + at, w2);
      w0 -= load2(terms + 2 * (d - lag0 - base));
      w1 -= load2(terms + 2 * (d - lag1 - base));
      w2 -= load2(terms + 2 * (d - lag2 - base));
    };
    auto step = [&](std::size_t d) {
      if (d < longest) [[unlikely]] {  // priming: no value yet
        const f64x2 t = load2(terms + 2 * (d - base));
        if (d >= start[0]) w0 += t;
        if (d >= start[1]) w1 += t;
        if (d >= start[2]) w2 += t;
        return;
      }
      steady(d);
    };
    const std::size_t first = std::max(begin, longest);  // first day of the block with a value
    std::size_t d = begin;
    for (; d + 4 <= end; d += 4) {
      f64x4 p4, r4;
      terms4(high + d, low + d, close + d, &p4, &r4);
      flags4 |= kernels::nonfinite_flags4(kernels::load4(high + d)) |
                kernels::nonfinite_flags4(kernels::load4(low + d)) |
                kernels::nonfinite_flags4(kernels::load4(close + d));
      kernels::store4(terms + 2 * (d - base), __builtin_shufflevector(p4, r4, 0, 4, 1, 5));
      kernels::store4(terms + 2 * (d - base) + 4, __builtin_shufflevector(p4, r4, 2, 6, 3, 7));
      if (d >= longest) [[likely]] {
        for (std::size_t j = 0; j < 4; ++j) steady(d + j);
      } else {
        for (std::size_t j = 0; j < 4; ++j) step(d + j);
      }
    }
    for (; d < end; ++d) {  // the last 1-3 days: the group of four ending here, new lanes only
      f64x4 p4, r4;
      terms4(high + end - 4, low + end - 4, close + end - 4, &p4, &r4);
      flags4 |= kernels::nonfinite_flags4(kernels::load4(high + end - 4)) |
                kernels::nonfinite_flags4(kernels::load4(low + end - 4)) |
                kernels::nonfinite_flags4(kernels::load4(close + end - 4));
      terms[2 * (d - base)] = p4[d - (end - 4)];
      terms[2 * (d - base) + 1] = r4[d - (end - 4)];
      step(d);
    }
    filled = end - base;
    if (kernels::any_nonfinite(flags | kernels::fold_flags4(flags4))) return false;
    for (std::size_t day = begin; day < first && day < end; ++day) out[day] = kNaN;
    double* o = out + begin;
    std::size_t j = first - begin;
    const f64x4 zero = kernels::splat4(0.0), eps = kernels::splat4(talib::kEpsilon),
                neg_eps = kernels::splat4(-talib::kEpsilon), four = kernels::splat4(4.0),
                two = kernels::splat4(2.0), hundred = kernels::splat4(100.0),
                seventh = kernels::splat4(1.0 / 7.0);
    for (; j + 4 <= end - begin; j += 4) {                     // pass 2, four days a step
      auto split = [&](const double* w, f64x4& a, f64x4& b) {  // {a, b} pairs to a's and b's
        const f64x4 x = kernels::load4(w + 2 * j), y = kernels::load4(w + 2 * j + 4);
        a = __builtin_shufflevector(x, y, 0, 2, 4, 6);
        b = __builtin_shufflevector(x, y, 1, 3, 5, 7);
      };
      f64x4 a1, b1, a2, b2, a3, b3;
      split(s0, a1, b1);
      split(s1, a2, b2);
      split(s2, a3, b3);
      const f64x4 t1 = four * (a1 / b1);
      const f64x4 t2 = two * (a2 / b2);
      const f64x4 t3 = a3 / b3;
      f64x4 sum = zero;  // 0.0 + x, as the scalar form: -0.0 becomes +0.0 there too
      sum += kernels::select4((neg_eps < b1) & (b1 < eps), zero, t1);
      sum += kernels::select4((neg_eps < b2) & (b2 < eps), zero, t2);
      sum += kernels::select4((neg_eps < b3) & (b3 < eps), zero, t3);
      kernels::store4(o + j, hundred * (sum * seventh));
    }
    for (; j < end - begin; ++j) {  // the last 1-3 days
      const double t1 = 4.0 * (s0[2 * j] / s0[2 * j + 1]);
      const double t2 = 2.0 * (s1[2 * j] / s1[2 * j + 1]);
      const double t3 = s2[2 * j] / s2[2 * j + 1];
      double sum = 0.0;
      sum += talib::is_zero(s0[2 * j + 1]) ? 0.0 : t1;
      sum += talib::is_zero(s1[2 * j + 1]) ? 0.0 : t2;
      sum += talib::is_zero(s2[2 * j + 1]) ? 0.0 : t3;
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
