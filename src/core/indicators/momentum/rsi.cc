#include "core/indicators/momentum/rsi.h"

#include "core/indicators/factories.h"
#include "core/indicators/momentum/wilder_gain_loss_batch.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_rsi(std::span<const double> o) {
  return make_stream(kClose, Rsi(static_cast<int>(o[0])));
}

// Batch: RSI = 100 avg gain / (avg gain + avg loss), through gain_loss_oscillator_batch
// (wilder_gain_loss_batch.h).
void batch_rsi(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  gain_loss_oscillator_batch<Rsi>(
      static_cast<int>(o[0]), view, outs,
      [](double gain, [[maybe_unused]] double loss, double sum) { return 100.0 * (gain / sum); });
}

}  // namespace sp::core::factory
