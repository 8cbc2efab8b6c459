// SlidingExtremeLanes<Order>: the highest (SlidingMaxLanes) or lowest (SlidingMinLanes) of the last
// `window` values of N series that advance together, the lockstep counterpart of
// overlap/sliding_extreme.h. StochBank's highest high and lowest low.
//
// Contract: push<true>(begin, end, t, x, out) appends x[s] to series s for s in [begin, end), at
// clock t (values pushed before), and writes the extreme of the last min(window, t+1) values;
// push<false> writes what push<true> would, changing nothing. The extreme is exact whatever the
// method (max and min do not round), so it equals SlidingExtreme's value bit for bit.
// REQUIRES: window >= 1; no NaN pushed. Allocation at construction only. Not thread-safe; copyable.
//
// Method. A monotonic deque per series is branchy and gathers from a different deque position per
// series, so it does not vectorise across series. Two layouts that do, both keeping the last
// `window` values in a ring [window][symbols] whose slot (t % window) is shared by all series:
//   kRescan  write the slot, then take the extreme of the window's rows: `window` vector max/min a
//            vector of series, no state besides the ring. O(window) per push.
//   kBlocks  van Herk / Gil-Werman as in SlidingExtreme, in lockstep: the ring doubles as the
//            current block, a running prefix extreme and the previous block's suffix extremes
//            [window+1][symbols]. A push is a store and two max/min; every `window` pushes the
//            block is sealed (one pass over its rows), which happens for all series on the same
//            tick, so the seal is one shared branch. O(1) amortised per push.
// default_method picks kRescan up to kRescanMaxWindow. Measured (bench_stream portfolio/banks/
// stochN_*, 1,000 symbols, STOCH N,3,3, CPU ns per symbol update, medians of 5): N=3 rescan 2.75,
// blocks 2.91; N=5 3.21 vs 2.96; N=9 3.86 vs 2.84; N=14 4.79 vs 3.09. The blocks' cost is flat in
// the window; the rescan's grows with it and only wins below 5.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "core/indicators/overlap/sliding_extreme.h"
#include "core/portfolio/soa_array.h"

namespace sp::core {

enum class ExtremeMethod { kRescan, kBlocks };

template <class Order>
class SlidingExtremeLanes {
 public:
  static constexpr int kRescanMaxWindow = 4;
  static ExtremeMethod default_method(int window) {
    return window <= kRescanMaxWindow ? ExtremeMethod::kRescan : ExtremeMethod::kBlocks;
  }

  SlidingExtremeLanes(std::size_t symbols, int window, ExtremeMethod method)
      : window_(static_cast<std::size_t>(window)),
        method_(method),
        ring_(window_, symbols),
        suffix_(method == ExtremeMethod::kBlocks ? window_ + 1 : 0, symbols, Order::kNone),
        prefix_(method == ExtremeMethod::kBlocks ? 1 : 0, symbols, Order::kNone) {}

  int window() const { return static_cast<int>(window_); }
  ExtremeMethod method() const { return method_; }

  template <bool kCommit>
  void push(std::size_t begin, std::size_t end, std::uint64_t t, const double* x, double* out) {
    const std::size_t slot = static_cast<std::size_t>(t % window_);
    if (method_ == ExtremeMethod::kRescan) {
      rescan<kCommit>(begin, end, t, slot, x, out);
    } else {
      blocks<kCommit>(begin, end, slot, x, out);
    }
  }

  // Re-labels series s from clock from_t to to_t. REQUIRES: from_t >= window - 1.
  void realign(std::size_t s, std::uint64_t from_t, std::uint64_t to_t) {
    ring_.rotate_column(s, static_cast<std::size_t>((to_t - from_t) % window_));
    if (method_ == ExtremeMethod::kRescan) return;
    // Rebuild the block summaries for the new slot: rows [0, f) are the current block, rows
    // [f, window) the previous one.
    const std::size_t f = static_cast<std::size_t>(to_t % window_);
    double m = Order::kNone;
    for (std::size_t j = 0; j < f; ++j) m = Order::pick(m, ring_.at(j, s));
    prefix_.at(0, s) = m;
    for (std::size_t j = window_; j-- > f;)
      suffix_.at(j, s) = Order::pick(ring_.at(j, s), suffix_.at(j + 1, s));
  }

  void reset() {
    suffix_.fill(Order::kNone);
    prefix_.fill(Order::kNone);
  }

 private:
  template <bool kCommit>
  void rescan(std::size_t begin, std::size_t end, std::uint64_t t, std::size_t slot,
              const double* x, double* out) {
    const std::size_t rows = static_cast<std::size_t>(std::min<std::uint64_t>(window_, t + 1));
    for (std::size_t s = begin; s < end; ++s) out[s] = x[s];
    for (std::size_t j = 0; j < rows; ++j) {
      if (j == slot) continue;
      const double* const r = ring_.row(j);
      for (std::size_t s = begin; s < end; ++s) out[s] = Order::pick(out[s], r[s]);
    }
    if constexpr (kCommit) {
      double* const r = ring_.row(slot);
      for (std::size_t s = begin; s < end; ++s) r[s] = x[s];
    }
  }

  template <bool kCommit>
  void blocks(std::size_t begin, std::size_t end, std::size_t slot, const double* x, double* out) {
    double* const prefix = prefix_.row(0);
    if constexpr (!kCommit) {
      const double* const suffix = suffix_.row(slot + 1);
      for (std::size_t s = begin; s < end; ++s)
        out[s] = Order::pick(suffix[s], Order::pick(prefix[s], x[s]));
      return;
    } else {
      double* const block = ring_.row(slot);
      for (std::size_t s = begin; s < end; ++s) block[s] = x[s];
      if (slot + 1 == window_)
          [[unlikely]] {  // the block is full: seal it, for every series at once
        for (std::size_t j = window_; j-- > 0;) {
          const double* const values = ring_.row(j);
          const double* const later = suffix_.row(j + 1);
          double* const suffix = suffix_.row(j);
          for (std::size_t s = begin; s < end; ++s) suffix[s] = Order::pick(values[s], later[s]);
        }
        const double* const whole = suffix_.row(0);
        for (std::size_t s = begin; s < end; ++s) {
          prefix[s] = Order::kNone;
          out[s] = whole[s];
        }
        return;
      }
      const double* const suffix = suffix_.row(slot + 1);
      for (std::size_t s = begin; s < end; ++s) {
        const double p = Order::pick(prefix[s], x[s]);
        prefix[s] = p;
        out[s] = Order::pick(suffix[s], p);
      }
    }
  }

  std::size_t window_;
  ExtremeMethod method_;
  SoaArray ring_;    // [window][symbols]: the last `window` values, slot t % window
  SoaArray suffix_;  // kBlocks: [window+1][symbols], suffix extremes of the previous block
  SoaArray prefix_;  // kBlocks: [1][symbols], extreme of the current block so far
};

using SlidingMaxLanes = SlidingExtremeLanes<HighestOrder>;
using SlidingMinLanes = SlidingExtremeLanes<LowestOrder>;

}  // namespace sp::core
