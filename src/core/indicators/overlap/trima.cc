#include "core/indicators/overlap/trima.h"

#include "core/indicators/factories.h"

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

}  // namespace sp::core

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_trima(std::span<const double> o) {
  return make_stream(kClose, Trima(static_cast<int>(o[0])));
}

// Bar by bar on purpose. A vectorised SMA-of-SMA kernel (tried: 3.7x TA-Lib) is more accurate than
// TA-Lib, whose numerator adds up the rounding drift of its two running sums (n^1.5 growth): over
// the shared real data the two differ by up to 1e-12 relative (more than streaming vs batch
// allows), and TRIMA as STOCHF's %D smoothing of a %K near 0 differs from TA-Lib by 1.06e-9
// absolute (more than the 1e-9 contract) once its drift is removed. So TRIMA keeps TA-Lib's serial
// chain, three dependent adds a bar, in both forms.
void batch_trima(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  Trima trima(static_cast<int>(o[0]));
  drive_batch(trima, kClose, view, outs);
}

}  // namespace sp::core::factory
