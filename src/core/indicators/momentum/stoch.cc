#include "core/indicators/momentum/stoch.h"

#include "core/indicators/factories.h"
#include "core/indicators/momentum/flat_batch.h"
#include "core/indicators/momentum/smoothing.h"

namespace sp::core::factory {

namespace {

constexpr unsigned kInputs = kHigh | kLow | kClose;

// Calls f(BasicStoch<...>) with the options' averages as concrete types where with_smoothing can.
template <class F>
decltype(auto) with_stoch(std::span<const double> o, F&& f) {
  const int fastk_period = static_cast<int>(o[0]);
  return with_smoothing(
      static_cast<MaType>(static_cast<int>(o[2])), static_cast<int>(o[1]), [&](auto slowk) {
        return with_smoothing(static_cast<MaType>(static_cast<int>(o[4])), static_cast<int>(o[3]),
                              [&](auto slowd) {
                                return f(BasicStoch<decltype(slowk), decltype(slowd)>(
                                    fastk_period, std::move(slowk), std::move(slowd)));
                              });
      });
}

}  // namespace

std::unique_ptr<IndicatorStream> make_stoch(std::span<const double> o) {
  return with_stoch(o, [](auto stoch) -> std::unique_ptr<IndicatorStream> {
    return make_stream(kInputs, std::move(stoch));
  });
}

void batch_stoch(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  with_stoch(o, [&](auto stoch) { drive_batch_flat(stoch, kInputs, view, outs); });
}

}  // namespace sp::core::factory
