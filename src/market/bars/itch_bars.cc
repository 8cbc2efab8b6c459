#include "market/bars/itch_bars.h"

#include "market/bars/feed_walk.h"
#include "market/book/book_set.h"
#include "market/itch/feed_file.h"
#include "market/itch/feed_stats.h"

namespace sp::market::bars {
namespace {

struct Listener : book::NullBookListener {
  using book::NullBookListener::on_status;
  using book::NullBookListener::on_trade;
  Listener(std::string_view s, std::uint64_t interval) : symbol(s), builder(interval) {}

  void on_status(const itch::SystemEvent& m) { vwap.on_system_event(m.event_code); }
  void on_trade(const book::TradeEvent& t) {
    if (!t.printable || t.shares == 0 || itch::trimmed(t.symbol) != symbol) return;
    // A finished bar is handed over before this trade is looked at, so it gets the VWAP as it
    // stood after its own last trade (even when a 'Q' reset the session in between).
    builder.add(t.timestamp_ns, t.price, t.shares, [this](const TradeBar& b) { keep(b); });
    vwap.add(t);
    locate = t.locate;
    vwap_after_last_trade = vwap.of(locate).value();
  }
  void keep(const TradeBar& b) {
    out.bars.push_back(b);
    out.vwap.push_back(vwap_after_last_trade);
  }

  std::string_view symbol;
  BarBuilder builder;
  SessionVwap vwap;
  std::uint16_t locate = 0;
  double vwap_after_last_trade = 0;
  SymbolBars out;
};

}  // namespace

std::optional<SymbolBars> itch_file_bars(const std::string& path, std::string_view symbol,
                                         std::uint64_t interval_ns, std::string* error,
                                         const WalkProgress& progress) {
  auto feed = itch::FeedFile::open(path, error);
  if (!feed) return std::nullopt;
  Listener listener(symbol, interval_ns);
  book::BookSet<Listener> books(&listener, 1 << 16);
  itch::FeedStats stats;
  walk_feed(feed->data(), feed->size(), books, stats, [&](std::uint64_t done) {
    if (progress) progress(done, feed->size(), stats.messages);
    return true;
  });
  if (auto damage = feed_damage(path, stats); !damage.empty()) {
    *error = std::move(damage);
    return std::nullopt;
  }
  if (!books.locate_of(symbol)) {
    *error = path + ": no stock directory entry for '" + std::string(symbol) + "'";
    return std::nullopt;
  }
  listener.builder.flush([&](const TradeBar& b) { listener.keep(b); });
  listener.out.session = listener.vwap.of(listener.locate);
  return std::move(listener.out);
}

}  // namespace sp::market::bars
