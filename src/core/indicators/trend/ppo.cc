#include "core/indicators/trend/ppo.h"

#include <algorithm>

#include "core/indicators/factories.h"
#include "core/indicators/trend/ema_oscillator_batch.h"

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

// With exponential averages (matype 1), all-finite closes and the output apart from them:
// price_oscillator_ema_batch (ema_oscillator_batch.h says why that is fast). Otherwise the
// stream's arithmetic through drive_batch.
void batch_ppo(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  const int fast = static_cast<int>(std::min(o[0], o[1]));
  const int slow = static_cast<int>(std::max(o[0], o[1]));
  if (static_cast<MaType>(static_cast<int>(o[2])) == MaType::kEma &&
      !overlaps(view.close, outs[0], view.size) &&
      price_oscillator_ema_batch<true>(view.close, view.size, fast, slow, outs[0])) {
    return;
  }
  with_ppo(o, [&](auto ind) { drive_batch(ind, kClose, view, outs); });
}

}  // namespace sp::core::factory
