#include "core/indicators/momentum/stoch.h"

#include "core/indicators/factories.h"
#include "core/indicators/momentum/fast_k_batch.h"
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

// All-finite input, a short %K window, outputs apart from the inputs and each other: %K of every
// bar vectorised into the slowk output (fast_k_batch), then the two averages fed bar by bar as
// BasicStoch feeds them (the same average objects, so the same numbers), slowk overwriting the %K
// it was made from; only the cheap averages are left per bar. Otherwise drive_batch.
void batch_stoch(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  const int fastk_period = static_cast<int>(o[0]);
  const std::size_t n = view.size;
  double* slowk_out = outs[0];
  double* slowd_out = outs[1];
  bool disjoint = !overlaps(slowk_out, slowd_out, n);
  for (const double* in : {view.high, view.low, view.close}) {
    disjoint &= !overlaps(in, slowk_out, n) && !overlaps(in, slowd_out, n);
  }
  if (disjoint && fast_k_batch(view, fastk_period, slowk_out)) {
    with_smoothing(
        static_cast<MaType>(static_cast<int>(o[2])), static_cast<int>(o[1]), [&](auto slowk) {
          with_smoothing(
              static_cast<MaType>(static_cast<int>(o[4])), static_cast<int>(o[3]), [&](auto slowd) {
                const std::size_t slowk_start = static_cast<std::size_t>(fastk_period - 1);
                const std::size_t slowd_start =
                    slowk_start + static_cast<std::size_t>(slowk.lookback());
                const std::size_t lookback =
                    slowd_start + static_cast<std::size_t>(slowd.lookback());
                for (std::size_t i = 0; i < slowk_start; ++i) slowd_out[i] = kNaN;
                for (std::size_t i = slowk_start; i < n; ++i) {
                  const double k = slowk.update(slowk_out[i]);
                  if (i < lookback) {
                    if (i >= slowd_start) slowd.update(k);
                    slowk_out[i] = slowd_out[i] = kNaN;
                  } else {
                    slowk_out[i] = k;
                    slowd_out[i] = slowd.update(k);
                  }
                }
              });
        });
    return;
  }
  with_stoch(o, [&](auto stoch) { drive_batch_flat(stoch, kInputs, view, outs); });
}

}  // namespace sp::core::factory
