#include "core/indicators/overlap/sar.h"

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "core/indicators/factories.h"
#include "core/kernels/nonfinite_flag.h"

namespace sp::core::factory {

std::unique_ptr<IndicatorStream> make_sar(std::span<const double> o) {
  return make_stream(kHigh | kLow, Sar(o[0], o[1]));
}

namespace {

// Sar's arithmetic over all-finite arrays, with the side of the trade folded away: a short trade
// is a long one in negated prices. In that "oriented" frame (prices times +1 long, -1 short) the
// favourable price is high (long) or -low (short), the adverse one low or -high, and every rule
// of Sar::step reads as its long branch: reverse when adverse <= SAR; a new extreme point when
// favourable > EP; clamp the SAR below the last two adverse prices. Negation is exact and commutes
// with IEEE rounding (x + a*(y - x) negated is (-x) + a*((-y) - (-x)) bit for bit) and flips every
// comparison, so the values are TA-Lib's bits. What this buys: one code path a bar, the new-EP
// rule as selects (max, min, blend) instead of a branch taken about as often as not, and only the
// rare reversal left as a branch. Returns false (garbage in out) on a non-finite high or low.
// REQUIRES: n >= 2; out overlaps neither input.
bool sar_kernel(double acceleration, double maximum, const double* __restrict high,
                const double* __restrict low, std::size_t n, double* __restrict out) {
  if (acceleration > maximum) acceleration = maximum;  // as Sar (and TA-Lib)
  bool finite = std::isfinite(high[0]) && std::isfinite(low[0]);
  out[0] = kNaN;
  // TA-Lib's start on the second bar (Sar::start): short when -DM wins.
  const double diff_plus = high[1] - high[0];
  const double diff_minus = low[0] - low[1];
  const bool start_long = !(diff_minus > 0 && diff_plus < diff_minus);
  double side = start_long ? 1.0 : -1.0;        // +1 long, -1 short
  double sar = start_long ? low[0] : -high[0];  // oriented
  double ep = start_long ? high[1] : -low[1];
  double af = acceleration;
  // TA-Lib's first step takes the second bar as its own previous bar.
  double prev_adverse = start_long ? low[1] : -high[1];
  double prev_favourable = start_long ? high[1] : -low[1];
  std::uint64_t ok = 0;  // bit 63 set by a non-finite input (nonfinite_flag.h)
  for (std::size_t i = 1; i < n; ++i) {
    const double h = high[i], l = low[i];
    ok |= kernels::nonfinite_flag(h) | kernels::nonfinite_flag(l);
    const double favourable = side > 0 ? h : -l;
    const double adverse = side > 0 ? l : -h;
    if (adverse <= sar) [[unlikely]] {  // reverse
      double r = ep;
      if (r < prev_favourable) r = prev_favourable;
      if (r < favourable) r = favourable;
      out[i] = side * r;
      side = -side;
      sar = -r;
      af = acceleration;
      ep = -adverse;
      sar = sar + af * (ep - sar);
      const double new_prev_adverse = -prev_favourable, new_adverse = -favourable;
      if (sar > new_prev_adverse) sar = new_prev_adverse;
      if (sar > new_adverse) sar = new_adverse;
      prev_favourable = -adverse;
      prev_adverse = new_adverse;
      continue;
    }
    out[i] = side * sar;
    const bool new_extreme = favourable > ep;
    ep = new_extreme ? favourable : ep;
    double grown = af + acceleration;
    grown = grown > maximum ? maximum : grown;
    af = new_extreme ? grown : af;
    sar = sar + af * (ep - sar);
    sar = sar > prev_adverse ? prev_adverse : sar;
    sar = sar > adverse ? adverse : sar;
    prev_favourable = favourable;
    prev_adverse = adverse;
  }
  return finite && !kernels::any_nonfinite(ok);
}

}  // namespace

// sar_kernel when both inputs are finite and the output is apart from them (the same bits as Sar);
// otherwise bar by bar, which applies the non-finite policy.
void batch_sar(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  const std::size_t n = view.size;
  if (n >= 2 && !overlaps(view.high, outs[0], n) && !overlaps(view.low, outs[0], n) &&
      sar_kernel(o[0], o[1], view.high, view.low, n, outs[0])) {
    return;
  }
  Sar sar(o[0], o[1]);
  drive_batch(sar, kHigh | kLow, view, outs);
}

}  // namespace sp::core::factory
