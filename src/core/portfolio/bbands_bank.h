// BbandsBank: Bollinger Bands with the SMA middle band (TA-Lib TA_BBANDS, matype 0; the scalar
// class is overlap/bbands.h with MaType::kSma) for N symbols in lockstep. Outputs upperband,
// middleband, lowerband. Contract, layout and non-finite policy: bank.h.
//
// State: ring [period][symbols] of closes, sum1 and sum2 [symbols] (running sums of x and x^2 less
// the oldest). With matype SMA, Bbands's moving average and its variance sums see the same closes
// from the same bar, and Sma's running sum is bit for bit Bbands's sum of x (same additions, same
// subtractions, same order), so one ring and one sum serve both: middle = sum1 / period. The steady
// tick is three vectorised loops across symbols (sums and means; square roots; bands).
// Only matype SMA is offered: the other averages would need their own lanes.
// REQUIRES: period >= 2.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/indicator.h"
#include "core/portfolio/bank.h"
#include "core/portfolio/soa_array.h"
#include "core/portfolio/sqrt_lanes.h"

namespace sp::core {

class BbandsLanes {
 public:
  static constexpr int kOutputs = 3;
  static constexpr unsigned kInputs = kClose;

  explicit BbandsLanes(std::size_t symbols, int period = 5, double nbdevup = 2, double nbdevdn = 2)
      : period_(period),
        nbdevup_(nbdevup),
        nbdevdn_(nbdevdn),
        ring_(static_cast<std::size_t>(period), symbols),
        sum1_(1, symbols),
        sum2_(1, symbols) {}

  int lookback() const { return period_ - 1; }
  std::uint64_t steady() const { return static_cast<std::uint64_t>(period_ - 1); }

  template <bool kCommit>
  void step(std::size_t begin, std::size_t end, std::uint64_t t, const PortfolioTick& in,
            double* const* out) {
    const std::size_t p = static_cast<std::size_t>(period_);
    const std::size_t head = static_cast<std::size_t>(t % p);
    double* const ring = ring_.row(head);
    if (t + 1 < p) [[unlikely]] {
      warm_up_loop<kCommit>(begin, end, in.close, sum1_.row(0), sum2_.row(0), ring, out[0], out[1],
                            out[2]);
    } else {
      const double* const oldest = ring_.row(head + 1 == p ? 0 : head + 1);
      steady_loop<kCommit>(begin, end, in.close, sum1_.row(0), sum2_.row(0), ring, oldest, out[0],
                           out[1], out[2]);
    }
  }

  bool realign(std::size_t s, std::uint64_t from_t, std::uint64_t to_t) {
    ring_.rotate_column(
        s, static_cast<std::size_t>((to_t - from_t) % static_cast<std::uint64_t>(period_)));
    return true;
  }

  void reset() {
    sum1_.fill(0);
    sum2_.fill(0);
  }

 private:
  // __restrict: see bank.h (without it GCC gives up on the run-time alias checks). The head row
  // and the oldest row differ because period >= 2.
  template <bool kCommit>
  SP_BANK_KERNEL static void warm_up_loop(std::size_t begin, std::size_t end,
                                          const double* __restrict x, double* __restrict sum1,
                                          double* __restrict sum2, double* __restrict ring,
                                          double* __restrict o0, double* __restrict o1,
                                          double* __restrict o2) {
    if constexpr (kCommit) {
      for (std::size_t s = begin; s < end; ++s) {
        sum1[s] += x[s];
        sum2[s] += x[s] * x[s];
        ring[s] = x[s];
      }
    }
    for (std::size_t s = begin; s < end; ++s) o0[s] = o1[s] = o2[s] = kNaN;
  }

  // Three passes, so that the square root is vectorised too (sqrt_lanes.h): the variance goes to
  // the upper band's row and its root to the lower band's, then both bands are formed.
  template <bool kCommit>
  SP_BANK_KERNEL void steady_loop(std::size_t begin, std::size_t end, const double* __restrict x,
                                  double* __restrict sum1, double* __restrict sum2,
                                  double* __restrict ring, const double* __restrict oldest,
                                  double* __restrict o0, double* __restrict o1,
                                  double* __restrict o2) const {
    const double n = period_;
    const double up = nbdevup_, dn = nbdevdn_;
    for (std::size_t s = begin; s < end; ++s) {
      const double total1 = sum1[s] + x[s];
      const double total2 = sum2[s] + x[s] * x[s];
      const double mean1 = total1 / n;
      const double mean2 = total2 / n;
      if constexpr (kCommit) {
        ring[s] = x[s];
        sum1[s] = total1 - oldest[s];
        sum2[s] = total2 - oldest[s] * oldest[s];
      }
      o0[s] = mean2 - mean1 * mean1;
      o1[s] = mean1;
    }
    sqrt_lanes(o0 + begin, o2 + begin, end - begin);
    for (std::size_t s = begin; s < end; ++s) {
      const double variance = o0[s];
      const double sd = variance < 1e-14 ? 0.0 : o2[s];  // TA_IS_ZERO_OR_NEG
      const double middle = o1[s];
      o0[s] = middle + sd * up;
      o2[s] = middle - sd * dn;
    }
  }

  int period_;
  double nbdevup_, nbdevdn_;
  SoaArray ring_;  // [period][symbols]
  SoaArray sum1_, sum2_;
};

using BbandsBank = Bank<BbandsLanes>;

}  // namespace sp::core
