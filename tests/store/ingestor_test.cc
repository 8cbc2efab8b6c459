// Ingestor: when it flushes, what it acknowledges, how it resumes and what a failed write leaves.
// Against a fake store that records each write (and fails on demand), with a fake clock; and once
// end to end against SQLite in memory.
#include "store/ingestor.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/printers.h"
#include "store/store.h"

namespace sp::store {
namespace {

// Records every write; fails while `fail` is set. Only checkpoint() and write() are used.
class FakeStore final : public MarketStore {
 public:
  const std::string& name() const override { return name_; }
  Status write(const WriteBatch& batch) override {
    ++attempts;
    if (fail) return Status::error(name_ + ": injected failure");
    writes.push_back(batch);
    if (batch.checkpoint) stored_checkpoint = batch.checkpoint;
    return {};
  }
  Result<std::optional<std::int64_t>> checkpoint(std::string_view) override {
    return stored_checkpoint;
  }
  Result<std::vector<StoredBar>> bars(std::string_view, std::string_view, std::int64_t,
                                      std::int64_t, std::size_t, Order) override {
    return std::vector<StoredBar>{};
  }
  Result<std::vector<StoredTrade>> trades(std::string_view, std::int64_t, std::int64_t, std::size_t,
                                          Order) override {
    return std::vector<StoredTrade>{};
  }
  Result<std::vector<std::string>> symbols() override { return std::vector<std::string>{}; }
  Result<std::string> explain_bars(std::string_view, std::string_view, std::int64_t, std::int64_t,
                                   std::size_t, Order) override {
    return std::string();
  }
  Result<std::string> explain_trades(std::string_view, std::int64_t, std::int64_t, std::size_t,
                                     Order) override {
    return std::string();
  }

  std::vector<WriteBatch> writes;
  std::optional<std::int64_t> stored_checkpoint;
  bool fail = false;
  int attempts = 0;

 private:
  std::string name_ = "fake";
};

StoredTrade trade(std::int64_t seq) {
  StoredTrade t;
  t.symbol = "AAPL";
  t.time_ns = seq * 1000;
  t.price = 1'000'000 + seq;
  t.shares = 10;
  t.source_seq = seq;
  t.side = 'B';
  return t;
}

StoredBar bar(std::int64_t start_ms, double close) {
  StoredBar b;
  b.symbol = "AAPL";
  b.timeframe = "1m";
  b.start_ms = start_ms;
  b.open = b.high = b.low = b.close = close;
  b.volume = 1;
  return b;
}

class IngestorTest : public ::testing::Test {
 protected:
  std::unique_ptr<Ingestor> ingestor(std::size_t max_records, std::chrono::milliseconds max_delay) {
    Ingestor::Options o;
    o.max_records = max_records;
    o.max_delay = max_delay;
    o.now = [this] { return now_; };
    auto ing = std::make_unique<Ingestor>(store_, "feed", o);
    ing->on_acknowledged([this](std::int64_t p) { acks_.push_back(p); });
    EXPECT_TRUE(ing->start().ok());
    return ing;
  }

  FakeStore store_;
  Ingestor::Clock::time_point now_{};
  std::vector<std::int64_t> acks_;
};

TEST_F(IngestorTest, FlushesEveryNRecordsAndAcknowledgesAfterTheWrite) {
  auto ing = ingestor(3, std::chrono::hours(1));
  for (std::int64_t p = 1; p <= 7; ++p) {
    ing->add(trade(p));
    ASSERT_TRUE(ing->advance(p).ok());
  }
  ASSERT_EQ(store_.writes.size(), 2u);
  EXPECT_EQ(store_.writes[0].trades.size(), 3u);
  EXPECT_EQ(store_.writes[0].checkpoint, 3);
  EXPECT_EQ(store_.writes[0].source, "feed");
  EXPECT_EQ(store_.writes[1].checkpoint, 6);
  EXPECT_EQ(acks_, (std::vector<std::int64_t>{3, 6}));
  EXPECT_EQ(ing->acknowledged(), 6);
  EXPECT_EQ(ing->pending_records(), 1u);
  ASSERT_TRUE(ing->flush().ok());
  EXPECT_EQ(acks_.back(), 7);
  EXPECT_EQ(ing->pending_records(), 0u);
  ASSERT_TRUE(ing->flush().ok());
  EXPECT_EQ(store_.writes.size(), 3u) << "nothing pending: no write";
}

TEST_F(IngestorTest, FlushesWhenTheOldestRecordHasWaitedMaxDelay) {
  auto ing = ingestor(1000, std::chrono::milliseconds(100));
  ing->add(trade(1));
  ASSERT_TRUE(ing->advance(1).ok());
  now_ += std::chrono::milliseconds(60);
  ing->add(trade(2));
  ASSERT_TRUE(ing->advance(2).ok());
  EXPECT_TRUE(store_.writes.empty());
  now_ += std::chrono::milliseconds(40);  // the first record has now waited 100 ms
  ASSERT_TRUE(ing->poll().ok());
  ASSERT_EQ(store_.writes.size(), 1u);
  EXPECT_EQ(store_.writes[0].trades.size(), 2u);
  EXPECT_EQ(acks_, (std::vector<std::int64_t>{2}));
  ASSERT_TRUE(ing->poll().ok());
  EXPECT_EQ(store_.writes.size(), 1u) << "nothing pending";
}

TEST_F(IngestorTest, PositionsWithoutRecordsStillMoveTheCheckpoint) {
  auto ing = ingestor(1000, std::chrono::milliseconds(100));
  ASSERT_TRUE(ing->advance(1).ok());
  ASSERT_TRUE(ing->advance(2).ok());
  now_ += std::chrono::milliseconds(100);
  ASSERT_TRUE(ing->advance(3).ok());
  ASSERT_EQ(store_.writes.size(), 1u);
  EXPECT_TRUE(store_.writes[0].bars.empty() && store_.writes[0].trades.empty());
  EXPECT_EQ(store_.writes[0].checkpoint, 3);
  EXPECT_EQ(acks_, (std::vector<std::int64_t>{3}));
  ASSERT_TRUE(ing->advance(3).ok());  // the same position again: nothing new
  now_ += std::chrono::hours(1);
  ASSERT_TRUE(ing->poll().ok());
  EXPECT_EQ(store_.writes.size(), 1u);
}

TEST_F(IngestorTest, BarsWithTheSameKeyAreCoalescedToTheLast) {
  auto ing = ingestor(1000, std::chrono::hours(1));
  for (int i = 0; i < 50; ++i) {
    ing->add(bar(60'000, 100 + i));  // the forming bar, after each trade
    ing->add(bar(0, 1));
    ASSERT_TRUE(ing->advance(i + 1).ok());
  }
  EXPECT_EQ(ing->pending_records(), 2u);
  ASSERT_TRUE(ing->flush().ok());
  ASSERT_EQ(store_.writes.size(), 1u);
  ASSERT_EQ(store_.writes[0].bars.size(), 2u);
  EXPECT_EQ(store_.writes[0].bars[0], bar(60'000, 149));
  EXPECT_EQ(store_.writes[0].bars[1], bar(0, 1));
  // After a flush the next update of the same bar is pending again.
  ing->add(bar(60'000, 150));
  ASSERT_TRUE(ing->advance(51).ok());
  EXPECT_EQ(ing->pending_records(), 1u);
}

TEST_F(IngestorTest, CoalescingHoldsForManyDistinctBars) {
  auto ing = ingestor(100'000, std::chrono::hours(1));
  std::int64_t p = 0;
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 1000; ++i) {
      ing->add(bar(i * 60'000, round * 10'000 + i));
      ASSERT_TRUE(ing->advance(++p).ok());
    }
  }
  EXPECT_EQ(ing->pending_records(), 1000u);
  ASSERT_TRUE(ing->flush().ok());
  ASSERT_EQ(store_.writes.size(), 1u);
  ASSERT_EQ(store_.writes[0].bars.size(), 1000u);
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(store_.writes[0].bars[i], bar(i * 60'000, 20'000 + i));
}

TEST_F(IngestorTest, AFailedWriteKeepsEverythingAndAcknowledgesNothing) {
  auto ing = ingestor(2, std::chrono::hours(1));
  store_.fail = true;
  ing->add(trade(1));
  ASSERT_TRUE(ing->advance(1).ok());
  ing->add(trade(2));
  const Status s = ing->advance(2);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "fake: injected failure");
  EXPECT_TRUE(acks_.empty());
  EXPECT_FALSE(ing->acknowledged().has_value());
  EXPECT_EQ(ing->pending_records(), 2u);
  store_.fail = false;
  ing->add(trade(3));
  ASSERT_TRUE(ing->advance(3).ok()) << "the next advance retries";
  ASSERT_EQ(store_.writes.size(), 1u);
  EXPECT_EQ(store_.writes[0].trades.size(), 3u);
  EXPECT_EQ(acks_, (std::vector<std::int64_t>{3}));
}

TEST_F(IngestorTest, ResumesAfterTheStoredCheckpoint) {
  store_.stored_checkpoint = 41;
  auto ing = ingestor(1, std::chrono::hours(1));
  EXPECT_EQ(ing->resume_after(), 41);
  EXPECT_EQ(ing->acknowledged(), 41);
  const Status back = ing->advance(40);
  ASSERT_FALSE(back.ok());
  EXPECT_NE(back.message().find("position 40 is before 41"), std::string::npos) << back.message();
  ing->add(trade(42));
  ASSERT_TRUE(ing->advance(42).ok());
  EXPECT_EQ(acks_, (std::vector<std::int64_t>{42}));
}

TEST_F(IngestorTest, RefusesToStoreAnUnfinishedPosition) {
  auto ing = ingestor(1000, std::chrono::hours(1));
  ing->add(trade(1));
  ASSERT_TRUE(ing->advance(1).ok());
  ing->add(trade(2));  // position 2 is not complete yet
  const Status s = ing->flush();
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("not yet complete"), std::string::npos) << s.message();
  now_ += std::chrono::hours(2);
  ASSERT_TRUE(ing->poll().ok()) << "poll waits for the position";
  EXPECT_TRUE(store_.writes.empty());
  ASSERT_TRUE(ing->advance(2).ok());
  ASSERT_EQ(store_.writes.size(), 1u) << "overdue: flushed at once";
  EXPECT_EQ(store_.writes[0].checkpoint, 2);
}

TEST_F(IngestorTest, AdvanceBeforeStartIsAnError) {
  Ingestor ing(store_, "feed");
  const Status s = ing.advance(1);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("before start()"), std::string::npos) << s.message();
}

TEST(IngestorSqlite, EndToEndThroughARealStore) {
  std::string error;
  auto store = open_store("sqlite::memory:", &error);
  ASSERT_TRUE(store) << error;
  {
    Ingestor ing(*store, "feed", {.max_records = 4, .max_delay = std::chrono::hours(1), .now = {}});
    ASSERT_TRUE(ing.start().ok());
    EXPECT_FALSE(ing.resume_after().has_value());
    for (std::int64_t p = 1; p <= 10; ++p) {
      ing.add(trade(p));
      ing.add(bar(0, static_cast<double>(p)));
      ASSERT_TRUE(ing.advance(p).ok());
    }
    ASSERT_TRUE(ing.flush().ok());
  }
  EXPECT_EQ(store->checkpoint("feed")->value_or(-1), 10);
  EXPECT_EQ(store->trades("AAPL", kBeginningOfTime, kEndOfTime)->size(), 10u);
  auto bars = store->bars("AAPL", "1m", kBeginningOfTime, kEndOfTime);
  ASSERT_TRUE(bars.ok());
  ASSERT_EQ(bars->size(), 1u);
  EXPECT_EQ(bars->front().close, 10);
  Ingestor again(*store, "feed");
  ASSERT_TRUE(again.start().ok());
  EXPECT_EQ(again.resume_after(), 10);
}

}  // namespace
}  // namespace sp::store
