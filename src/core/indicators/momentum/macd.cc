#include "core/indicators/momentum/macd.h"

#include <algorithm>
#include <cmath>

#include "core/indicators/factories.h"
#include "core/indicators/momentum/flat_batch.h"
#include "core/kernels/ema_kernel.h"
#include "core/kernels/simd.h"

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
// In WebAssembly the fast and slow EMAs and the line are one 2-lane pass (wasm_macd_line).
// Returns false, leaving garbage, on a non-finite close.
#if defined(__wasm_simd128__)
// WebAssembly: the fast and the slow EMA side by side in one f64x2, (fast, slow), 4 bars a step,
// straight into the macd line (no fast[] / slow[] arrays). Both read the same close, so a bar's
// input is one splat load, and each lane runs ema_kernel.h's block step with its own k:
//   y_0 = k x_0, y_m = a y_{m-1} + k x_m (off the chain),  e_{j+m} = a^(m+1) e_{j-1} + y_m,
// one multiply and one add per 4 bars on the loop-carried chain. With simd128's two lanes this
// does the work of two ema_run calls and the subtraction pass in about a third fewer operations.
// e_{j-1} and e_j's (1 - k) e + k x are ema_run's form. Processes whole groups of 4 bars from 0,
// returns how many (the caller finishes the block bar by bar), advances e.fast and e.slow.
std::size_t wasm_macd_line(const double* x, std::size_t count, Macd::Emas& e, double* m) {
  using kernels::simd::splat2;
  using kernels::simd::store2;
  using kernels::simd::v2d;
  const v2d kv = {e.fast_k, e.slow_k};
  const v2d a1 = {1.0 - e.fast_k, 1.0 - e.slow_k};
  const v2d a2 = a1 * a1, a3 = a2 * a1, a4 = a2 * a2;
  v2d ev = {e.fast, e.slow};
  std::size_t j = 0;
  for (; j + 4 <= count; j += 4) {
    const v2d g0 = kv * splat2(x[j]), g1 = kv * splat2(x[j + 1]);
    const v2d g2 = kv * splat2(x[j + 2]), g3 = kv * splat2(x[j + 3]);
    const v2d y1 = a1 * g0 + g1;
    const v2d y2 = a1 * y1 + g2;
    const v2d y3 = a1 * y2 + g3;
    const v2d o0 = a1 * ev + g0, o1 = a2 * ev + y1, o2 = a3 * ev + y2;
    ev = a4 * ev + y3;
    store2(m + j, __builtin_shufflevector(o0, o1, 0, 2) - __builtin_shufflevector(o0, o1, 1, 3));
    store2(m + j + 2,
           __builtin_shufflevector(o2, ev, 0, 2) - __builtin_shufflevector(o2, ev, 1, 3));
  }
  e.fast = ev[0];
  e.slow = ev[1];
  return j;
}
#endif

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
#if defined(__wasm_simd128__)
    double* m = line + begin;
    (void)fast;
    (void)slow;
    const double* x = close + begin;
    std::size_t j = wasm_macd_line(x, count, e, m);
    for (; j < count; ++j) {
      e.fast = (1.0 - e.fast_k) * e.fast + e.fast_k * x[j];
      e.slow = (1.0 - e.slow_k) * e.slow + e.slow_k * x[j];
      m[j] = e.fast - e.slow;
    }
#else
    e.fast = kernels::ema_run(close + begin, count, e.fast_k, e.fast, fast);
    e.slow = kernels::ema_run(close + begin, count, e.slow_k, e.slow, slow);
    double* m = line + begin;
    for (std::size_t j = 0; j < count; ++j) m[j] = fast[j] - slow[j];
#endif
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
