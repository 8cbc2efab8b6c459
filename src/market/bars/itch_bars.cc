#include "market/bars/itch_bars.h"

#include "market/book/book_set.h"
#include "market/itch/feed_file.h"
#include "market/itch/feed_stats.h"
#include "market/itch/stream_reader.h"

namespace sp::market::bars {
namespace {

struct SymbolBars : book::NullBookListener {
  using book::NullBookListener::on_trade;
  SymbolBars(std::string_view s, std::uint64_t interval) : symbol(s), builder(interval) {}
  void on_trade(const book::TradeEvent& t) {
    if (!t.printable || itch::trimmed(t.symbol) != symbol) return;
    builder.add(t.timestamp_ns, t.price, t.shares, [this](const TradeBar& b) { bars.push_back(b); });
  }
  std::string_view symbol;
  BarBuilder builder;
  std::vector<TradeBar> bars;
};

}  // namespace

std::optional<std::vector<TradeBar>> itch_file_bars(const std::string& path, std::string_view symbol,
                                                    std::uint64_t interval_ns, std::string* error) {
  auto feed = itch::FeedFile::open(path, error);
  if (!feed) return std::nullopt;
  SymbolBars listener(symbol, interval_ns);
  book::BookSet<SymbolBars> books(&listener, 1 << 16);
  itch::FeedStats stats;
  feed->read(books, stats);
  if (!books.locate_of(symbol)) {
    *error = path + ": no stock directory entry for '" + std::string(symbol) + "'";
    return std::nullopt;
  }
  listener.builder.flush([&](const TradeBar& b) { listener.bars.push_back(b); });
  return std::move(listener.bars);
}

}  // namespace sp::market::bars
