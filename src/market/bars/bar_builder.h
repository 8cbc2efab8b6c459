// BarBuilder: OHLCV bars of a fixed interval (1 s, 1 min, ...) from a stream of trades.
//
// Trades arrive with ITCH's units: time in nanoseconds since midnight, price in Price(4) ticks,
// shares. A bar covers [start, start + interval) and exists only if a trade fell in it (an interval
// without trades gives no bar, as on every market-data terminal). A trade older than the bar being
// built (ITCH timestamps do not go back, but a merged feed might) is folded into that bar rather
// than reopening a finished one. Only the caller knows which trades count: feed it printable
// trades only (book_listener.h says which those are).
//
// `add` hands each finished bar to `emit(const TradeBar&)`; `flush` hands over the bar in progress.
// No allocation. Not thread-safe; copyable.
#pragma once

#include <cstdint>

namespace sp::market::bars {

struct TradeBar {
  std::uint64_t start_ns = 0;  // since midnight, a multiple of the interval
  std::uint32_t open = 0, high = 0, low = 0, close = 0;  // Price(4)
  std::uint64_t volume = 0;                              // shares
  std::uint64_t trades = 0;
  bool operator==(const TradeBar&) const = default;
};

class BarBuilder {
 public:
  // REQUIRES: interval_ns > 0.
  explicit BarBuilder(std::uint64_t interval_ns) : interval_(interval_ns) {}

  template <class Emit>
  void add(std::uint64_t time_ns, std::uint32_t price, std::uint64_t shares, Emit&& emit) {
    const std::uint64_t start = time_ns - time_ns % interval_;
    if (bar_.trades != 0 && start > bar_.start_ns) {
      emit(static_cast<const TradeBar&>(bar_));
      bar_.trades = 0;
    }
    if (bar_.trades == 0) {
      bar_ = TradeBar{start, price, price, price, price, 0, 0};
    }
    if (price > bar_.high) bar_.high = price;
    if (price < bar_.low) bar_.low = price;
    bar_.close = price;
    bar_.volume += shares;
    ++bar_.trades;
  }

  template <class Emit>
  void flush(Emit&& emit) {
    if (bar_.trades != 0) emit(static_cast<const TradeBar&>(bar_));
    bar_.trades = 0;
  }

  std::uint64_t interval_ns() const { return interval_; }
  // The bar being built (the one the last add() went into), or nullptr before the first add and
  // after flush(). A store that keeps a bar while it forms writes this after every trade.
  const TradeBar* forming() const { return bar_.trades != 0 ? &bar_ : nullptr; }

 private:
  std::uint64_t interval_;
  TradeBar bar_;
};

}  // namespace sp::market::bars
