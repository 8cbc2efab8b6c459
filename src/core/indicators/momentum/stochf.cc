#include "core/indicators/momentum/stochf.h"

#include "core/indicators/factories.h"
#include "core/indicators/momentum/fast_k_batch.h"
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

// All-finite input, a short %K window, outputs apart from the inputs and each other: %K of every
// bar vectorised into fastk (fast_k_batch), then the %D average fed bar by bar as BasicStochF feeds
// it (the same average object, so the same numbers); only the cheap average is left per bar.
// Otherwise drive_batch.
void batch_stochf(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  const int fastk_period = static_cast<int>(o[0]);
  const std::size_t n = view.size;
  double* fastk = outs[0];
  double* fastd = outs[1];
  bool disjoint = !overlaps(fastk, fastd, n);
  for (const double* in : {view.high, view.low, view.close}) {
    disjoint &= !overlaps(in, fastk, n) && !overlaps(in, fastd, n);
  }
  if (disjoint && fast_k_batch(view, fastk_period, fastk)) {
    with_smoothing(
        static_cast<MaType>(static_cast<int>(o[2])), static_cast<int>(o[1]), [&](auto average) {
          const std::size_t start = static_cast<std::size_t>(fastk_period - 1);
          const std::size_t lookback = start + static_cast<std::size_t>(average.lookback());
          for (std::size_t i = 0; i < start; ++i) fastd[i] = kNaN;
          for (std::size_t i = start; i < n; ++i) {
            const double d = average.update(fastk[i]);
            if (i < lookback) {
              fastk[i] = fastd[i] = kNaN;
            } else {
              fastd[i] = d;
            }
          }
        });
    return;
  }
  with_stochf(o, [&](auto stochf) { drive_batch_flat(stochf, kInputs, view, outs); });
}

}  // namespace sp::core::factory
