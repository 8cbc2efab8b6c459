// A deterministic synthetic feed for the ingest crash test: what position P of the feed holds is a
// pure function of P, so the test knows exactly what a store must hold after positions 1..P.
//
// Position P is one message. Every seventh message is not a trade (an order add, say): it moves the
// checkpoint and stores nothing. The others are trades of one of three symbols, 250 ms apart, with
// price, size and side drawn from a hash of P. A MinuteBarBuilder folds the trades into 1-minute
// bars, as the real bar builder does, and can be seeded with a stored bar to resume it.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "store/records.h"

namespace sp::store::synthetic {

inline constexpr const char* kSource = "synthetic";
inline constexpr const char* kTimeframe = "1m";
inline const std::vector<std::string>& symbols() {
  static const std::vector<std::string> s{"AAA", "BBB", "CCC"};
  return s;
}
inline constexpr std::int64_t kBaseNs = 1'564'493'400'000'000'000;  // 2019-07-30 13:30:00 UTC
inline constexpr std::int64_t kStepNs = 250'000'000;

inline std::uint64_t mix(std::uint64_t x) {  // splitmix64
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

inline bool has_trade(std::int64_t p) {
  return p % 7 != 0;
}

// REQUIRES: has_trade(p).
inline StoredTrade trade_at(std::int64_t p) {
  const std::uint64_t h = mix(static_cast<std::uint64_t>(p));
  StoredTrade t;
  t.symbol = symbols()[h % symbols().size()];
  t.time_ns = kBaseNs + p * kStepNs;
  t.price = 1'000'000 + static_cast<std::int64_t>((h >> 8) % 50'000);  // $100.0000 … $104.9999
  t.shares = 1 + static_cast<std::int64_t>((h >> 24) % 1'000);
  t.match_number = p * 3 + 1;
  t.side = (h >> 40) & 1 ? 'B' : 'S';
  t.source_seq = p;
  return t;
}

class MinuteBarBuilder {
 public:
  // Resumes the symbol's bar from a stored one (the newest stored bar of the symbol).
  void seed(const StoredBar& bar) { current_[bar.symbol] = bar; }

  // Folds `t` into its symbol's bar and returns that bar as it now stands.
  const StoredBar& add(const StoredTrade& t) {
    const std::int64_t start_ms = t.time_ns / 60'000'000'000 * 60'000;
    const double price = t.price_value();
    StoredBar& b = current_[t.symbol];
    if (b.symbol.empty() || b.start_ms != start_ms) {
      b.symbol = t.symbol;
      b.timeframe = kTimeframe;
      b.start_ms = start_ms;
      b.open = b.high = b.low = b.close = price;
      b.volume = 0;
      b.trades = 0;
    }
    if (price > b.high) b.high = price;
    if (price < b.low) b.low = price;
    b.close = price;
    b.volume += static_cast<double>(t.shares);
    b.trades += 1;
    return b;
  }

 private:
  std::map<std::string, StoredBar> current_;
};

// The bars of `symbol` after positions 1..last, oldest first.
inline std::vector<StoredBar> expected_bars(std::int64_t last, const std::string& symbol) {
  MinuteBarBuilder builder;
  std::vector<StoredBar> out;
  for (std::int64_t p = 1; p <= last; ++p) {
    if (!has_trade(p)) continue;
    const StoredTrade t = trade_at(p);
    if (t.symbol != symbol) continue;
    const StoredBar& b = builder.add(t);
    if (out.empty() || out.back().start_ms != b.start_ms) {
      out.push_back(b);
    } else {
      out.back() = b;
    }
  }
  return out;
}

// The trades of `symbol` after positions 1..last, oldest first.
inline std::vector<StoredTrade> expected_trades(std::int64_t last, const std::string& symbol) {
  std::vector<StoredTrade> out;
  for (std::int64_t p = 1; p <= last; ++p) {
    if (has_trade(p) && trade_at(p).symbol == symbol) out.push_back(trade_at(p));
  }
  return out;
}

}  // namespace sp::store::synthetic
