// MarketView: what the API reads of the market — symbols, quotes, books, bars — as one interface,
// so the handlers do not care whether the data comes from the live feed (market/live), a replayed
// file or a test's fixed data set.
//
// Units are the feed's: prices are ITCH Price(4) integers (1891200 = $189.12), sizes are shares,
// times are epoch milliseconds (UTC). A symbol unknown to the view gives nullopt from every
// per-symbol call (the API answers 404).
//
// Thread safety: implementations must allow concurrent calls from every I/O thread while the feed
// updates them; each call returns a consistent snapshot of its symbol.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sp::serve::api {

struct QuoteView {
  std::string symbol;
  std::optional<std::int64_t> bid, ask,
      last;  // Price(4); absent when that side is empty / no trade yet
  std::uint64_t bid_size = 0, ask_size = 0, last_size = 0;
  std::int64_t time_ms = 0;  // of the latest event that changed the quote
};

struct LevelView {
  std::int64_t price = 0;  // Price(4)
  std::uint64_t shares = 0;
  std::uint32_t orders = 0;
};

struct BookView {
  std::string symbol;
  std::vector<LevelView> bids, asks;  // best first
};

struct BarView {
  std::int64_t time_ms = 0;                             // the bar's start
  std::int64_t open = 0, high = 0, low = 0, close = 0;  // Price(4)
  std::uint64_t volume = 0;
};

enum class Timeframe { k1s, k1m };

struct SymbolInfo {
  std::string symbol;
  std::optional<std::int64_t> last;  // Price(4)
  std::string status;                // "trading", "halted", "paused", "quotation"
};

class MarketView {
 public:
  virtual ~MarketView() = default;
  virtual std::vector<SymbolInfo> symbols() const = 0;
  virtual bool has_symbol(std::string_view symbol) const = 0;
  virtual std::optional<QuoteView> quote(std::string_view symbol) const = 0;
  virtual std::optional<BookView> book(std::string_view symbol, std::size_t depth) const = 0;
  // Bars whose start lies in [from_ms, to_ms], oldest first; when more than `limit`, the newest
  // `limit` of them.
  virtual std::optional<std::vector<BarView>> bars(std::string_view symbol, Timeframe tf,
                                                   std::int64_t from_ms, std::int64_t to_ms,
                                                   std::size_t limit) const = 0;
};

}  // namespace sp::serve::api
