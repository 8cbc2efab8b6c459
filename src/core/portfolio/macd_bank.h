// MacdBank: MACD (TA-Lib TA_MACD; the scalar class is momentum/macd.h) for N symbols in lockstep.
// Outputs macd, macdsignal, macdhist. Contract, layout and non-finite policy: bank.h.
//
// State: fast, slow, signal [symbols] (the seed sums while warming up), with Macd's alignment: both
// EMAs seed at clock slow-1 (the fast one from its own last `fast` closes), the signal EMA at clock
// lookback from the first `signal` macd values. An EMA step is Macd's: ema * keep + x * k with
// Macd's weights (keep = 1 - 2 / (period + 1), k = 1 - keep), both products rounded before the
// addition (here by -ffp-contract=off alone). Each warm-up phase
// is chosen once per tick from the shared clock; every phase, and the steady step (three EMA steps
// and two subtractions), is one vectorised loop across symbols.
// REQUIRES: periods as Macd's (fast and slow >= 2, signal >= 1; fast > slow swaps them).
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>

#include "core/indicator.h"
#include "core/portfolio/bank.h"
#include "core/portfolio/soa_array.h"

namespace sp::core {

class MacdLanes {
 public:
  static constexpr int kOutputs = 3;
  static constexpr unsigned kInputs = kClose;

  explicit MacdLanes(std::size_t symbols, int fast_period = 12, int slow_period = 26,
                     int signal_period = 9)
      : fast_(1, symbols), slow_(1, symbols), signal_(1, symbols) {
    if (slow_period < fast_period) std::swap(fast_period, slow_period);
    fast_period_ = fast_period;
    slow_period_ = slow_period;
    signal_period_ = signal_period;
    // Macd::Smoothing's weights: keep = 1 - 2 / (period + 1) rounded, then k = 1 - keep (exact).
    fast_keep_ = 1.0 - 2.0 / (fast_period + 1);
    slow_keep_ = 1.0 - 2.0 / (slow_period + 1);
    signal_keep_ = 1.0 - 2.0 / (signal_period + 1);
    fast_k_ = 1.0 - fast_keep_;
    slow_k_ = 1.0 - slow_keep_;
    signal_k_ = 1.0 - signal_keep_;
    lookback_ = (slow_period - 1) + (signal_period - 1);
  }

  int lookback() const { return lookback_; }
  std::uint64_t steady() const { return static_cast<std::uint64_t>(lookback_) + 1; }

  template <bool kCommit>
  void step(std::size_t begin, std::size_t end, std::uint64_t t, const PortfolioTick& in,
            double* const* out) {
    if (t > static_cast<std::uint64_t>(lookback_)) [[likely]] {
      steady_loop<kCommit>(begin, end, in.close, fast_.row(0), slow_.row(0), signal_.row(0), out[0],
                           out[1], out[2]);
    } else {
      warm_up_loop<kCommit>(begin, end, t, in.close, fast_.row(0), slow_.row(0), signal_.row(0),
                            out[0], out[1], out[2]);
    }
  }

  bool realign(std::size_t, std::uint64_t, std::uint64_t) { return true; }

  void reset() {
    fast_.fill(0);
    slow_.fill(0);
    signal_.fill(0);
  }

 private:
  // The loops take __restrict pointers: with seven arrays GCC would otherwise need more run-time
  // alias checks than it allows and leave the loop scalar. (REQUIRES of bank.h: out rows do not
  // overlap each other or the inputs.)
  template <bool kCommit>
  SP_BANK_KERNEL void steady_loop(std::size_t begin, std::size_t end, const double* __restrict x,
                                  double* __restrict fast, double* __restrict slow,
                                  double* __restrict signal, double* __restrict o0,
                                  double* __restrict o1, double* __restrict o2) const {
    const double fk = fast_k_, sk = slow_k_, gk = signal_k_;
    const double fw = fast_keep_, sw = slow_keep_, gw = signal_keep_;
    for (std::size_t s = begin; s < end; ++s) {
      const double f = fast[s] * fw + x[s] * fk;
      const double l = slow[s] * sw + x[s] * sk;
      const double g = signal[s] * gw + (f - l) * gk;
      if constexpr (kCommit) {
        fast[s] = f;
        slow[s] = l;
        signal[s] = g;
      }
      const double macd = f - l;
      o0[s] = macd;
      o1[s] = g;
      o2[s] = macd - g;
    }
  }

  template <bool kCommit>
  SP_BANK_KERNEL void warm_up_loop(std::size_t begin, std::size_t end, std::uint64_t bar,
                                   const double* __restrict x, double* __restrict fast,
                                   double* __restrict slow, double* __restrict signal,
                                   double* __restrict o0, double* __restrict o1,
                                   double* __restrict o2) const {
    const std::uint64_t seed_bar = static_cast<std::uint64_t>(slow_period_ - 1);
    if (bar < seed_bar) {  // the seed sums; nothing to output
      if constexpr (kCommit) {
        const bool with_fast = bar >= static_cast<std::uint64_t>(slow_period_ - fast_period_);
        for (std::size_t s = begin; s < end; ++s) slow[s] += x[s];
        if (with_fast) {
          for (std::size_t s = begin; s < end; ++s) fast[s] += x[s];
        }
      }
      for (std::size_t s = begin; s < end; ++s) o0[s] = o1[s] = o2[s] = kNaN;
      return;
    }
    // From the seed bar to lookback: the EMAs run, the signal line's seed sum grows.
    const bool seed = bar == seed_bar;
    const bool last = bar == static_cast<std::uint64_t>(lookback_);
    const double fk = fast_k_, sk = slow_k_;
    const double fw = fast_keep_, sw = slow_keep_;
    const double nf = fast_period_, nl = slow_period_, ng = signal_period_;
    for (std::size_t s = begin; s < end; ++s) {
      double f, l;
      if (seed) {
        l = (slow[s] + x[s]) / nl;
        f = (fast[s] + x[s]) / nf;
      } else {
        f = fast[s] * fw + x[s] * fk;
        l = slow[s] * sw + x[s] * sk;
      }
      double g = signal[s] + (f - l);
      if (last) g /= ng;
      if constexpr (kCommit) {
        fast[s] = f;
        slow[s] = l;
        signal[s] = g;
      }
      if (last) {
        const double macd = f - l;
        o0[s] = macd;
        o1[s] = g;
        o2[s] = macd - g;
      } else {
        o0[s] = o1[s] = o2[s] = kNaN;
      }
    }
  }

  int fast_period_, slow_period_, signal_period_;
  double fast_k_, slow_k_, signal_k_;
  double fast_keep_, slow_keep_, signal_keep_;  // 1 - k
  int lookback_;
  SoaArray fast_, slow_, signal_;
};

using MacdBank = Bank<MacdLanes>;

}  // namespace sp::core
