// StochBank: the slow Stochastic with SMA smoothing (TA-Lib TA_STOCH, slowk_matype = slowd_matype =
// 0; the scalar class is momentum/stoch.h) for N symbols in lockstep. Inputs high, low, close;
// outputs slowk, slowd. Contract, layout and non-finite policy: bank.h.
//
// State: the highest high and lowest low of the last fastk_period bars (SlidingExtremeLanes: a
// rescan of a [fastk_period][symbols] ring for small periods, lockstep van Herk blocks beyond), and
// two SmaLanes smoothing %K (clocked from bar fastk_period-1) and slowk (from bar
// fastk_period-1 + slowk_period-1), as Stoch feeds its MovingAverages. A period of 1 passes the
// value through, as TA_MA does. %K is FastK::value: (close - lowest) / ((highest - lowest) / 100),
// 0 when the range is 0 (the division is done anyway and blended out). Each stage is one
// vectorised loop across symbols through a scratch row.
// Only matype SMA is offered: the other averages would need their own lanes.
// REQUIRES: periods >= 1.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "core/indicator.h"
#include "core/portfolio/bank.h"
#include "core/portfolio/sliding_extreme_lanes.h"
#include "core/portfolio/sma_bank.h"
#include "core/portfolio/soa_array.h"

namespace sp::core {

class StochLanes {
 public:
  static constexpr int kOutputs = 2;
  static constexpr unsigned kInputs = kHigh | kLow | kClose;

  StochLanes(std::size_t symbols, int fastk_period, int slowk_period, int slowd_period,
             ExtremeMethod method)
      : highest_(symbols, fastk_period, method),
        lowest_(symbols, fastk_period, method),
        slowk_(symbols, slowk_period),
        slowd_(symbols, slowd_period),
        slowk_start_(fastk_period - 1),
        slowd_start_(slowk_start_ + slowk_period - 1),
        lookback_(slowd_start_ + slowd_period - 1),
        highest_row_(1, symbols),
        lowest_row_(1, symbols),
        fastk_row_(1, symbols) {}
  explicit StochLanes(std::size_t symbols, int fastk_period = 5, int slowk_period = 3,
                      int slowd_period = 3)
      : StochLanes(symbols, fastk_period, slowk_period, slowd_period,
                   SlidingMaxLanes::default_method(fastk_period)) {}

  int lookback() const { return lookback_; }
  std::uint64_t steady() const {
    return static_cast<std::uint64_t>(std::max(lookback_, highest_.window()));
  }
  ExtremeMethod extreme_method() const { return highest_.method(); }

  template <bool kCommit>
  void step(std::size_t begin, std::size_t end, std::uint64_t t, const PortfolioTick& in,
            double* const* out) {
    double* const slowk = out[0];
    double* const slowd = out[1];
    const std::uint64_t lookback = static_cast<std::uint64_t>(lookback_);
    if (!kCommit && t < lookback) {  // Stoch::peek while warming up: nothing computed
      nan(begin, end, out);
      return;
    }
    double* const hh = highest_row_.row(0);
    double* const ll = lowest_row_.row(0);
    double* const k = fastk_row_.row(0);
    highest_.push<kCommit>(begin, end, t, in.high, hh);
    lowest_.push<kCommit>(begin, end, t, in.low, ll);
    if (t < static_cast<std::uint64_t>(slowk_start_)) {
      nan(begin, end, out);
      return;
    }
    const double* const c = in.close;
    for (std::size_t s = begin; s < end; ++s) {
      const double diff = (hh[s] - ll[s]) / 100.0;
      const double fastk = (c[s] - ll[s]) / diff;
      k[s] = diff != 0.0 ? fastk : 0.0;
    }
    smooth<kCommit>(slowk_, begin, end, t - static_cast<std::uint64_t>(slowk_start_), k, slowk);
    if (t < static_cast<std::uint64_t>(slowd_start_)) {
      nan(begin, end, out);
      return;
    }
    smooth<kCommit>(slowd_, begin, end, t - static_cast<std::uint64_t>(slowd_start_), slowk, slowd);
    if (t < lookback) nan(begin, end, out);
  }

  bool realign(std::size_t s, std::uint64_t from_t, std::uint64_t to_t) {
    highest_.realign(s, from_t, to_t);
    lowest_.realign(s, from_t, to_t);
    const std::uint64_t k0 = static_cast<std::uint64_t>(slowk_start_);
    const std::uint64_t d0 = static_cast<std::uint64_t>(slowd_start_);
    slowk_.realign(s, from_t - k0, to_t - k0);
    slowd_.realign(s, from_t - d0, to_t - d0);
    return true;
  }

  void reset() {
    highest_.reset();
    lowest_.reset();
    slowk_.reset();
    slowd_.reset();
  }

 private:
  static void nan(std::size_t begin, std::size_t end, double* const* out) {
    for (std::size_t s = begin; s < end; ++s) out[0][s] = out[1][s] = kNaN;
  }

  // TA_MA with matype SMA: a period of 1 is the identity.
  template <bool kCommit>
  static void smooth(SmaLanes& ma, std::size_t begin, std::size_t end, std::uint64_t t,
                     const double* x, double* y) {
    if (ma.period() == 1) {
      std::copy(x + begin, x + end, y + begin);
    } else {
      ma.run<kCommit>(begin, end, t, x, y);
    }
  }

  SlidingMaxLanes highest_;
  SlidingMinLanes lowest_;
  SmaLanes slowk_;
  SmaLanes slowd_;
  int slowk_start_;  // first clock with a %K (fed to the slowk SMA)
  int slowd_start_;  // first clock with a slowk (fed to the slowd SMA)
  int lookback_;
  SoaArray highest_row_, lowest_row_, fastk_row_;  // scratch rows
};

using StochBank = Bank<StochLanes>;

}  // namespace sp::core
