// The portfolio case of bench_stream: 1,000 symbols x 10 indicators, one new bar per symbol a tick.
#pragma once

#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "bench_data.h"
#include "core/registry.h"

namespace sp::bench {

inline constexpr int kSymbols = 1000;
inline constexpr const char* kPortfolioSpecs[10] = {"sma:20", "ema:20", "rsi:14", "macd:12,26,9", "bbands:20,2,2",
                                                     "atr:14", "stoch:5,3,0,3,0", "adx:14", "cci:20", "obv"};

// Each symbol reads its own slice of the synthetic series (offset by symbol), so bars differ.
inline core::Bar symbol_bar(const Series& s, int symbol, std::size_t tick) {
  const std::size_t i = (tick * 7 + static_cast<std::size_t>(symbol) * 997) % s.close.size();
  return s.view().bar(i);
}

// Layout 1: a heap object per (symbol, indicator), reached through a pointer and a virtual call.
inline void register_portfolio_erased(const Series& s, std::vector<std::string>* order) {
  order->push_back("portfolio/erased");
  benchmark::RegisterBenchmark("portfolio/erased", [&s](benchmark::State& st) {
    std::vector<std::unique_ptr<core::IndicatorStream>> streams;
    for (int sym = 0; sym < kSymbols; ++sym) {
      for (const char* spec : kPortfolioSpecs) streams.push_back(core::parse_spec(spec).spec.stream());
    }
    // Warm every indicator up so the timed ticks are in steady state.
    double out[8];
    std::size_t tick = 0;
    for (; tick < 200; ++tick) {
      for (int sym = 0; sym < kSymbols; ++sym) {
        const core::Bar bar = symbol_bar(s, sym, tick);
        for (int k = 0; k < 10; ++k) streams[sym * 10 + k]->update(bar, out);
      }
    }
    for (auto _ : st) {
      for (int sym = 0; sym < kSymbols; ++sym) {
        const core::Bar bar = symbol_bar(s, sym, tick);
        for (int k = 0; k < 10; ++k) {
          streams[sym * 10 + k]->update(bar, out);
          benchmark::DoNotOptimize(out[0]);
        }
      }
      ++tick;
    }
    st.counters["updates"] = kSymbols * 10;
  })->Unit(benchmark::kMicrosecond);
}

inline void register_portfolio_benchmarks(const Series& s, std::vector<std::string>* order) {
  register_portfolio_erased(s, order);
}

}  // namespace sp::bench
