// What a store must hold after ingesting an ITCH file (market/bars/itch_ingest.h), worked out
// independently of the ingest: the file walked once through a BookSet with every message numbered,
// every printable trade of a named stock kept with its message number; bars built from those
// trades by a BarBuilder. For the ingest tests (tests/store) and the command-line crash test
// (tests/app). The day is 2026-11-24 (New York time, UTC-5): file names carry 20261124.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "market/bars/bar_builder.h"
#include "market/bars/eastern_time.h"
#include "market/book/book_set.h"
#include "market/itch/feed_file.h"
#include "store/records.h"

namespace sp::store::testing {

inline constexpr std::int64_t kDayUtcMs = 1'795'478'400'000;  // 2026-11-24T00:00:00Z
inline const std::int64_t kDayStartNs =
    market::bars::eastern_midnight_utc_ms(kDayUtcMs) * 1'000'000;

// What the store must hold: every printable trade of a named stock, with its message number.
struct Expected {
  std::map<std::string, std::vector<StoredTrade>> trades;

  struct Walk : market::book::NullBookListener {
    using NullBookListener::on_trade;
    Expected* self;
    std::int64_t position = 0;
    void on_trade(const market::book::TradeEvent& t) {
      if (!t.printable || t.shares == 0) return;
      StoredTrade s;
      s.symbol = std::string(market::itch::trimmed(t.symbol));
      s.time_ns = kDayStartNs + static_cast<std::int64_t>(t.timestamp_ns);
      s.price = t.price;
      s.shares = static_cast<std::int64_t>(t.shares);
      s.match_number = static_cast<std::int64_t>(t.match_number);
      s.side = t.side == 0 ? ' ' : t.side;
      s.source_seq = position;
      self->trades[s.symbol].push_back(s);
    }
  };
  struct Numbered {
    market::book::BookSet<Walk>& books;
    Walk& walk;
    template <class M>
    void on(const M& m) {
      ++walk.position;
      books.on(m);
    }
  };

  explicit Expected(const market::itch::FeedFile& file) {
    Walk walk;
    walk.self = this;
    market::book::BookSet<Walk> books(&walk);
    Numbered numbered{books, walk};
    market::itch::FeedStats stats;
    file.read(numbered, stats);
  }

  // The trades of `symbol` from messages 1..last.
  std::vector<StoredTrade> trades_through(const std::string& symbol, std::int64_t last) const {
    std::vector<StoredTrade> out;
    const auto it = trades.find(symbol);
    if (it == trades.end()) return out;
    for (const auto& t : it->second) {
      if (t.source_seq <= last) out.push_back(t);
    }
    return out;
  }

  // The bars those trades make, the last one as it stood after message `last`.
  static std::vector<StoredBar> bars_of(const std::vector<StoredTrade>& trades,
                                        const std::string& timeframe) {
    const std::uint64_t interval = timeframe == "1s" ? 1'000'000'000ull : 60'000'000'000ull;
    market::bars::BarBuilder builder(interval);
    std::vector<StoredBar> out;
    auto keep = [&](const market::bars::TradeBar& b) {
      StoredBar s;
      s.symbol = trades.front().symbol;
      s.timeframe = timeframe;
      s.start_ms = (kDayStartNs + static_cast<std::int64_t>(b.start_ns)) / 1'000'000;
      s.open = b.open / 10000.0;
      s.high = b.high / 10000.0;
      s.low = b.low / 10000.0;
      s.close = b.close / 10000.0;
      s.volume = static_cast<double>(b.volume);
      s.trades = static_cast<std::int64_t>(b.trades);
      out.push_back(s);
    };
    for (const auto& t : trades) {
      builder.add(static_cast<std::uint64_t>(t.time_ns - kDayStartNs),
                  static_cast<std::uint32_t>(t.price), static_cast<std::uint64_t>(t.shares), keep);
    }
    builder.flush(keep);
    return out;
  }
};

}  // namespace sp::store::testing
