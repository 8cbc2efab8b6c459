#include "core/indicators/overlap/kama.h"

#include <cmath>

#include "core/indicators/factories.h"
#include "core/indicators/talib_arith.h"

namespace sp::core::factory {

namespace {

// Kama::update over an array, with two changes of shape and one of arithmetic:
//  - no ring: the value leaving the window is read back from the input, the state lives in
//    registers, and there is no per-bar finiteness test (see the return value);
//  - the KAMA step is kama = (1-sc)*kama + sc*x instead of TA-Lib's ((x-kama)*sc) + kama. Both
//    products are off the chain, which is then one multiply and one add a bar (6 cycles) instead
//    of a subtract, a multiply and an add (9): the same value within an ulp or two, and the step
//    forgets such differences geometrically.
// The sum of one-bar changes keeps TA-Lib's exact order (subtract the change leaving, add the new
// one): in a flat window that sum is rounding noise, and whether it is within 1e-14 of zero decides
// ER (1 or 0), so it must carry TA-Lib's bits. Its chain (two adds, 6 cycles) runs beside the
// KAMA chain. Returns false when some x[i] is not finite (a NaN or infinity enters the sum of
// changes, |x[i] - x[i-1]|, and stays: it is later subtracted, inf - inf is NaN); the caller then
// runs Kama bar by bar. REQUIRES: period >= 2, out does not overlap x.
bool kama_kernel(const double* __restrict x, std::size_t n, int period, double* __restrict out) {
  static constexpr double kConstMax = 2.0 / (30.0 + 1.0);
  static constexpr double kConstDiff = 2.0 / (2.0 + 1.0) - kConstMax;
  const std::size_t p = static_cast<std::size_t>(period);
  double sum_roc1 = 0;
  for (std::size_t i = 0; i < n && i < p; ++i) {
    if (i > 0) sum_roc1 += std::fabs(x[i - 1] - x[i]);
    out[i] = kNaN;
  }
  if (n <= p) return std::isfinite(sum_roc1) && (n == 0 || std::isfinite(x[0]));
  // Bar p, the first value: its change completes the seed sum; the previous KAMA is the previous
  // close.
  sum_roc1 += std::fabs(x[p - 1] - x[p]);
  double kama = x[p - 1];
  auto step = [&](std::size_t i) {
    const double period_roc = x[i] - x[i - p];
    double er;
    if (sum_roc1 <= period_roc || talib::is_zero(sum_roc1)) {
      er = 1.0;
    } else {
      er = std::fabs(period_roc / sum_roc1);
    }
    double sc = (er * kConstDiff) + kConstMax;
    sc *= sc;
    kama = (1.0 - sc) * kama + sc * x[i];
    out[i] = kama;
  };
  step(p);
  for (std::size_t i = p + 1; i < n; ++i) {
    sum_roc1 -= std::fabs(x[i - p - 1] - x[i - p]);
    sum_roc1 += std::fabs(x[i] - x[i - 1]);
    step(i);
  }
  return std::isfinite(sum_roc1) && std::isfinite(kama);
}

}  // namespace

std::unique_ptr<IndicatorStream> make_kama(std::span<const double> o) {
  return make_stream(kClose, Kama(static_cast<int>(o[0])));
}

void batch_kama(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  const int period = static_cast<int>(o[0]);
  if (period >= 2 && !overlaps(view.close, outs[0], view.size) &&
      kama_kernel(view.close, view.size, period, outs[0])) {
    return;
  }
  Kama kama(period);
  drive_batch(kama, kClose, view, outs);
}

}  // namespace sp::core::factory
