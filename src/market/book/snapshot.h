// One stock's book at a point in an ITCH file: what `stockpulse book FILE --symbol SYM [--after N]
// [--depth D]` prints.
//
//   std::string error;
//   auto snap = snapshot_after(path, "AAPL", /*after=*/100000, /*depth=*/5, &error);
//   if (!snap) { print error; exit 1; }
//   std::cout << to_json(*snap) << "\n";
//   // {"symbol": "AAPL", "bids": [[123.4500, 300, 2], ...], "asks": [...]}
//
// snapshot_after applies the first `after` messages of the file (all when nullopt) to a BookSet and
// takes the symbol's best `depth` levels a side (all when depth <= 0), best first. Every framed
// message counts toward `after`, system and directory ones included, and so do frames the reader
// reports and skips (unknown or malformed): a count is a position in the file, not a filter.
// The symbol is found in the file's stock directory (R messages), compared exactly after trimming
// trailing spaces; a symbol named only after the first `after` messages gives an empty book, and
// one the file never names is an error naming it and the file. Errors (file cannot be opened,
// unknown symbol) return nullopt and set *error; nothing throws.
//
// to_json: exactly {"symbol": S, "bids": [[price, shares, orders], ...], "asks": [...]}, prices as
// numbers with exactly 4 decimals (123.4500, from integer ticks: no floating point), arrays best
// first, no trailing newline.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "market/book/order_book.h"

namespace sp::market::book {

struct BookSnapshot {
  std::string symbol;
  std::uint16_t locate = 0;
  std::uint64_t messages_applied = 0;
  std::vector<LevelInfo> bids;  // best (highest) first
  std::vector<LevelInfo> asks;  // best (lowest) first
};

std::optional<BookSnapshot> snapshot_after(const std::string& file, std::string_view symbol,
                                           std::optional<std::uint64_t> after, int depth,
                                           std::string* error);

// A Price(4) as text with exactly 4 decimals: 1234500 -> "123.4500".
std::string format_price(std::uint32_t price);

std::string to_json(const BookSnapshot& s);

}  // namespace sp::market::book
