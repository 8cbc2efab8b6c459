#include "core/indicators/volume/adosc.h"

#include <algorithm>

#include "core/indicators/factories.h"
#include "core/kernels/nonfinite_flag.h"
#include "core/kernels/simd.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_adosc(std::span<const double> o) {
  return make_stream(kHigh | kLow | kClose | kVolume,
                     Adosc(static_cast<int>(o[0]), static_cast<int>(o[1])));
}

namespace {

using kernels::f64x4;

// Ad::step's term for four bars (see ad.cc): the division taken unconditionally in SIMD lanes, a
// zero range's inf or NaN dropped by the select.
inline f64x4 ad_term4(const double* high, const double* low, const double* close,
                      const double* volume) {
  const f64x4 h = kernels::load4(high), l = kernels::load4(low), c = kernels::load4(close);
  const f64x4 range = h - l;
  const f64x4 term = (((c - l) - (h - c)) / range) * kernels::load4(volume);
  return kernels::select4(range > 0.0, term, f64x4{});
}

}  // namespace

// As batch_ad: the A/D terms of four bars at a time in SIMD lanes (finiteness folded in), then one
// serial step a bar carrying the A/D total and both EMAs in Adosc's arithmetic and order (same k
// and 1 - k, same seeding with bar 0), so the numbers are the stream's bit for bit. The EMAs are
// left serial on purpose: ADOSC is the small difference of two EMAs of a total in volume units (1e9
// and more on real data), so reassociating them would move the result by more than the 1e-12
// stream-vs-batch bound near its zero crossings. What is gained is the work off that chain: no
// finiteness test, no warm-up branch, the division vectorised and overlapped with the chain.
// A non-finite input anywhere (or an output that overlaps an input) sends the whole batch through
// drive_batch, which applies the non-finite policy bar by bar.
void batch_adosc(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  const int fast_period = static_cast<int>(o[0]);
  const int slow_period = static_cast<int>(o[1]);
  const std::size_t n = view.size;
  double* out = outs[0];
  const bool disjoint = !overlaps(view.high, out, n) && !overlaps(view.low, out, n) &&
                        !overlaps(view.close, out, n) && !overlaps(view.volume, out, n);
  if (n >= 4 && disjoint) {
    const double* __restrict high = view.high;
    const double* __restrict low = view.low;
    const double* __restrict close = view.close;
    const double* __restrict volume = view.volume;
    double* __restrict result = out;
    // As Adosc's constructor computes them.
    const double fast_k = 2.0 / (fast_period + 1), fast_decay = 1.0 - fast_k;
    const double slow_k = 2.0 / (slow_period + 1), slow_decay = 1.0 - slow_k;
    const std::size_t lookback = static_cast<std::size_t>(std::max(fast_period, slow_period) - 1);
    kernels::u64x4 flags = {};
    double ad = 0, fast = 0, slow = 0;
    auto step = [&](double term) {
      ad += term;
      fast = (fast_k * ad) + (fast_decay * fast);
      slow = (slow_k * ad) + (slow_decay * slow);
      return fast - slow;
    };
    // Bars 0-3: bar 0 seeds both EMAs with the first A/D value.
    {
      flags |= kernels::nonfinite_flags4(kernels::load4(high)) |
               kernels::nonfinite_flags4(kernels::load4(low)) |
               kernels::nonfinite_flags4(kernels::load4(close)) |
               kernels::nonfinite_flags4(kernels::load4(volume));
      const f64x4 term = ad_term4(high, low, close, volume);
      ad += term[0];
      fast = slow = ad;
      result[0] = fast - slow;
      for (int j = 1; j < 4; ++j) result[j] = step(term[j]);
    }
    std::size_t i = 4;
    for (; i + 4 <= n; i += 4) {
      flags |= kernels::nonfinite_flags4(kernels::load4(high + i)) |
               kernels::nonfinite_flags4(kernels::load4(low + i)) |
               kernels::nonfinite_flags4(kernels::load4(close + i)) |
               kernels::nonfinite_flags4(kernels::load4(volume + i));
      const f64x4 term = ad_term4(high + i, low + i, close + i, volume + i);
      for (int j = 0; j < 4; ++j) result[i + j] = step(term[j]);
    }
    // The last 1-3 bars: the four-bar group ending at the last bar, whose earlier lanes are
    // already done; only its new lanes are stepped.
    if (i < n) {
      const std::size_t g = n - 4;
      flags |= kernels::nonfinite_flags4(kernels::load4(high + g)) |
               kernels::nonfinite_flags4(kernels::load4(low + g)) |
               kernels::nonfinite_flags4(kernels::load4(close + g)) |
               kernels::nonfinite_flags4(kernels::load4(volume + g));
      const f64x4 term = ad_term4(high + g, low + g, close + g, volume + g);
      for (std::size_t j = i - g; j < 4; ++j) result[g + j] = step(term[j]);
    }
    for (std::size_t j = 0; j < n && j < lookback; ++j) result[j] = kNaN;
    if (!kernels::any_nonfinite(kernels::fold_flags4(flags))) return;
  }
  Adosc adosc(fast_period, slow_period);
  drive_batch(adosc, kHigh | kLow | kClose | kVolume, view, outs);
}

}  // namespace sp::core::factory
