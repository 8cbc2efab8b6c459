#include "core/indicators/trend/ppo.h"

#include "core/indicators/factories.h"

namespace sp::core::factory {
namespace {

// The averages as their concrete class: no dispatch on the MA type inside the per-bar loop.
template <class Fn>
auto with_ppo(std::span<const double> o, Fn&& fn) {
  return with_averages(
      static_cast<MaType>(static_cast<int>(o[2])), static_cast<int>(o[0]), static_cast<int>(o[1]),
      [&](auto fast, auto slow) {
        return fn(PriceOscillator<true, decltype(fast)>(std::move(fast), std::move(slow)));
      });
}

}  // namespace

std::unique_ptr<IndicatorStream> make_ppo(std::span<const double> o) {
  return with_ppo(o, [](auto ind) -> std::unique_ptr<IndicatorStream> {
    return make_stream(kClose, std::move(ind));
  });
}

void batch_ppo(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  with_ppo(o, [&](auto ind) { drive_batch(ind, kClose, view, outs); });
}

}  // namespace sp::core::factory
