// Bars of one symbol from an ITCH 5.0 file: the file is replayed through the order books
// (market/book), and every printable trade of the symbol (executions, executions with price marked
// printable, non-cross and cross trades: book_listener.h) goes into a BarBuilder.
//
//   auto bars = itch_file_bars(path, "AAPL", 60'000'000'000, &error);   // 1-minute bars
//
// nullopt with `error` naming the file and the problem when the file cannot be read or never lists
// the symbol in a Stock Directory (R) message. Nothing here throws.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "market/bars/bar_builder.h"

namespace sp::market::bars {

std::optional<std::vector<TradeBar>> itch_file_bars(const std::string& path, std::string_view symbol,
                                                    std::uint64_t interval_ns, std::string* error);

}  // namespace sp::market::bars
