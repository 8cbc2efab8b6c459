#include "core/indicators/momentum/mfi.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "core/indicators/factories.h"
#include "core/indicators/momentum/flat_batch.h"
#include "core/kernels/nonfinite_flag.h"
#include "core/kernels/simd.h"

namespace sp::core::factory {

namespace {

using kernels::f64x4;

Mfi from_options(std::span<const double> o) {
  return Mfi(static_cast<int>(o[0]));
}

// Bars per block: the block's flows and sums stay in L1/L2.
constexpr std::size_t kBlock = 512;

// Mfi's typical price of four bars, (high + low + close) / 3.0, in SIMD lanes.
inline f64x4 typical4(const OhlcvView& v, std::size_t i) {
  return (kernels::load4(v.high + i) + kernels::load4(v.low + i) + kernels::load4(v.close + i)) /
         3.0;
}

// The batch kernel on all-finite input. Per block of bars:
//  1. four bars at a time: typical prices (the previous bar's recomputed, not carried), money
//     flow tp x volume and its positive / negative side, in SIMD lanes (Mfi::flow's selects), the
//     finiteness check folded in; stored, then the two window sums stepped over the four bars as
//     Mfi steps them (subtract the flow of the bar `period` back, then add today's; zero flows
//     before bar 1 stand in for the stream's zeroed ring): the same arithmetic in the same order,
//     so the same bits;
//  2. the values of the block from the recorded sums, vectorised (the division unconditional, the
//     total < 1 case selected after).
// TA-Lib's loop does it all serially, with a division and unpredictable branches a bar.
// Returns false, leaving garbage, on a non-finite input or fewer than 5 bars.
bool mfi_batch(const OhlcvView& view, std::size_t period, double* out) {
  const std::size_t n = view.size;
  if (n < 5) return false;
  const std::size_t carry = period;  // flows of the `period` bars before a block
  std::vector<double> scratch(2 * (carry + kBlock) + 2 * kBlock, 0.0);
  double* positive = scratch.data();  // bar b's flows at index b - base
  double* negative = positive + carry + kBlock;
  double* sums = negative + carry + kBlock;  // positive, negative sums of the block's bars
  // Bar b's flow sits at index b - base; bars 1 - period .. 0 are the zero flows of the empty ring.
  std::ptrdiff_t base = 1 - static_cast<std::ptrdiff_t>(period);
  std::size_t filled = carry;  // entries in use, from index 0
  std::uint64_t flags =
      kernels::nonfinite_flag(view.high[0]) | kernels::nonfinite_flag(view.low[0]) |
      kernels::nonfinite_flag(view.close[0]) | kernels::nonfinite_flag(view.volume[0]);
  kernels::u64x4 flags4 = {};
  double pos = 0, neg = 0;
  for (std::size_t i = 0; i < period && i < n; ++i) out[i] = kNaN;
  for (std::size_t begin = 1; begin < n;) {
    if (filled > carry) {
      std::memmove(positive, positive + filled - carry, carry * sizeof(double));
      std::memmove(negative, negative + filled - carry, carry * sizeof(double));
      base += static_cast<std::ptrdiff_t>(filled - carry);
      filled = carry;
    }
    const std::size_t end = std::min(n, begin + kBlock);
    auto at = [&](std::size_t bar) {
      return static_cast<std::size_t>(static_cast<std::ptrdiff_t>(bar) - base);
    };
    auto group = [&](std::size_t g) {  // flows of bars g .. g+3, stored
      const f64x4 tp = typical4(view, g);
      const f64x4 change = tp - typical4(view, g - 1);
      const f64x4 money = tp * kernels::load4(view.volume + g);
      flags4 |= kernels::nonfinite_flags4(kernels::load4(view.high + g)) |
                kernels::nonfinite_flags4(kernels::load4(view.low + g)) |
                kernels::nonfinite_flags4(kernels::load4(view.close + g)) |
                kernels::nonfinite_flags4(kernels::load4(view.volume + g));
      kernels::store4(positive + at(g), kernels::select4(change > 0.0, money, f64x4{}));
      kernels::store4(negative + at(g), kernels::select4(change < 0.0, money, f64x4{}));
    };
    auto step = [&](std::size_t b) {
      pos = pos - positive[at(b) - period] + positive[at(b)];
      neg = neg - negative[at(b) - period] + negative[at(b)];
      sums[b - begin] = pos;
      sums[kBlock + b - begin] = neg;
    };
    std::size_t b = begin;
    for (; b + 4 <= end; b += 4) {
      group(b);
      for (std::size_t j = 0; j < 4; ++j) step(b + j);
    }
    for (; b < end; ++b) {  // the last 1-3 bars, one by one (Mfi::flow's arithmetic)
      const double tp = (view.high[b] + view.low[b] + view.close[b]) / 3.0;
      const double prev = (view.high[b - 1] + view.low[b - 1] + view.close[b - 1]) / 3.0;
      const double money = tp * view.volume[b];
      flags |= kernels::nonfinite_flag(view.high[b]) | kernels::nonfinite_flag(view.low[b]) |
               kernels::nonfinite_flag(view.close[b]) | kernels::nonfinite_flag(view.volume[b]);
      positive[at(b)] = tp - prev > 0 ? money : 0.0;
      negative[at(b)] = tp - prev < 0 ? money : 0.0;
      step(b);
    }
    filled = at(end);
    if (kernels::any_nonfinite(flags | kernels::fold_flags4(flags4))) return false;
    const std::size_t first = std::max(begin, period);
    for (std::size_t bar = first; bar < end; ++bar) {
      const double p = sums[bar - begin], m = sums[kBlock + bar - begin];
      const double total = p + m;
      const double value = 100.0 * (p / total);
      out[bar] = total < 1.0 ? 0.0 : value;
    }
    begin = end;
  }
  return true;
}

}  // namespace

std::unique_ptr<IndicatorStream> make_mfi(std::span<const double> o) {
  return make_stream(kHigh | kLow | kClose | kVolume, from_options(o));
}

// All-finite input, output apart from the inputs: mfi_batch. Otherwise drive_batch.
void batch_mfi(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  const std::size_t n = view.size;
  double* out = outs[0];
  bool disjoint = true;
  for (const double* in : {view.high, view.low, view.close, view.volume})
    disjoint &= !overlaps(in, out, n);
  if (disjoint && mfi_batch(view, static_cast<std::size_t>(o[0]), out)) return;
  Mfi indicator = from_options(o);
  drive_batch_flat(indicator, kHigh | kLow | kClose | kVolume, view, outs);
}

}  // namespace sp::core::factory
