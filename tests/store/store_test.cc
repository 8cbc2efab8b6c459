// The MarketStore contract (store.h), run against every backend: SQLite and PostgreSQL.
#include "store/store.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "store/backend_fixture.h"
#include "store/raw_sql.h"

namespace sp::store {
namespace {

using testing::Backend;
using testing::BackendTest;

constexpr std::int64_t kMinute = 60'000;
constexpr std::int64_t kT0 = 1'564'493'400'000;  // 2019-07-30 13:30 UTC, in ms

StoredBar bar(const std::string& symbol, std::int64_t start_ms, double close,
              const std::string& timeframe = "1m") {
  StoredBar b;
  b.symbol = symbol;
  b.timeframe = timeframe;
  b.start_ms = start_ms;
  b.open = close - 0.5;
  b.high = close + 1;
  b.low = close - 1;
  b.close = close;
  b.volume = 1000 + close;
  b.trades = 7;
  return b;
}

StoredTrade trade(const std::string& symbol, std::int64_t time_ns, std::int64_t seq,
                  std::int64_t price = 1'234'500) {
  StoredTrade t;
  t.symbol = symbol;
  t.time_ns = time_ns;
  t.price = price;
  t.shares = 100;
  t.match_number = 9000 + seq;
  t.side = seq % 2 ? 'B' : 'S';
  t.source_seq = seq;
  return t;
}

// Ten 1-minute bars of AAPL (close 100..109) and three of MSFT.
WriteBatch ten_bars() {
  WriteBatch batch;
  for (int i = 0; i < 10; ++i) batch.bars.push_back(bar("AAPL", kT0 + i * kMinute, 100 + i));
  for (int i = 0; i < 3; ++i) batch.bars.push_back(bar("MSFT", kT0 + i * kMinute, 50 + i));
  return batch;
}

std::vector<std::int64_t> starts(const std::vector<StoredBar>& bars) {
  std::vector<std::int64_t> out;
  for (const auto& b : bars) out.push_back((b.start_ms - kT0) / kMinute);
  return out;
}

std::vector<std::int64_t> seqs(const std::vector<StoredTrade>& trades) {
  std::vector<std::int64_t> out;
  for (const auto& t : trades) out.push_back(t.source_seq);
  return out;
}

using StoreContract = BackendTest;

TEST_P(StoreContract, AnEmptyStoreHasNothing) {
  auto store = open();
  ASSERT_TRUE(store);
  auto symbols = store->symbols();
  ASSERT_TRUE(symbols.ok()) << symbols.error();
  EXPECT_TRUE(symbols->empty());
  auto cp = store->checkpoint("feed");
  ASSERT_TRUE(cp.ok()) << cp.error();
  EXPECT_FALSE(cp->has_value());
  auto bars = store->bars("AAPL", "1m", kBeginningOfTime, kEndOfTime);
  ASSERT_TRUE(bars.ok()) << bars.error();
  EXPECT_TRUE(bars->empty());
  auto trades = store->trades("AAPL", kBeginningOfTime, kEndOfTime);
  ASSERT_TRUE(trades.ok()) << trades.error();
  EXPECT_TRUE(trades->empty());
  EXPECT_TRUE(store->write(WriteBatch{}).ok()) << "an empty batch is ok";
}

TEST_P(StoreContract, BarsReadBackBitForBit) {
  auto store = open();
  ASSERT_TRUE(store);
  // Values a text round trip or a float conversion would spoil.
  const double awkward[] = {147.100006,
                            0.1 + 0.2,
                            1e-300,
                            std::numeric_limits<double>::max(),
                            std::numeric_limits<double>::denorm_min(),
                            123456789.123456789,
                            100.0,
                            1.0 / 3.0};
  WriteBatch batch;
  int i = 0;
  for (const double v : awkward) {
    StoredBar b = bar("SPY", kT0 + i++ * kMinute, v, "1d");
    b.open = v;
    b.high = v;
    b.low = -v;
    b.volume = v;
    b.trades = std::numeric_limits<std::int64_t>::max() - i;
    batch.bars.push_back(b);
  }
  ASSERT_TRUE(store->write(batch).ok());
  auto got = store->bars("SPY", "1d", kBeginningOfTime, kEndOfTime);
  ASSERT_TRUE(got.ok()) << got.error();
  ASSERT_EQ(got->size(), batch.bars.size());
  for (std::size_t k = 0; k < got->size(); ++k) {
    EXPECT_EQ((*got)[k], batch.bars[k]);
    EXPECT_EQ(std::memcmp(&(*got)[k].close, &batch.bars[k].close, sizeof(double)), 0);
  }
}

TEST_P(StoreContract, TimeRangesAreHalfOpen) {
  auto store = open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->write(ten_bars()).ok());
  auto range = [&](std::int64_t from, std::int64_t to) {
    auto r = store->bars("AAPL", "1m", kT0 + from * kMinute, kT0 + to * kMinute);
    EXPECT_TRUE(r.ok()) << r.error();
    return r.ok() ? starts(*r) : std::vector<std::int64_t>{-1};
  };
  EXPECT_EQ(range(2, 5), (std::vector<std::int64_t>{2, 3, 4})) << "[from, to)";
  EXPECT_EQ(range(5, 5), std::vector<std::int64_t>{}) << "an empty range";
  EXPECT_EQ(range(0, 2).size() + range(2, 10).size(), 10u) << "adjacent ranges tile";
  EXPECT_EQ(range(-100, 100).size(), 10u);
  auto all = store->bars("AAPL", "1m", kBeginningOfTime, kEndOfTime);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 10u);
  EXPECT_EQ(all->front().close, 100);
  EXPECT_EQ(all->back().close, 109);
  // One millisecond matters at both ends.
  auto edge = store->bars("AAPL", "1m", kT0 + 3 * kMinute + 1, kT0 + 5 * kMinute + 1);
  ASSERT_TRUE(edge.ok());
  EXPECT_EQ(starts(*edge), (std::vector<std::int64_t>{4, 5}));
}

TEST_P(StoreContract, LimitAndNewestFirst) {
  auto store = open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->write(ten_bars()).ok());
  auto oldest = store->bars("AAPL", "1m", kBeginningOfTime, kEndOfTime, 3);
  ASSERT_TRUE(oldest.ok());
  EXPECT_EQ(starts(*oldest), (std::vector<std::int64_t>{0, 1, 2}));
  auto newest = store->bars("AAPL", "1m", kBeginningOfTime, kEndOfTime, 3, Order::kNewestFirst);
  ASSERT_TRUE(newest.ok());
  EXPECT_EQ(starts(*newest), (std::vector<std::int64_t>{9, 8, 7}));
  auto latest_before =
      store->bars("AAPL", "1m", kBeginningOfTime, kT0 + 5 * kMinute, 1, Order::kNewestFirst);
  ASSERT_TRUE(latest_before.ok());
  EXPECT_EQ(starts(*latest_before), (std::vector<std::int64_t>{4}));
  auto none = store->bars("AAPL", "1m", kBeginningOfTime, kEndOfTime, 0);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_P(StoreContract, UnknownSymbolOrTimeframeGivesEmptyAndSymbolsDoNotMix) {
  auto store = open();
  ASSERT_TRUE(store);
  WriteBatch batch = ten_bars();
  batch.bars.push_back(bar("AAPL", kT0, 100, "5m"));
  ASSERT_TRUE(store->write(batch).ok());
  auto unknown = store->bars("ZZZZ", "1m", kBeginningOfTime, kEndOfTime);
  ASSERT_TRUE(unknown.ok());
  EXPECT_TRUE(unknown->empty());
  auto other_tf = store->bars("MSFT", "5m", kBeginningOfTime, kEndOfTime);
  ASSERT_TRUE(other_tf.ok());
  EXPECT_TRUE(other_tf->empty());
  auto five = store->bars("AAPL", "5m", kBeginningOfTime, kEndOfTime);
  ASSERT_TRUE(five.ok());
  EXPECT_EQ(five->size(), 1u);
  auto msft = store->bars("MSFT", "1m", kBeginningOfTime, kEndOfTime);
  ASSERT_TRUE(msft.ok());
  ASSERT_EQ(msft->size(), 3u);
  for (const auto& b : *msft) EXPECT_EQ(b.symbol, "MSFT");
  auto trades = store->trades("ZZZZ", kBeginningOfTime, kEndOfTime);
  ASSERT_TRUE(trades.ok());
  EXPECT_TRUE(trades->empty());
}

TEST_P(StoreContract, BadQueryArgumentsAreErrorsThatSayWhy) {
  auto store = open();
  ASSERT_TRUE(store);
  auto reversed = store->bars("AAPL", "1m", 200, 100);
  ASSERT_FALSE(reversed.ok());
  EXPECT_NE(reversed.error().find(store->name()), std::string::npos) << reversed.error();
  EXPECT_NE(reversed.error().find("from_ms 200 is after to_ms 100"), std::string::npos)
      << reversed.error();
  auto empty = store->bars("", "1m", 0, 1);
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.error().find("symbol is empty"), std::string::npos) << empty.error();
  auto control = store->trades("AA\nPL", 0, 1);
  ASSERT_FALSE(control.ok());
  EXPECT_NE(control.error().find("\"AA\\x0aPL\""), std::string::npos) << control.error();
  auto tf = store->bars("AAPL", "1 m", 0, 1);
  ASSERT_FALSE(tf.ok());
  EXPECT_NE(tf.error().find("timeframe"), std::string::npos) << tf.error();
  auto trades_reversed = store->trades("AAPL", 5, 4);
  ASSERT_FALSE(trades_reversed.ok());
  EXPECT_NE(trades_reversed.error().find("from_ns 5 is after to_ns 4"), std::string::npos);
}

TEST_P(StoreContract, ABarWithAStoredKeyReplacesItAndTheLastInABatchWins) {
  auto store = open();
  ASSERT_TRUE(store);
  WriteBatch first;
  first.bars.push_back(bar("AAPL", kT0, 100));
  ASSERT_TRUE(store->write(first).ok());
  WriteBatch second;
  second.bars.push_back(bar("AAPL", kT0, 101));
  second.bars.push_back(bar("AAPL", kT0, 102));  // the same key again: this one wins
  ASSERT_TRUE(store->write(second).ok());
  auto got = store->bars("AAPL", "1m", kBeginningOfTime, kEndOfTime);
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ(got->front(), bar("AAPL", kT0, 102));
}

TEST_P(StoreContract, TradesAreKeyedBySourceAndSequenceSoAReplayIsSkipped) {
  auto store = open();
  ASSERT_TRUE(store);
  const std::int64_t t0 = kT0 * 1'000'000;
  WriteBatch batch;
  batch.source = "itch:a";
  batch.trades = {trade("AAPL", t0 + 30, 3), trade("AAPL", t0 + 10, 1), trade("AAPL", t0 + 10, 2),
                  trade("MSFT", t0 + 20, 4)};
  ASSERT_TRUE(store->write(batch).ok());
  // The same trades again (a restart replaying a little), one of them changed: all skipped.
  WriteBatch replay = batch;
  replay.trades[0].price = 1;
  ASSERT_TRUE(store->write(replay).ok());
  auto aapl = store->trades("AAPL", kBeginningOfTime, kEndOfTime);
  ASSERT_TRUE(aapl.ok()) << aapl.error();
  EXPECT_EQ(seqs(*aapl), (std::vector<std::int64_t>{1, 2, 3})) << "by time, then sequence";
  EXPECT_EQ((*aapl)[2], batch.trades[0]) << "the first write stands";
  // Another source's trade with the same sequence number is a different trade.
  WriteBatch other;
  other.source = "itch:b";
  other.trades = {trade("AAPL", t0 + 10, 1)};
  ASSERT_TRUE(store->write(other).ok());
  auto again = store->trades("AAPL", kBeginningOfTime, kEndOfTime);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->size(), 4u);
}

TEST_P(StoreContract, TradeQueriesHaveHalfOpenRangesLimitAndOrder) {
  auto store = open();
  ASSERT_TRUE(store);
  WriteBatch batch;
  batch.source = "feed";
  for (int i = 0; i < 10; ++i) batch.trades.push_back(trade("AAPL", 1000 + i * 10, i));
  ASSERT_TRUE(store->write(batch).ok());
  auto mid = store->trades("AAPL", 1020, 1050);
  ASSERT_TRUE(mid.ok());
  EXPECT_EQ(seqs(*mid), (std::vector<std::int64_t>{2, 3, 4}));
  auto newest = store->trades("AAPL", kBeginningOfTime, kEndOfTime, 2, Order::kNewestFirst);
  ASSERT_TRUE(newest.ok());
  EXPECT_EQ(seqs(*newest), (std::vector<std::int64_t>{9, 8}));
  auto first = store->trades("AAPL", kBeginningOfTime, kEndOfTime, 1);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(seqs(*first), (std::vector<std::int64_t>{0}));
  EXPECT_EQ(first->front().price_value(), 123.45);
}

TEST_P(StoreContract, ExtremeButValidValuesRoundTrip) {
  auto store = open();
  ASSERT_TRUE(store);
  WriteBatch batch;
  batch.source = "feed";
  StoredTrade low = trade("BRK A", kBeginningOfTime, std::numeric_limits<std::int64_t>::min());
  low.price = 0;
  low.side = ' ';
  low.match_number = std::numeric_limits<std::int64_t>::max();
  StoredTrade high = trade("BRK A", kEndOfTime - 1, std::numeric_limits<std::int64_t>::max(),
                           std::numeric_limits<std::int64_t>::max());
  high.shares = std::numeric_limits<std::int64_t>::max();
  batch.trades = {low, high};
  // Quotes and backslashes are printable ASCII, so legal in a symbol; they must survive every
  // layer of quoting on the way.
  batch.bars.push_back(bar("Q\"U\\OTE", kBeginningOfTime, 1));
  batch.bars.push_back(bar("Q\"U\\OTE", kEndOfTime - 1, 2));
  ASSERT_TRUE(store->write(batch).ok());
  auto trades = store->trades("BRK A", kBeginningOfTime, kEndOfTime);
  ASSERT_TRUE(trades.ok()) << trades.error();
  ASSERT_EQ(trades->size(), 2u);
  EXPECT_EQ((*trades)[0], low);
  EXPECT_EQ((*trades)[1], high);
  auto bars = store->bars("Q\"U\\OTE", "1m", kBeginningOfTime, kEndOfTime);
  ASSERT_TRUE(bars.ok()) << bars.error();
  ASSERT_EQ(bars->size(), 2u);
  EXPECT_EQ(bars->back(), batch.bars.back());
  auto symbols = store->symbols();
  ASSERT_TRUE(symbols.ok());
  EXPECT_EQ(*symbols, (std::vector<std::string>{"BRK A", "Q\"U\\OTE"}));
}

TEST_P(StoreContract, TheCheckpointCommitsWithTheBatch) {
  auto store = open();
  ASSERT_TRUE(store);
  WriteBatch batch = ten_bars();
  batch.source = "feed-a";
  batch.checkpoint = 10;
  ASSERT_TRUE(store->write(batch).ok());
  EXPECT_EQ(store->checkpoint("feed-a")->value_or(-1), 10);
  // A batch with only a checkpoint: positions that produced no records still move it.
  WriteBatch only;
  only.source = "feed-a";
  only.checkpoint = 25;
  ASSERT_TRUE(store->write(only).ok());
  EXPECT_EQ(store->checkpoint("feed-a")->value_or(-1), 25);
  EXPECT_FALSE(store->checkpoint("feed-b")->has_value()) << "sources are separate";
  // Trades without a checkpoint leave the source's checkpoint alone.
  WriteBatch trades;
  trades.source = "feed-a";
  trades.trades = {trade("AAPL", 5, 1)};
  ASSERT_TRUE(store->write(trades).ok());
  EXPECT_EQ(store->checkpoint("feed-a")->value_or(-1), 25);
}

TEST_P(StoreContract, ABatchWithABadRecordIsRefusedWhole) {
  auto store = open();
  ASSERT_TRUE(store);
  struct Case {
    const char* name;
    void (*spoil)(WriteBatch&);
    const char* says;
  };
  const Case cases[] = {
      {"NaN open", [](WriteBatch& b) { b.bars[2].open = std::nan(""); }, "bar 2"},
      {"inf volume", [](WriteBatch& b) { b.bars[0].volume = INFINITY; }, "volume is inf"},
      {"negative volume", [](WriteBatch& b) { b.bars[1].volume = -5; }, "volume is negative (-5)"},
      {"empty symbol", [](WriteBatch& b) { b.bars[1].symbol = ""; }, "symbol is empty"},
      {"long symbol", [](WriteBatch& b) { b.bars[1].symbol = std::string(33, 'X'); },
       "longer than 32"},
      {"bad timeframe", [](WriteBatch& b) { b.bars[1].timeframe = "1-m"; }, "timeframe"},
      {"zero shares", [](WriteBatch& b) { b.trades[0].shares = 0; }, "shares is not positive"},
      {"negative price", [](WriteBatch& b) { b.trades[0].price = -1; }, "price is negative"},
      {"bad side", [](WriteBatch& b) { b.trades[0].side = 'X'; }, "side is \"X\""},
      {"trades without a source", [](WriteBatch& b) { b.source.clear(); }, "source is empty"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    WriteBatch batch = ten_bars();
    batch.source = "feed";
    batch.checkpoint = 7;
    batch.trades = {trade("AAPL", 1, 1), trade("AAPL", 2, 2)};
    c.spoil(batch);
    const Status s = store->write(batch);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.message().find(store->name()), std::string::npos) << s.message();
    EXPECT_NE(s.message().find(c.says), std::string::npos) << s.message();
  }
  // Nothing of any of them is stored.
  EXPECT_TRUE(store->symbols()->empty());
  EXPECT_FALSE(store->checkpoint("feed")->has_value());
  WriteBatch checkpoint_only;
  checkpoint_only.checkpoint = 3;
  const Status s = store->write(checkpoint_only);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("batch with a checkpoint: source is empty"), std::string::npos)
      << s.message();
}

// Fault injection: the database itself fails half-way through a batch (a trigger refuses one
// bar after the trades went in). Nothing of the batch may remain, and the store goes on working.
TEST_P(StoreContract, AFailureHalfWayThroughABatchLeavesNothingOfIt) {
  auto store = open();
  ASSERT_TRUE(store);
  WriteBatch good = ten_bars();
  good.source = "feed";
  good.checkpoint = 1;
  good.trades = {trade("AAPL", 1, 1)};
  ASSERT_TRUE(store->write(good).ok());

  std::string error;
  if (GetParam() == Backend::kSqlite) {
    testing::raw_sql(GetParam(), url_,
                     "CREATE TRIGGER boom BEFORE INSERT ON bars WHEN NEW.symbol = 'BOOM' "
                     "BEGIN SELECT RAISE(ABORT, 'injected fault'); END",
                     &error);
  } else {
    testing::raw_sql(GetParam(), url_,
                     "CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                     "IF NEW.symbol = 'BOOM' THEN RAISE EXCEPTION 'injected fault'; END IF; "
                     "RETURN NEW; END $$; CREATE TRIGGER boom BEFORE INSERT ON bars FOR EACH ROW "
                     "EXECUTE FUNCTION boom()",
                     &error);
  }
  ASSERT_EQ(error, "");

  WriteBatch bad;
  bad.source = "feed";
  bad.checkpoint = 2;
  bad.trades = {trade("NEWT", 2, 2), trade("AAPL", 3, 3)};
  bad.bars = {bar("AAPL", kT0, 555), bar("BOOM", kT0, 1), bar("ZED", kT0, 1)};
  const Status s = store->write(bad);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("injected fault"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find(store->name()), std::string::npos) << s.message();

  EXPECT_EQ(store->checkpoint("feed")->value_or(-1), 1);
  EXPECT_EQ(store->trades("AAPL", kBeginningOfTime, kEndOfTime)->size(), 1u);
  EXPECT_TRUE(store->trades("NEWT", kBeginningOfTime, kEndOfTime)->empty());
  EXPECT_EQ(store->bars("AAPL", "1m", kT0, kT0 + 1)->front().close, 100) << "not 555";
  EXPECT_EQ(*store->symbols(), (std::vector<std::string>{"AAPL", "MSFT"}));

  // The same store writes the next good batch, symbols of the failed one included.
  bad.bars.erase(bad.bars.begin() + 1);
  const Status again = store->write(bad);
  ASSERT_TRUE(again.ok()) << again.message();
  EXPECT_EQ(store->checkpoint("feed")->value_or(-1), 2);
  EXPECT_EQ(*store->symbols(), (std::vector<std::string>{"AAPL", "MSFT", "NEWT", "ZED"}));
  EXPECT_EQ(store->bars("AAPL", "1m", kT0, kT0 + 1)->front().close, 555);
}

TEST_P(StoreContract, ReopeningKeepsEverything) {
  {
    auto store = open();
    ASSERT_TRUE(store);
    WriteBatch batch = ten_bars();
    batch.source = "feed";
    batch.checkpoint = 42;
    batch.trades = {trade("AAPL", 7, 1)};
    ASSERT_TRUE(store->write(batch).ok());
  }
  auto store = open();
  ASSERT_TRUE(store);
  EXPECT_EQ(store->checkpoint("feed")->value_or(-1), 42);
  EXPECT_EQ(store->bars("AAPL", "1m", kBeginningOfTime, kEndOfTime)->size(), 10u);
  EXPECT_EQ(store->trades("AAPL", kBeginningOfTime, kEndOfTime)->size(), 1u);
  EXPECT_EQ(*store->symbols(), (std::vector<std::string>{"AAPL", "MSFT"}));
  // And goes on: the source is known again, a replay still skipped.
  WriteBatch more;
  more.source = "feed";
  more.checkpoint = 43;
  more.trades = {trade("AAPL", 7, 1), trade("AAPL", 8, 2)};
  ASSERT_TRUE(store->write(more).ok());
  EXPECT_EQ(store->trades("AAPL", kBeginningOfTime, kEndOfTime)->size(), 2u);
}

TEST_P(StoreContract, ASecondConnectionSeesCommittedWrites) {
  auto writer = open();
  auto reader = open();
  ASSERT_TRUE(writer && reader);
  ASSERT_TRUE(reader->bars("AAPL", "1m", kBeginningOfTime, kEndOfTime)->empty());
  ASSERT_TRUE(writer->write(ten_bars()).ok());
  EXPECT_EQ(reader->bars("AAPL", "1m", kBeginningOfTime, kEndOfTime)->size(), 10u);
  EXPECT_EQ(*reader->symbols(), (std::vector<std::string>{"AAPL", "MSFT"}));
}

TEST_P(StoreContract, BothDurabilitiesStoreTheSame) {
  for (const auto d : {Durability::kPowerLoss, Durability::kProcessCrash}) {
    StoreOptions options;
    options.durability = d;
    auto store = open(options);
    ASSERT_TRUE(store);
    WriteBatch batch;
    batch.bars.push_back(bar("AAPL", kT0 + static_cast<int>(d) * kMinute, 1));
    ASSERT_TRUE(store->write(batch).ok());
  }
  auto store = open();
  EXPECT_EQ(store->bars("AAPL", "1m", kBeginningOfTime, kEndOfTime)->size(), 2u);
}

// A time-range query for one symbol is an index range scan: no scan of the table (and, in SQLite,
// no sort either: the rows come in index order). Checked on a table with enough rows (20 symbols)
// that a planner has a choice.
TEST_P(StoreContract, TimeRangeQueriesUseTheIndex) {
  auto store = open();
  ASSERT_TRUE(store);
  WriteBatch batch;
  batch.source = "feed";
  std::int64_t seq = 0;
  for (int s = 0; s < 20; ++s) {
    const std::string symbol = "S" + std::to_string(s);
    for (int i = 0; i < 500; ++i) {
      batch.bars.push_back(bar(symbol, kT0 + i * kMinute, 100 + i % 7));
      batch.trades.push_back(trade(symbol, (kT0 + i * kMinute) * 1'000'000, seq++));
    }
  }
  ASSERT_TRUE(store->write(batch).ok());
  // Without statistics, and with them (as a server that has run autovacuum, or SQLite after
  // PRAGMA optimize, has).
  for (const bool analyzed : {false, true}) {
    if (analyzed) {
      std::string error;
      testing::raw_sql(GetParam(), url_, "ANALYZE", &error);
      ASSERT_EQ(error, "");
    }
    for (const auto order : {Order::kOldestFirst, Order::kNewestFirst}) {
      SCOPED_TRACE(analyzed ? "analyzed" : "not analyzed");
      auto bars_plan =
          store->explain_bars("S7", "1m", kT0 + 60 * kMinute, kT0 + 120 * kMinute, kNoLimit, order);
      ASSERT_TRUE(bars_plan.ok()) << bars_plan.error();
      auto trades_plan = store->explain_trades("S7", (kT0 + 60 * kMinute) * 1'000'000,
                                               (kT0 + 120 * kMinute) * 1'000'000, 100, order);
      ASSERT_TRUE(trades_plan.ok()) << trades_plan.error();
      for (const std::string* plan_ptr : {&*bars_plan, &*trades_plan}) {
        const std::string& plan = *plan_ptr;
        SCOPED_TRACE(plan);
        if (std::getenv("SP_SHOW_PLANS")) std::printf("%s", plan.c_str());
        if (GetParam() == Backend::kSqlite) {
          // "SEARCH bars USING PRIMARY KEY (symbol=? AND timeframe=? AND start_ms>? …)"
          EXPECT_NE(plan.find("SEARCH"), std::string::npos);
          EXPECT_NE(plan.find("USING PRIMARY KEY (symbol=?"), std::string::npos);
          EXPECT_EQ(plan.find("SCAN"), std::string::npos);
          EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << "no sort";
        } else {
          // "Index Scan [Backward] using bars_pkey on bars", or, once the table has statistics and
          // the planner expects many rows, "Bitmap Index Scan on bars_pkey" under a small sort.
          // Either way the index bounds the rows read; a Seq Scan would read them all.
          const bool bars = plan_ptr == &*bars_plan;
          EXPECT_NE(plan.find(bars ? "bars_pkey" : "trades_by_symbol_time"), std::string::npos);
          EXPECT_NE(plan.find("Index Cond: ((symbol = 'S7'::text)"), std::string::npos);
          EXPECT_EQ(plan.find("Seq Scan"), std::string::npos);
        }
      }
    }
  }
}

SP_INSTANTIATE_FOR_BACKENDS(StoreContract);

}  // namespace
}  // namespace sp::store
