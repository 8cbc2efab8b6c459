#include "core/indicators/volatility/trange.h"

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "core/indicators/factories.h"
#include "core/indicators/volatility/true_range_kernel.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_trange(std::span<const double>) {
  return make_stream(kHigh | kLow | kClose, TrueRange());
}

// The vectorised pass when the output is none of the inputs: TrueRange::of's comparisons eight bars
// at a time, the output 64-byte aligned (see output_pass.h on why), every high, low and close
// checked for finiteness in the same pass. On a non-finite input, or in place, bar by bar, which
// applies the non-finite policy.
void batch_trange(std::span<const double>, const OhlcvView& view, double* const* outs) {
  const std::size_t n = view.size;
  double* out = outs[0];
  if (n > 0 && !overlaps(view.high, out, n) && !overlaps(view.low, out, n) &&
      !overlaps(view.close, out, n)) {
    const double* __restrict high = view.high;
    const double* __restrict low = view.low;
    const double* __restrict close = view.close;
    bool finite = true_range_edges_finite(view);
    auto scalar = [&](std::size_t i) {
      finite &= std::isfinite(high[i]) && std::isfinite(low[i]) && std::isfinite(close[i - 1]);
      return TrueRange::of(high[i], low[i], close[i - 1]);
    };
    out[0] = kNaN;
    std::size_t i = 1;
    for (; i < n && reinterpret_cast<std::uintptr_t>(out + i) % 64 != 0; ++i) out[i] = scalar(i);
    if (n - i >= 16) {
      // 8 bars a step in one 64-byte vector (AVX-512 natively; two AVX2 or four simd128 registers
      // elsewhere), the previous closes loaded a step ahead: out[j] and close[j] usually sit at
      // the same offset in their pages (both mmap'd), and close[j] is read one bar after out[j]
      // is written; loaded in step order, each step's close loads would wait on the step before's
      // stores (4K aliasing, see roc.cc). Issued before those stores, they do not.
      // |x| is a bit mask (std::fabs exactly); finiteness costs two adds: h - l is finite exactly
      // when h and l are, pc - h when pc and h are, and d - d is 0 for finite d and NaN otherwise,
      // so `nonfinite` stays 0 exactly while every input is finite.
      typedef double v8d __attribute__((vector_size(64), aligned(8)));
      typedef std::int64_t v8l __attribute__((vector_size(64), aligned(8)));
      auto load8 = [](const double* p) {
        v8d v;
        __builtin_memcpy(&v, p, sizeof v);
        return v;
      };
      const v8l magnitude = v8l{} + INT64_MAX;
      auto abs8 = [&](v8d v) {
        return reinterpret_cast<v8d>(reinterpret_cast<v8l>(v) & magnitude);
      };
      v8d nonfinite = {};
      v8d pc = load8(close + i - 1);
      for (; i + 16 <= n; i += 8) {
        const v8d next_pc = load8(close + i + 7);
        const v8d h = load8(high + i), l = load8(low + i);
        const v8d range = h - l, gap_high = pc - h, gap_low = pc - l;
        nonfinite += (range - range) + (gap_high - gap_high);
        v8d greatest = abs8(gap_high) > range ? abs8(gap_high) : range;
        greatest = abs8(gap_low) > greatest ? abs8(gap_low) : greatest;
        __builtin_memcpy(out + i, &greatest, sizeof greatest);
        pc = next_pc;
      }
      for (int k = 0; k < 8; ++k) finite &= nonfinite[k] == 0;
    }
    for (; i < n; ++i) out[i] = scalar(i);
    if (finite) return;
  }
  TrueRange trange;
  drive_batch(trange, kHigh | kLow | kClose, view, outs);
}

}  // namespace sp::core::factory
