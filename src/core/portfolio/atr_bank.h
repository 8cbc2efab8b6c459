// AtrBank: ATR (TA-Lib TA_ATR; the scalar class is volatility/atr.h) for N symbols in lockstep.
// Inputs high, low, close. Contract, layout and non-finite policy: bank.h.
//
// State: prev_close and atr [symbols] (the seed sum while warming up). Clock 0 keeps the close;
// clocks 1..period sum the true ranges (TrueRange::of: the range, then the two gaps, TA-Lib's
// comparisons, which become vector max); at `period` the sum is divided; then
// atr = (atr * (period-1) + tr) / period in Atr's order. Every phase is one vectorised loop.
// REQUIRES: period >= 1.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "core/indicator.h"
#include "core/portfolio/bank.h"
#include "core/portfolio/soa_array.h"

namespace sp::core {

// TrueRange::of (volatility/trange.h), the same comparisons in the same order.
inline double true_range_lane(double high, double low, double prev_close) {
  double greatest = high - low;
  const double to_high = std::fabs(prev_close - high);
  greatest = to_high > greatest ? to_high : greatest;
  const double to_low = std::fabs(prev_close - low);
  greatest = to_low > greatest ? to_low : greatest;
  return greatest;
}

class AtrLanes {
 public:
  static constexpr int kOutputs = 1;
  static constexpr unsigned kInputs = kHigh | kLow | kClose;

  explicit AtrLanes(std::size_t symbols, int period = 14)
      : period_(period), prior_weight_(period - 1), prev_close_(1, symbols), atr_(1, symbols) {}

  int lookback() const { return period_; }
  std::uint64_t steady() const { return static_cast<std::uint64_t>(period_) + 1; }

  template <bool kCommit>
  void step(std::size_t begin, std::size_t end, std::uint64_t t, const PortfolioTick& in,
            double* const* out) {
    loop<kCommit>(begin, end, t, in.high, in.low, in.close, prev_close_.row(0), atr_.row(0),
                  out[0]);
  }

  bool realign(std::size_t, std::uint64_t, std::uint64_t) { return true; }

  void reset() {
    prev_close_.fill(0);
    atr_.fill(0);
  }

 private:
  // __restrict: see bank.h (without it GCC gives up on the run-time alias checks).
  template <bool kCommit>
  SP_BANK_KERNEL void loop(std::size_t begin, std::size_t end, std::uint64_t t,
                           const double* __restrict h, const double* __restrict l,
                           const double* __restrict c, double* __restrict pc,
                           double* __restrict atr, double* __restrict o) const {
    const std::uint64_t p = static_cast<std::uint64_t>(period_);
    const double n = period_;
    if (t > p) [[likely]] {
      const double w = prior_weight_;
      for (std::size_t s = begin; s < end; ++s) {
        const double tr = true_range_lane(h[s], l[s], pc[s]);
        const double a = (atr[s] * w + tr) / n;
        if constexpr (kCommit) {
          pc[s] = c[s];
          atr[s] = a;
        }
        o[s] = a;
      }
      return;
    }
    if (t == 0) {
      if constexpr (kCommit) {
        for (std::size_t s = begin; s < end; ++s) pc[s] = c[s];
      }
      for (std::size_t s = begin; s < end; ++s) o[s] = kNaN;
      return;
    }
    const bool first = t == p;  // clocks 1..period: the seed sum, divided at `period`
    for (std::size_t s = begin; s < end; ++s) {
      const double tr = true_range_lane(h[s], l[s], pc[s]);
      double a = atr[s] + tr;
      if (first) a /= n;
      if constexpr (kCommit) {
        pc[s] = c[s];
        atr[s] = a;
      }
      o[s] = first ? a : kNaN;
    }
  }

  int period_;
  double prior_weight_;
  SoaArray prev_close_, atr_;
};

using AtrBank = Bank<AtrLanes>;

}  // namespace sp::core
