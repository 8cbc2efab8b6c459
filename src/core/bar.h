// Bar and OhlcvView: the inputs every indicator reads.
//
// A Bar is one period of market data (time, open, high, low, close, volume). An OhlcvView is a
// borrowed, column-oriented view of many bars: each pointer addresses `size` values or is null when
// the caller has no such column. Neither owns memory; the caller keeps the arrays alive.
// Times are epoch milliseconds (UTC); only time-aware indicators (session VWAP) read them.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>

namespace sp::core {

struct Bar {
  std::int64_t time_ms = 0;
  double open = 0;
  double high = 0;
  double low = 0;
  double close = 0;
  double volume = 0;
};

// Bit mask of the columns an indicator reads.
enum Input : unsigned {
  kOpen = 1u << 0,
  kHigh = 1u << 1,
  kLow = 1u << 2,
  kClose = 1u << 3,
  kVolume = 1u << 4,
  kTime = 1u << 5,
};

struct OhlcvView {
  const std::int64_t* time_ms = nullptr;
  const double* open = nullptr;
  const double* high = nullptr;
  const double* low = nullptr;
  const double* close = nullptr;
  const double* volume = nullptr;
  std::size_t size = 0;

  Bar bar(std::size_t i) const {
    Bar b;
    if (time_ms) b.time_ms = time_ms[i];
    if (open) b.open = open[i];
    if (high) b.high = high[i];
    if (low) b.low = low[i];
    if (close) b.close = close[i];
    if (volume) b.volume = volume[i];
    return b;
  }
  // True when every column named in `inputs` is present.
  bool has(unsigned inputs) const {
    return (!(inputs & kOpen) || open) && (!(inputs & kHigh) || high) &&
           (!(inputs & kLow) || low) && (!(inputs & kClose) || close) &&
           (!(inputs & kVolume) || volume) && (!(inputs & kTime) || time_ms);
  }
};

// True when every price/volume column named in `inputs` is finite in `b`. The non-finite policy
// (README, "NaN and infinite inputs") is applied by the registry's adapters, not by indicators.
inline bool finite_inputs(const Bar& b, unsigned inputs) {
  return (!(inputs & kOpen) || std::isfinite(b.open)) &&
         (!(inputs & kHigh) || std::isfinite(b.high)) &&
         (!(inputs & kLow) || std::isfinite(b.low)) &&
         (!(inputs & kClose) || std::isfinite(b.close)) &&
         (!(inputs & kVolume) || std::isfinite(b.volume));
}

}  // namespace sp::core
