#include "core/indicators/trend/roc.h"

#include <cstdint>

#include "core/indicators/factories.h"
#include "core/kernels/lanes.h"
#include "core/kernels/nonfinite_flag.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_roc(std::span<const double> o) {
  return make_stream(kClose, Roc(static_cast<int>(o[0])));
}

// Fast path when the output is not the close array: the earlier close is read straight from the
// input (no ring) and the loop has no per-bar state: four bars at a time in SIMD lanes. The
// division is taken unconditionally (x / 0 is only an inf that the select drops), which is what
// lets the compiler vectorise it; the kept values are Roc's arithmetic bit for bit. Finiteness is
// checked inside the same loop (nonfinite_flag.h); on a non-finite close the batch is redone
// through drive_batch.
void batch_roc(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  const int period = static_cast<int>(o[0]);
  const std::size_t n = view.size;
  const std::size_t p = static_cast<std::size_t>(period);
  if (!overlaps(view.close, outs[0], n)) {
    const double* __restrict close = view.close;
    double* __restrict out = outs[0];
    std::uint64_t flags = 0;
    const std::size_t warm = p < n ? p : n;
    for (std::size_t i = 0; i < warm; ++i) {
      flags |= kernels::nonfinite_flag(close[i]);
      out[i] = kNaN;
    }
    std::size_t i = p;
    // Scalar bars until the stores are 32-byte aligned: a misaligned vector store splits across
    // cache lines every other step, which costs this memory-bound loop about a tenth.
    for (; i < n && reinterpret_cast<std::uintptr_t>(out + i) % 32 != 0; ++i) {
      const double earlier = close[i - p];
      const double ratio = close[i] / earlier;
      flags |= kernels::nonfinite_flag(close[i]);
      out[i] = earlier != 0.0 ? (ratio - 1.0) * 100.0 : 0.0;
    }
    kernels::u64x4 flags4 = {};
    for (; i + 4 <= n; i += 4) {
      const kernels::f64x4 now = kernels::load4(close + i);
      const kernels::f64x4 earlier = kernels::load4(close + i - p);
      flags4 |= kernels::nonfinite_flags4(now);
      const kernels::f64x4 roc = (now / earlier - 1.0) * 100.0;
      kernels::store4(out + i, kernels::select4(earlier != 0.0, roc, kernels::f64x4{}));
    }
    flags |= kernels::fold_flags4(flags4);
    for (; i < n; ++i) {
      const double earlier = close[i - p];
      const double ratio = close[i] / earlier;
      flags |= kernels::nonfinite_flag(close[i]);
      out[i] = earlier != 0.0 ? (ratio - 1.0) * 100.0 : 0.0;
    }
    if (!kernels::any_nonfinite(flags)) return;
  }
  Roc ind = Roc(period);
  drive_batch(ind, kClose, view, outs);
}

}  // namespace sp::core::factory
