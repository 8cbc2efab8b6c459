// Bank<Lanes>: the state of ONE indicator kind for N symbols that tick together (one new bar per
// symbol per tick), laid out as structure of arrays so that a tick is a few unit-stride loops
// across symbols that the compiler vectorises. The portfolio counterpart of the streaming
// convention in core/indicator.h:
//
//   SmaBank bank(1000, 20);                  // symbols, then the scalar class's options
//   bank.update(tick, outs);                 // outs[k] -> `symbols` doubles for output k
//   bank.peek(tick, outs);                   // as update, without committing
//   bank.update(close, out);                 // close-only, one-output banks: plain arrays
//   bank.reset(); bank.lookback();
//
// Every symbol's outputs equal, bit for bit, what the scalar class (Sma, Ema, ... with the same
// options) gives when fed that symbol's bars one by one: the banks repeat its arithmetic in its
// order (the build's -ffp-contract=off keeps both sides unfused).
//
// LOCKSTEP. All symbols start together, so they share one clock: the number of bars committed.
// Warm-up is decided once per tick from that clock (one branch per tick, not one per symbol), and
// ring buffers share one head: ring slot r of every symbol is row r of a [period][symbols] array,
// so the head row is written and the leaving row read with unit stride.
//
// NON-FINITE INPUTS: the policy of core/indicator.h, exactly. A symbol whose bar has a NaN or
// infinite value in a column the bank reads gets NaN outputs and its state is not touched, so its
// own clock falls one bar behind the shared one ("lagging"). The fast path is unchanged: one
// vectorised screen of the input columns per tick (skipped for columns in tick.finite), then the
// lockstep kernel over all symbols. When some symbol is bad or lagging, the tick runs the kernel
// over the runs of lockstep symbols between them and the same kernel, one symbol at a time, on
// each lagging symbol with that symbol's own clock (its own warm-up, its own ring head). A lagging
// symbol rejoins the lockstep as soon as both clocks are past the indicator's warm-up and Lanes
// can re-label its state to the shared clock (realign: nothing to do for running values, an
// O(period) rotation of the symbol's ring column for FIFO rings; CCI, whose sums run in ring-slot
// order, rejoins only when the lag is a multiple of the period). So in steady state a bad bar costs
// one slow tick; a symbol that skips bars during warm-up or in CCI is served one at a time.
//
// Lanes, the per-indicator part (sma_bank.h ...), provides:
//   kOutputs, kInputs (an Input mask), lookback(), steady() (the clock from which a step no longer
//   depends on the clock except through ring positions), step<kCommit>(begin, end, t, tick, outs)
//   (symbols [begin, end) at clock t; kCommit=false writes only outs), realign(s, from_t, to_t)
//   (re-label symbol s's state from clock from_t to to_t, both >= steady(); false if impossible),
//   reset().
//
// VECTORISATION. Each kernel is a loop over symbols [begin, end) on unit-stride rows. Kernels that
// touch many arrays take them as __restrict parameters: otherwise GCC must prove at run time that
// no two of them overlap, and beyond ten such checks it silently leaves the loop scalar. Hence:
// REQUIRES: the out rows (`symbols` doubles each) do not overlap one another or the tick's columns.
// Such kernels are also kept out of line (SP_BANK_KERNEL): GCC 12 can drop the __restrict
// guarantee when it inlines them (bench_stream's ADX loop went scalar that way), and one call per
// bank per tick costs nothing.
//
// No allocation after construction. Not thread-safe (peek uses the bank's scratch, so not even
// concurrent peeks); copyable.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/indicator.h"
#include "core/portfolio/portfolio_tick.h"

#if defined(__GNUC__)
#define SP_BANK_KERNEL __attribute__((noinline))
#else
#define SP_BANK_KERNEL
#endif

namespace sp::core {

template <class Lanes>
class Bank {
 public:
  static constexpr int kOutputs = Lanes::kOutputs;
  static constexpr unsigned kInputs = Lanes::kInputs;

  // `symbols` lanes, each like the scalar class constructed with `options`.
  template <class... Options>
  explicit Bank(std::size_t symbols, Options... options)
      : lanes_(symbols, options...), symbols_(symbols), lag_(symbols, 0) {
    lagging_.reserve(symbols);
    bad_.reserve(symbols);
    merged_.reserve(symbols);
  }

  std::size_t symbols() const { return symbols_; }
  int lookback() const { return lanes_.lookback(); }
  // Symbols currently off the lockstep after a non-finite bar (served one at a time).
  std::size_t lagging() const { return lagging_.size(); }
  const Lanes& lanes() const { return lanes_; }

  // Commits one bar per symbol; writes kOutputs values per symbol: out[k][s].
  void update(const PortfolioTick& tick, double* const* out) {
    const bool clean = all_finite(tick, kInputs, symbols_);
    if (clean && lagging_.empty()) [[likely]] {
      lanes_.template step<true>(0, symbols_, ticks_, tick, out);
      ++ticks_;
      return;
    }
    update_with_exceptions(tick, out, clean);
  }

  // The outputs update(tick, out) would write; commits nothing.
  void peek(const PortfolioTick& tick, double* const* out) const {
    // step<false> writes only `out` (and scratch): the lanes' state is not modified.
    Lanes& lanes = const_cast<Lanes&>(lanes_);
    lanes.template step<false>(0, symbols_, ticks_, tick, out);
    if (all_finite(tick, kInputs, symbols_) && lagging_.empty()) [[likely]]
      return;
    // Lagging symbols: recompute with their own clocks. Bad symbols: NaN.
    for (std::uint32_t s : lagging_)
      lanes.template step<false>(s, s + 1, ticks_ - lag_[s], tick, out);
    for (std::size_t s = 0; s < symbols_; ++s) {
      if (!finite_at(tick, kInputs, s)) write_nan(out, s);
    }
  }

  // One-output forms.
  void update(const PortfolioTick& tick, double* out) requires(kOutputs == 1) {
    update(tick, &out);
  }
  void peek(const PortfolioTick& tick, double* out) const requires(kOutputs == 1) {
    peek(tick, &out);
  }
  // Close-only forms: `close` and each output hold `symbols` values.
  void update(const double* close, double* const* out) requires(kInputs == kClose) {
    update(close_tick(close), out);
  }
  void peek(const double* close, double* const* out) const requires(kInputs == kClose) {
    peek(close_tick(close), out);
  }
  void update(const double* close, double* out) requires(kInputs == kClose && kOutputs == 1) {
    update(close_tick(close), &out);
  }
  void peek(const double* close, double* out) const requires(kInputs == kClose && kOutputs == 1) {
    peek(close_tick(close), &out);
  }

  void reset() {
    lanes_.reset();
    ticks_ = 0;
    for (std::uint32_t s : lagging_) lag_[s] = 0;
    lagging_.clear();
  }

 private:
  static PortfolioTick close_tick(const double* close) {
    PortfolioTick t;
    t.close = close;
    return t;
  }

  static void write_nan(double* const* out, std::size_t s) {
    for (int k = 0; k < kOutputs; ++k) out[k][s] = kNaN;
  }

  // The slow tick: some symbol has a non-finite bar or is lagging.
  void update_with_exceptions(const PortfolioTick& tick, double* const* out, bool clean) {
    bad_.clear();
    if (!clean) {
      for (std::size_t s = 0; s < symbols_; ++s) {
        if (!finite_at(tick, kInputs, s)) bad_.push_back(static_cast<std::uint32_t>(s));
      }
    }
    // Walk the sorted union of lagging_ and bad_: lockstep runs between them, then the exception.
    merged_.clear();
    std::size_t begin = 0, i = 0, j = 0;
    while (i < lagging_.size() || j < bad_.size()) {
      std::uint32_t s;
      bool is_bad = false;
      if (j < bad_.size() && (i == lagging_.size() || bad_[j] <= lagging_[i])) {
        s = bad_[j++];
        is_bad = true;
        if (i < lagging_.size() && lagging_[i] == s) ++i;
      } else {
        s = lagging_[i++];
      }
      if (s > begin) lanes_.template step<true>(begin, s, ticks_, tick, out);
      if (is_bad) {
        write_nan(out, s);
        ++lag_[s];
      } else {
        lanes_.template step<true>(s, s + 1, ticks_ - lag_[s], tick, out);
      }
      merged_.push_back(s);
      begin = s + 1;
    }
    if (begin < symbols_) lanes_.template step<true>(begin, symbols_, ticks_, tick, out);
    ++ticks_;
    // Rejoin every lagging symbol whose state can be re-labelled to the shared clock.
    lagging_.clear();
    const std::uint64_t steady = lanes_.steady();
    for (std::uint32_t s : merged_) {
      const std::uint64_t own = ticks_ - lag_[s];
      if (own >= steady && lanes_.realign(s, own, ticks_)) {
        lag_[s] = 0;
      } else {
        lagging_.push_back(s);
      }
    }
  }

  Lanes lanes_;
  std::size_t symbols_;
  std::uint64_t ticks_ = 0;             // the shared clock: ticks committed
  std::vector<std::uint32_t> lag_;      // per symbol: bars skipped (own clock = ticks_ - lag_)
  std::vector<std::uint32_t> lagging_;  // sorted symbols with lag_ != 0
  std::vector<std::uint32_t> bad_;      // scratch: this tick's non-finite symbols
  std::vector<std::uint32_t> merged_;   // scratch
};

}  // namespace sp::core
