#include "core/indicators/overlap/bbands.h"

#include "core/indicators/factories.h"
#include "core/indicators/talib_arith.h"

namespace sp::core::factory {

namespace {

Bbands from_options(std::span<const double> o) {
  return Bbands(static_cast<int>(o[0]), o[1], o[2], static_cast<MaType>(static_cast<int>(o[3])));
}

// TA_BBANDS with the SMA middle band in TA-Lib's loop shape (Bbands with MaType::kSma, period >= 2):
// the SMA as TA_SMA keeps it, the sums of x and x^2 over the window as Bbands keeps them (both
// start at bar 0, since the SMA's lookback is period-1), the value leaving the window read back
// from the input rather than from a ring, all sums in registers. The same operations in the same
// order as Bbands::update, so the same bits. REQUIRES: every x[i] finite, period >= 2.
void bbands_sma_kernel(const double* __restrict x, std::size_t n, int period, double up, double dn,
                       double* __restrict upper, double* __restrict middle,
                       double* __restrict lower) {
  const std::size_t p = static_cast<std::size_t>(period);
  double ma = 0, total1 = 0, total2 = 0;
  std::size_t i = 0;
  for (; i + 1 < p && i < n; ++i) {
    const double xi = x[i];
    ma += xi;
    total1 += xi;
    total2 += xi * xi;
    upper[i] = middle[i] = lower[i] = kNaN;
  }
  for (; i < n; ++i) {
    const double xi = x[i];
    ma += xi;
    const double mid = ma / period;
    const double old = x[i + 1 - p];
    ma -= old;
    total1 += xi;
    total2 += xi * xi;
    const double mean1 = total1 / period;
    const double mean2 = total2 / period;
    total1 -= old;
    total2 -= old * old;
    const double variance = mean2 - mean1 * mean1;
    const double sd = talib::is_zero_or_neg(variance) ? 0.0 : std::sqrt(variance);
    upper[i] = mid + sd * up;
    middle[i] = mid;
    lower[i] = mid - sd * dn;
  }
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
      all_finite(view.close, n)) {
    bbands_sma_kernel(view.close, view.size, period, o[1], o[2], outs[0], outs[1], outs[2]);
    return;
  }
  Bbands bbands = from_options(o);
  drive_batch(bbands, kClose, view, outs);
}

}  // namespace sp::core::factory
