// BookSet on hand-built ITCH streams, one operation at a time, each also run through the reference
// book; the shared NASDAQ sample; the `stockpulse book` snapshot and its JSON.
#include "market/book/book_set.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <vector>

#include "market/book/book_compare.h"
#include "market/book/reference_book.h"
#include "market/book/snapshot.h"
#include "market/itch/encoder.h"
#include "market/itch/feed_file.h"
#include "market/itch/stream_reader.h"
#include "support/shared_data.h"

namespace sp::market::book {
namespace {

using namespace sp::market::itch;
using Q = std::vector<std::uint32_t>;
using L = std::vector<LevelInfo>;

struct Trades : NullBookListener {
  using NullBookListener::on_status;
  std::vector<TradeEvent> got;
  std::vector<char> status;
  void on_trade(const TradeEvent& t) { got.push_back(t); }
  void on_status(const StockTradingAction& m) { status.push_back(m.trading_state); }
  void on_status(const RegShoRestriction&) { status.push_back('Y'); }
};

// A framed ITCH byte stream built with the encoder.
struct Feed {
  std::vector<std::uint8_t> bytes;
  std::uint64_t ts = 1'000'000;
  template <class M>
  Feed& put(M m) {
    m.timestamp_ns = ++ts;
    std::uint8_t buf[2 + kMaxMessageLength];
    const std::size_t n = encode_framed(m, buf);
    bytes.insert(bytes.end(), buf, buf + n);
    return *this;
  }
  Feed& dir(std::uint16_t loc, std::string_view sym) {
    StockDirectory m;
    m.stock_locate = loc;
    m.stock = make_stock(sym);
    return put(m);
  }
  Feed& add(std::uint16_t loc, std::uint64_t ref, char side, std::uint32_t shares,
            std::uint32_t price) {
    AddOrder m;
    m.stock_locate = loc;
    m.order_reference_number = ref;
    m.buy_sell_indicator = side;
    m.shares = shares;
    m.price = price;
    m.stock = make_stock("X");
    return put(m);
  }
  Feed& exec(std::uint16_t loc, std::uint64_t ref, std::uint32_t shares, std::uint64_t match) {
    OrderExecuted m;
    m.stock_locate = loc;
    m.order_reference_number = ref;
    m.executed_shares = shares;
    m.match_number = match;
    return put(m);
  }
  Feed& cancel(std::uint16_t loc, std::uint64_t ref, std::uint32_t shares) {
    OrderCancel m;
    m.stock_locate = loc;
    m.order_reference_number = ref;
    m.cancelled_shares = shares;
    return put(m);
  }
  Feed& del(std::uint16_t loc, std::uint64_t ref) {
    OrderDelete m;
    m.stock_locate = loc;
    m.order_reference_number = ref;
    return put(m);
  }
  Feed& replace(std::uint16_t loc, std::uint64_t old_ref, std::uint64_t new_ref,
                std::uint32_t shares, std::uint32_t price) {
    OrderReplace m;
    m.stock_locate = loc;
    m.original_order_reference_number = old_ref;
    m.new_order_reference_number = new_ref;
    m.shares = shares;
    m.price = price;
    return put(m);
  }
};

// Runs a feed through the fast and the reference book in lockstep (full depth every message).
struct Replay {
  Trades fast_trades, ref_trades;
  BookSet<Trades> fast{&fast_trades, 16};
  ReferenceBookSet<Trades> ref{&ref_trades};
  std::string mismatch;
  explicit Replay(const Feed& f) {
    BookLockstep check(fast, ref, {.full_depth_every = 1});
    FeedStats stats;
    read_framed(f.bytes.data(), f.bytes.size(), check, stats);
    mismatch = check.mismatch();
    EXPECT_EQ(mismatch, "");
    EXPECT_EQ(fast_trades.got, ref_trades.got);
    EXPECT_EQ(stats.malformed, 0u);
  }
};

TEST(BookSet, AddBuildsLevelsBestFirst) {
  Feed f;
  f.dir(7, "AAPL")
      .add(7, 1, 'B', 100, 1'234'500)
      .add(7, 2, 'B', 50, 1'234'600)
      .add(7, 3, 'S', 10, 1'235'000)
      .add(7, 4, 'B', 25, 1'234'500)
      .add(7, 5, 'S', 5, 1'234'900);
  Replay r(f);
  EXPECT_EQ(r.fast.locate_of("AAPL"), 7);
  EXPECT_EQ(r.fast.symbol_of(7), "AAPL");
  EXPECT_EQ(r.fast.best(7, Side::buy), (LevelInfo{1'234'600, 1, 50}));
  EXPECT_EQ(r.fast.depth(7, Side::buy), (L{{1'234'600, 1, 50}, {1'234'500, 2, 125}}));
  EXPECT_EQ(r.fast.depth(7, Side::sell), (L{{1'234'900, 1, 5}, {1'235'000, 1, 10}}));
  EXPECT_EQ(r.fast.queue_at(7, Side::buy, 1'234'500), (Q{100, 25}));
  EXPECT_EQ(r.fast.live_orders(), 5u);
  EXPECT_EQ(r.fast.book(8), nullptr);
}

// Orders that outlive the reference index's window (moved to its map) keep every field: their
// executions, cancels, replaces and deletes agree with the reference book, and queue_at() keeps
// arrival order across the window and the map (a later add with a lower reference queues behind).
TEST(BookSet, OrdersOlderThanTheWindowKeepEverything) {
  constexpr std::uint64_t W = RefIndexOf<OrderRecord>::kWindow;
  Feed f;
  f.dir(1, "OLD")
      .add(1, 5, 'B', 100, 1'000'000)
      .add(1, 6, 'S', 70, 1'010'000)
      .add(1, 7, 'B', 30, 1'000'000)
      .add(1, 3 * W, 'B', 40, 1'000'000)  // jumps the window: 5, 6, 7 go to the map
      .add(1, 9, 'B', 20, 1'000'000);     // below the window: straight to the map, queues last
  Replay r1(f);
  EXPECT_EQ(r1.fast.ref_index().old_size(), 4u);
  EXPECT_EQ(r1.fast.queue_at(1, Side::buy, 1'000'000), (Q{100, 30, 40, 20}));
  f.exec(1, 5, 60, 1)
      .cancel(1, 6, 20)
      .replace(1, 7, 3 * W + 1, 35, 1'000'100)
      .del(1, 3 * W)
      .exec(1, 9, 20, 2);
  Replay r2(f);
  EXPECT_EQ(r2.fast.depth(1, Side::buy), (L{{1'000'100, 1, 35}, {1'000'000, 1, 40}}));
  EXPECT_EQ(r2.fast.best(1, Side::sell), (LevelInfo{1'010'000, 1, 50}));
  EXPECT_EQ(r2.fast.queue_at(1, Side::buy, 1'000'000), (Q{40}));
  EXPECT_EQ(r2.fast.live_orders(), 3u);
}

TEST(BookSet, AddWithMpidIsAnOrder) {
  Feed f;
  AddOrderMpid m;
  m.stock_locate = 3;
  m.order_reference_number = 9;
  m.buy_sell_indicator = 'S';
  m.shares = 300;
  m.price = 500'000;
  m.stock = make_stock("GS");
  m.attribution = make_alpha<4>("GSCO");
  f.put(m);
  Replay r(f);
  EXPECT_EQ(r.fast.best(3, Side::sell), (LevelInfo{500'000, 1, 300}));
}

TEST(BookSet, PartialExecuteThenFullExecuteRemoves) {
  Feed f;
  f.dir(1, "MSFT")
      .add(1, 10, 'S', 100, 2'000'000)
      .add(1, 11, 'S', 40, 2'000'000)
      .exec(1, 10, 30, 501);
  Replay r1(f);
  EXPECT_EQ(r1.fast.best(1, Side::sell), (LevelInfo{2'000'000, 2, 110}));
  EXPECT_EQ(r1.fast.queue_at(1, Side::sell, 2'000'000), (Q{70, 40}));
  ASSERT_EQ(r1.fast_trades.got.size(), 1u);
  const TradeEvent& t = r1.fast_trades.got[0];
  EXPECT_EQ(t.locate, 1);
  EXPECT_EQ(trimmed(t.symbol), "MSFT");
  EXPECT_EQ(t.price, 2'000'000u);
  EXPECT_EQ(t.shares, 30u);
  EXPECT_EQ(t.side, 'S');
  EXPECT_EQ(t.match_number, 501u);
  EXPECT_TRUE(t.printable);
  EXPECT_EQ(t.source, TradeSource::execution);
  EXPECT_EQ(t.timestamp_ns, f.ts);

  f.exec(1, 10, 70, 502);
  Replay r2(f);
  EXPECT_EQ(r2.fast.best(1, Side::sell), (LevelInfo{2'000'000, 1, 40}));
  EXPECT_EQ(r2.fast.live_orders(), 1u);
  f.exec(1, 10, 1, 503);  // gone: unknown now
  f.exec(1, 11, 40, 504);
  Replay r3(f);
  EXPECT_TRUE(r3.fast.book(1)->empty(Side::sell));
  EXPECT_EQ(r3.fast.stats().unknown_refs, 1u);
  EXPECT_EQ(r3.fast_trades.got.size(), 3u);
}

TEST(BookSet, ExecutionWithPriceKeepsThePrintableFlag) {
  Feed f;
  f.add(2, 1, 'B', 100, 10'000);
  OrderExecutedWithPrice c;
  c.stock_locate = 2;
  c.order_reference_number = 1;
  c.executed_shares = 60;
  c.match_number = 77;
  c.printable = 'N';
  c.execution_price = 10'100;
  f.put(c);
  c.executed_shares = 40;
  c.match_number = 78;
  c.printable = 'Y';
  f.put(c);
  Replay r(f);
  ASSERT_EQ(r.fast_trades.got.size(), 2u);
  EXPECT_FALSE(r.fast_trades.got[0].printable);
  EXPECT_EQ(r.fast_trades.got[0].price, 10'100u);
  EXPECT_EQ(r.fast_trades.got[0].shares, 60u);
  EXPECT_EQ(r.fast_trades.got[0].source, TradeSource::execution_with_price);
  EXPECT_EQ(r.fast_trades.got[0].side, 'B');
  EXPECT_TRUE(r.fast_trades.got[1].printable);
  EXPECT_TRUE(r.fast.book(2)->empty(Side::buy));
}

TEST(BookSet, CancelPartialAndDelete) {
  Feed f;
  f.add(1, 1, 'B', 100, 500).add(1, 2, 'B', 200, 500).cancel(1, 1, 30);
  Replay r1(f);
  EXPECT_EQ(r1.fast.best(1, Side::buy), (LevelInfo{500, 2, 270}));
  EXPECT_TRUE(r1.fast_trades.got.empty());
  f.cancel(1, 1, 70);  // all that is left: removed
  f.del(1, 2);
  Replay r2(f);
  EXPECT_TRUE(r2.fast.book(1)->empty(Side::buy));
  EXPECT_EQ(r2.fast.live_orders(), 0u);
  EXPECT_EQ(r2.fast.stats().unknown_refs, 0u);
}

TEST(BookSet, ReplaceMovesAndLosesPriority) {
  Feed f;
  f.add(1, 1, 'S', 100, 900).add(1, 2, 'S', 200, 900).add(1, 3, 'S', 300, 950);
  f.replace(1, 1, 4, 150, 900);  // same price, new size: to the back of the queue
  Replay r1(f);
  EXPECT_EQ(r1.fast.queue_at(1, Side::sell, 900), (Q{200, 150}));
  f.replace(1, 2, 5, 50, 950);  // new price: joins 950 behind 300
  Replay r2(f);
  EXPECT_EQ(r2.fast.queue_at(1, Side::sell, 950), (Q{300, 50}));
  EXPECT_EQ(r2.fast.depth(1, Side::sell), (L{{900, 1, 150}, {950, 2, 350}}));
  f.del(1, 1).del(1, 2);  // the old references are gone
  f.exec(1, 5, 50, 1);    // the new reference is live, a sell
  Replay r3(f);
  EXPECT_EQ(r3.fast.stats().unknown_refs, 2u);
  ASSERT_EQ(r3.fast_trades.got.size(), 1u);
  EXPECT_EQ(r3.fast_trades.got[0].side, 'S');
  EXPECT_EQ(r3.fast_trades.got[0].price, 950u);
}

TEST(BookSet, NonCrossTradeDoesNotTouchTheBook) {
  Feed f;
  f.dir(4, "IBM").add(4, 1, 'B', 100, 1000);
  Trade p;
  p.stock_locate = 4;
  p.order_reference_number = 0;
  p.buy_sell_indicator = 'B';
  p.shares = 500;
  p.stock = make_stock("IBM");
  p.price = 1001;
  p.match_number = 42;
  f.put(p);
  Replay r(f);
  EXPECT_EQ(r.fast.depth(4, Side::buy), (L{{1000, 1, 100}}));
  ASSERT_EQ(r.fast_trades.got.size(), 1u);
  const TradeEvent& t = r.fast_trades.got[0];
  EXPECT_EQ(t.source, TradeSource::non_cross);
  EXPECT_TRUE(t.printable);
  EXPECT_EQ(t.shares, 500u);
  EXPECT_EQ(t.price, 1001u);
  EXPECT_EQ(trimmed(t.symbol), "IBM");
}

TEST(BookSet, UnknownAndDuplicateReferencesAreCounted) {
  Feed f;
  f.exec(1, 99, 1, 1).cancel(1, 99, 1).del(1, 99).replace(1, 99, 100, 1, 1);
  OrderExecutedWithPrice c;
  c.order_reference_number = 99;
  c.printable = 'Y';
  f.put(c);
  f.add(1, 5, 'B', 10, 10).add(1, 5, 'S', 20, 20);    // duplicate: dropped
  f.add(1, 6, 'B', 0, 10);                            // zero shares: dropped
  f.add(1, 7, 'B', 10, 11).replace(1, 7, 5, 30, 12);  // new ref already live: dropped
  Replay r(f);
  EXPECT_EQ(r.fast.stats().unknown_refs, 5u);
  EXPECT_EQ(r.fast.stats().duplicate_refs, 2u);
  EXPECT_EQ(r.fast.depth(1, Side::buy), (L{{10, 1, 10}}));
  EXPECT_TRUE(r.fast.book(1)->empty(Side::sell));
  EXPECT_TRUE(r.fast_trades.got.empty());
}

TEST(BookSet, SessionAndTradingStatus) {
  Trades listener;
  BookSet<Trades> books(&listener);
  EXPECT_EQ(books.session(), SessionPhase::not_started);
  Feed f;
  SystemEvent s;
  s.event_code = 'O';
  f.put(s);
  s.event_code = 'Q';
  f.put(s);
  StockTradingAction h;
  h.stock_locate = 5;
  h.stock = make_stock("ZZZ");
  h.trading_state = 'H';
  f.put(h);
  RegShoRestriction y;
  y.stock_locate = 5;
  f.put(y);
  FeedStats stats;
  read_framed(f.bytes.data(), f.bytes.size(), books, stats);
  EXPECT_EQ(books.session(), SessionPhase::market_hours);
  EXPECT_TRUE(books.market_open());
  EXPECT_EQ(books.trading_state(5), 'H');
  EXPECT_EQ(listener.status, (std::vector<char>{'H', 'Y'}));
  Feed g;
  s.event_code = 'M';
  g.put(s);
  read_framed(g.bytes.data(), g.bytes.size(), books, stats);
  EXPECT_FALSE(books.market_open());
  EXPECT_EQ(books.session(), SessionPhase::market_closed);
}

// ---- the shared NASDAQ sample
// ---------------------------------------------------------------------

std::string sample_path() {
  return (::sp::testing::shared_data_dir() / "itch" / "ex20101224.TEST_ITCH_50").string();
}

TEST(BookSample, DecodesThroughBookSetAgreeingWithTheReference) {
  SP_REQUIRE_SHARED_DATA();
  std::string error;
  auto file = FeedFile::open(sample_path(), &error);
  ASSERT_TRUE(file) << error;
  Trades ft, rt;
  BookSet<Trades> fast(&ft);
  ReferenceBookSet<Trades> ref(&rt);
  BookLockstep check(fast, ref, {.full_depth_every = 1});
  FeedStats stats;
  file->read(check, stats);
  EXPECT_EQ(stats.messages, 12012u);
  EXPECT_EQ(check.mismatch(), "");
  EXPECT_EQ(fast.stats().unknown_refs, 117u);
  EXPECT_EQ(ft.got, rt.got);
  // Every P, and every E but the 18 naming orders added before the sample starts.
  EXPECT_EQ(ft.got.size(), 5180u);
  for (std::uint16_t loc = 0; loc < 8; ++loc) EXPECT_EQ(compare_books(fast, ref, loc), "");
  EXPECT_EQ(fast.session(), SessionPhase::messages_ended);
}

TEST(BookSnapshot, FormatsPricesWithFourDecimals) {
  EXPECT_EQ(format_price(1'234'500), "123.4500");
  EXPECT_EQ(format_price(1), "0.0001");
  EXPECT_EQ(format_price(0), "0.0000");
  EXPECT_EQ(format_price(4'294'967'295u), "429496.7295");
  BookSnapshot s;
  s.symbol = "AAPL";
  s.bids = {{1'234'500, 2, 300}, {1'234'400, 1, 100}};
  EXPECT_EQ(to_json(s),
            "{\"symbol\": \"AAPL\", \"bids\": [[123.4500, 300, 2], [123.4400, 100, 1]], "
            "\"asks\": []}");
}

TEST(BookSnapshot, AfterNMessagesOfAFile) {
  Feed f;
  SystemEvent s;
  s.event_code = 'O';
  f.put(s);                                                        // 1
  f.dir(1, "AAPL").dir(2, "MSFT");                                 // 2 3
  f.add(1, 1, 'B', 100, 1'234'500).add(1, 2, 'S', 10, 1'240'000);  // 4 5
  f.add(1, 3, 'B', 5, 1'234'600).del(1, 3);                        // 6 7
  f.dir(3, "LATE");                                                // 8
  const auto path = (std::filesystem::temp_directory_path() /
                     ("book_snapshot_" + std::to_string(::getpid()) + ".itch"))
                        .string();
  {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(f.bytes.data()),
              static_cast<std::streamsize>(f.bytes.size()));
  }
  std::string error;
  auto all = snapshot_after(path, "AAPL", std::nullopt, 10, &error);
  ASSERT_TRUE(all) << error;
  EXPECT_EQ(
      to_json(*all),
      "{\"symbol\": \"AAPL\", \"bids\": [[123.4500, 100, 1]], \"asks\": [[124.0000, 10, 1]]}");
  auto six = snapshot_after(path, "AAPL", 6, 0, &error);
  ASSERT_TRUE(six) << error;
  EXPECT_EQ(six->messages_applied, 6u);
  EXPECT_EQ(six->bids, (L{{1'234'600, 1, 5}, {1'234'500, 1, 100}}));
  auto one_level = snapshot_after(path, "AAPL", 6, 1, &error);
  ASSERT_TRUE(one_level);
  EXPECT_EQ(one_level->bids, (L{{1'234'600, 1, 5}}));
  auto four = snapshot_after(path, "AAPL", 4, 5, &error);
  ASSERT_TRUE(four);
  EXPECT_EQ(four->bids.size(), 1u);
  EXPECT_TRUE(four->asks.empty());
  auto late = snapshot_after(path, "LATE", 3, 5, &error);  // listed after message 3: empty book
  ASSERT_TRUE(late) << error;
  EXPECT_EQ(to_json(*late), "{\"symbol\": \"LATE\", \"bids\": [], \"asks\": []}");
  error.clear();
  EXPECT_FALSE(snapshot_after(path, "NOPE", std::nullopt, 5, &error));
  EXPECT_NE(error.find("NOPE"), std::string::npos) << error;
  EXPECT_FALSE(snapshot_after(path + ".missing", "AAPL", std::nullopt, 5, &error));
  EXPECT_NE(error.find(".missing"), std::string::npos) << error;
  std::filesystem::remove(path);
}

TEST(BookSnapshot, SharedSample) {
  SP_REQUIRE_SHARED_DATA();
  std::string error;
  for (const char* sym : {"ALC", "BOB", "CHAR"}) {
    auto s = snapshot_after(sample_path(), sym, std::nullopt, 5, &error);
    ASSERT_TRUE(s) << error;
    for (std::size_t i = 1; i < s->bids.size(); ++i)
      EXPECT_GT(s->bids[i - 1].price, s->bids[i].price);
    for (std::size_t i = 1; i < s->asks.size(); ++i)
      EXPECT_LT(s->asks[i - 1].price, s->asks[i].price);
  }
}

}  // namespace
}  // namespace sp::market::book
