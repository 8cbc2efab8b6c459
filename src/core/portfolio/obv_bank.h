// ObvBank: OBV (TA-Lib TA_OBV; the scalar class is volume/obv.h) for N symbols in lockstep.
// Inputs close, volume. Contract, layout and non-finite policy: bank.h.
//
// State: obv and prev_close [symbols]. Clock 0 starts the total at the bar's volume; after it a
// higher close adds the volume, a lower one subtracts it, an equal one keeps the total: two
// compares and two blends, so the tick is one vectorised loop.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/indicator.h"
#include "core/portfolio/bank.h"
#include "core/portfolio/soa_array.h"

namespace sp::core {

class ObvLanes {
 public:
  static constexpr int kOutputs = 1;
  static constexpr unsigned kInputs = kClose | kVolume;

  explicit ObvLanes(std::size_t symbols) : obv_(1, symbols), prev_close_(1, symbols) {}

  int lookback() const { return 0; }
  std::uint64_t steady() const { return 1; }

  template <bool kCommit>
  void step(std::size_t begin, std::size_t end, std::uint64_t t, const PortfolioTick& in,
            double* const* out) {
    const double* const c = in.close;
    const double* const v = in.volume;
    double* const o = out[0];
    double* const obv = obv_.row(0);
    double* const prev = prev_close_.row(0);
    if (t == 0) [[unlikely]] {
      for (std::size_t s = begin; s < end; ++s) {
        if constexpr (kCommit) {
          obv[s] = v[s];
          prev[s] = c[s];
        }
        o[s] = v[s];
      }
      return;
    }
    for (std::size_t s = begin; s < end; ++s) {
      const double up = obv[s] + v[s];
      const double down = obv[s] - v[s];
      const double total = c[s] > prev[s] ? up : (c[s] < prev[s] ? down : obv[s]);
      if constexpr (kCommit) {
        obv[s] = total;
        prev[s] = c[s];
      }
      o[s] = total;
    }
  }

  bool realign(std::size_t, std::uint64_t, std::uint64_t) { return true; }

  void reset() {
    obv_.fill(0);
    prev_close_.fill(0);
  }

 private:
  SoaArray obv_, prev_close_;
};

using ObvBank = Bank<ObvLanes>;

}  // namespace sp::core
