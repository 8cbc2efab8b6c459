// EXPERIMENT, not part of the product: what the batch path of src/core could gain, measured in
// WebAssembly and natively (bench/wasm/proposal.sh). Nothing here is linked into stockpulse_core.
//
// Two proposals for src/core, each checked here to give the registry's numbers bit for bit:
//
//  (B) drive_batch_fast<T>: drive_batch with (1) a close-only loop for indicators that read only
//      the close (no per-bar test of five column pointers), and (2) the outputs written through
//      __restrict pointers, so the compiler may keep the indicator's state in registers across the
//      output stores instead of storing and reloading it every bar. Native x86 hides that reload
//      (store-to-load forwarding, Zen's memory renaming); V8's code does not get that for free.
//      A change to indicator.h only; every drive_batch indicator benefits.
//
//  (C) hand-written batch kernels in TA-Lib's own loop shape for the sliding-window sums (SMA,
//      BBANDS): the trailing value is read back from the input array rather than from a ring
//      buffer in the object, the running sums live in locals. Same operations in the same order
//      as the streaming classes (TA_SMA, TA_BBANDS with SMA), so bit-identical. They apply when
//      every close is finite (checked first, vectorised); otherwise drive_batch runs as today.
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <span>
#include <vector>

#include "core/indicator.h"
#include "core/indicators/momentum/macd.h"
#include "core/indicators/momentum/rsi.h"
#include "core/indicators/overlap/bbands.h"
#include "core/indicators/overlap/ema.h"
#include "core/indicators/overlap/sma.h"

#if defined(__EMSCRIPTEN__)
#include <emscripten/emscripten.h>
#define SP_EXPORT EMSCRIPTEN_KEEPALIVE
#else
#define SP_EXPORT
#endif

namespace sp::core::proposal {

// (B)
// ------------------------------------------------------------------------------------------------
template <class T>
void drive_batch_fast(T& impl, unsigned inputs, const OhlcvView& view, double* const* outs) {
  constexpr int K = T::kOutputs;
  double* __restrict o0 = outs[0];
  double* __restrict o1 = K > 1 ? outs[1] : nullptr;
  double* __restrict o2 = K > 2 ? outs[2] : nullptr;
  static_assert(K <= 3, "extend for more outputs");
  double row[K];
  auto emit = [&](std::size_t i) {
    o0[i] = row[0];
    if constexpr (K > 1) o1[i] = row[1];
    if constexpr (K > 2) o2[i] = row[2];
  };
  if (inputs == kClose) {
    const double* __restrict close = view.close;
    Bar bar;
    for (std::size_t i = 0; i < view.size; ++i) {
      bar.close = close[i];
      if (std::isfinite(bar.close)) {
        impl.update(bar, row);
      } else {
        fill_nan(row, K);
      }
      emit(i);
    }
    return;
  }
  for (std::size_t i = 0; i < view.size; ++i) {
    const Bar bar = view.bar(i);
    if (finite_inputs(bar, inputs)) {
      impl.update(bar, row);
    } else {
      fill_nan(row, K);
    }
    emit(i);
  }
}

// (C)
// ------------------------------------------------------------------------------------------------
bool all_finite(const double* x, std::size_t n) {
  // Written so that the compiler vectorises it (no early exit inside the block).
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    bool ok = true;
    for (int j = 0; j < 8; ++j) ok &= std::isfinite(x[i + j]);
    if (!ok) return false;
  }
  for (; i < n; ++i) {
    if (!std::isfinite(x[i])) return false;
  }
  return true;
}

// TA_SMA: add the new value, divide, drop the oldest (Sma::update's order).
void sma_kernel(const double* __restrict x, std::size_t n, int period, double* __restrict out) {
  const std::size_t p = static_cast<std::size_t>(period);
  double sum = 0;
  std::size_t i = 0;
  for (; i + 1 < p && i < n; ++i) {
    sum += x[i];
    out[i] = kNaN;
  }
  for (; i < n; ++i) {
    sum += x[i];
    out[i] = sum / period;
    sum -= x[i + 1 - p];
  }
}

// TA_BBANDS with the SMA middle band (Bbands with MaType::kSma): the SMA as above; the sums of x
// and x^2 over the window, written as Bbands writes them.
void bbands_sma_kernel(const double* __restrict x, std::size_t n, int period, double up, double dn,
                       double* __restrict upper, double* __restrict middle,
                       double* __restrict lower) {
  const std::size_t p = static_cast<std::size_t>(period);
  double ma = 0, total1 = 0, total2 = 0;
  std::size_t i = 0;
  for (; i + 1 < p && i < n; ++i) {
    ma += x[i];
    total1 += x[i];
    total2 += x[i] * x[i];
    upper[i] = middle[i] = lower[i] = kNaN;
  }
  for (; i < n; ++i) {
    const double xi = x[i];
    ma += xi;
    const double mid = ma / period;
    const double old = x[i + 1 - p];
    ma -= old;
    total1 += xi;
    total2 += xi * xi;
    const double mean1 = total1 / period;
    const double mean2 = total2 / period;
    total1 -= old;
    total2 -= old * old;
    const double variance = mean2 - mean1 * mean1;
    const double sd = variance < 1e-14 ? 0.0 : std::sqrt(variance);
    upper[i] = mid + sd * up;
    middle[i] = mid;
    lower[i] = mid - sd * dn;
  }
}

}  // namespace sp::core::proposal

using namespace sp::core;

extern "C" {

// which: 0 sma:20, 1 ema:20, 2 rsi:14, 3 macd:12,26,9, 4 bbands:20,2,2. variant: 1 = (B), 2 = (C)
// where it exists (SMA, BBANDS; else (B)). Returns 0.
SP_EXPORT int proposal_compute(int which, int variant, const double* close, std::size_t n,
                               double* o0, double* o1, double* o2) {
  OhlcvView view;
  view.close = close;
  view.size = n;
  double* outs[3] = {o0, o1, o2};
  const bool kernel = variant == 2 && proposal::all_finite(close, n);
  switch (which) {
    case 0: {
      if (kernel) return proposal::sma_kernel(close, n, 20, o0), 0;
      Sma s(20);
      proposal::drive_batch_fast(s, kClose, view, outs);
      return 0;
    }
    case 1: {
      Ema e(20);
      proposal::drive_batch_fast(e, kClose, view, outs);
      return 0;
    }
    case 2: {
      Rsi r(14);
      proposal::drive_batch_fast(r, kClose, view, outs);
      return 0;
    }
    case 3: {
      Macd m(12, 26, 9);
      proposal::drive_batch_fast(m, kClose, view, outs);
      return 0;
    }
    case 4: {
      if (kernel) return proposal::bbands_sma_kernel(close, n, 20, 2, 2, o0, o1, o2), 0;
      Bbands b(20, 2, 2, MaType::kSma);
      proposal::drive_batch_fast(b, kClose, view, outs);
      return 0;
    }
  }
  return 1;
}

}  // extern "C"

#ifdef SP_PROPOSAL_MAIN
#include "core/registry.h"

// Native side: best-of-rounds ms of the registry (A) and the proposals (B, C) on bench.mjs's
// series, and whether each proposal's outputs equal the registry's bit for bit.
int main(int argc, char** argv) {
  const std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 15;
  std::vector<double> close(n);
  std::uint32_t a = 42;
  double x = 100;
  for (std::size_t i = 0; i < n; ++i) {
    a += 0x6D2B79F5u;
    std::uint32_t t = a;
    t = (t ^ (t >> 15)) * (t | 1u);
    t ^= t + (t ^ (t >> 7)) * (t | 61u);
    x *= 1 + 0.02 * (static_cast<double>(t ^ (t >> 14)) / 4294967296.0 - 0.5);
    close[i] = x;
  }
  const char* specs[] = {"sma:20", "ema:20", "rsi:14", "macd:12,26,9", "bbands:20,2,2"};
  OhlcvView view;
  view.close = close.data();
  view.size = n;
  for (int w = 0; w < 5; ++w) {
    auto spec = parse_spec(specs[w]).spec;
    std::vector<std::vector<double>> ref(3, std::vector<double>(n)), got(3, std::vector<double>(n));
    double* r[3] = {ref[0].data(), ref[1].data(), ref[2].data()};
    double* g[3] = {got[0].data(), got[1].data(), got[2].data()};
    double best[3] = {1e300, 1e300, 1e300};
    bool same[3] = {true, true, true};
    for (int round = 0; round < rounds; ++round) {
      for (int v = 0; v < 3; ++v) {
        const auto t0 = std::chrono::steady_clock::now();
        if (v == 0) {
          compute(spec, view, r);
        } else {
          proposal_compute(w, v, close.data(), n, g[0], g[1], g[2]);
        }
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                .count();
        if (ms < best[v]) best[v] = ms;
        if (v > 0) {
          for (std::size_t k = 0; k < spec.info->outputs.size(); ++k) {
            if (std::memcmp(ref[k].data(), got[k].data(), n * sizeof(double)) != 0) same[v] = false;
          }
        }
      }
    }
    std::printf("{\"spec\":\"%s\",\"A\":%.4f,\"B\":%.4f,\"C\":%.4f,\"B_same\":%s,\"C_same\":%s}\n",
                specs[w], best[0], best[1], best[2], same[1] ? "true" : "false",
                same[2] ? "true" : "false");
  }
  return 0;
}
#endif
