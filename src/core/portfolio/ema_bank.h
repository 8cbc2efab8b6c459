// EmaBank: EMA (TA-Lib TA_EMA; the scalar class is overlap/ema.h) for N symbols in lockstep.
// Contract, layout and non-finite policy: bank.h.
//
// State: ema [symbols], the seed sum while warming up, as Ema keeps it. The first value, at clock
// period-1, is the seed sum divided by period; then ema = (x - ema) * k + ema in Ema's order. Each
// phase is one loop across symbols; the steady one has no dependency between symbols (the scalar
// EMA's latency chain runs across bars only), so it vectorises fully.
// REQUIRES: period >= 1.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/indicator.h"
#include "core/portfolio/bank.h"
#include "core/portfolio/soa_array.h"

namespace sp::core {

class EmaLanes {
 public:
  static constexpr int kOutputs = 1;
  static constexpr unsigned kInputs = kClose;

  explicit EmaLanes(std::size_t symbols, int period = 30)
      : period_(period), k_(2.0 / (period + 1)), ema_(1, symbols) {}

  int lookback() const { return period_ - 1; }
  std::uint64_t steady() const { return static_cast<std::uint64_t>(period_); }

  template <bool kCommit>
  void step(std::size_t begin, std::size_t end, std::uint64_t t, const PortfolioTick& in,
            double* const* out) {
    const double* const x = in.close;
    double* const o = out[0];
    double* const ema = ema_.row(0);
    const double n = period_;
    const double k = k_;
    if (t >= static_cast<std::uint64_t>(period_)) [[likely]] {
      for (std::size_t s = begin; s < end; ++s) {
        const double e = (x[s] - ema[s]) * k + ema[s];
        if constexpr (kCommit) ema[s] = e;
        o[s] = e;
      }
    } else if (t + 1 < static_cast<std::uint64_t>(period_)) {
      if constexpr (kCommit) {
        for (std::size_t s = begin; s < end; ++s) ema[s] += x[s];
      }
      for (std::size_t s = begin; s < end; ++s) o[s] = kNaN;
    } else {  // the seed: clock period-1
      for (std::size_t s = begin; s < end; ++s) {
        const double e = (ema[s] + x[s]) / n;
        if constexpr (kCommit) ema[s] = e;
        o[s] = e;
      }
    }
  }

  bool realign(std::size_t, std::uint64_t, std::uint64_t) { return true; }
  void reset() { ema_.fill(0); }

 private:
  int period_;
  double k_;
  SoaArray ema_;
};

using EmaBank = Bank<EmaLanes>;

}  // namespace sp::core
