#include "core/indicators/overlap/bbands.h"

#include "core/indicators/factories.h"

namespace sp::core::factory {

namespace {
Bbands from_options(std::span<const double> o) {
  return Bbands(static_cast<int>(o[0]), o[1], o[2], static_cast<MaType>(static_cast<int>(o[3])));
}
}  // namespace

std::unique_ptr<IndicatorStream> make_bbands(std::span<const double> o) {
  return make_stream(kClose, from_options(o));
}

void batch_bbands(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  Bbands bbands = from_options(o);
  drive_batch(bbands, kClose, view, outs);
}

}  // namespace sp::core::factory
