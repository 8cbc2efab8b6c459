#include "core/indicators/trend/plus_di.h"

#include "core/indicators/factories.h"
#include "core/indicators/trend/directional_batch.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_plus_di(std::span<const double> o) {
  return make_stream(kHigh | kLow | kClose, PlusDi(static_cast<int>(o[0])));
}

// All-finite input: directional_batch's blocks (its header says why that is fast), DI = 100 x
// smoothed DM / smoothed TR from the averages (the 1/period cancels), 0 where the smoothed TR is
// zero by TA_IS_ZERO. Otherwise, or computing in place, drive_batch.
void batch_plus_di(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  const int period = static_cast<int>(o[0]);
  const std::size_t n = view.size;
  double* out = outs[0];
  const bool disjoint =
      !overlaps(view.high, out, n) && !overlaps(view.low, out, n) && !overlaps(view.close, out, n);
  // Period 1 is TA-Lib's separate unscaled path: left to the stream's arithmetic.
  if (period > 1 && disjoint) {
    const double n_period = period;
    const bool done =
        directional_batch(view, period,
                          [&](std::size_t begin, std::size_t count, const double* plus,
                              const double* minus, const double* tr) {
                            const double* dm = true ? plus : minus;
                            double* o = out + begin;
                            for (std::size_t j = 0; j < count; ++j) {
                              const double ratio = 100.0 * (dm[j] / tr[j]);
                              o[j] = talib::is_zero(n_period * tr[j]) ? 0.0 : ratio;
                            }
                          });
    if (done) {
      for (std::size_t i = 0; i < static_cast<std::size_t>(period); ++i) out[i] = kNaN;
      return;
    }
  }
  PlusDi ind = PlusDi(period);
  drive_batch(ind, kHigh | kLow | kClose, view, outs);
}

}  // namespace sp::core::factory
