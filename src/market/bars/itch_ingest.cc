#include "market/bars/itch_ingest.h"

#include <limits>
#include <utility>
#include <vector>

#include "market/bars/bar_builder.h"
#include "market/bars/feed_walk.h"
#include "market/book/book_set.h"

namespace sp::market::bars {
namespace {

constexpr std::uint64_t kSecondNs = 1'000'000'000;
constexpr std::uint64_t kNoBar = std::numeric_limits<std::uint64_t>::max();

// One stock's builders and what was last given to the store for it.
struct StockState {
  BarBuilder second{kSecondNs};
  BarBuilder minute{60 * kSecondNs};
  std::uint64_t last_second = kNoBar;  // start of the last 1s bar given to the store
  std::uint64_t last_minute = kNoBar;
  bool stored_trade = false;
};

struct Sink : book::NullBookListener {
  using book::NullBookListener::on_status;
  using book::NullBookListener::on_trade;

  Sink(store::Ingestor& i, const ItchIngestOptions& o, ItchIngestResult& r)
      : ingest(i), options(o), result(r) {
    trade.side = ' ';
    bar.timeframe.reserve(8);
  }

  void on_status(const itch::SystemEvent& m) { result.vwap.on_system_event(m.event_code); }

  void on_trade(const book::TradeEvent& t) {
    if (!t.printable || t.shares == 0) return;
    result.vwap.add(t);
    const std::string_view symbol = itch::trimmed(t.symbol);
    if (symbol.empty())
      return;  // a stock never named by a directory message: no key to store it by
    if (t.locate >= stocks.size()) stocks.resize(std::size_t(t.locate) + 1);
    StockState& s = stocks[t.locate];
    auto ignore = [](const TradeBar&) {};
    s.second.add(t.timestamp_ns, t.price, t.shares, ignore);
    s.minute.add(t.timestamp_ns, t.price, t.shares, ignore);
    if (!storing) return;

    trade.symbol.assign(symbol);
    trade.time_ns = options.day_start_utc_ns + static_cast<std::int64_t>(t.timestamp_ns);
    trade.price = t.price;
    trade.shares = static_cast<std::int64_t>(t.shares);
    trade.match_number = static_cast<std::int64_t>(t.match_number);
    trade.side = t.side == 'B' || t.side == 'S' ? t.side : ' ';
    trade.source_seq = position;
    ingest.add(trade);
    ++result.trades;
    if (!s.stored_trade) {
      s.stored_trade = true;
      ++result.symbols;
    }
    bar.symbol.assign(symbol);
    give_bar(*s.second.forming(), "1s", &s.last_second);
    give_bar(*s.minute.forming(), "1m", &s.last_minute);
  }

  void give_bar(const TradeBar& b, const char* timeframe, std::uint64_t* last_start) {
    bar.timeframe = timeframe;
    bar.start_ms = (options.day_start_utc_ns + static_cast<std::int64_t>(b.start_ns)) / 1'000'000;
    bar.open = static_cast<double>(b.open) / 10000.0;
    bar.high = static_cast<double>(b.high) / 10000.0;
    bar.low = static_cast<double>(b.low) / 10000.0;
    bar.close = static_cast<double>(b.close) / 10000.0;
    bar.volume = static_cast<double>(b.volume);
    bar.trades = static_cast<std::int64_t>(b.trades);
    ingest.add(bar);
    if (*last_start != b.start_ns) {
      *last_start = b.start_ns;
      ++result.bars;
    }
  }

  store::Ingestor& ingest;
  const ItchIngestOptions& options;
  ItchIngestResult& result;
  std::vector<StockState> stocks;  // by locate
  std::int64_t position = 0;       // the message being handled, from 1
  bool storing = false;            // position is past the checkpoint
  store::StoredTrade trade;        // reused: no allocation per trade
  store::StoredBar bar;
};

// Numbers each message and, past the checkpoint, tells the Ingestor when one is complete.
template <class Books>
struct Positioned {
  Books& books;
  Sink& sink;
  std::int64_t resume_after;
  store::Status status;  // the first failed advance(); nothing more is given after it

  // The books' look-ahead (stream_reader.h): a hint that changes nothing delivered or counted.
  void prefetch(const std::uint8_t* msg) { books.prefetch(msg); }

  template <class M>
  void on(const M& m) {
    ++sink.position;
    sink.storing = sink.position > resume_after && status.ok();
    books.on(m);
    if (sink.storing) status = sink.ingest.advance(sink.position);
  }
};

struct Discard : itch::NullHandler {
  using itch::NullHandler::on;
};

}  // namespace

ItchIngestResult ingest_itch_file(const itch::FeedFile& file, store::MarketStore& store,
                                  const ItchIngestOptions& options) {
  ItchIngestResult result;
  const std::uint64_t size = file.size();
  auto report = [&](std::uint64_t done, std::uint64_t messages) {
    if (options.progress) options.progress(done, 2 * size, messages);
  };

  // First walk: is the file sound, and how many messages does it hold? Nothing is written before
  // this is known, so a damaged file leaves the store as it was.
  {
    Discard discard;
    itch::FeedStats check;
    walk_feed(file.data(), size, discard, check, [&](std::uint64_t done) {
      report(done, check.messages);
      return true;
    });
    if (auto damage = feed_damage(file.path(), check); !damage.empty()) {
      result.error = std::move(damage) + "; nothing was stored";
      result.feed = check;
      return result;
    }
    result.messages = check.messages;
  }

  store::Ingestor ingest(store, options.source, options.ingestor);
  if (options.on_acknowledged) ingest.on_acknowledged(options.on_acknowledged);
  if (store::Status s = ingest.start(); !s.ok()) {
    result.error = s.message();
    return result;
  }
  result.resumed_after = ingest.resume_after();
  result.acknowledged = ingest.resume_after();
  const std::int64_t resume_after = ingest.resume_after().value_or(0);
  if (resume_after > static_cast<std::int64_t>(result.messages)) {
    result.error = store.name() + ": the checkpoint of \"" + options.source + "\" is message " +
                   std::to_string(resume_after) + " but " + file.path() + " holds " +
                   std::to_string(result.messages) +
                   " messages: a different file stored under the same name? Nothing was stored";
    return result;
  }

  Sink sink(ingest, options, result);
  book::BookSet<Sink> books(&sink, 1 << 16);
  Positioned<book::BookSet<Sink>> walker{books, sink, resume_after, {}};
  walk_feed(file.data(), size, walker, result.feed, [&](std::uint64_t done) {
    report(size + done, result.feed.messages);
    return walker.status.ok();
  });
  store::Status status = walker.status;
  if (status.ok()) status = ingest.flush();
  result.acknowledged = ingest.acknowledged();
  if (!status.ok()) result.error = status.message();
  return result;
}

}  // namespace sp::market::bars
