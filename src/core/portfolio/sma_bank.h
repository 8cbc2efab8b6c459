// SmaBank: SMA (TA-Lib TA_SMA; the scalar class is overlap/sma.h) for N symbols in lockstep.
// Contract, layout and non-finite policy: bank.h.
//
// State: ring [period][symbols] (row r = ring slot r of every symbol; the head row is clock %
// period for all symbols) and sum [symbols], the running sum of the last period-1 values, kept as
// Sma keeps it (add the new value, divide, then drop the oldest) so the numbers are Sma's to the
// last bit. A steady tick is one loop across symbols: store x into the head row, add, divide, load
// the next row and subtract; it vectorises (4 doubles a vector with AVX2). SmaLanes::run is that
// kernel on one series, for composition (StochBank smooths %K through it).
// REQUIRES: period >= 1.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/indicator.h"
#include "core/portfolio/bank.h"
#include "core/portfolio/soa_array.h"

namespace sp::core {

class SmaLanes {
 public:
  static constexpr int kOutputs = 1;
  static constexpr unsigned kInputs = kClose;

  explicit SmaLanes(std::size_t symbols, int period = 30)
      : period_(period), ring_(static_cast<std::size_t>(period), symbols), sum_(1, symbols) {}

  int period() const { return period_; }
  int lookback() const { return period_ - 1; }
  std::uint64_t steady() const { return static_cast<std::uint64_t>(period_ - 1); }

  template <bool kCommit>
  void step(std::size_t begin, std::size_t end, std::uint64_t t, const PortfolioTick& in,
            double* const* out) {
    run<kCommit>(begin, end, t, in.close, out[0]);
  }

  // Symbols [begin, end) at clock t (values committed before this one) take x[s]; out[s] gets
  // the SMA. kCommit=false: only out is written (Sma::peek).
  template <bool kCommit>
  void run(std::size_t begin, std::size_t end, std::uint64_t t, const double* x, double* out) {
    const std::size_t p = static_cast<std::size_t>(period_);
    const std::size_t head = static_cast<std::size_t>(t % p);
    double* const sum = sum_.row(0);
    const double n = period_;
    if (t + 1 < p) [[unlikely]] {  // warming up
      if constexpr (kCommit) {
        double* const ring = ring_.row(head);
        for (std::size_t s = begin; s < end; ++s) {
          ring[s] = x[s];
          sum[s] += x[s];
        }
      }
      for (std::size_t s = begin; s < end; ++s) out[s] = kNaN;
      return;
    }
    if constexpr (kCommit) {
      double* const ring = ring_.row(head);
      const double* const oldest = ring_.row(head + 1 == p ? 0 : head + 1);
      for (std::size_t s = begin; s < end; ++s) {
        ring[s] = x[s];
        const double total = sum[s] + x[s];
        out[s] = total / n;
        sum[s] = total - oldest[s];
      }
    } else {
      for (std::size_t s = begin; s < end; ++s) out[s] = (sum[s] + x[s]) / n;
    }
  }

  bool realign(std::size_t s, std::uint64_t from_t, std::uint64_t to_t) {
    ring_.rotate_column(
        s, static_cast<std::size_t>((to_t - from_t) % static_cast<std::uint64_t>(period_)));
    return true;
  }

  void reset() { sum_.fill(0); }

 private:
  int period_;
  SoaArray ring_;  // [period][symbols]
  SoaArray sum_;   // [1][symbols]
};

using SmaBank = Bank<SmaLanes>;

}  // namespace sp::core
