#include "core/indicators/momentum/stochf.h"

#include "core/indicators/factories.h"
#include "core/indicators/momentum/flat_batch.h"
#include "core/indicators/momentum/smoothing.h"

namespace sp::core::factory {

namespace {

constexpr unsigned kInputs = kHigh | kLow | kClose;

template <class F>
decltype(auto) with_stochf(std::span<const double> o, F&& f) {
  const int fastk_period = static_cast<int>(o[0]);
  return with_smoothing(
      static_cast<MaType>(static_cast<int>(o[2])), static_cast<int>(o[1]),
      [&](auto fastd) { return f(BasicStochF<decltype(fastd)>(fastk_period, std::move(fastd))); });
}

}  // namespace

std::unique_ptr<IndicatorStream> make_stochf(std::span<const double> o) {
  return with_stochf(o, [](auto stochf) -> std::unique_ptr<IndicatorStream> {
    return make_stream(kInputs, std::move(stochf));
  });
}

void batch_stochf(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  with_stochf(o, [&](auto stochf) { drive_batch_flat(stochf, kInputs, view, outs); });
}

}  // namespace sp::core::factory
