// PortfolioTick: one new bar for each of N symbols that tick together, as structure-of-arrays
// columns, the input of every bank in src/core/portfolio/.
//
// Each pointer addresses N values (symbol s at index s), or is null when the caller has no such
// column; a bank reads only the columns in its kInputs mask, which must be present. Nothing is
// owned: the caller keeps the arrays alive for the call.
//
// `finite` is an optional promise, an Input mask (bar.h) of columns the caller has already found
// finite for every symbol this tick (screen_finite below does it in one vectorised pass). A bank
// skips its own check for those columns; with 10 banks on the same tick, screening once is
// cheaper than ten times. A wrong promise breaks the non-finite policy for that tick (NaN would
// enter the running sums): set it only from screen_finite or from data known to be clean.
// Thread safety: plain data; the functions are pure.
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>

#include "core/bar.h"

namespace sp::core {

struct PortfolioTick {
  const double* open = nullptr;
  const double* high = nullptr;
  const double* low = nullptr;
  const double* close = nullptr;
  const double* volume = nullptr;
  unsigned finite = 0;  // Input mask of columns known finite for every symbol (see above)

  // The column for one Input bit (kOpen .. kVolume), or null.
  const double* column(unsigned input) const {
    switch (input) {
      case kOpen:
        return open;
      case kHigh:
        return high;
      case kLow:
        return low;
      case kClose:
        return close;
      case kVolume:
        return volume;
      default:
        return nullptr;
    }
  }
};

inline constexpr unsigned kPriceColumns[] = {kOpen, kHigh, kLow, kClose, kVolume};

// True when x[0, n) are all finite. No early exit, so it vectorises: one pass of compares.
inline bool finite_column(const double* x, std::size_t n) {
  unsigned bad = 0;
  for (std::size_t s = 0; s < n; ++s) {
    bad |= !(std::fabs(x[s]) <= std::numeric_limits<double>::max());  // NaN fails the compare
  }
  return bad == 0;
}

// The subset of `columns` (an Input mask) whose values are finite for all `n` symbols; use it as
// tick.finite before passing the tick to several banks. REQUIRES: those columns are present.
inline unsigned screen_finite(const PortfolioTick& tick, unsigned columns, std::size_t n) {
  unsigned ok = 0;
  for (unsigned c : kPriceColumns) {
    if ((columns & c) && finite_column(tick.column(c), n)) ok |= c;
  }
  return ok;
}

// True when every column in `columns` is finite for all `n` symbols; columns in tick.finite are
// taken on trust.
inline bool all_finite(const PortfolioTick& tick, unsigned columns, std::size_t n) {
  return screen_finite(tick, columns & ~tick.finite, n) == (columns & ~tick.finite);
}

// True when symbol `s` has finite values in every column of `columns`.
inline bool finite_at(const PortfolioTick& tick, unsigned columns, std::size_t s) {
  for (unsigned c : kPriceColumns) {
    if ((columns & c) && !std::isfinite(tick.column(c)[s])) return false;
  }
  return true;
}

}  // namespace sp::core
