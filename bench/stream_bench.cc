// bench_stream: the streaming side of the analytics core.
//  1. The cost of one update, per indicator, through the type-erased stream (the CLI/WASM path,
//     one virtual call and the non-finite check included), over 1M synthetic bars: ns per update.
//  2. A portfolio tick: 1,000 symbols x 10 indicators, one new bar each. Two layouts are timed side
//  by
//     side: one heap object per (symbol, indicator) behind a pointer (what a naive engine does),
//     and typed, contiguous banks, one array per indicator kind, walked symbol after symbol (what
//     the gateway uses). Reported per tick and per (symbol, indicator) update.
// Writes bench/results/stream.csv. Run through `make bench-core`.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bench_data.h"
#include "core/registry.h"
#include "portfolio_bank.h"

namespace {

using sp::bench::Series;
constexpr std::size_t kBars = 1'000'000;
std::map<std::string, double> g_ns;

const Series& data() {
  static const Series s = sp::bench::random_walk(kBars);
  return s;
}

class CaptureReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& r : runs) {
      if (r.run_type == Run::RT_Aggregate && r.aggregate_name != "median") continue;
      std::string name = r.benchmark_name();
      if (auto p = name.find("_median"); p != std::string::npos) name.erase(p);
      const auto it = r.counters.find("updates");
      if (it != r.counters.end() && it->second.value > 0) {
        g_ns[name] = r.GetAdjustedRealTime() * 1e6 / it->second.value;  // time unit: ms
      }
    }
  }
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  const Series& s = data();
  const sp::core::OhlcvView view = s.view();
  std::vector<std::string> order;
  for (const sp::core::IndicatorInfo& info : sp::core::indicators()) {
    const std::string spec(info.name);
    auto parsed = sp::core::parse_spec(spec);
    if (!parsed.ok()) continue;
    const sp::core::IndicatorSpec sp_spec = parsed.spec;
    order.push_back("update/" + spec);
    benchmark::RegisterBenchmark(("update/" + spec).c_str(), [sp_spec, view](benchmark::State& st) {
      auto stream = sp_spec.stream();
      double out[8];
      for (auto _ : st) {
        stream->reset();
        for (std::size_t i = 0; i < view.size; ++i) {
          stream->update(view.bar(i), out);
          benchmark::DoNotOptimize(out[0]);
        }
      }
      st.counters["updates"] = static_cast<double>(view.size);
    })->Unit(benchmark::kMillisecond);
  }
  sp::bench::register_portfolio_benchmarks(s, &order);
  CaptureReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  std::string out_path = "bench/results/stream.csv";
  if (const char* p = std::getenv("SP_BENCH_STREAM_CSV")) out_path = p;
  std::ofstream csv(out_path);
  csv << "case,ns_per_update\n";
  for (const std::string& name : order) {
    if (auto it = g_ns.find(name); it != g_ns.end()) csv << name << ',' << it->second << '\n';
  }
  std::printf("wrote %s\n", out_path.c_str());
  return 0;
}
