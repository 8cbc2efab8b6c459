#include "core/indicators/volume/obv.h"

#include <algorithm>

#include "core/indicators/factories.h"
#include "core/kernels/nonfinite_flag.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_obv(std::span<const double>) {
  return make_stream(kClose | kVolume, Obv());
}

namespace {
// Bars per block of the two-pass kernel: the signed volumes written by the first pass are still in
// L1 when the second reads them back.
constexpr std::size_t kBlock = 512;
}  // namespace

// Two passes per block of bars. The first turns each bar into its signed volume (+v on an up close,
// -v on a down one, 0 on an equal one) with selects instead of branches: no dependency between
// bars, so it vectorises (and a random walk's up/down sequence costs no mispredicted branches,
// which is most of TA-Lib's and Tulip's time). The second is the running total, one add per bar:
// obv + (-v) is obv - v exactly and obv + 0 is obv, so the numbers are the stream's bit for bit.
// Finiteness is checked in the first pass; a non-finite input anywhere (or an output that overlaps
// an input) sends the whole batch through drive_batch, which applies the policy bar by bar.
void batch_obv(std::span<const double>, const OhlcvView& view, double* const* outs) {
  const std::size_t n = view.size;
  double* out = outs[0];
  if (n > 0 && !overlaps(view.close, out, n) && !overlaps(view.volume, out, n)) {
    const double* __restrict close = view.close;
    const double* __restrict volume = view.volume;
    double* __restrict signed_volume = out;
    std::uint64_t flags = kernels::nonfinite_flag(close[0]) | kernels::nonfinite_flag(volume[0]);
    double obv = volume[0];
    out[0] = obv;
    for (std::size_t begin = 1; begin < n; begin += kBlock) {
      const std::size_t end = std::min(n, begin + kBlock);
      for (std::size_t i = begin; i < end; ++i) {
        flags |= kernels::nonfinite_flag(close[i]) | kernels::nonfinite_flag(volume[i]);
        const double v = volume[i];
        const double up = close[i] > close[i - 1] ? v : 0.0;
        signed_volume[i] = close[i] < close[i - 1] ? -v : up;
      }
      if (kernels::any_nonfinite(flags)) break;
      for (std::size_t i = begin; i < end; ++i) {
        obv += signed_volume[i];
        out[i] = obv;
      }
    }
    if (!kernels::any_nonfinite(flags)) return;
  }
  Obv obv;
  drive_batch(obv, kClose | kVolume, view, outs);
}

}  // namespace sp::core::factory
