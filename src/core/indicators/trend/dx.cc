#include "core/indicators/trend/dx.h"

#include "core/indicators/factories.h"
#include "core/indicators/trend/directional_batch.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_dx(std::span<const double> o) {
  return make_stream(kHigh | kLow | kClose, Dx(static_cast<int>(o[0])));
}

// All-finite input: directional_batch's blocks (its header says why that is fast), DX from the
// averages by directional_dx, the previous DX carried over a bar where it is undefined.
// Otherwise, or computing in place, drive_batch.
void batch_dx(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  const int period = static_cast<int>(o[0]);
  const std::size_t n = view.size;
  double* out = outs[0];
  const bool disjoint =
      !overlaps(view.high, out, n) && !overlaps(view.low, out, n) && !overlaps(view.close, out, n);
  if (disjoint) {
    alignas(64) double dx[directional_detail::kBlock];
    double last = 0.0;  // TA-Lib's value when DX is undefined: the previous one, 0 at first
    const bool done =
        directional_batch(view, period,
                          [&](std::size_t begin, std::size_t count, const double* plus,
                              const double* minus, const double* tr) {
                            directional_dx(count, period, plus, minus, tr, dx);
                            double* o = out + begin;
                            for (std::size_t j = 0; j < count; ++j) {
                              last = std::isnan(dx[j]) ? last : dx[j];
                              o[j] = last;
                            }
                          });
    if (done) {
      for (std::size_t i = 0; i < static_cast<std::size_t>(period); ++i) out[i] = kNaN;
      return;
    }
  }
  Dx ind = Dx(period);
  drive_batch(ind, kHigh | kLow | kClose, view, outs);
}

}  // namespace sp::core::factory
