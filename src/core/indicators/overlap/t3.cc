#include "core/indicators/overlap/t3.h"

#include "core/indicators/factories.h"
#include "core/kernels/ema_cascade.h"

namespace sp::core {

T3::T3(int period, double vfactor)
    : period_(period), k_(2.0 / (period + 1.0)), one_minus_k_(1.0 - k_) {
  // TA-Lib's expressions, in its order.
  const double v2 = vfactor * vfactor;
  c1_ = -(v2 * vfactor);
  c2_ = 3.0 * (v2 - c1_);
  c3_ = -6.0 * v2 - 3.0 * (vfactor - c1_);
  c4_ = 1.0 + 3.0 * vfactor - c1_ + 3.0 * v2;
}

double T3::warm_up(State& s, double x) const {
  const long n = s.bars++;
  double v = x;
  for (int i = 0; i < 6; ++i) {
    const long first = static_cast<long>(i) * (period_ - 1);
    if (n < first) return kNaN;
    const long inputs = n - first + 1;  // inputs EMA i has seen, this one included
    if (inputs < period_) {
      s.seed_sum[i] = inputs == 1 ? v : s.seed_sum[i] + v;
      return kNaN;
    }
    if (inputs == period_) {
      s.e[i] = (s.seed_sum[i] + v) / period_;
    } else {
      s.e[i] = (k_ * v) + (one_minus_k_ * s.e[i]);
    }
    v = s.e[i];
  }
  return c1_ * s.e[5] + c2_ * s.e[4] + c3_ * s.e[3] + c4_ * s.e[2];
}

}  // namespace sp::core

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_t3(std::span<const double> o) {
  return make_stream(kClose, T3(static_cast<int>(o[0]), o[1]));
}

// The chunked cascade of six EMAs when every close is finite (it reports that itself) and the
// output is not the close array; otherwise T3 bar by bar, which applies the non-finite policy.
void batch_t3(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  const int period = static_cast<int>(o[0]);
  T3 t3(period, o[1]);
  const T3::Coefficients c = t3.coefficients();
  const double w[6] = {0.0, 0.0, c.c4, c.c3, c.c2, c.c1};
  if (period >= 1 && !overlaps(view.close, outs[0], view.size) &&
      kernels::ema_cascade<6>(view.close, view.size, period, 2.0 / (period + 1.0), w, outs[0])) {
    return;
  }
  drive_batch(t3, kClose, view, outs);
}

}  // namespace sp::core::factory
