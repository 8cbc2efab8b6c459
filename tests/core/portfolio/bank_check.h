// What every portfolio bank must show (src/core/portfolio/bank.h): for every symbol, every tick and
// every output, its update and peek give exactly what the scalar class gives for that symbol's
// bars alone, under the non-finite policy of core/indicator.h (a bar with a non-finite input the
// indicator reads: NaN out, state untouched). "Exactly" is bit for bit (NaN matches any NaN).
//
// A Panel is T ticks x N symbols of OHLCV in the banks' layout (column[tick * N + symbol]):
// synthetic random walks with flat stretches (so ties, zero ranges and zero variances occur), or
// the shared market files side by side.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "core/bar.h"
#include "core/indicator.h"
#include "core/portfolio/portfolio_tick.h"
#include "support/shared_data.h"

namespace sp::testing {

struct Panel {
  std::size_t symbols = 0;
  std::size_t ticks = 0;
  std::vector<double> open, high, low, close, volume;

  void resize(std::size_t n, std::size_t t) {
    symbols = n;
    ticks = t;
    for (auto* c : {&open, &high, &low, &close, &volume}) c->assign(n * t, 0.0);
  }
  std::size_t at(std::size_t t, std::size_t s) const { return t * symbols + s; }
  core::PortfolioTick tick(std::size_t t) const {
    const std::size_t i = t * symbols;
    core::PortfolioTick k;
    k.open = open.data() + i;
    k.high = high.data() + i;
    k.low = low.data() + i;
    k.close = close.data() + i;
    k.volume = volume.data() + i;
    return k;
  }
  core::Bar bar(std::size_t t, std::size_t s) const {
    const std::size_t i = at(t, s);
    core::Bar b;
    b.open = open[i];
    b.high = high[i];
    b.low = low[i];
    b.close = close[i];
    b.volume = volume[i];
    return b;
  }
};

// Random walks, one per symbol, each with its own start price; about 3% of bars are flat copies
// of the previous close (high = low = close) and every 7th symbol has a 60-bar flat stretch.
inline Panel random_walk_panel(std::size_t symbols, std::size_t ticks, std::uint64_t seed = 7) {
  Panel p;
  p.resize(symbols, ticks);
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(-1.0, 1.0), unit(0.0, 1.0);
  for (std::size_t s = 0; s < symbols; ++s) {
    double price = 5.0 + 500.0 * unit(rng);
    for (std::size_t t = 0; t < ticks; ++t) {
      const std::size_t i = p.at(t, s);
      const bool flat = unit(rng) < 0.03 || (s % 7 == 3 && t >= 400 && t < 460);
      const double open = price;
      if (flat) {
        p.open[i] = p.high[i] = p.low[i] = p.close[i] = price;
      } else {
        price *= 1.0 + 0.02 * u(rng);
        p.open[i] = open;
        p.close[i] = price;
        p.high[i] = std::max(open, price) * (1.0 + 0.005 * unit(rng));
        p.low[i] = std::min(open, price) * (1.0 - 0.005 * unit(rng));
      }
      p.volume[i] = std::floor(100.0 + 1e5 * unit(rng));
    }
  }
  return p;
}

// The shared market files side by side, trimmed to the shortest; `slices` symbols per file, the
// k-th starting k * 131 bars in (slices = 1: each file is one symbol). Empty if the data is absent.
inline Panel market_panel(std::size_t slices) {
  std::vector<market::OhlcvTable> tables;
  for (const auto& f : market_files()) tables.push_back(load_market_file(f));
  Panel p;
  if (tables.empty()) return p;
  std::size_t shortest = std::numeric_limits<std::size_t>::max();
  for (const auto& t : tables) shortest = std::min(shortest, t.size());
  const std::size_t offset = 131;
  if (shortest <= (slices - 1) * offset + 100) return p;
  const std::size_t ticks = shortest - (slices - 1) * offset;
  p.resize(tables.size() * slices, ticks);
  for (std::size_t f = 0; f < tables.size(); ++f) {
    const auto& t = tables[f];
    auto col = [](const std::vector<double>& v, std::size_t i) { return v.empty() ? 0.0 : v[i]; };
    for (std::size_t k = 0; k < slices; ++k) {
      const std::size_t s = f * slices + k;
      for (std::size_t i = 0; i < ticks; ++i) {
        const std::size_t j = k * offset + i, at = p.at(i, s);
        p.open[at] = col(t.open, j);
        p.high[at] = col(t.high, j);
        p.low[at] = col(t.low, j);
        p.close[at] = col(t.close, j);
        p.volume[at] = col(t.volume, j);
      }
    }
  }
  return p;
}

// A double with all its digits, for failure messages.
inline std::string digits(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

inline bool same_bits(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

// Drives `bank` and one scalar indicator per symbol (copies of `scalar`) over the panel; the scalar
// side applies the non-finite policy for the bank's inputs. Peeks before every update unless
// with_peek is false. Stops at the first difference and says where.
template <class BankT, class Scalar>
::testing::AssertionResult check_bank(BankT& bank, const Scalar& scalar, const Panel& p,
                                      bool with_peek = true) {
  constexpr int kOut = BankT::kOutputs;
  static_assert(kOut == Scalar::kOutputs);
  const std::size_t n = p.symbols;
  if (bank.symbols() != n)
    return ::testing::AssertionFailure() << "bank has " << bank.symbols() << " symbols";
  std::vector<Scalar> scalars(n, scalar);
  if (bank.lookback() != scalar.lookback()) {
    return ::testing::AssertionFailure()
           << "lookback " << bank.lookback() << " vs scalar " << scalar.lookback();
  }
  std::vector<std::vector<double>> out(kOut, std::vector<double>(n)),
      peeked(kOut, std::vector<double>(n));
  std::vector<double*> out_ptr, peek_ptr;
  for (int k = 0; k < kOut; ++k) {
    out_ptr.push_back(out[k].data());
    peek_ptr.push_back(peeked[k].data());
  }
  double ref[kOut], ref_peek[kOut];
  for (std::size_t t = 0; t < p.ticks; ++t) {
    const core::PortfolioTick tick = p.tick(t);
    if (with_peek) bank.peek(tick, peek_ptr.data());
    bank.update(tick, out_ptr.data());
    for (std::size_t s = 0; s < n; ++s) {
      const core::Bar bar = p.bar(t, s);
      if (core::finite_inputs(bar, BankT::kInputs)) {
        scalars[s].peek(bar, ref_peek);
        scalars[s].update(bar, ref);
      } else {
        core::fill_nan(ref_peek, kOut);
        core::fill_nan(ref, kOut);
      }
      for (int k = 0; k < kOut; ++k) {
        if (!same_bits(out[k][s], ref[k])) {
          return ::testing::AssertionFailure()
                 << "update: tick " << t << " symbol " << s << " output " << k << ": bank "
                 << digits(out[k][s]) << " scalar " << digits(ref[k]);
        }
        if (with_peek && !same_bits(peeked[k][s], ref_peek[k])) {
          return ::testing::AssertionFailure()
                 << "peek: tick " << t << " symbol " << s << " output " << k << ": bank "
                 << digits(peeked[k][s]) << " scalar " << digits(ref_peek[k]);
        }
      }
    }
  }
  return ::testing::AssertionSuccess();
}

}  // namespace sp::testing
