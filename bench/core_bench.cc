// bench_core: every indicator, ours against TA-Lib C and Tulip Indicators C, side by side in one
// run on the same 1,000,000 synthetic bars. Writes bench/results/core.csv
// (indicator,ours_ns_per_bar,talib_ns_per_bar,tulip_ns_per_bar; empty where a library lacks it) and
// prints the ratios and their geometric means. Run through `make bench-core`.
//
// Each library computes the same thing: options are chosen so that the Tulip call is the same
// indicator (e.g. Tulip's stochrsi(14) is TA-Lib's STOCHRSI(14,14,1)). Median of repetitions.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "bench_data.h"
#include "core/registry.h"

extern "C" {
#include "indicators.h"
#include "ta_libc.h"
}

namespace {

using sp::bench::Series;
constexpr std::size_t kBars = 1'000'000;

struct Case {
  const char* spec;
  std::function<TA_RetCode(const Series&, int last, int* beg, int* nb, double* const* o)>
      talib;  // null: none
  const char* tulip = nullptr;
  std::vector<double> tulip_options = {};
};

#define HLC s.high.data(), s.low.data(), s.close.data()
#define C s.close.data()
#define OUT1 beg, nb, o[0]
std::vector<Case> cases() {
  using S = const Series&;
  return {
      // One case a line or two: a table, not code to reflow.
      // clang-format off
      {"sma:20", [](S s, int l, int* beg, int* nb, double* const* o) { return TA_SMA(0, l, C, 20, OUT1); }, "sma", {20}},
      {"ema:20", [](S s, int l, int* beg, int* nb, double* const* o) { return TA_EMA(0, l, C, 20, OUT1); }, "ema", {20}},
      {"wma:20", [](S s, int l, int* beg, int* nb, double* const* o) { return TA_WMA(0, l, C, 20, OUT1); }, "wma", {20}},
      {"dema:20", [](S s, int l, int* beg, int* nb, double* const* o) { return TA_DEMA(0, l, C, 20, OUT1); }, "dema", {20}},
      {"tema:20", [](S s, int l, int* beg, int* nb, double* const* o) { return TA_TEMA(0, l, C, 20, OUT1); }, "tema", {20}},
      {"trima:20", [](S s, int l, int* beg, int* nb, double* const* o) { return TA_TRIMA(0, l, C, 20, OUT1); }, "trima", {20}},
      {"kama:30", [](S s, int l, int* beg, int* nb, double* const* o) { return TA_KAMA(0, l, C, 30, OUT1); }, "kama", {30}},
      {"t3:5,0.7", [](S s, int l, int* beg, int* nb, double* const* o) { return TA_T3(0, l, C, 5, 0.7, OUT1); }},
      {"bbands:20,2,2", [](S s, int l, int* beg, int* nb, double* const* o) {
         return TA_BBANDS(0, l, C, 20, 2, 2, TA_MAType_SMA, beg, nb, o[0], o[1], o[2]); }, "bbands", {20, 2}},
      {"midpoint:14", [](S s, int l, int* beg, int* nb, double* const* o) { return TA_MIDPOINT(0, l, C, 14, OUT1); }},
      {"midprice:14", [](S s, int l, int* beg, int* nb, double* const* o) {
         return TA_MIDPRICE(0, l, s.high.data(), s.low.data(), 14, OUT1); }},
      {"sar:0.02,0.2", [](S s, int l, int* beg, int* nb, double* const* o) {
         return TA_SAR(0, l, s.high.data(), s.low.data(), 0.02, 0.2, OUT1); }, "psar", {0.02, 0.2}},
      {"vwap", nullptr},
      {"rsi:14", [](S s, int l, int* beg, int* nb, double* const* o) { return TA_RSI(0, l, C, 14, OUT1); }, "rsi", {14}},
      {"macd:12,26,9", [](S s, int l, int* beg, int* nb, double* const* o) {
         return TA_MACD(0, l, C, 12, 26, 9, beg, nb, o[0], o[1], o[2]); }, "macd", {12, 26, 9}},
      {"stoch:5,3,0,3,0", [](S s, int l, int* beg, int* nb, double* const* o) {
         return TA_STOCH(0, l, HLC, 5, 3, TA_MAType_SMA, 3, TA_MAType_SMA, beg, nb, o[0], o[1]); }, "stoch", {5, 3, 3}},
      {"stochf:5,3,0", [](S s, int l, int* beg, int* nb, double* const* o) {
         return TA_STOCHF(0, l, HLC, 5, 3, TA_MAType_SMA, beg, nb, o[0], o[1]); }},
      {"stochrsi:14,14,1,0", [](S s, int l, int* beg, int* nb, double* const* o) {
         return TA_STOCHRSI(0, l, C, 14, 14, 1, TA_MAType_SMA, beg, nb, o[0], o[1]); }, "stochrsi", {14}},
      {"willr:14", [](S s, int l, int* beg, int* nb, double* const* o) { return TA_WILLR(0, l, HLC, 14, OUT1); }, "willr", {14}},
      {"cci:20", [](S s, int l, int* beg, int* nb, double* const* o) { return TA_CCI(0, l, HLC, 20, OUT1); }, "cci", {20}},
      {"mfi:14", [](S s, int l, int* beg, int* nb, double* const* o) {
         return TA_MFI(0, l, HLC, s.volume.data(), 14, OUT1); }, "mfi", {14}},
      {"adx:14", [](S s, int l, int* beg, int* nb, double* const* o) { return TA_ADX(0, l, HLC, 14, OUT1); }, "adx", {14}},
      {"adxr:14", [](S s, int l, int* beg, int* nb, double* const* o) { return TA_ADXR(0, l, HLC, 14, OUT1); }, "adxr", {14}},
      {"dx:14", [](S s, int l, int* beg, int* nb, double* const* o) { return TA_DX(0, l, HLC, 14, OUT1); }, "dx", {14}},
      {"plus_di:14", [](S s, int l, int* beg, int* nb, double* const* o) { return TA_PLUS_DI(0, l, HLC, 14, OUT1); }, "di", {14}},
      {"minus_di:14", [](S s, int l, int* beg, int* nb, double* const* o) { return TA_MINUS_DI(0, l, HLC, 14, OUT1); }, "di", {14}},
      {"aroon:14", [](S s, int l, int* beg, int* nb, double* const* o) {
         return TA_AROON(0, l, s.high.data(), s.low.data(), 14, beg, nb, o[0], o[1]); }, "aroon", {14}},
      {"aroonosc:14", [](S s, int l, int* beg, int* nb, double* const* o) {
         return TA_AROONOSC(0, l, s.high.data(), s.low.data(), 14, OUT1); }, "aroonosc", {14}},
      {"roc:10", [](S s, int l, int* beg, int* nb, double* const* o) { return TA_ROC(0, l, C, 10, OUT1); }, "roc", {10}},
      {"mom:10", [](S s, int l, int* beg, int* nb, double* const* o) { return TA_MOM(0, l, C, 10, OUT1); }, "mom", {10}},
      {"cmo:14", [](S s, int l, int* beg, int* nb, double* const* o) { return TA_CMO(0, l, C, 14, OUT1); }, "cmo", {14}},
      {"ppo:12,26,1", [](S s, int l, int* beg, int* nb, double* const* o) {
         return TA_PPO(0, l, C, 12, 26, TA_MAType_EMA, OUT1); }, "ppo", {12, 26}},
      {"apo:12,26,1", [](S s, int l, int* beg, int* nb, double* const* o) {
         return TA_APO(0, l, C, 12, 26, TA_MAType_EMA, OUT1); }, "apo", {12, 26}},
      {"ultosc:7,14,28", [](S s, int l, int* beg, int* nb, double* const* o) {
         return TA_ULTOSC(0, l, HLC, 7, 14, 28, OUT1); }, "ultosc", {7, 14, 28}},
      {"bop", [](S s, int l, int* beg, int* nb, double* const* o) {
         return TA_BOP(0, l, s.open.data(), HLC, OUT1); }, "bop", {}},
      {"trix:30", [](S s, int l, int* beg, int* nb, double* const* o) { return TA_TRIX(0, l, C, 30, OUT1); }, "trix", {30}},
      {"atr:14", [](S s, int l, int* beg, int* nb, double* const* o) { return TA_ATR(0, l, HLC, 14, OUT1); }, "atr", {14}},
      {"natr:14", [](S s, int l, int* beg, int* nb, double* const* o) { return TA_NATR(0, l, HLC, 14, OUT1); }, "natr", {14}},
      {"trange", [](S s, int l, int* beg, int* nb, double* const* o) { return TA_TRANGE(0, l, HLC, OUT1); }, "tr", {}},
      {"obv", [](S s, int l, int* beg, int* nb, double* const* o) {
         return TA_OBV(0, l, C, s.volume.data(), OUT1); }, "obv", {}},
      {"ad", [](S s, int l, int* beg, int* nb, double* const* o) { return TA_AD(0, l, HLC, s.volume.data(), OUT1); }, "ad", {}},
      {"adosc:3,10", [](S s, int l, int* beg, int* nb, double* const* o) {
         return TA_ADOSC(0, l, HLC, s.volume.data(), 3, 10, OUT1); }, "adosc", {3, 10}},
      {"stddev:20,1", [](S s, int l, int* beg, int* nb, double* const* o) { return TA_STDDEV(0, l, C, 20, 1, OUT1); }, "stddev", {20}},
      {"var:20,1", [](S s, int l, int* beg, int* nb, double* const* o) { return TA_VAR(0, l, C, 20, 1, OUT1); }, "var", {20}},
      {"linearreg:14", [](S s, int l, int* beg, int* nb, double* const* o) { return TA_LINEARREG(0, l, C, 14, OUT1); }, "linreg", {14}},
      {"linearreg_slope:14", [](S s, int l, int* beg, int* nb, double* const* o) {
         return TA_LINEARREG_SLOPE(0, l, C, 14, OUT1); }, "linregslope", {14}},
      {"correl:30", [](S s, int l, int* beg, int* nb, double* const* o) {
         return TA_CORREL(0, l, s.high.data(), s.low.data(), 30, OUT1); }},
      {"beta:5", [](S s, int l, int* beg, int* nb, double* const* o) {
         return TA_BETA(0, l, s.high.data(), s.low.data(), 5, OUT1); }},
      // clang-format on
  };
}
#undef HLC
#undef C
#undef OUT1

const Series& data() {
  static const Series s = sp::bench::random_walk(kBars);
  return s;
}

struct Outputs {
  std::vector<std::vector<double>> cols;
  std::vector<double*> ptrs;
  explicit Outputs(std::size_t n, int k = 3) : cols(k, std::vector<double>(n)) {
    for (auto& c : cols) ptrs.push_back(c.data());
  }
};

const double* tulip_column(const Series& s, const std::string& name) {
  if (name == "open") return s.open.data();
  if (name == "high") return s.high.data();
  if (name == "low") return s.low.data();
  if (name == "volume") return s.volume.data();
  return s.close.data();  // "close", "real"
}

// Results keyed by indicator, one slot per library.
std::map<std::string, std::array<double, 3>> g_ns;  // ours, talib, tulip (ns per bar; NaN if none)

void record(const std::string& spec, int lib, double ns_per_bar) {
  auto it = g_ns.try_emplace(spec, std::array<double, 3>{NAN, NAN, NAN}).first;
  it->second[lib] = ns_per_bar;
}

class CaptureReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& r : runs) {
      if (r.run_type == Run::RT_Aggregate && r.aggregate_name != "median") continue;
      std::string name = r.benchmark_name();
      // Aggregates are named "<lib>/<spec>_median" (Google Benchmark appends the aggregate's name).
      if (r.run_type == Run::RT_Aggregate) {
        const std::string suffix = "_" + r.aggregate_name;
        if (name.size() > suffix.size() &&
            name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
          name.resize(name.size() - suffix.size());
        }
      }
      const auto slash = name.find('/');
      const auto slash2 = name.find('/', slash + 1);
      const std::string lib = name.substr(0, slash);
      const std::string spec = name.substr(
          slash + 1, slash2 == std::string::npos ? std::string::npos : slash2 - slash - 1);
      const double ns = r.GetAdjustedRealTime() * 1e6 / kBars;  // time unit is ms
      record(spec, lib == "ours" ? 0 : lib == "talib" ? 1 : 2, ns);
    }
  }
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  TA_Initialize();
  const Series& s = data();
  const sp::core::OhlcvView view = s.view();
  std::string out_path = "bench/results/core.csv";
  if (const char* p = std::getenv("SP_BENCH_CORE_CSV")) out_path = p;
  for (const Case& c : cases()) {
    auto parsed = sp::core::parse_spec(c.spec);
    if (!parsed.ok()) {
      std::fprintf(stderr, "%s\n", parsed.error.c_str());
      return 2;
    }
    const sp::core::IndicatorSpec spec = parsed.spec;
    benchmark::RegisterBenchmark((std::string("ours/") + c.spec).c_str(),
                                 [spec, view](benchmark::State& st) {
                                   Outputs out(view.size);
                                   for (auto _ : st) {
                                     sp::core::compute(spec, view, out.ptrs.data());
                                     benchmark::DoNotOptimize(out.cols[0].data());
                                     benchmark::ClobberMemory();
                                   }
                                 })
        ->Unit(benchmark::kMillisecond);
    if (c.talib) {
      auto fn = c.talib;
      benchmark::RegisterBenchmark((std::string("talib/") + c.spec).c_str(),
                                   [fn, &s](benchmark::State& st) {
                                     Outputs out(s.close.size());
                                     int beg = 0, nb = 0;
                                     for (auto _ : st) {
                                       if (fn(s, static_cast<int>(s.close.size()) - 1, &beg, &nb,
                                              out.ptrs.data()) != TA_SUCCESS) {
                                         st.SkipWithError("TA-Lib failed");
                                       }
                                       benchmark::DoNotOptimize(out.cols[0].data());
                                       benchmark::ClobberMemory();
                                     }
                                   })
          ->Unit(benchmark::kMillisecond);
    }
    if (c.tulip) {
      const ti_indicator_info* info = ti_find_indicator(c.tulip);
      if (!info) {
        std::fprintf(stderr, "Tulip has no %s\n", c.tulip);
        return 2;
      }
      std::vector<double> opts = c.tulip_options;
      benchmark::RegisterBenchmark(
          (std::string("tulip/") + c.spec).c_str(),
          [info, opts, &s](benchmark::State& st) {
            std::vector<const double*> in;
            for (int i = 0; i < info->inputs; ++i)
              in.push_back(tulip_column(s, info->input_names[i]));
            Outputs out(s.close.size(), info->outputs);
            for (auto _ : st) {
              if (info->indicator(static_cast<int>(s.close.size()), in.data(), opts.data(),
                                  out.ptrs.data()) != TI_OKAY) {
                st.SkipWithError("Tulip failed");
              }
              benchmark::DoNotOptimize(out.cols[0].data());
              benchmark::ClobberMemory();
            }
          })
          ->Unit(benchmark::kMillisecond);
    }
  }
  CaptureReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();

  std::ofstream csv(out_path);
  csv << "indicator,ours_ns_per_bar,talib_ns_per_bar,tulip_ns_per_bar\n";
  auto cell = [](double v) { return std::isnan(v) ? std::string() : std::to_string(v); };
  double log_sum = 0;
  int count = 0, slower = 0;
  std::printf("\n%-20s %10s %10s %10s %12s %12s\n", "indicator", "ours", "talib", "tulip",
              "talib/ours", "tulip/ours");
  for (const Case& c : cases()) {
    auto it = g_ns.find(c.spec);
    if (it == g_ns.end()) continue;
    const auto [ours, talib, tulip] = it->second;
    // A spec with options holds commas ("bbands:20,2,2"): quoted, as RFC 4180 says.
    const std::string spec = c.spec;
    csv << (spec.find(',') != std::string::npos ? '"' + spec + '"' : spec) << ',' << cell(ours)
        << ',' << cell(talib) << ',' << cell(tulip) << '\n';
    const double best = std::isnan(tulip)   ? talib
                        : std::isnan(talib) ? tulip
                                            : std::min(talib, tulip);
    std::printf("%-20s %10.3f %10s %10s %12s %12s%s\n", c.spec, ours, cell(talib).c_str(),
                cell(tulip).c_str(), std::isnan(talib) ? "" : std::to_string(talib / ours).c_str(),
                std::isnan(tulip) ? "" : std::to_string(tulip / ours).c_str(),
                !std::isnan(best) && ours > best ? "   <- slower than the faster peer" : "");
    if (!std::isnan(best)) {
      log_sum += std::log(best / ours);
      ++count;
      slower += ours > best;
    }
  }
  if (count) {
    std::printf(
        "\ngeometric mean of (faster peer / ours) over %d indicators: %.2fx; slower than the "
        "faster peer on %d\n",
        count, std::exp(log_sum / count), slower);
  }
  std::printf("wrote %s (ns per bar, %zu bars)\n", out_path.c_str(), kBars);
  return 0;
}
