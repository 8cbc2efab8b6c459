#include "core/indicators/overlap/bbands.h"

#include "core/indicators/factories.h"
#include "core/indicators/talib_arith.h"
#include "core/kernels/window_var.h"

namespace sp::core::factory {

namespace simd = kernels::simd;

namespace {

Bbands from_options(std::span<const double> o) {
  return Bbands(static_cast<int>(o[0]), o[1], o[2], static_cast<MaType>(static_cast<int>(o[3])));
}

// The standard deviation of four bars from their variances: 0 where TA_IS_ZERO_OR_NEG.
inline simd::v4d band_deviation(simd::v4d var) {
  const simd::v4l flat = var < talib::kEpsilon;
#if defined(__wasm_simd128__)
  // sqrt(+0) is +0, so one AND-NOT (v128.andnot) does what two selects do, which V8 spells with
  // three instructions each (BBANDS is short of instruction slots in WebAssembly). The same bits.
  return simd::sqrt4(reinterpret_cast<simd::v4d>(reinterpret_cast<simd::v4l>(var) & ~flat));
#else
  const simd::v4d zero = {0, 0, 0, 0};
  return flat ? zero : simd::sqrt4(flat ? zero : var);
#endif
}

// TA_BBANDS with the SMA middle band (Bbands with MaType::kSma, period >= 2) on var_window_kernel.
// The middle band is TA_SMA's running sum divided by the period; that sum starts at bar 0 with the
// window's sum of x and goes through the same adds, so it is the kernel's sum and the middle band
// is its mean, to the bit. The same values as Bbands::update. Returns false when some x[i] is not
// finite (the outputs are then garbage). REQUIRES: period >= 2, no output overlaps x.
bool bbands_sma_kernel(const double* __restrict x, std::size_t n, int period, double up, double dn,
                       double* __restrict upper, double* __restrict middle,
                       double* __restrict lower) {
  for (std::size_t i = 0; i + 1 < static_cast<std::size_t>(period) && i < n; ++i) {
    upper[i] = middle[i] = lower[i] = kNaN;
  }
  return var_window_kernel(x, n, period,
                           [=](std::size_t i, std::size_t lanes, simd::v4d mid, simd::v4d var) {
                             const simd::v4d sd = band_deviation(var);
                             kernels::simd::store_lanes(upper + i, lanes, mid + sd * up);
                             kernels::simd::store_lanes(middle + i, lanes, mid);
                             kernels::simd::store_lanes(lower + i, lanes, mid - sd * dn);
                           });
}

}  // namespace

std::unique_ptr<IndicatorStream> make_bbands(std::span<const double> o) {
  return make_stream(kClose, from_options(o));
}

void batch_bbands(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  const int period = static_cast<int>(o[0]);
  const auto matype = static_cast<MaType>(static_cast<int>(o[3]));
  const std::size_t n = view.size;
  if (matype == MaType::kSma && period >= 2 && !overlaps(view.close, outs[0], n) &&
      !overlaps(view.close, outs[1], n) && !overlaps(view.close, outs[2], n) &&
      bbands_sma_kernel(view.close, view.size, period, o[1], o[2], outs[0], outs[1], outs[2])) {
    return;
  }
  Bbands bbands = from_options(o);
  drive_batch(bbands, kClose, view, outs);
}

}  // namespace sp::core::factory
