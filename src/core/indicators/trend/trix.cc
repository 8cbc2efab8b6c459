#include "core/indicators/trend/trix.h"

#include <algorithm>

#include "core/indicators/factories.h"
#include "core/kernels/ema_kernel.h"

namespace sp::core::factory {

namespace {

// The batch kernel on all-finite closes, period >= 2. The warm-up (until the triple EMA has two
// values) runs through the streaming Ema objects, exactly as Trix::update. From there the three
// EMAs run a block at a time through kernels::ema_run (ema_kernel.h: one multiply and one add per
// 8 bars on each chain, where the stream has three dependent EMAs of three operations a bar), each
// over the block of the one before, kept in L1; then the block's 1-bar rates of change, vectorised.
// Rounding: each EMA within a few ulps of the stream's, and TRIX is their ratio minus 1, x 100:
// within ~1e-13 absolute. Returns false, leaving garbage, on a non-finite close.
bool trix_batch(const double* close, std::size_t n, int period, double* out) {
  constexpr std::size_t kBlock = 512;
  Ema ema1(period), ema2(period), ema3(period);
  const std::size_t first = static_cast<std::size_t>(3 * (period - 1) + 1);  // first output bar
  bool finite = true;
  double prev = 0;  // the previous triple EMA
  std::size_t i = 0;
  for (; i < n && i <= first; ++i) {
    finite &= std::isfinite(close[i]);
    out[i] = kNaN;
    const double e1 = ema1.update(close[i]);
    if (std::isnan(e1)) continue;
    const double e2 = ema2.update(e1);
    if (std::isnan(e2)) continue;
    const double e3 = ema3.update(e2);
    if (std::isnan(e3)) continue;
    if (i == first) out[i] = rate_of_change(e3, prev);
    prev = e3;
  }
  if (!finite) return false;
  const double k = 2.0 / (period + 1);
  double v1 = ema1.value(), v2 = ema2.value(), v3 = ema3.value();
  alignas(64) double a[kBlock], b[kBlock], c[kBlock];
  for (std::size_t begin = first + 1; begin < n; begin += kBlock) {
    const std::size_t count = std::min(kBlock, n - begin);
    v1 = kernels::ema_run(close + begin, count, k, v1, a);
    v2 = kernels::ema_run(a, count, k, v2, b);
    v3 = kernels::ema_run(b, count, k, v3, c);
    double* o = out + begin;
    o[0] = rate_of_change(c[0], prev);
    for (std::size_t j = 1; j < count; ++j) {
      // rate_of_change with the division unconditional, so that the loop vectorises.
      const double ratio = c[j] / c[j - 1];
      o[j] = c[j - 1] != 0.0 ? (ratio - 1.0) * 100.0 : 0.0;
    }
    prev = c[count - 1];
  }
  // A non-finite close reaches every later EMA value (ema_kernel.h), so the last one tells.
  return std::isfinite(v1);
}

}  // namespace

std::unique_ptr<IndicatorStream> make_trix(std::span<const double> o) {
  return make_stream(kClose, Trix(static_cast<int>(o[0])));
}

// Period >= 2, all-finite closes, the output apart from them: trix_batch. Otherwise drive_batch.
void batch_trix(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  const int period = static_cast<int>(o[0]);
  if (period >= 2 && !overlaps(view.close, outs[0], view.size) &&
      trix_batch(view.close, view.size, period, outs[0])) {
    return;
  }
  Trix ind = Trix(period);
  drive_batch(ind, kClose, view, outs);
}

}  // namespace sp::core::factory
