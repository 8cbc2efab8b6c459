// The two calling conventions every indicator follows, in the manner of TA-Lib: learn one, know
// all.
//
// STREAMING. Each indicator is a small value type in src/core/indicators/<group>/<name>.h:
//
//   class Rsi {
//    public:
//     static constexpr int kOutputs = 1;        // number of named outputs (see the registry)
//     explicit Rsi(int period = 14);             // options in TA-Lib's order, TA-Lib's defaults
//     int lookback() const;                      // bars consumed before the first value: TA-Lib's
//                                                // TA_XXX_Lookback for the same options
//     void update(const Bar& bar, double* out);  // commit one bar; write kOutputs values
//     void peek(const Bar& bar, double* out) const;  // the values if `bar` closed now; no commit
//     void reset();                              // back to the freshly constructed state
//   };
//
// Contract of update/peek: O(1) per bar (amortised for sliding extremes), no allocation after
// construction, NaN in `out` while warming up (the first lookback() bars). REQUIRES: every input
// the indicator reads is finite; the registry's adapters enforce the non-finite policy before
// calling. Indicators over one series (close) also offer `double update(double)` and `double
// peek(double) const`, which composite indicators use (MACD on EMAs, BBANDS on an MA). Batch and
// streaming must give the same numbers; the easiest way is the same arithmetic in the same order,
// which `drive_batch` below gives for free.
//
// BATCH. Arrays in, arrays out, one output array of `view.size` doubles per output, NaN during
// warm-up. The registry's `compute` calls each indicator's batch entry point (factories.h).
//
// NON-FINITE INPUTS (policy; README "NaN and infinite inputs"): a bar in which any input the
// indicator reads is NaN or infinite is treated as missing: its outputs are NaN and the state is
// not touched, so warm-up counts only finite bars and one bad tick never poisons the running sums.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <span>

#include "core/bar.h"

namespace sp::core {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Type-erased streaming indicator, for the CLI, the WebAssembly API and the tests. Hot paths that
// know the type use the concrete class directly and avoid the virtual call.
class IndicatorStream {
 public:
  virtual ~IndicatorStream() = default;
  virtual int outputs() const = 0;
  virtual int lookback() const = 0;
  // Applies the non-finite policy, then commits `bar`; writes outputs() values.
  virtual void update(const Bar& bar, double* out) = 0;
  // As update, without committing.
  virtual void peek(const Bar& bar, double* out) const = 0;
  virtual void reset() = 0;
};

inline void fill_nan(double* out, int n) {
  for (int i = 0; i < n; ++i) out[i] = kNaN;
}

// Adapts a concrete indicator T to IndicatorStream and applies the non-finite policy.
template <class T>
class StreamOf final : public IndicatorStream {
 public:
  StreamOf(unsigned inputs, T impl) : inputs_(inputs), impl_(std::move(impl)) {}
  int outputs() const override { return T::kOutputs; }
  int lookback() const override { return impl_.lookback(); }
  void update(const Bar& bar, double* out) override {
    if (finite_inputs(bar, inputs_)) {
      impl_.update(bar, out);
    } else {
      fill_nan(out, T::kOutputs);
    }
  }
  void peek(const Bar& bar, double* out) const override {
    if (finite_inputs(bar, inputs_)) {
      impl_.peek(bar, out);
    } else {
      fill_nan(out, T::kOutputs);
    }
  }
  void reset() override { impl_.reset(); }

 private:
  unsigned inputs_;
  T impl_;
};

template <class T>
std::unique_ptr<IndicatorStream> make_stream(unsigned inputs, T impl) {
  return std::make_unique<StreamOf<T>>(inputs, std::move(impl));
}

// True when every one of x[0..n) is finite. Written so that the compiler vectorises it (no early
// exit inside a block of 8). Hand-written batch kernels check their inputs with it first and fall
// back to drive_batch (which applies the non-finite policy bar by bar) otherwise.
inline bool all_finite(const double* x, std::size_t n) {
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

// True when the n doubles at `a` and the n doubles at `b` share memory. Batch kernels that read an
// input back after writing outputs use it to fall back to drive_batch when a caller computes in
// place (the WebAssembly API lets one buffer be both an input and an `into` target).
inline bool overlaps(const double* a, const double* b, std::size_t n) {
  const auto pa = reinterpret_cast<std::uintptr_t>(a);
  const auto pb = reinterpret_cast<std::uintptr_t>(b);
  const std::size_t bytes = n * sizeof(double);
  return pa < pb + bytes && pb < pa + bytes;
}

// The batch form derived from the streaming one: the same arithmetic, so the same numbers, with the
// concrete type inlined into the loop. `outs[k]` receives output k for every bar. Call it with a
// constant `inputs`: once inlined, only the columns named there are loaded and checked, and a
// close-only indicator runs its update straight over the close array (the scalar update when it
// has one and a single output).
// The outputs are written through __restrict locals (one per output, up to 3; every indicator has
// at most 3): the output arrays then cannot alias the indicator, so the compiler keeps its state in
// registers across the stores instead of storing and reloading it every bar. Native x86 mostly
// hides that reload (store-to-load forwarding); WebAssembly under V8 does not (bench/wasm).
// An output may be the close array itself (in place): each bar's close is read before its outputs
// are written, and the indicator keeps its own copy of any history it needs.
// REQUIRES: view.has(inputs); the output arrays do not overlap each other or `impl`.
template <class T>
inline void drive_batch(T& impl, unsigned inputs, const OhlcvView& view, double* const* outs) {
  constexpr int K = T::kOutputs;
  const std::size_t n = view.size;
  if constexpr (K >= 1 && K <= 3) {
    double* __restrict o0 = outs[0];
    double* __restrict o1 = K > 1 ? outs[1] : nullptr;
    double* __restrict o2 = K > 2 ? outs[2] : nullptr;
    if (inputs == kClose) {
      const double* close = view.close;
      if constexpr (K == 1 && requires(double x) { impl.update(x); }) {
        for (std::size_t i = 0; i < n; ++i) {
          o0[i] = std::isfinite(close[i]) ? impl.update(close[i]) : kNaN;
        }
        return;
      } else {
        Bar bar;
        for (std::size_t i = 0; i < n; ++i) {
          bar.close = close[i];
          double row[K];
          if (std::isfinite(bar.close)) {
            impl.update(bar, row);
          } else {
            fill_nan(row, K);
          }
          o0[i] = row[0];
          if constexpr (K > 1) o1[i] = row[1];
          if constexpr (K > 2) o2[i] = row[2];
        }
        return;
      }
    }
    for (std::size_t i = 0; i < n; ++i) {
      Bar bar;
      if (inputs & kTime) bar.time_ms = view.time_ms[i];
      if (inputs & kOpen) bar.open = view.open[i];
      if (inputs & kHigh) bar.high = view.high[i];
      if (inputs & kLow) bar.low = view.low[i];
      if (inputs & kClose) bar.close = view.close[i];
      if (inputs & kVolume) bar.volume = view.volume[i];
      double row[K];
      if (finite_inputs(bar, inputs)) {
        impl.update(bar, row);
      } else {
        fill_nan(row, K);
      }
      o0[i] = row[0];
      if constexpr (K > 1) o1[i] = row[1];
      if constexpr (K > 2) o2[i] = row[2];
    }
  } else {
    double row[K > 0 ? K : 1];
    for (std::size_t i = 0; i < n; ++i) {
      Bar bar;
      if (inputs & kTime) bar.time_ms = view.time_ms[i];
      if (inputs & kOpen) bar.open = view.open[i];
      if (inputs & kHigh) bar.high = view.high[i];
      if (inputs & kLow) bar.low = view.low[i];
      if (inputs & kClose) bar.close = view.close[i];
      if (inputs & kVolume) bar.volume = view.volume[i];
      if (finite_inputs(bar, inputs)) {
        impl.update(bar, row);
      } else {
        fill_nan(row, K);
      }
      for (int k = 0; k < K; ++k) outs[k][i] = row[k];
    }
  }
}

// CRTP helper for indicators over one series (the close): derive from it and implement
// `double update(double)`, `double peek(double) const`; the Bar forms come from here.
template <class Derived>
class OnClose {
 public:
  static constexpr int kOutputs = 1;
  void update(const Bar& bar, double* out) { *out = self().update(bar.close); }
  void peek(const Bar& bar, double* out) const { *out = cself().peek(bar.close); }

 private:
  Derived& self() { return static_cast<Derived&>(*this); }
  const Derived& cself() const { return static_cast<const Derived&>(*this); }
};

}  // namespace sp::core
