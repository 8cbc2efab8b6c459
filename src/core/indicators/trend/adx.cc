#include "core/indicators/trend/adx.h"

#include <cmath>

#include "core/indicators/factories.h"
#include "core/indicators/trend/directional_batch.h"
#include "core/kernels/ema_kernel.h"

namespace sp::core {

bool adx_batch(const OhlcvView& view, int period, double* out) {
  const std::size_t p = static_cast<std::size_t>(period);
  const double k = 1.0 / period;
  const double decay = 1.0 - k;
  alignas(64) double dx[directional_detail::kBlock];
  std::size_t dx_bars = 0;  // DX values (defined or not) seen, saturating at period
  double adx = 0;           // sum of the first `period` DX values, then the smoothed ADX
  const bool done = directional_batch(view, period,
                                      [&](std::size_t begin, std::size_t count, const double* plus,
                                          const double* minus, const double* tr) {
                                        directional_dx(count, period, plus, minus, tr, dx);
                                        double* o = out + begin;
                                        std::size_t j = 0;
                                        for (; j < count && dx_bars < p;
                                             ++j) {  // the first `period` DX values: their mean
                                          if (!std::isnan(dx[j])) adx += dx[j];
                                          if (++dx_bars < p) {
                                            o[j] = kNaN;
                                          } else {
                                            adx = adx / period;
                                            o[j] = adx;
                                          }
                                        }
                                        if (j == count) return;
                                        bool all_defined = true;
                                        for (std::size_t m = j; m < count; ++m)
                                          all_defined &= !std::isnan(dx[m]);
                                        if (all_defined) {
                                          adx = kernels::ema_run(dx + j, count - j, k, adx, o + j);
                                          return;
                                        }
                                        for (; j < count; ++j) {
                                          adx = std::isnan(dx[j]) ? adx : decay * adx + k * dx[j];
                                          o[j] = adx;
                                        }
                                      });
  if (!done) return false;
  for (std::size_t i = 0; i < p && i < view.size; ++i) out[i] = kNaN;
  return true;
}

namespace factory {

std::unique_ptr<IndicatorStream> make_adx(std::span<const double> o) {
  return make_stream(kHigh | kLow | kClose, Adx(static_cast<int>(o[0])));
}

// All-finite input, outputs apart from inputs: adx_batch. Otherwise drive_batch.
void batch_adx(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  const int period = static_cast<int>(o[0]);
  const std::size_t n = view.size;
  double* out = outs[0];
  const bool disjoint =
      !overlaps(view.high, out, n) && !overlaps(view.low, out, n) && !overlaps(view.close, out, n);
  if (disjoint && adx_batch(view, period, out)) return;
  Adx ind = Adx(period);
  drive_batch(ind, kHigh | kLow | kClose, view, outs);
}

}  // namespace factory
}  // namespace sp::core
