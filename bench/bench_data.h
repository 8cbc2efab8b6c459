// Synthetic market data for benchmarks: a seeded geometric random walk with consistent OHLCV
// (low <= open, close <= high), so every indicator sees realistic, reproducible input.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "core/bar.h"

namespace sp::bench {

struct Series {
  std::vector<std::int64_t> time;
  std::vector<double> open, high, low, close, volume;
  core::OhlcvView view() const {
    return {time.data(),  open.data(),   high.data(), low.data(),
            close.data(), volume.data(), close.size()};
  }
};

inline Series random_walk(std::size_t n, std::uint64_t seed = 42) {
  Series s;
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(-1.0, 1.0), spread(0.0, 1.0);
  double price = 100.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double open = price;
    price *= 1.0 + 0.01 * u(rng);
    const double close = price;
    s.time.push_back(1'600'000'000'000 + static_cast<std::int64_t>(i) * 60'000);
    s.open.push_back(open);
    s.close.push_back(close);
    s.high.push_back(std::max(open, close) * (1.0 + 0.004 * spread(rng)));
    s.low.push_back(std::min(open, close) * (1.0 - 0.004 * spread(rng)));
    s.volume.push_back(std::floor(1000.0 + 100000.0 * spread(rng)));
  }
  return s;
}

}  // namespace sp::bench
