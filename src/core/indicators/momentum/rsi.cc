#include "core/indicators/momentum/rsi.h"

#include "core/indicators/factories.h"
#include "core/indicators/momentum/flat_batch.h"
#include "core/indicators/momentum/wilder_gain_loss_batch.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_rsi(std::span<const double> o) {
  return make_stream(kClose, Rsi(static_cast<int>(o[0])));
}

// All-finite closes, the output apart from them: wilder_gain_loss_batch (its header says why that
// is fast), RSI = 100 avg gain / (avg gain + avg loss), 0 where the sum is TA_IS_ZERO, as
// Rsi writes it, with the division unconditional so that the block vectorises. Otherwise
// drive_batch.
void batch_rsi(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  const int period = static_cast<int>(o[0]);
  double* out = outs[0];
  if (!overlaps(view.close, out, view.size)) {
    const bool done = wilder_gain_loss_batch(
        view.close, view.size, period,
        [&](std::size_t begin, std::size_t count, const double* gain, const double* loss) {
          double* r = out + begin;
          for (std::size_t j = 0; j < count; ++j) {
            const double sum = gain[j] + loss[j];
            const double value = 100.0 * (gain[j] / sum);
            r[j] = talib::is_zero(sum) ? 0.0 : value;
          }
        });
    if (done) {
      for (std::size_t i = 0; i < static_cast<std::size_t>(period); ++i) out[i] = kNaN;
      return;
    }
  }
  Rsi indicator(period);
  drive_batch_flat(indicator, kClose, view, outs);
}

}  // namespace sp::core::factory
