// Native timing of the registry's batch compute, the reference the WebAssembly benchmark
// (bench/wasm/bench.mjs) divides by: the same sources, built by bench/wasm/run.sh with g++ -O3
// -march=native (the flags of the release build), on the same series.
//
//   native_timing N ROUNDS SPEC...   -> one JSON object a line:
//   {"spec":"sma:20","ms":[...each round...],"checksum":123.4}
//
// The series is bench.mjs's: a random walk from 100 with steps x *= 1 + 0.02 * (u - 0.5), u from
// mulberry32 seeded 42, so both sides compute on identical doubles (the checksums, the sum of every
// finite output, must agree). Outputs go to arrays allocated once, as the WebAssembly side's
// in-memory path does.
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/registry.h"

namespace {

struct Mulberry32 {
  std::uint32_t a;
  double next() {
    a += 0x6D2B79F5u;
    std::uint32_t t = a;
    t = (t ^ (t >> 15)) * (t | 1u);
    t ^= t + (t ^ (t >> 7)) * (t | 61u);
    return static_cast<double>(t ^ (t >> 14)) / 4294967296.0;
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: native_timing N ROUNDS SPEC...\n");
    return 2;
  }
  const std::size_t n = std::strtoull(argv[1], nullptr, 10);
  const int rounds = std::atoi(argv[2]);
  std::vector<double> close(n);
  Mulberry32 rng{42};
  double x = 100;
  for (std::size_t i = 0; i < n; ++i) {
    x *= 1 + 0.02 * (rng.next() - 0.5);
    close[i] = x;
  }
  sp::core::OhlcvView view;
  view.close = close.data();
  view.size = n;
  for (int a = 3; a < argc; ++a) {
    auto r = sp::core::parse_spec(argv[a]);
    if (!r.ok()) {
      std::fprintf(stderr, "%s\n", r.error.c_str());
      return 1;
    }
    const std::size_t k = r.spec.info->outputs.size();
    std::vector<std::vector<double>> outs(k, std::vector<double>(n));
    std::vector<double*> ptrs;
    for (auto& o : outs) ptrs.push_back(o.data());
    sp::core::compute(r.spec, view, ptrs.data());  // warm-up: page in the outputs
    std::string ms;
    for (int i = 0; i < rounds; ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      sp::core::compute(r.spec, view, ptrs.data());
      const auto t1 = std::chrono::steady_clock::now();
      char buf[32];
      std::snprintf(buf, sizeof buf, "%s%.4f", i ? "," : "",
                    std::chrono::duration<double, std::milli>(t1 - t0).count());
      ms += buf;
    }
    double checksum = 0;
    for (const auto& o : outs)
      for (double v : o)
        if (std::isfinite(v)) checksum += v;
    std::printf("{\"spec\":\"%s\",\"ms\":[%s],\"checksum\":%.17g}\n", argv[a], ms.c_str(),
                checksum);
    std::fflush(stdout);
  }
  return 0;
}
