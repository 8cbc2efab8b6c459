#include "core/indicators/trend/roc.h"

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "core/indicators/factories.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_roc(std::span<const double> o) {
  return make_stream(kClose, Roc(static_cast<int>(o[0])));
}

// Fast path when the output is not the close array: the earlier close is read straight from the
// input (no ring) and the loop has no per-bar state: eight bars at a time in SIMD lanes, the output
// 64-byte aligned (see output_pass.h on why that matters here). The division is taken
// unconditionally (x / 0 is only an inf that the select drops), which is what lets it vectorise;
// the kept values are Roc's arithmetic bit for bit. Finiteness is checked inside the same pass
// (x - x is 0 exactly for finite x); on a non-finite close the batch is redone through
// drive_batch.
void batch_roc(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  const int period = static_cast<int>(o[0]);
  const std::size_t n = view.size;
  const std::size_t p = static_cast<std::size_t>(period);
  if (!overlaps(view.close, outs[0], n)) {
    const double* __restrict close = view.close;
    double* __restrict out = outs[0];
    bool finite = true;
    const std::size_t warm = p < n ? p : n;
    for (std::size_t i = 0; i < warm; ++i) {
      finite &= std::isfinite(close[i]);
      out[i] = kNaN;
    }
    auto scalar = [&](std::size_t i) {
      const double earlier = close[i - p];
      const double ratio = close[i] / earlier;
      finite &= std::isfinite(close[i]);
      return earlier != 0.0 ? (ratio - 1.0) * 100.0 : 0.0;
    };
    std::size_t i = warm;
    for (; i < n && reinterpret_cast<std::uintptr_t>(out + i) % 64 != 0; ++i) out[i] = scalar(i);
    // 8 bars a step in one 64-byte vector (AVX-512 natively; two AVX2 or four simd128 registers
    // elsewhere). The earlier closes are loaded two steps ahead when p <= 16: the output usually
    // sits at the same offset in its pages as the closes (both mmap'd), and a load that matches a
    // pending store in the low 12 address bits waits for it (4K aliasing). close[j] is read as an
    // earlier close p bars after out[j] is written, so loaded in step order nearly every such
    // load would wait on the stores of the step before (measured: 0.40 ms against 0.31 ms on 1M
    // bars); issued before those stores, they do not. Finiteness: x - x is 0 for finite x and
    // NaN otherwise, summed into `nonfinite`.
    typedef double v8d __attribute__((vector_size(64), aligned(8)));
    auto load8 = [](const double* a) {
      v8d v;
      __builtin_memcpy(&v, a, sizeof v);
      return v;
    };
    v8d nonfinite = {};
    const v8d zero = {}, one = zero + 1.0, hundred = zero + 100.0;
    auto roc8 = [&](std::size_t at, v8d earlier) {
      const v8d now = load8(close + at);
      nonfinite += now - now;
      const v8d roc = (now / earlier - one) * hundred;
      const v8d kept = earlier != zero ? roc : zero;
      __builtin_memcpy(out + at, &kept, sizeof kept);
    };
    if (p <= 16 && n - i >= 24) {
      v8d e = load8(close + i - p), f = load8(close + i + 8 - p);
      for (; i + 24 <= n; i += 8) {
        const v8d g = load8(close + i + 16 - p);
        roc8(i, e);
        e = f;
        f = g;
      }
    }
    for (; i + 8 <= n; i += 8) roc8(i, load8(close + i - p));
    for (; i < n; ++i) out[i] = scalar(i);
    for (int k = 0; k < 8; ++k) finite &= nonfinite[k] == 0;
    if (finite) return;
  }
  Roc ind = Roc(period);
  drive_batch(ind, kClose, view, outs);
}

}  // namespace sp::core::factory
