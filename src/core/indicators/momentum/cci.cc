#include "core/indicators/momentum/cci.h"

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
using kernels::i64x4;

Cci from_options(std::span<const double> o) {
  return Cci(static_cast<int>(o[0]));
}

// Bars per block of typical prices kept in the scratch buffer (plus the period-1 before them).
constexpr std::size_t kBlock = 1024;
// Groups of four bars computed side by side: enough independent add chains to cover the latency.
constexpr int kGroups = 4;

// Lane masks: lane j takes slot s's value from the group's first window (the bar w) when j <= d,
// the bar's position in that window, and from w + period otherwise (w has left lane j's window,
// and the bar in its slot now is w + period). Index min(d, 3).
constexpr std::int64_t T = -1;
const i64x4 kFromFirstWindow[4] = {{T, 0, 0, 0}, {T, T, 0, 0}, {T, T, T, 0}, {T, T, T, T}};

// CCI for the kGroups x 4 bars first .. first + 4 kGroups - 1 (G groups of four, lane j of group g
// is bar first + 4g + j), from the typical prices tp[b] = at[b - base]. Each lane sums its window
// in Cci's slot order: slot s holds the bar congruent to s modulo period (the stream's ring stores
// bar b in slot b mod period when every bar is finite), starting from slot 0. So every lane
// performs exactly the stream's additions in the stream's order: the same bits. That order matters:
// over a (nearly) flat window tp - avg is rounding noise, and whether it is exactly 0 decides
// between 0 and about +-66.67.
template <int G>
void cci_groups(const double* at, std::size_t base, std::size_t first, std::size_t period,
                double* out) {
  const f64x4 n = kernels::splat4(static_cast<double>(period));
  std::size_t d[G];  // position in group g's first window of the bar in the current slot
  f64x4 sum[G], avg[G], dev[G];
  for (int g = 0; g < G; ++g) {
    const std::size_t start = first + 4 * g + 1 - period;  // lane 0's window starts here
    d[g] = (period - start % period) % period;             // slot 0's bar
    sum[g] = f64x4{};
    dev[g] = f64x4{};
  }
  auto slot_values = [&](int g) {
    const std::size_t w = first + 4 * g + 1 - period + d[g] - base;
    const i64x4 mask = kFromFirstWindow[d[g] < 3 ? d[g] : 3];
    return kernels::select4(mask, kernels::splat4(at[w]), kernels::splat4(at[w + period]));
  };
  auto next_slot = [&](int g) { d[g] = d[g] + 1 == period ? 0 : d[g] + 1; };
  std::size_t saved[G];
  for (int g = 0; g < G; ++g) saved[g] = d[g];
  for (std::size_t s = 0; s < period; ++s) {
    for (int g = 0; g < G; ++g) {
      sum[g] += slot_values(g);
      next_slot(g);
    }
  }
  for (int g = 0; g < G; ++g) {
    avg[g] = sum[g] / n;
    d[g] = saved[g];
  }
  for (std::size_t s = 0; s < period; ++s) {
    for (int g = 0; g < G; ++g) {
      dev[g] += kernels::abs4(slot_values(g) - avg[g]);
      next_slot(g);
    }
  }
  for (int g = 0; g < G; ++g) {
    const f64x4 distance = kernels::load4(at + first + 4 * g - base) - avg[g];
    const f64x4 cci = distance / (0.015 * (dev[g] / n));
    kernels::store4(out + first + 4 * g,
                    kernels::select4((distance != 0.0) & (dev[g] != 0.0), cci, f64x4{}));
  }
}

// The batch kernel on all-finite input, period >= 4 (so that a bar that left a lane's window is
// replaced by the one `period` later, which the masks assume), at least period + 3 bars. Typical
// prices go through a scratch buffer a block at a time. Returns false, leaving garbage, on a
// non-finite input.
bool cci_batch(const OhlcvView& view, std::size_t period, double* out) {
  const std::size_t n = view.size;
  // Typical prices carried from one block to the next: the period-1 the next bar's window needs,
  // and 3 more for the last group of a short final block, which starts up to 3 bars earlier.
  const std::size_t keep = period + 2;
  // The masked-out lane reads at[w + period] up to `period` past the block: zero-filled slack.
  std::vector<double> scratch(keep + kBlock + period + 4, 0.0);
  double* at = scratch.data();
  std::uint64_t flags = 0;
  std::size_t base = 0;    // bar of at[0]
  std::size_t filled = 0;  // bars with a typical price in the buffer: base .. base + filled - 1
  std::size_t next = period - 1;  // the next bar to output
  for (std::size_t i = 0; i < next; ++i) out[i] = kNaN;
  while (next < n) {
    // Refill: keep the last period-1 typical prices, then the next block.
    if (filled > keep) {
      std::memmove(at, at + filled - keep, keep * sizeof(double));
      base += filled - keep;
      filled = keep;
    }
    const std::size_t end = std::min(n, base + keep + kBlock);
    for (std::size_t b = base + filled; b < end; ++b) {
      const double h = view.high[b], l = view.low[b], c = view.close[b];
      flags |= kernels::nonfinite_flag(h) | kernels::nonfinite_flag(l) | kernels::nonfinite_flag(c);
      at[b - base] = (h + l + c) / 3;
    }
    filled = end - base;
    if (kernels::any_nonfinite(flags)) return false;
    // Bars next .. end-1: groups of 4 kGroups, then of 4, then the last 4 bars of the block again.
    std::size_t i = next;
    for (; i + 4 * kGroups <= end; i += 4 * kGroups) cci_groups<kGroups>(at, base, i, period, out);
    for (; i + 4 <= end; i += 4) cci_groups<1>(at, base, i, period, out);
    if (i < end) cci_groups<1>(at, base, end - 4, period, out);
    next = end;
  }
  return true;
}

}  // namespace

std::unique_ptr<IndicatorStream> make_cci(std::span<const double> o) {
  return make_stream(kHigh | kLow | kClose, from_options(o));
}

// All-finite input, period >= 4, outputs apart from inputs: cci_batch, four bars in SIMD lanes in
// the stream's order of summation (see cci_groups). TA-Lib and Tulip are O(period) a bar with one
// chain of dependent adds; here 16 bars share each pass over the window. Otherwise drive_batch.
void batch_cci(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  const int period = static_cast<int>(o[0]);
  const std::size_t n = view.size;
  double* out = outs[0];
  const bool disjoint =
      !overlaps(view.high, out, n) && !overlaps(view.low, out, n) && !overlaps(view.close, out, n);
  if (disjoint && period >= 4 && n >= static_cast<std::size_t>(period) + 3 &&
      cci_batch(view, static_cast<std::size_t>(period), out)) {
    return;
  }
  Cci indicator = from_options(o);
  drive_batch_flat(indicator, kHigh | kLow | kClose, view, outs);
}

}  // namespace sp::core::factory
