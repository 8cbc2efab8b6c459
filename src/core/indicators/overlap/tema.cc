#include "core/indicators/overlap/tema.h"

#include "core/indicators/factories.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_tema(std::span<const double> o) {
  return make_stream(kClose, Tema(static_cast<int>(o[0])));
}

void batch_tema(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  Tema tema(static_cast<int>(o[0]));
  drive_batch(tema, kClose, view, outs);
}

}  // namespace sp::core::factory
