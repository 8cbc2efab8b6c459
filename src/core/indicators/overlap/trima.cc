#include "core/indicators/overlap/trima.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "core/indicators/factories.h"
#include "core/kernels/simd.h"

namespace sp::core {

Trima::Trima(int period)
    : period_(period),
      half_(period >> 1),
      odd_(period % 2 == 1),
      ring_(static_cast<std::size_t>(period)) {
  // As in TA-Lib: the sum of the weights is an integer, made a double only for the division.
  const int weights = odd_ ? (half_ + 1) * (half_ + 1) : half_ * (half_ + 1);
  factor_ = 1.0 / weights;
  middle_offset_ = static_cast<std::size_t>(period - half_);
}

TrimaSmaOfSma::TrimaSmaOfSma(int period)
    : period_(period),
      m1_(period % 2 == 1 ? (period + 1) / 2 : period / 2),
      m2_(period % 2 == 1 ? (period + 1) / 2 : period / 2 + 1),
      reseed_every_(static_cast<std::size_t>(period < 8 ? 64 : 8 * period)) {
  factor_ = 1.0 / (m1_ * m2_);  // as TA-Lib: the integer sum of the weights, then the division
  std::size_t size = 1;
  while (size < static_cast<std::size_t>(period) + 1) size <<= 1;
  ring_.assign(size, 0.0);
  mask_ = size - 1;
}

}  // namespace sp::core

namespace sp::core::factory {

namespace {

// The batch form of TrimaSmaOfSma on all-finite input, the output apart from the close: the same
// recurrences, the same re-seeds at the same bars (the first value, then every reseed_every()
// bars), with U and T advanced 8 bars at a time between re-seeds (simd::running_sum8: one add per
// 8 bars on each carried chain). Returns false, with garbage in `out`, when some close is not
// finite: every close enters a sum (a seed or some e[i]), a non-finite sum stays so until the next
// re-seed, and each is checked before it is replaced.
// REQUIRES: n >= period >= 2; out does not overlap x.
bool trima_kernel(const TrimaSmaOfSma& shape, int period, const double* __restrict x, std::size_t n,
                  double* __restrict out) {
  using namespace kernels::simd;
  const std::size_t p = static_cast<std::size_t>(period);
  const std::size_t m1 = static_cast<std::size_t>(shape.short_window());
  const std::size_t m2 = static_cast<std::size_t>(shape.long_window());
  const double factor = shape.factor();
  const std::size_t stride = shape.reseed_every();  // a multiple of 8
  auto value = [x](std::int64_t j) { return j < 0 ? 0.0 : x[j]; };
  for (std::size_t i = 0; i + 1 < p; ++i) out[i] = kNaN;
  double u, t;
  TrimaSmaOfSma::window_sums(period, shape.short_window(), shape.long_window(),
                             static_cast<std::int64_t>(p - 1), value, u, t);
  out[p - 1] = t * factor;
  bool ok = true;
  auto scalar = [&](std::size_t i) {  // TrimaSmaOfSma::update's arithmetic
    const double e = (x[i] - x[i - m1]) - (x[i - m2] - value(static_cast<std::int64_t>(i - p - 1)));
    u += e;
    t += u;
    out[i] = t * factor;
  };
  std::size_t i = p;
  const v4d vfactor = splat(factor);
  while (i < n) {
    if (i > p) {  // re-seed: the window ending at bar i-1, as the stream does after that bar
      ok &= std::isfinite(u) && std::isfinite(t);
      TrimaSmaOfSma::window_sums(period, shape.short_window(), shape.long_window(),
                                 static_cast<std::int64_t>(i - 1), value, u, t);
    }
    const std::size_t end = std::min(n, i + stride);
    // x[i-p-1] is the close before the first at bar p: that bar and the rest of its 8 by scalar.
    for (const std::size_t first = std::min(end, p + 8); i < first; ++i) scalar(i);
    v4d ucarry = splat(u), tcarry = splat(t);
    for (; i + 8 <= end; i += 8) {
      const v4d e_lo =
          (load4(x + i) - load4(x + i - m1)) - (load4(x + i - m2) - load4(x + i - p - 1));
      const v4d e_hi = (load4(x + i + 4) - load4(x + i + 4 - m1)) -
                       (load4(x + i + 4 - m2) - load4(x + i + 4 - p - 1));
      v4d u_lo, u_hi, t_lo, t_hi;
      running_sum8(e_lo, e_hi, ucarry, u_lo, u_hi);
      running_sum8(u_lo, u_hi, tcarry, t_lo, t_hi);
      store4(out + i, t_lo * vfactor);
      store4(out + i + 4, t_hi * vfactor);
    }
    u = ucarry[0];
    t = tcarry[0];
    for (; i < end; ++i) scalar(i);
  }
  return ok && std::isfinite(u) && std::isfinite(t);
}

}  // namespace

std::unique_ptr<IndicatorStream> make_trima(std::span<const double> o) {
  return make_stream(kClose, TrimaSmaOfSma(static_cast<int>(o[0])));
}

// TrimaSmaOfSma (trima.h): the vectorised kernel when the closes are all finite and the output is
// apart from them; otherwise bar by bar, which applies the non-finite policy.
void batch_trima(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  const int period = static_cast<int>(o[0]);
  TrimaSmaOfSma trima(period);
  const std::size_t n = view.size;
  if (n >= static_cast<std::size_t>(period) && !overlaps(view.close, outs[0], n) &&
      trima_kernel(trima, period, view.close, n, outs[0])) {
    return;
  }
  drive_batch(trima, kClose, view, outs);
}

}  // namespace sp::core::factory
