// The portfolio case of bench_stream: 1,000 symbols x 10 indicators, one new bar per symbol a tick,
// in three layouts side by side (each reports ns per tick as its time, and ns per (symbol,
// indicator) update through the `updates` counter, as stream_bench.cc's CSV expects):
// - portfolio/erased: a heap object per (symbol, indicator) behind a pointer and a virtual call
//   (IndicatorStream, with its non-finite check): what a naive engine does;
// - portfolio/typed: one std::vector of the concrete scalar class per indicator kind, walked symbol
//   after symbol, each update inlined, the same non-finite check per update;
// - portfolio/banks: the structure-of-arrays banks of src/core/portfolio/ (one per kind, all
//   symbols in lockstep), one finiteness screen of the tick's columns shared by the ten banks.
// Then each kind alone, typed and as a bank (portfolio/typed/<kind>, portfolio/banks/<kind>, ns per
// symbol update), and StochBank's two sliding-extreme methods at fastk 3, 5, 9 and 14.
//
// Input: a pool of 64 ticks x 1,000 symbols cut from the synthetic series (symbol s at tick t reads
// bar (t * 7 + s * 997) mod size), built before timing, as Bar structs for the scalar layouts and
// as SoA columns for the banks (each layout gets the tick in its natural form; ~3 MB per form, so a
// tick's input comes from L3 as fresh data would). Every layout is warmed up 200 ticks first, so
// the timed ticks are in steady state. Outputs: the scalar layouts write into a small buffer per
// update (as the erased case always did); banks write every output of every symbol to arrays.
#pragma once

#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "bench_data.h"
#include "core/indicators/momentum/cci.h"
#include "core/indicators/momentum/macd.h"
#include "core/indicators/momentum/rsi.h"
#include "core/indicators/momentum/stoch.h"
#include "core/indicators/overlap/bbands.h"
#include "core/indicators/overlap/ema.h"
#include "core/indicators/overlap/sma.h"
#include "core/indicators/trend/adx.h"
#include "core/indicators/volatility/atr.h"
#include "core/indicators/volume/obv.h"
#include "core/portfolio/adx_bank.h"
#include "core/portfolio/atr_bank.h"
#include "core/portfolio/bbands_bank.h"
#include "core/portfolio/cci_bank.h"
#include "core/portfolio/ema_bank.h"
#include "core/portfolio/macd_bank.h"
#include "core/portfolio/obv_bank.h"
#include "core/portfolio/rsi_bank.h"
#include "core/portfolio/sma_bank.h"
#include "core/portfolio/stoch_bank.h"
#include "core/registry.h"

namespace sp::bench {

inline constexpr int kSymbols = 1000;
inline constexpr std::size_t kPoolTicks = 64;
inline constexpr std::size_t kWarmupTicks = 200;
inline constexpr const char* kPortfolioSpecs[10] = {
    "sma:20", "ema:20",          "rsi:14", "macd:12,26,9", "bbands:20,2,2",
    "atr:14", "stoch:5,3,0,3,0", "adx:14", "cci:20",       "obv"};

// The `updates` counter of stream_bench.cc: updates per iteration, from which its reporter derives
// ns per update assuming the time unit is ms (so these benchmarks report in ms). The console's
// `cpu_tick` and `cpu_update` columns show CPU time per tick and per update directly (s, with SI
// prefixes): on a shared machine the steadier figures.
inline void count_updates(benchmark::State& st, int updates) {
  const auto kPer = benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert;
  st.counters["updates"] = updates;
  st.counters["cpu_tick"] = benchmark::Counter(1, kPer);
  st.counters["cpu_update"] = benchmark::Counter(updates, kPer);
}

// Each symbol reads its own slice of the synthetic series (offset by symbol), so bars differ.
inline core::Bar symbol_bar(const Series& s, int symbol, std::size_t tick) {
  const std::size_t i = (tick * 7 + static_cast<std::size_t>(symbol) * 997) % s.close.size();
  return s.view().bar(i);
}

// kPoolTicks ticks of kSymbols bars, as Bars (tick-major) and as SoA columns [tick][symbol].
struct TickPool {
  std::vector<core::Bar> bars;
  std::vector<double> open, high, low, close, volume;

  explicit TickPool(const Series& s) {
    const std::size_t n = kPoolTicks * kSymbols;
    bars.resize(n);
    for (auto* c : {&open, &high, &low, &close, &volume}) c->resize(n);
    for (std::size_t t = 0; t < kPoolTicks; ++t) {
      for (int sym = 0; sym < kSymbols; ++sym) {
        const std::size_t i = t * kSymbols + static_cast<std::size_t>(sym);
        const core::Bar b = symbol_bar(s, sym, t);
        bars[i] = b;
        open[i] = b.open;
        high[i] = b.high;
        low[i] = b.low;
        close[i] = b.close;
        volume[i] = b.volume;
      }
    }
  }
  const core::Bar* tick_bars(std::size_t tick) const {
    return bars.data() + (tick % kPoolTicks) * kSymbols;
  }
  core::PortfolioTick tick(std::size_t tick) const {
    const std::size_t i = (tick % kPoolTicks) * kSymbols;
    core::PortfolioTick k;
    k.open = open.data() + i;
    k.high = high.data() + i;
    k.low = low.data() + i;
    k.close = close.data() + i;
    k.volume = volume.data() + i;
    return k;
  }
};

inline const TickPool& tick_pool(const Series& s) {
  static const TickPool pool(s);
  return pool;
}

// Layout 1: a heap object per (symbol, indicator), reached through a pointer and a virtual call.
inline void register_portfolio_erased(const Series& s, std::vector<std::string>* order) {
  order->push_back("portfolio/erased");
  benchmark::RegisterBenchmark("portfolio/erased", [&s](benchmark::State& st) {
    const TickPool& pool = tick_pool(s);
    std::vector<std::unique_ptr<core::IndicatorStream>> streams;
    for (int sym = 0; sym < kSymbols; ++sym) {
      for (const char* spec : kPortfolioSpecs)
        streams.push_back(core::parse_spec(spec).spec.stream());
    }
    double out[8];
    std::size_t tick = 0;
    auto run_tick = [&] {
      const core::Bar* bars = pool.tick_bars(tick);
      for (int sym = 0; sym < kSymbols; ++sym) {
        for (int k = 0; k < 10; ++k) {
          streams[sym * 10 + k]->update(bars[sym], out);
          benchmark::DoNotOptimize(out[0]);
        }
      }
      ++tick;
    };
    for (; tick < kWarmupTicks;) run_tick();
    for (auto _ : st) run_tick();
    count_updates(st, kSymbols * 10);
  })->Unit(benchmark::kMillisecond);
}

// Layout 2: the concrete scalar classes, one vector per kind, walked symbol after symbol.
struct TypedPortfolio {
  std::vector<core::Sma> sma;
  std::vector<core::Ema> ema;
  std::vector<core::Rsi> rsi;
  std::vector<core::Macd> macd;
  std::vector<core::Bbands> bbands;
  std::vector<core::Atr> atr;
  std::vector<core::BasicStoch<core::Sma, core::Sma>> stoch;  // what the registry builds for SMA
  std::vector<core::Adx> adx;
  std::vector<core::Cci> cci;
  std::vector<core::Obv> obv;

  TypedPortfolio()
      : sma(kSymbols, core::Sma(20)),
        ema(kSymbols, core::Ema(20)),
        rsi(kSymbols, core::Rsi(14)),
        macd(kSymbols, core::Macd(12, 26, 9)),
        bbands(kSymbols, core::Bbands(20, 2, 2, core::MaType::kSma)),
        atr(kSymbols, core::Atr(14)),
        stoch(kSymbols, core::BasicStoch<core::Sma, core::Sma>(5, core::Sma(3), core::Sma(3))),
        adx(kSymbols, core::Adx(14)),
        cci(kSymbols, core::Cci(20)),
        obv(kSymbols) {}
};

// The non-finite policy as StreamOf applies it, without the virtual call.
template <class T>
inline void typed_update(T& ind, unsigned inputs, const core::Bar& bar, double* out) {
  if (core::finite_inputs(bar, inputs)) [[likely]] {
    ind.update(bar, out);
  } else {
    core::fill_nan(out, T::kOutputs);
  }
  benchmark::DoNotOptimize(out[0]);
}

inline void register_portfolio_typed(const Series& s, std::vector<std::string>* order) {
  order->push_back("portfolio/typed");
  benchmark::RegisterBenchmark("portfolio/typed", [&s](benchmark::State& st) {
    const TickPool& pool = tick_pool(s);
    TypedPortfolio p;
    double out[8];
    constexpr unsigned kHlc = core::kHigh | core::kLow | core::kClose;
    std::size_t tick = 0;
    auto run_tick = [&] {
      const core::Bar* bars = pool.tick_bars(tick);
      for (int sym = 0; sym < kSymbols; ++sym) {
        const core::Bar& bar = bars[sym];
        typed_update(p.sma[sym], core::kClose, bar, out);
        typed_update(p.ema[sym], core::kClose, bar, out);
        typed_update(p.rsi[sym], core::kClose, bar, out);
        typed_update(p.macd[sym], core::kClose, bar, out);
        typed_update(p.bbands[sym], core::kClose, bar, out);
        typed_update(p.atr[sym], kHlc, bar, out);
        typed_update(p.stoch[sym], kHlc, bar, out);
        typed_update(p.adx[sym], kHlc, bar, out);
        typed_update(p.cci[sym], kHlc, bar, out);
        typed_update(p.obv[sym], core::kClose | core::kVolume, bar, out);
      }
      ++tick;
    };
    for (; tick < kWarmupTicks;) run_tick();
    for (auto _ : st) run_tick();
    count_updates(st, kSymbols * 10);
  })->Unit(benchmark::kMillisecond);
}

// Layout 3: one SoA bank per kind; outputs to [output][symbol] arrays.
struct BankPortfolio {
  core::SmaBank sma{kSymbols, 20};
  core::EmaBank ema{kSymbols, 20};
  core::RsiBank rsi{kSymbols, 14};
  core::MacdBank macd{kSymbols, 12, 26, 9};
  core::BbandsBank bbands{kSymbols, 20, 2.0, 2.0};
  core::AtrBank atr{kSymbols, 14};
  core::StochBank stoch{kSymbols, 5, 3, 3};
  core::AdxBank adx{kSymbols, 14};
  core::CciBank cci{kSymbols, 20};
  core::ObvBank obv{kSymbols};
  std::vector<double> storage = std::vector<double>(14 * kSymbols);  // 14 output rows
  double* row(int k) { return storage.data() + k * kSymbols; }

  void update(core::PortfolioTick tick) {
    tick.finite = core::screen_finite(tick, core::kHigh | core::kLow | core::kClose | core::kVolume,
                                      kSymbols);
    double* o3[3] = {row(3), row(4), row(5)};
    double* o4[3] = {row(6), row(7), row(8)};
    double* o6[2] = {row(10), row(11)};
    sma.update(tick, row(0));
    ema.update(tick, row(1));
    rsi.update(tick, row(2));
    macd.update(tick, o3);
    bbands.update(tick, o4);
    atr.update(tick, row(9));
    stoch.update(tick, o6);
    adx.update(tick, row(12));
    cci.update(tick, row(13));
    obv.update(tick, row(0));  // shares sma's row: every output row is written anyway
    benchmark::DoNotOptimize(storage.data());
    benchmark::ClobberMemory();
  }
};

inline void register_portfolio_banks(const Series& s, std::vector<std::string>* order) {
  order->push_back("portfolio/banks");
  benchmark::RegisterBenchmark("portfolio/banks", [&s](benchmark::State& st) {
    const TickPool& pool = tick_pool(s);
    auto p = std::make_unique<BankPortfolio>();
    std::size_t tick = 0;
    for (; tick < kWarmupTicks; ++tick) p->update(pool.tick(tick));
    for (auto _ : st) p->update(pool.tick(tick++));
    count_updates(st, kSymbols * 10);
  })->Unit(benchmark::kMillisecond);
}

// One kind alone: its scalar class in a vector (`scalar` copied per symbol, `inputs` its Input
// mask), as portfolio/typed/<typed_name> unless that is empty, and its bank (`make_bank`), as
// portfolio/banks/<bank_name>.
template <class Scalar, class BankT, class MakeBank>
inline void register_kind(const Series& s, std::vector<std::string>* order,
                          const std::string& typed_name, const std::string& bank_name,
                          Scalar scalar, unsigned inputs, MakeBank make_bank) {
  if (!typed_name.empty()) {
    const std::string typed = "portfolio/typed/" + typed_name;
    order->push_back(typed);
    benchmark::RegisterBenchmark(typed.c_str(), [&s, scalar, inputs](benchmark::State& st) {
      const TickPool& pool = tick_pool(s);
      std::vector<Scalar> v(kSymbols, scalar);
      double out[8];
      std::size_t tick = 0;
      auto run_tick = [&] {
        const core::Bar* bars = pool.tick_bars(tick++);
        for (int sym = 0; sym < kSymbols; ++sym) typed_update(v[sym], inputs, bars[sym], out);
      };
      for (; tick < kWarmupTicks;) run_tick();
      for (auto _ : st) run_tick();
      count_updates(st, kSymbols);
    })->Unit(benchmark::kMillisecond);
  }
  const std::string banked = "portfolio/banks/" + bank_name;
  order->push_back(banked);
  benchmark::RegisterBenchmark(banked.c_str(), [&s, make_bank](benchmark::State& st) {
    const TickPool& pool = tick_pool(s);
    BankT bank = make_bank();
    std::vector<double> storage(BankT::kOutputs * kSymbols);
    double* outs[BankT::kOutputs];
    for (int k = 0; k < BankT::kOutputs; ++k) outs[k] = storage.data() + k * kSymbols;
    std::size_t tick = 0;
    for (; tick < kWarmupTicks; ++tick) bank.update(pool.tick(tick), outs);
    for (auto _ : st) {
      bank.update(pool.tick(tick++), outs);
      benchmark::DoNotOptimize(storage.data());
      benchmark::ClobberMemory();
    }
    count_updates(st, kSymbols);
  })->Unit(benchmark::kMillisecond);
}

inline void register_portfolio_kinds(const Series& s, std::vector<std::string>* order) {
  using namespace core;
  constexpr unsigned kHlc = kHigh | kLow | kClose;
  const std::size_t n = kSymbols;
  register_kind<Sma, SmaBank>(s, order, "sma", "sma", Sma(20), kClose,
                              [n] { return SmaBank(n, 20); });
  register_kind<Ema, EmaBank>(s, order, "ema", "ema", Ema(20), kClose,
                              [n] { return EmaBank(n, 20); });
  register_kind<Rsi, RsiBank>(s, order, "rsi", "rsi", Rsi(14), kClose,
                              [n] { return RsiBank(n, 14); });
  register_kind<Macd, MacdBank>(s, order, "macd", "macd", Macd(12, 26, 9), kClose,
                                [n] { return MacdBank(n, 12, 26, 9); });
  register_kind<Bbands, BbandsBank>(s, order, "bbands", "bbands", Bbands(20, 2, 2, MaType::kSma),
                                    kClose, [n] { return BbandsBank(n, 20, 2.0, 2.0); });
  register_kind<Atr, AtrBank>(s, order, "atr", "atr", Atr(14), kHlc,
                              [n] { return AtrBank(n, 14); });
  using SmaStoch = BasicStoch<Sma, Sma>;
  register_kind<SmaStoch, StochBank>(s, order, "stoch", "stoch", SmaStoch(5, Sma(3), Sma(3)), kHlc,
                                     [n] { return StochBank(n, 5, 3, 3); });
  register_kind<Adx, AdxBank>(s, order, "adx", "adx", Adx(14), kHlc,
                              [n] { return AdxBank(n, 14); });
  register_kind<Cci, CciBank>(s, order, "cci", "cci", Cci(20), kHlc,
                              [n] { return CciBank(n, 20); });
  register_kind<Obv, ObvBank>(s, order, "obv", "obv", Obv(), kClose | kVolume,
                              [n] { return ObvBank(n); });
  // StochBank's sliding extremes, rescan against van Herk blocks, at fastk 3, 5, 9 and 14.
  for (int fk : {3, 5, 9, 14}) {
    const std::string name = "stoch" + std::to_string(fk);
    const SmaStoch scalar(fk, Sma(3), Sma(3));
    register_kind<SmaStoch, StochBank>(
        s, order, fk == 5 ? "" : name, name + "_rescan", scalar, kHlc,
        [n, fk] { return StochBank(n, fk, 3, 3, ExtremeMethod::kRescan); });
    register_kind<SmaStoch, StochBank>(s, order, "", name + "_blocks", scalar, kHlc, [n, fk] {
      return StochBank(n, fk, 3, 3, ExtremeMethod::kBlocks);
    });
  }
}

inline void register_portfolio_benchmarks(const Series& s, std::vector<std::string>* order) {
  register_portfolio_erased(s, order);
  register_portfolio_typed(s, order);
  register_portfolio_banks(s, order);
  register_portfolio_kinds(s, order);
}

}  // namespace sp::bench
