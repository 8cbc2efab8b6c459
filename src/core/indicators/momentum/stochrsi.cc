#include "core/indicators/momentum/stochrsi.h"

#include "core/indicators/factories.h"
#include "core/indicators/momentum/flat_batch.h"
#include "core/indicators/momentum/smoothing.h"

namespace sp::core::factory {

namespace {

template <class F>
decltype(auto) with_stochrsi(std::span<const double> o, F&& f) {
  const int period = static_cast<int>(o[0]);
  const int fastk_period = static_cast<int>(o[1]);
  return with_smoothing(
      static_cast<MaType>(static_cast<int>(o[3])), static_cast<int>(o[2]), [&](auto fastd) {
        return f(BasicStochRsi<decltype(fastd)>(period, fastk_period, std::move(fastd)));
      });
}

}  // namespace

std::unique_ptr<IndicatorStream> make_stochrsi(std::span<const double> o) {
  return with_stochrsi(o, [](auto stochrsi) -> std::unique_ptr<IndicatorStream> {
    return make_stream(kClose, std::move(stochrsi));
  });
}

void batch_stochrsi(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  with_stochrsi(o, [&](auto stochrsi) { drive_batch_flat(stochrsi, kClose, view, outs); });
}

}  // namespace sp::core::factory
