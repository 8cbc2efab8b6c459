// RsiBank: RSI (TA-Lib TA_RSI; the scalar class is momentum/rsi.h, Wilder's averages from
// momentum/wilder_gain_loss.h with Division::kReciprocal) for N symbols in lockstep.
// Contract, layout and non-finite policy: bank.h.
//
// State: prev, gain, loss [symbols]. Clock 0 keeps the close; clocks 1..period sum the gains and
// losses, divided by period at clock `period` (the first value); then avg = (avg * (period-1) +
// today) * (1/period), as Rsi does. The gain/loss split is a compare and two selects, and the
// TA_IS_ZERO test a compare and a select, so every phase vectorises (blends, not branches).
// REQUIRES: period >= 2.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/indicator.h"
#include "core/indicators/talib_arith.h"
#include "core/portfolio/bank.h"
#include "core/portfolio/soa_array.h"

namespace sp::core {

// rsi_from (momentum/rsi.h) with the division done unconditionally: the same value, and a loop
// without a possibly trapping division under a branch, which GCC would not if-convert.
inline double rsi_lane(double avg_gain, double avg_loss) {
  const double sum = avg_gain + avg_loss;
  const double rsi = 100.0 * (avg_gain / sum);
  return talib::is_zero(sum) ? 0.0 : rsi;
}

class RsiLanes {
 public:
  static constexpr int kOutputs = 1;
  static constexpr unsigned kInputs = kClose;

  explicit RsiLanes(std::size_t symbols, int period = 14)
      : period_(period),
        period_less_one_(period - 1),
        reciprocal_(1.0 / period),
        prev_(1, symbols),
        gain_(1, symbols),
        loss_(1, symbols) {}

  int lookback() const { return period_; }
  std::uint64_t steady() const { return static_cast<std::uint64_t>(period_) + 1; }

  template <bool kCommit>
  void step(std::size_t begin, std::size_t end, std::uint64_t t, const PortfolioTick& in,
            double* const* out) {
    const double* const x = in.close;
    double* const o = out[0];
    double* const prev = prev_.row(0);
    double* const gain = gain_.row(0);
    double* const loss = loss_.row(0);
    const std::uint64_t p = static_cast<std::uint64_t>(period_);
    if (t > p) [[likely]] {
      const double w = period_less_one_;
      const double r = reciprocal_;
      for (std::size_t s = begin; s < end; ++s) {
        const double change = x[s] - prev[s];
        const double up = change < 0 ? 0.0 : change;
        const double down = change < 0 ? -change : 0.0;
        const double g = (gain[s] * w + up) * r;
        const double l = (loss[s] * w + down) * r;
        if constexpr (kCommit) {
          prev[s] = x[s];
          gain[s] = g;
          loss[s] = l;
        }
        o[s] = rsi_lane(g, l);
      }
      return;
    }
    if (t == 0) {
      if constexpr (kCommit) {
        for (std::size_t s = begin; s < end; ++s) prev[s] = x[s];
      }
      for (std::size_t s = begin; s < end; ++s) o[s] = kNaN;
      return;
    }
    // Clocks 1..period: the seed sums; at `period` the first averages.
    const bool first = t == p;
    const double n = period_;
    for (std::size_t s = begin; s < end; ++s) {
      const double change = x[s] - prev[s];
      const double up = change < 0 ? 0.0 : change;
      const double down = change < 0 ? -change : 0.0;
      double g = gain[s] + up;
      double l = loss[s] + down;
      if (first) {
        g /= n;
        l /= n;
      }
      if constexpr (kCommit) {
        prev[s] = x[s];
        gain[s] = g;
        loss[s] = l;
      }
      o[s] = first ? rsi_lane(g, l) : kNaN;
    }
  }

  bool realign(std::size_t, std::uint64_t, std::uint64_t) { return true; }

  void reset() {
    prev_.fill(0);
    gain_.fill(0);
    loss_.fill(0);
  }

 private:
  int period_;
  double period_less_one_;
  double reciprocal_;
  SoaArray prev_, gain_, loss_;
};

using RsiBank = Bank<RsiLanes>;

}  // namespace sp::core
