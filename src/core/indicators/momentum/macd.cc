#include "core/indicators/momentum/macd.h"

#include <algorithm>
#include <cmath>

#include "core/indicators/factories.h"
#include "core/indicators/momentum/flat_batch.h"
#include "core/kernels/ema_kernel.h"

namespace sp::core::factory {

namespace {

Macd from_options(std::span<const double> o) {
  return Macd(static_cast<int>(o[0]), static_cast<int>(o[1]), static_cast<int>(o[2]));
}

// The batch kernel on all-finite closes. The warm-up (bars 0 .. lookback, TA-Lib's seeding and
// alignment) runs through the streaming Macd itself. From there, a block of bars at a time: the
// fast and slow EMAs through kernels::ema_run (ema_kernel.h: one multiply and one add per 8 bars
// on each chain, where the stream carries three EMAs bar by bar), the macd line into out[0], the
// signal EMA over it into out[1], the histogram into out[2]; the last two vectorised.
// ema_run's step is (1 - k) * e + k * x with Macd's own k, whose 1 - k is Macd's `keep` exactly,
// and its blocked coefficients sum to 1 within a few ulps (no drift of the level: macd.h's caveat).
// Rounding: within a few ulps of the price from the stream's EMAs, so the macd line (their small
// difference) within ~1e-13 of the stream's and of TA-Lib's.
// Returns false, leaving garbage, on a non-finite close.
bool macd_batch(Macd macd, const double* close, std::size_t n, double* const* outs) {
  constexpr std::size_t kBlock = 512;
  double* line = outs[0];
  double* signal = outs[1];
  double* hist = outs[2];
  const std::size_t first = static_cast<std::size_t>(macd.lookback());  // first output bar
  bool finite = true;
  std::size_t i = 0;
  for (; i < n && i <= first; ++i) {
    finite &= std::isfinite(close[i]);
    double row[3];
    macd.update(close[i], row);
    line[i] = row[0];
    signal[i] = row[1];
    hist[i] = row[2];
  }
  if (!finite) return false;
  Macd::Emas e = macd.emas();
  alignas(64) double fast[kBlock], slow[kBlock];
  for (std::size_t begin = first + 1; begin < n; begin += kBlock) {
    const std::size_t count = std::min(kBlock, n - begin);
    e.fast = kernels::ema_run(close + begin, count, e.fast_k, e.fast, fast);
    e.slow = kernels::ema_run(close + begin, count, e.slow_k, e.slow, slow);
    double* m = line + begin;
    for (std::size_t j = 0; j < count; ++j) m[j] = fast[j] - slow[j];
    e.signal = kernels::ema_run(m, count, e.signal_k, e.signal, signal + begin);
    const double* g = signal + begin;
    double* h = hist + begin;
    for (std::size_t j = 0; j < count; ++j) h[j] = m[j] - g[j];
  }
  // A non-finite close reaches every later EMA value (ema_kernel.h), so the last ones tell.
  return std::isfinite(e.fast) && std::isfinite(e.slow);
}

}  // namespace

std::unique_ptr<IndicatorStream> make_macd(std::span<const double> o) {
  return make_stream(kClose, from_options(o));
}

// All-finite closes, outputs apart from them and from each other: macd_batch. Otherwise the
// stream's arithmetic through drive_batch.
void batch_macd(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  const std::size_t n = view.size;
  bool disjoint = true;
  for (int k = 0; k < 3; ++k) {
    disjoint &= !overlaps(view.close, outs[k], n);
    for (int m = k + 1; m < 3; ++m) disjoint &= !overlaps(outs[k], outs[m], n);
  }
  if (disjoint && macd_batch(from_options(o), view.close, n, outs)) return;
  Macd macd = from_options(o);
  drive_batch_flat(macd, kClose, view, outs);
}

}  // namespace sp::core::factory
