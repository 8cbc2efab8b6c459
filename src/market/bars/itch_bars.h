// Bars of one symbol from an ITCH 5.0 file: the file is replayed through the order books
// (market/book), and every printable trade of the symbol (executions, executions with price marked
// printable, non-cross and cross trades: book_listener.h; trades of zero shares left out) goes
// into a BarBuilder. Beside each bar, the symbol's session VWAP as it stood at the bar's last
// trade (session_vwap.h says which trades count and when the session starts).
//
//   auto bars = itch_file_bars(path, "AAPL", 60'000'000'000, &error);   // 1-minute bars
//
// nullopt with `error` naming the file and the problem when the file cannot be read, is damaged
// (truncated or malformed frames: feed_walk.h), or never lists the symbol in a Stock Directory (R)
// message. `progress(bytes_done, bytes_total, messages)` is called between chunks of the walk
// (feed_walk.h), when given. Nothing here throws.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "market/bars/bar_builder.h"
#include "market/bars/session_vwap.h"

namespace sp::market::bars {

using WalkProgress = std::function<void(std::uint64_t bytes_done, std::uint64_t bytes_total,
                                        std::uint64_t messages)>;

struct SymbolBars {
  std::vector<TradeBar> bars;
  // vwap[i]: the session VWAP in dollars after bars[i]'s last trade; NaN when the session had no
  // counted trade of the symbol yet (a pre-market bar, say).
  std::vector<double> vwap;
  VwapTotals session;  // the symbol's session sums at the end of the file
};

std::optional<SymbolBars> itch_file_bars(const std::string& path, std::string_view symbol,
                                         std::uint64_t interval_ns, std::string* error,
                                         const WalkProgress& progress = {});

}  // namespace sp::market::bars
