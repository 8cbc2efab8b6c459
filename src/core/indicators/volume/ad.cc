#include "core/indicators/volume/ad.h"

#include "core/indicators/factories.h"
#include "core/kernels/nonfinite_flag.h"
#include "core/kernels/simd.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_ad(std::span<const double>) {
  return make_stream(kHigh | kLow | kClose | kVolume, Ad());
}

namespace {

using kernels::f64x4;

// Ad::step's term: the close location value times the volume, 0 when high <= low. The division is
// taken unconditionally (a zero range only yields an inf or NaN that the select drops), which is
// what lets it run in SIMD lanes. T is double or f64x4: the same expression either way.
template <class T, class Select>
inline T ad_term(T high, T low, T close, T volume, Select select) {
  const T range = high - low;
  const T term = (((close - low) - (high - close)) / range) * volume;
  return select(range > 0.0, term, T{} + 0.0);
}

inline double ad_term(double high, double low, double close, double volume) {
  return ad_term(high, low, close, volume, [](bool c, double a, double b) { return c ? a : b; });
}
inline f64x4 ad_term4(const double* high, const double* low, const double* close,
                      const double* volume) {
  return ad_term(kernels::load4(high), kernels::load4(low), kernels::load4(close),
                 kernels::load4(volume),
                 [](auto c, f64x4 a, f64x4 b) { return kernels::select4(c, a, b); });
}

}  // namespace

// The terms of four bars have no dependency on each other: they are computed in SIMD lanes
// (division included) with the finiteness check folded in (nonfinite_flag.h), then added to the
// running total one by one in Ad's order, so the numbers are the stream's bit for bit. The adds are
// the only chain (one add a bar); the next group's terms are worked out while it runs.
// A non-finite input anywhere (or an output array that overlaps an input) sends the whole batch
// through drive_batch, which applies the non-finite policy bar by bar.
void batch_ad(std::span<const double>, const OhlcvView& view, double* const* outs) {
  const std::size_t n = view.size;
  double* out = outs[0];
  const bool disjoint = !overlaps(view.high, out, n) && !overlaps(view.low, out, n) &&
                        !overlaps(view.close, out, n) && !overlaps(view.volume, out, n);
  if (disjoint) {
    const double* __restrict high = view.high;
    const double* __restrict low = view.low;
    const double* __restrict close = view.close;
    const double* __restrict volume = view.volume;
    double* __restrict total = out;
    kernels::u64x4 flags4 = {};
    std::uint64_t flags = 0;
    double ad = 0;
    std::size_t i = 0;
    for (; i + 4 <= n; i += 4) {
      flags4 |= kernels::nonfinite_flags4(kernels::load4(high + i)) |
                kernels::nonfinite_flags4(kernels::load4(low + i)) |
                kernels::nonfinite_flags4(kernels::load4(close + i)) |
                kernels::nonfinite_flags4(kernels::load4(volume + i));
      const f64x4 term = ad_term4(high + i, low + i, close + i, volume + i);
      for (int j = 0; j < 4; ++j) {
        ad += term[j];
        total[i + j] = ad;
      }
    }
    for (; i < n; ++i) {
      flags |= kernels::nonfinite_flag(high[i]) | kernels::nonfinite_flag(low[i]) |
               kernels::nonfinite_flag(close[i]) | kernels::nonfinite_flag(volume[i]);
      ad += ad_term(high[i], low[i], close[i], volume[i]);
      total[i] = ad;
    }
    if (!kernels::any_nonfinite(flags | kernels::fold_flags4(flags4))) return;
  }
  Ad ad;
  drive_batch(ad, kHigh | kLow | kClose | kVolume, view, outs);
}

}  // namespace sp::core::factory
