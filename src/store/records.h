// StoredBar and StoredTrade: the two kinds of record a MarketStore keeps.
//
// Units, and why:
//  - Trade prices are integer ticks of 1/10,000 (kPriceScale), the unit of ITCH 5.0 Price(4)
//    fields: a trade from the feed is stored exactly as it was sent, compares exactly, and is the
//    same number in SQLite (INTEGER) and PostgreSQL (bigint). `price_value()` gives dollars.
//  - Bar prices and volume are doubles. Bars come from sources whose precision we do not choose
//    (vendors' daily files carry 6 decimals, e.g. SPY 147.100006; crypto needs 8), so ticks of
//    1/10,000 would silently round them. A double round-trips exactly through both backends
//    (SQLite REAL is IEEE binary64; PostgreSQL double precision is read back with shortest-exact
//    text), so what is written is what is read, bit for bit. Bars built from ticks (ticks / 1e4)
//    are as exact as core/'s indicators, which compute in double anyway.
//  - Bar times are epoch milliseconds, UTC, the start of the bar (core::Bar::time_ms).
//  - Trade times are epoch nanoseconds, UTC (the feed adds the session date to ITCH's nanoseconds
//    since midnight). int64 nanoseconds reach the year 2262.
//
// Limits a write checks (anything else is an error naming the record; see MarketStore::write):
//  - symbol: 1..32 bytes of printable ASCII, no leading or trailing space ("BRK A" is fine).
//  - timeframe: 1..8 bytes of letters and digits ("1s", "1m", "5m", "1h", "1d", "1w", "1mo").
//  - bar prices and volume finite; volume >= 0; trades (the count) >= 0.
//  - trade price >= 0, shares > 0, side 'B' (buy), 'S' (sell) or ' ' (unknown: cross trades).
//
// Plain values. With symbols of up to 15 bytes (every ITCH symbol) std::string keeps the text
// inline, so a record costs no allocation.
#pragma once

#include <cstdint>
#include <string>

namespace sp::store {

// Ticks per dollar for trade prices: ITCH Price(4) (market::itch::kPriceScale; store/ is below
// market/ and cannot include it).
inline constexpr std::int64_t kPriceScale = 10'000;

// One OHLCV bar. Its key is (symbol, timeframe, start_ms): writing a bar with the key of a stored
// one replaces it (a bar still forming is written again as it grows).
struct StoredBar {
  std::string symbol;
  std::string timeframe;
  std::int64_t start_ms = 0;
  double open = 0;
  double high = 0;
  double low = 0;
  double close = 0;
  double volume = 0;
  std::int64_t trades = 0;  // number of trades in the bar, 0 when the source does not say

  bool operator==(const StoredBar&) const = default;
};

// One executed trade. Its key is (the batch's source, source_seq): a trade whose key is stored
// already is skipped, which is what makes replaying a feed after a restart harmless.
struct StoredTrade {
  std::string symbol;
  std::int64_t time_ns = 0;
  std::int64_t price = 0;  // ticks of 1 / kPriceScale dollars
  std::int64_t shares = 0;
  std::int64_t match_number = 0;  // the exchange's match number (ITCH), 0 when none
  char side = ' ';                // 'B', 'S' or ' '
  std::int64_t source_seq = 0;    // unique within the source, e.g. the message's sequence number

  double price_value() const { return static_cast<double>(price) / kPriceScale; }
  bool operator==(const StoredTrade&) const = default;
};

}  // namespace sp::store
