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

void batch_trima(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  Trima trima(static_cast<int>(o[0]));
  drive_batch(trima, kClose, view, outs);
}

}  // namespace sp::core::factory
