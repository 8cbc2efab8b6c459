// CciBank: CCI (TA-Lib TA_CCI; the scalar class is momentum/cci.h) for N symbols in lockstep.
// Inputs high, low, close. Contract, layout and non-finite policy: bank.h.
//
// State: ring [period][symbols] of typical prices, in Cci's (TA-Lib's) slots: today's value goes
// to slot clock % period, shared by all symbols. The mean deviation needs the whole window every
// bar (O(period), as in the scalar class), and Cci sums in slot order with today's value in the
// head slot, because over a flat stretch the rounding of those sums is the answer. Here that order
// is a loop over ring rows (slots) outside and over symbols inside: each row is contiguous,
// the per-symbol sums sit in small stack blocks (kBlock symbols, so they and the block's ring stay
// in L1 between the two passes), each pass takes four rows at a time (one load and store of a
// symbol's running sum per four additions, in the same order: about a quarter less time than a row
// at a time), and every inner loop vectorises across symbols with the scalar order of additions
// kept per symbol.
// Lagging symbols (bank.h) rejoin only when their lag is a multiple of the period: re-labelling the
// ring would change the summation order.
// REQUIRES: period >= 2.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/indicator.h"
#include "core/portfolio/bank.h"
#include "core/portfolio/soa_array.h"

namespace sp::core {

class CciLanes {
 public:
  static constexpr int kOutputs = 1;
  static constexpr unsigned kInputs = kHigh | kLow | kClose;
  static constexpr std::size_t kBlock = 128;

  explicit CciLanes(std::size_t symbols, int period = 14)
      : period_(period),
        ring_(static_cast<std::size_t>(period), symbols),
        rows_(static_cast<std::size_t>(period) > kMaxRowsOnStack ? static_cast<std::size_t>(period)
                                                                 : 0) {}

  int lookback() const { return period_ - 1; }
  std::uint64_t steady() const { return static_cast<std::uint64_t>(period_ - 1); }

  template <bool kCommit>
  void step(std::size_t begin, std::size_t end, std::uint64_t t, const PortfolioTick& in,
            double* const* out) {
    const std::size_t p = static_cast<std::size_t>(period_);
    const std::size_t head = static_cast<std::size_t>(t % p);
    const bool warming = t + 1 < p;
    for (std::size_t b = begin; b < end; b += kBlock) {
      const std::size_t len = std::min(kBlock, end - b);
      double tp[kBlock];
      const double* const h = in.high + b;
      const double* const l = in.low + b;
      const double* const c = in.close + b;
      for (std::size_t i = 0; i < len; ++i) tp[i] = (h[i] + l[i] + c[i]) / 3;
      double* const o = out[0] + b;
      if (warming) [[unlikely]] {
        for (std::size_t i = 0; i < len; ++i) o[i] = kNaN;
      } else {
        value(b, len, head, tp, o);
      }
      if constexpr (kCommit) {
        double* const slot = ring_.row(head) + b;
        for (std::size_t i = 0; i < len; ++i) slot[i] = tp[i];
      }
    }
  }

  bool realign(std::size_t, std::uint64_t from_t, std::uint64_t to_t) {
    return (to_t - from_t) % static_cast<std::uint64_t>(period_) == 0;
  }

  void reset() {}

 private:
  // Cci::value for symbols [b, b + len) with tp in slot `head`: both sums run over the slots in
  // order. Four rows per pass, (((acc + r0) + r1) + r2) + r3 being the same additions in the same
  // order, so each symbol's running sum is loaded and stored once per four rows, not per row.
  void value(std::size_t b, std::size_t len, std::size_t head, const double* tp, double* o) const {
    const std::size_t p = static_cast<std::size_t>(period_);
    const double n = period_;
    const double* rows[kMaxRowsOnStack];
    const double** r = p <= kMaxRowsOnStack ? rows : rows_.data();
    for (std::size_t j = 0; j < p; ++j) r[j] = j == head ? tp : ring_.row(j) + b;
    double average[kBlock];
    double deviation[kBlock];
    for (std::size_t i = 0; i < len; ++i) average[i] = 0;
    std::size_t j = 0;
    for (; j + 4 <= p; j += 4) {
      const double *r0 = r[j], *r1 = r[j + 1], *r2 = r[j + 2], *r3 = r[j + 3];
      for (std::size_t i = 0; i < len; ++i)
        average[i] = (((average[i] + r0[i]) + r1[i]) + r2[i]) + r3[i];
    }
    for (; j < p; ++j) {
      const double* const r0 = r[j];
      for (std::size_t i = 0; i < len; ++i) average[i] += r0[i];
    }
    for (std::size_t i = 0; i < len; ++i) {
      average[i] /= n;
      deviation[i] = 0;
    }
    for (j = 0; j + 4 <= p; j += 4) {
      const double *r0 = r[j], *r1 = r[j + 1], *r2 = r[j + 2], *r3 = r[j + 3];
      for (std::size_t i = 0; i < len; ++i) {
        const double a = average[i];
        deviation[i] = (((deviation[i] + std::fabs(r0[i] - a)) + std::fabs(r1[i] - a)) +
                        std::fabs(r2[i] - a)) +
                       std::fabs(r3[i] - a);
      }
    }
    for (; j < p; ++j) {
      const double* const r0 = r[j];
      for (std::size_t i = 0; i < len; ++i) deviation[i] += std::fabs(r0[i] - average[i]);
    }
    for (std::size_t i = 0; i < len; ++i) {
      const double distance = tp[i] - average[i];
      const double cci = distance / (0.015 * (deviation[i] / n));
      o[i] = (distance != 0.0 && deviation[i] != 0.0) ? cci : 0.0;
    }
  }

  static constexpr std::size_t kMaxRowsOnStack = 64;

  int period_;
  SoaArray ring_;                            // [period][symbols]
  mutable std::vector<const double*> rows_;  // row pointers when period > kMaxRowsOnStack
};

using CciBank = Bank<CciLanes>;

}  // namespace sp::core
