// LiveMarket against independent computations on a simulated day: quotes against a separate
// BookSet, 1-minute bars against bars aggregated by hand from the printable trades, the listener's
// events, bars() windows, seeding, sessions, concurrent readers; and the FeedRunner's sources.
#include "market/live/live_market.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <thread>

#include "market/book/book_set.h"
#include "market/itch/stream_reader.h"
#include "market/live/feed_runner.h"
#include "market/sim/sim_file.h"

namespace sp::market::live {
namespace {

constexpr std::int64_t kMidnight =
    1'795'000'000'000 - 1'795'000'000'000 % 86'400'000;  // a UTC midnight

std::vector<std::uint8_t> simulated_day(std::uint32_t symbols, std::uint64_t messages,
                                        std::uint64_t seed) {
  std::vector<std::uint8_t> feed;
  sim::generate_into({.symbols = symbols, .messages = messages, .seed = seed}, feed);
  return feed;
}

// The reference: a plain BookSet, and minute bars made by hand from its printable trades.
struct Reference : book::NullBookListener {
  using NullBookListener::on_status;
  std::map<std::string, std::map<std::int64_t, Bar>> bars;  // symbol -> start -> bar
  std::uint64_t printable = 0;
  book::BookSet<Reference>* books = nullptr;
  void on_trade(const book::TradeEvent& t) {
    if (!t.printable) return;
    ++printable;
    const std::int64_t ms = kMidnight + static_cast<std::int64_t>(t.timestamp_ns / 1'000'000);
    const std::int64_t start = ms - ms % 60'000;
    Bar& b = bars[std::string(itch::trimmed(t.symbol))][start];
    if (b.trades == 0) b = {start, t.price, t.price, t.price, t.price, 0, 0};
    b.high = std::max(b.high, t.price);
    b.low = std::min(b.low, t.price);
    b.close = t.price;
    b.volume += t.shares;
    ++b.trades;
  }
};

struct Recorder : LiveListener {
  std::uint64_t trades = 0, quotes = 0, forming = 0;
  std::map<std::string, std::vector<Bar>> finished_1m;
  std::map<std::string, Quote> last_quote;
  void on_trade(std::string_view, const Trade&) override { ++trades; }
  void on_quote(std::string_view s, const Quote& q) override {
    ++quotes;
    last_quote[std::string(s)] = q;
  }
  void on_bar(std::string_view s, Timeframe tf, const Bar& b, bool final) override {
    if (tf != Timeframe::k1m) return;
    if (final)
      finished_1m[std::string(s)].push_back(b);
    else
      ++forming;
  }
};

TEST(LiveMarket, AgreesWithAnIndependentBookAndHandMadeBars) {
  const auto feed = simulated_day(30, 300'000, 11);
  LiveMarket market({.session_midnight_ms = kMidnight});
  Recorder rec;
  market.set_listener(&rec);
  // Apply in uneven chunks, as a network would deliver them.
  std::size_t pos = 0, chunk = 1;
  while (pos < feed.size()) {
    const std::size_t n = std::min(chunk, feed.size() - pos);
    const bool last = pos + n == feed.size();
    const auto r = market.apply(feed.data() + pos, n, last);
    pos += last ? n : r.consumed;
    chunk = chunk * 7 % 40'000 + 1;
  }
  Reference ref;
  book::BookSet<Reference> books(&ref);
  ref.books = &books;
  itch::FeedStats stats;
  itch::read_framed(feed.data(), feed.size(), books, stats);

  EXPECT_EQ(market.messages(), stats.messages);
  EXPECT_EQ(rec.trades, ref.printable);
  EXPECT_GT(ref.printable, 1000u);
  const auto symbols = market.symbols();
  ASSERT_EQ(symbols.size(), 30u);
  for (const SymbolStatus& s : symbols) {
    const auto loc = *books.locate_of(s.symbol);
    const auto q = *market.quote(s.symbol);
    const auto bid = books.best(loc, book::Side::buy), ask = books.best(loc, book::Side::sell);
    EXPECT_EQ(q.bid, bid.orders ? bid.price : 0u) << s.symbol;
    EXPECT_EQ(q.ask, ask.orders ? ask.price : 0u) << s.symbol;
    EXPECT_EQ(q.bid_size, bid.orders ? bid.shares : 0u) << s.symbol;
    EXPECT_EQ(rec.last_quote[s.symbol], q) << s.symbol;  // the last event is the current quote
    const auto depth = *market.book(s.symbol, 5);
    EXPECT_EQ(depth.bids, books.depth(loc, book::Side::buy, 5)) << s.symbol;
    EXPECT_EQ(depth.asks, books.depth(loc, book::Side::sell, 5)) << s.symbol;
    // Every minute bar, the forming one included, equals the hand-made one.
    const auto bars = *market.bars(s.symbol, Timeframe::k1m, INT64_MIN, INT64_MAX, 100'000);
    const auto& want = ref.bars[s.symbol];
    ASSERT_EQ(bars.size(), want.size()) << s.symbol;
    std::size_t i = 0;
    for (const auto& [start, b] : want) EXPECT_EQ(bars[i++], b) << s.symbol << " bar " << i;
    // Finished bars went to the listener once each, in order: all but the forming one.
    ASSERT_EQ(rec.finished_1m[s.symbol].size() + 1, bars.size()) << s.symbol;
    EXPECT_TRUE(std::equal(rec.finished_1m[s.symbol].begin(), rec.finished_1m[s.symbol].end(),
                           bars.begin()));
  }
  EXPECT_GT(rec.forming, 0u);
  EXPECT_FALSE(market.has_symbol("NOPE"));
  EXPECT_FALSE(market.quote("NOPE"));
  EXPECT_FALSE(market.bars("NOPE", Timeframe::k1m, 0, 1, 1));
}

TEST(LiveMarket, BarWindowsLimitAndSeeding) {
  const auto feed = simulated_day(3, 100'000, 5);
  LiveMarket market({.session_midnight_ms = kMidnight, .max_bars = 50});
  // History for one symbol, from before the feed: kept in front; the overlapping bar is ignored.
  market.apply(feed.data(), feed.size());
  const std::string sym = market.symbols().front().symbol;
  auto all = *market.bars(sym, Timeframe::k1m, INT64_MIN, INT64_MAX, 1000);
  ASSERT_EQ(all.size(), 51u);  // 50 finished kept + the forming one
  const std::int64_t first = all.front().time_ms;
  std::vector<Bar> history = {{first - 120'000, 1, 1, 1, 1, 1, 1},
                              {first - 60'000, 2, 2, 2, 2, 2, 2},
                              {first, 9, 9, 9, 9, 9, 9}};
  LiveMarket seeded({.session_midnight_ms = kMidnight, .max_bars = 100});
  seeded.seed_bars(sym, Timeframe::k1m, {});  // nothing: harmless
  seeded.apply(feed.data(), feed.size());
  seeded.seed_bars(sym, Timeframe::k1m, history);
  auto s = *seeded.bars(sym, Timeframe::k1m, INT64_MIN, INT64_MAX, 1000);
  ASSERT_GE(s.size(), 3u);
  // The seeded bars sit before what the (longer) live history kept; none overlaps it.
  for (std::size_t i = 1; i < s.size(); ++i) EXPECT_LT(s[i - 1].time_ms, s[i].time_ms);
  // Windows: [from, to] on bar starts, the newest `limit`.
  const auto w = *market.bars(sym, Timeframe::k1m, all[10].time_ms, all[20].time_ms, 5);
  ASSERT_EQ(w.size(), 5u);
  EXPECT_EQ(w.front(), all[16]);
  EXPECT_EQ(w.back(), all[20]);
  EXPECT_TRUE(
      market.bars(sym, Timeframe::k1m, all[20].time_ms + 1, all[21].time_ms - 1, 5)->empty());
  EXPECT_EQ(market.bars(sym, Timeframe::k1m, INT64_MIN, INT64_MAX, 1)->back(),
            all.back());  // the forming bar
}

TEST(LiveMarket, ANewSessionClearsBooksAndKeepsBars) {
  const auto feed = simulated_day(5, 50'000, 3);
  LiveMarket market({.session_midnight_ms = kMidnight});
  market.apply(feed.data(), feed.size());
  const std::string sym = market.symbols().front().symbol;
  const auto before = *market.bars(sym, Timeframe::k1m, INT64_MIN, INT64_MAX, 100'000);
  market.start_session(kMidnight + 86'400'000);
  EXPECT_EQ(*market.quote(sym), Quote{});
  EXPECT_TRUE(market.book(sym, 5)->bids.empty());
  EXPECT_EQ(*market.bars(sym, Timeframe::k1m, INT64_MIN, INT64_MAX, 100'000), before);
  market.apply(feed.data(), feed.size());  // the same day again, a day later
  const auto after = *market.bars(sym, Timeframe::k1m, INT64_MIN, INT64_MAX, 100'000);
  EXPECT_EQ(after.size(), 2 * before.size());
  EXPECT_EQ(after[before.size()].time_ms, before[0].time_ms + 86'400'000);
}

TEST(LiveMarket, ReadersRunWhileTheFeedApplies) {
  const auto feed = simulated_day(20, 200'000, 9);
  LiveMarket market({.session_midnight_ms = kMidnight});
  std::atomic<bool> done{false};
  std::atomic<std::uint64_t> reads{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&] {
      while (!done.load()) {
        for (const auto& s : market.symbols()) {
          auto q = market.quote(s.symbol);
          auto b = market.book(s.symbol, 10);
          auto bars = market.bars(s.symbol, Timeframe::k1s, INT64_MIN, INT64_MAX, 100);
          if (q && b && bars) {
            // A consistent snapshot: the book is never crossed.
            if (!b->bids.empty() && !b->asks.empty()) {
              EXPECT_LT(b->bids[0].price, b->asks[0].price);
            }
            ++reads;
          }
        }
      }
    });
  }
  for (std::size_t pos = 0; pos < feed.size();) {
    const std::size_t n = std::min<std::size_t>(4096, feed.size() - pos);
    const bool last = pos + n == feed.size();
    const auto r = market.apply(feed.data() + pos, n, last);
    pos += last ? n : r.consumed;
  }
  done = true;
  for (auto& r : readers) r.join();
  EXPECT_GT(reads.load(), 0u);
  EXPECT_EQ(market.symbols().size(), 20u);
}

TEST(FeedRunner, ParsesFeedsWithClearErrors) {
  std::string e;
  EXPECT_EQ(parse_feed("simulate", &e)->kind, FeedSpec::Kind::simulate);
  EXPECT_EQ(parse_feed("itch:/data/x.itch", &e)->path, "/data/x.itch");
  EXPECT_EQ(parse_feed("udp:127.0.0.1:26400", &e)->endpoint, "127.0.0.1:26400");
  EXPECT_FALSE(parse_feed("itch:", &e));
  EXPECT_NE(e.find("names no file"), std::string::npos);
  EXPECT_FALSE(parse_feed("kafka:x", &e));
  EXPECT_EQ(e, "feed 'kafka:x' is not one of simulate, itch:FILE, udp:HOST:PORT");
  EXPECT_FALSE(parse_feed("udp:nohostport", &e));
  EXPECT_NE(e.find("udp:nohostport"), std::string::npos);
}

TEST(FeedRunner, SimulateBackfillsThenRunsOnTheClock) {
  LiveMarket market({});
  FeedSpec spec;
  spec.sim = {.symbols = 8, .messages = 200'000, .seed = 4};
  spec.backfill = 0.5;
  FeedRunner runner(market, spec);
  const std::int64_t t0 = now_utc_ms();
  runner.start();
  for (int i = 0; i < 500 && !runner.ready(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_TRUE(runner.ready());
  // About half the flow is in, and every bar so far starts at or before now.
  const std::uint64_t m = market.messages();
  EXPECT_GT(m, 80'000u);
  EXPECT_LT(m, 120'000u);
  std::uint64_t bars = 0;
  for (const auto& s : market.symbols()) {
    const auto bs = *market.bars(s.symbol, Timeframe::k1m, INT64_MIN, INT64_MAX, 100'000);
    bars += bs.size();
    if (!bs.empty()) {
      EXPECT_LE(bs.back().time_ms, now_utc_ms());
      EXPECT_GE(bs.front().time_ms, t0 - 4 * 3'600'000);  // the open: 3h15 before now
    }
  }
  EXPECT_GT(bars, 100u);
  // Then it runs live: 200k messages over 6.5 h is about 8.5 a second.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_GT(market.messages(), m);
  runner.stop();
  EXPECT_EQ(runner.error(), "");
}

TEST(FeedRunner, ItchFileIsAppliedWholeAndABadFileIsReported) {
  const std::string path = ::testing::TempDir() + "/live_feed.itch";
  std::string error;
  ASSERT_TRUE(sim::write_itch_file(path, {.symbols = 6, .messages = 30'000, .seed = 2}, &error))
      << error;
  LiveMarket market({});
  FeedSpec spec;
  spec.kind = FeedSpec::Kind::itch_file;
  spec.path = path;
  {
    FeedRunner runner(market, spec);
    runner.start();
    for (int i = 0; i < 500 && !runner.ready(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_TRUE(runner.ready());
    runner.stop();
    EXPECT_EQ(runner.error(), "");
  }
  EXPECT_EQ(market.messages(), 30'000u + 6 + 6);
  EXPECT_EQ(market.feed_stats().malformed, 0u);
  LiveMarket other({});
  spec.path = ::testing::TempDir() + "/does_not_exist.itch";
  FeedRunner bad(other, spec);
  bad.start();
  for (int i = 0; i < 500 && !bad.ready(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  bad.stop();
  EXPECT_NE(bad.error().find("does_not_exist.itch"), std::string::npos) << bad.error();
}

}  // namespace
}  // namespace sp::market::live
