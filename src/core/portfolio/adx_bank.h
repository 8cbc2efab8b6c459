// AdxBank: ADX (TA-Lib TA_ADX; the scalar class is trend/adx.h over trend/directional_movement.h)
// for N symbols in lockstep. Inputs high, low, close. Contract, layout and non-finite policy:
// bank.h.
//
// State [symbols]: prev_high, prev_low, prev_close, plus_dm, minus_dm, tr (seed sums, then Wilder's
// smoothing s - s/period + x1) and adx (the sum of the first `period` DX values, then the smoothed
// ADX). The phases follow the shared clock: 0 keeps the bar; 1..period-1 seed the sums;
// period..2*period-1 smooth and sum DX (divided at 2*period-1, the first value); then
// adx = (adx * (period-1) + dx) / period. A DX that is undefined (TR or -DI + +DI zero by
// TA_IS_ZERO) leaves the ADX as it was: computed anyway and blended out, so the loop has no branch
// (the divisions by a zero TR give inf or NaN in lanes that are then discarded).
// REQUIRES: period >= 2.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "core/indicator.h"
#include "core/indicators/talib_arith.h"
#include "core/portfolio/bank.h"
#include "core/portfolio/soa_array.h"

namespace sp::core {

class AdxLanes {
 public:
  static constexpr int kOutputs = 1;
  static constexpr unsigned kInputs = kHigh | kLow | kClose;

  explicit AdxLanes(std::size_t symbols, int period = 14)
      : period_(period),
        n_(period),
        n_minus_1_(period - 1),
        prev_high_(1, symbols),
        prev_low_(1, symbols),
        prev_close_(1, symbols),
        plus_dm_(1, symbols),
        minus_dm_(1, symbols),
        tr_(1, symbols),
        adx_(1, symbols) {}

  int lookback() const { return 2 * period_ - 1; }
  std::uint64_t steady() const { return 2 * static_cast<std::uint64_t>(period_); }

  template <bool kCommit>
  void step(std::size_t begin, std::size_t end, std::uint64_t t, const PortfolioTick& in,
            double* const* out) {
    loop<kCommit>(begin, end, t, in.high, in.low, in.close, prev_high_.row(0), prev_low_.row(0),
                  prev_close_.row(0), plus_dm_.row(0), minus_dm_.row(0), tr_.row(0), adx_.row(0),
                  out[0]);
  }

  bool realign(std::size_t, std::uint64_t, std::uint64_t) { return true; }

  void reset() {
    for (SoaArray* a : {&prev_high_, &prev_low_, &prev_close_, &plus_dm_, &minus_dm_, &tr_, &adx_})
      a->fill(0);
  }

 private:
  struct Move {
    double plus_dm1, minus_dm1, tr1;
  };

  // DirectionalMovement::advance's one-bar movement and true range, its comparisons in its order.
  static Move move(double high, double low, double prev_high, double prev_low, double prev_close) {
    const double up = high - prev_high;
    const double down = prev_low - low;
    Move m;
    m.plus_dm1 = (up > 0 && up > down) ? up : 0.0;
    m.minus_dm1 = (down > 0 && up < down) ? down : 0.0;
    double tr1 = high - low;
    const double hc = std::fabs(high - prev_close);
    tr1 = hc > tr1 ? hc : tr1;
    const double lc = std::fabs(low - prev_close);
    tr1 = lc > tr1 ? lc : tr1;
    m.tr1 = tr1;
    return m;
  }

  // __restrict: see bank.h (eleven arrays: far more run-time alias checks than GCC allows).
  template <bool kCommit>
  SP_BANK_KERNEL void loop(std::size_t begin, std::size_t end, std::uint64_t t,
                           const double* __restrict h, const double* __restrict l,
                           const double* __restrict c, double* __restrict ph, double* __restrict pl,
                           double* __restrict pc, double* __restrict pdm, double* __restrict mdm,
                           double* __restrict trs, double* __restrict adx,
                           double* __restrict o) const {
    const std::uint64_t p = static_cast<std::uint64_t>(period_);
    const double n = n_, n1 = n_minus_1_;
    if (t == 0) [[unlikely]] {
      if constexpr (kCommit) {
        for (std::size_t s = begin; s < end; ++s) {
          ph[s] = h[s];
          pl[s] = l[s];
          pc[s] = c[s];
        }
      }
      for (std::size_t s = begin; s < end; ++s) o[s] = kNaN;
      return;
    }
    if (t < p) [[unlikely]] {  // seeding the sums; nothing to output
      if constexpr (kCommit) {
        for (std::size_t s = begin; s < end; ++s) {
          const Move m = move(h[s], l[s], ph[s], pl[s], pc[s]);
          ph[s] = h[s];
          pl[s] = l[s];
          pc[s] = c[s];
          pdm[s] += m.plus_dm1;
          mdm[s] += m.minus_dm1;
          trs[s] += m.tr1;
        }
      }
      for (std::size_t s = begin; s < end; ++s) o[s] = kNaN;
      return;
    }
    // From `period` on: smoothed sums and DX. Before 2*period the ADX is DX's seed sum.
    const bool steady = t >= 2 * p;
    const bool first = t == 2 * p - 1;
    for (std::size_t s = begin; s < end; ++s) {
      const Move m = move(h[s], l[s], ph[s], pl[s], pc[s]);
      const double plus = pdm[s] - pdm[s] / n + m.plus_dm1;
      const double minus = mdm[s] - mdm[s] / n + m.minus_dm1;
      const double tr = trs[s] - trs[s] / n + m.tr1;
      const double minus_di = 100.0 * (minus / tr);
      const double plus_di = 100.0 * (plus / tr);
      const double sum = minus_di + plus_di;
      const double dx = 100.0 * (std::fabs(minus_di - plus_di) / sum);
      const bool defined = !talib::is_zero(tr) && !talib::is_zero(sum);
      double a;
      if (steady) {
        const double smoothed = ((adx[s] * n1) + dx) / n;
        a = defined ? smoothed : adx[s];
      } else {
        const double summed = adx[s] + dx;
        a = defined ? summed : adx[s];
        if (first) a = a / n;
      }
      if constexpr (kCommit) {
        ph[s] = h[s];
        pl[s] = l[s];
        pc[s] = c[s];
        pdm[s] = plus;
        mdm[s] = minus;
        trs[s] = tr;
        adx[s] = a;
      }
      o[s] = steady || first ? a : kNaN;
    }
  }

  int period_;
  double n_, n_minus_1_;
  SoaArray prev_high_, prev_low_, prev_close_, plus_dm_, minus_dm_, tr_, adx_;
};

using AdxBank = Bank<AdxLanes>;

}  // namespace sp::core
