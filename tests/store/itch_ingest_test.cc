// ingest_itch_file against SQLite and PostgreSQL: a simulated day's trades and 1s/1m bars are
// stored exactly as an independent walk of the file says; an ingest cut short by failing writes
// leaves exactly messages 1..checkpoint stored (the forming bar as it stood), and a rerun completes
// the day with no trade twice and every bar whole; a damaged file stores nothing.
#include "market/bars/itch_ingest.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "market/bars/bar_builder.h"
#include "market/bars/eastern_time.h"
#include "market/book/book_set.h"
#include "market/itch/feed_file.h"
#include "market/sim/sim_file.h"
#include "store/backend_fixture.h"
#include "store/itch_expected.h"

namespace sp::store {
namespace {

using market::bars::ingest_itch_file;
using market::bars::ItchIngestOptions;
using market::bars::ItchIngestResult;

using testing::Expected;
using testing::kDayStartNs;

// Passes everything to a real store, but fails the write numbered `fail_at` (from 1) and every
// write after it, storing nothing of them: a database that went away mid-ingest.
class FailingStore final : public MarketStore {
 public:
  FailingStore(MarketStore& real, int fail_at) : real_(real), fail_at_(fail_at) {}
  const std::string& name() const override { return real_.name(); }
  Status write(const WriteBatch& batch) override {
    if (++writes_ >= fail_at_) return Status::error(real_.name() + ": injected failure");
    return real_.write(batch);
  }
  Result<std::optional<std::int64_t>> checkpoint(std::string_view s) override {
    return real_.checkpoint(s);
  }
  Result<std::vector<StoredBar>> bars(std::string_view a, std::string_view b, std::int64_t c,
                                      std::int64_t d, std::size_t e, Order f) override {
    return real_.bars(a, b, c, d, e, f);
  }
  Result<std::vector<StoredTrade>> trades(std::string_view a, std::int64_t b, std::int64_t c,
                                          std::size_t d, Order e) override {
    return real_.trades(a, b, c, d, e);
  }
  Result<std::vector<std::string>> symbols() override { return real_.symbols(); }
  Result<std::string> explain_bars(std::string_view a, std::string_view b, std::int64_t c,
                                   std::int64_t d, std::size_t e, Order f) override {
    return real_.explain_bars(a, b, c, d, e, f);
  }
  Result<std::string> explain_trades(std::string_view a, std::int64_t b, std::int64_t c,
                                     std::size_t d, Order e) override {
    return real_.explain_trades(a, b, c, d, e);
  }

 private:
  MarketStore& real_;
  int fail_at_;
  int writes_ = 0;
};

class ItchIngestTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    file_ = (dir_.path() / "day20261124.itch").string();
    std::string error;
    ASSERT_TRUE(market::sim::write_itch_file(file_, {.symbols = 12, .messages = 40'000, .seed = 31},
                                             &error, false))
        << error;
  }

  ItchIngestOptions options(std::size_t batch = 1000) const {
    ItchIngestOptions o;
    o.source = "itch:2026-11-24:day20261124.itch";
    o.day_start_utc_ns = kDayStartNs;
    o.ingestor.max_records = batch;
    o.ingestor.max_delay = std::chrono::hours(1);  // flush by count: deterministic batches
    return o;
  }

  // The store holds exactly messages 1..checkpoint of the file, and returns the checkpoint.
  std::int64_t expect_stored_through(MarketStore& store, const Expected& want,
                                     std::uint64_t messages) {
    auto cp = store.checkpoint(options().source);
    EXPECT_TRUE(cp.ok()) << cp.error();
    const std::int64_t through = cp.ok() ? cp->value_or(0) : 0;
    EXPECT_LE(through, static_cast<std::int64_t>(messages));
    for (const auto& [symbol, all] : want.trades) {
      const auto trades = want.trades_through(symbol, through);
      auto got = store.trades(symbol, kBeginningOfTime, kEndOfTime);
      EXPECT_TRUE(got.ok()) << got.error();
      if (!got.ok()) continue;
      EXPECT_EQ(got->size(), trades.size()) << symbol << " through message " << through;
      EXPECT_TRUE(*got == trades) << symbol << " through message " << through;
      for (const char* tf : {"1s", "1m"}) {
        auto bars = store.bars(symbol, tf, kBeginningOfTime, kEndOfTime);
        EXPECT_TRUE(bars.ok()) << bars.error();
        if (!bars.ok()) continue;
        const auto want_bars =
            trades.empty() ? std::vector<StoredBar>{} : Expected::bars_of(trades, tf);
        EXPECT_EQ(bars->size(), want_bars.size()) << symbol << " " << tf << " through " << through;
        EXPECT_TRUE(*bars == want_bars) << symbol << " " << tf << " through message " << through;
      }
    }
    return through;
  }

  std::string file_;
};

TEST_P(ItchIngestTest, StoresEveryTradeAndBarOfTheDay) {
  auto store = open();
  ASSERT_TRUE(store);
  std::string error;
  auto file = market::itch::FeedFile::open(file_, &error);
  ASSERT_TRUE(file) << error;
  const Expected want(*file);
  ASSERT_GE(want.trades.size(), 10u);
  std::vector<std::int64_t> acks;
  auto o = options();
  o.on_acknowledged = [&](std::int64_t p) { acks.push_back(p); };
  const ItchIngestResult r = ingest_itch_file(*file, *store, o);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.messages, 40'000u + 12u + 6u);
  EXPECT_FALSE(r.resumed_after);
  ASSERT_TRUE(r.acknowledged);
  EXPECT_EQ(*r.acknowledged, static_cast<std::int64_t>(r.messages));
  ASSERT_GT(acks.size(), 3u) << "several batches";
  EXPECT_EQ(acks.back(), *r.acknowledged);
  std::uint64_t trades = 0;
  for (const auto& [symbol, list] : want.trades) trades += list.size();
  EXPECT_EQ(r.trades, trades);
  EXPECT_EQ(r.symbols, want.trades.size());
  EXPECT_EQ(expect_stored_through(*store, want, r.messages), static_cast<std::int64_t>(r.messages));

  // Again: everything is stored, nothing more is given.
  const ItchIngestResult again = ingest_itch_file(*file, *store, options());
  ASSERT_TRUE(again.ok()) << again.error;
  EXPECT_EQ(again.resumed_after, r.acknowledged);
  EXPECT_EQ(again.trades, 0u);
  EXPECT_EQ(again.bars, 0u);
  expect_stored_through(*store, want, r.messages);
}

TEST_P(ItchIngestTest, AnIngestCutShortResumesWithoutLossOrDuplicates) {
  auto store = open();
  ASSERT_TRUE(store);
  std::string error;
  auto file = market::itch::FeedFile::open(file_, &error);
  ASSERT_TRUE(file) << error;
  const Expected want(*file);
  std::mt19937 rng(5);
  std::int64_t before = 0;
  int cut = 0;
  for (int round = 0; round < 5; ++round) {
    // Small, odd batch sizes: checkpoints land mid-bar, mid-second, anywhere.
    const auto batch = std::uniform_int_distribution<std::size_t>(7, 90)(rng);
    const int fail_at = std::uniform_int_distribution<int>(2, 12)(rng);
    FailingStore failing(*store, fail_at);
    std::int64_t last_ack = before;
    auto o = options(batch);
    o.on_acknowledged = [&](std::int64_t p) { last_ack = p; };
    const ItchIngestResult r = ingest_itch_file(*file, failing, o);
    SCOPED_TRACE("round " + std::to_string(round));
    if (!r.ok()) {
      ++cut;
      EXPECT_NE(r.error.find("injected failure"), std::string::npos) << r.error;
    }
    EXPECT_EQ(r.resumed_after.value_or(0), before);
    const std::int64_t through = expect_stored_through(*store, want, r.messages);
    EXPECT_EQ(through, last_ack) << "the checkpoint is the last acknowledgement";
    EXPECT_GE(through, before);
    before = through;
    if (HasFailure()) return;
  }
  EXPECT_GE(cut, 4);
  EXPECT_LT(before, 40'000) << "the cuts should come before the end";
  const ItchIngestResult last = ingest_itch_file(*file, *store, options(64));
  ASSERT_TRUE(last.ok()) << last.error;
  EXPECT_EQ(last.resumed_after.value_or(0), before);
  EXPECT_EQ(expect_stored_through(*store, want, last.messages),
            static_cast<std::int64_t>(last.messages));
}

TEST_P(ItchIngestTest, ADamagedFileStoresNothing) {
  auto store = open();
  ASSERT_TRUE(store);
  // Cut inside the last message: a copy that did not finish.
  std::filesystem::resize_file(file_, std::filesystem::file_size(file_) - 3);
  std::string error;
  auto file = market::itch::FeedFile::open(file_, &error);
  ASSERT_TRUE(file) << error;
  const ItchIngestResult r = ingest_itch_file(*file, *store, options());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error.rfind(file_ + ": damaged ITCH data at offset ", 0), 0u) << r.error;
  EXPECT_NE(r.error.find("truncated"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("nothing was stored"), std::string::npos) << r.error;
  auto cp = store->checkpoint(options().source);
  ASSERT_TRUE(cp.ok()) << cp.error();
  EXPECT_FALSE(*cp);
  auto symbols = store->symbols();
  ASSERT_TRUE(symbols.ok()) << symbols.error();
  EXPECT_TRUE(symbols->empty());
}

TEST_P(ItchIngestTest, ACheckpointPastTheEndOfTheFileIsRefused) {
  auto store = open();
  ASSERT_TRUE(store);
  std::string error;
  {
    auto file = market::itch::FeedFile::open(file_, &error);
    ASSERT_TRUE(file) << error;
    ASSERT_TRUE(ingest_itch_file(*file, *store, options()).ok());
  }
  // A shorter, sound file under the same name: the first day's messages only.
  const std::string other = (dir_.path() / "short.itch").string();
  ASSERT_TRUE(market::sim::write_itch_file(other, {.symbols = 12, .messages = 100, .seed = 31},
                                           &error, false));
  auto file = market::itch::FeedFile::open(other, &error);
  ASSERT_TRUE(file) << error;
  const ItchIngestResult r = ingest_itch_file(*file, *store, options());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error.find("checkpoint"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("short.itch"), std::string::npos) << r.error;
}

SP_INSTANTIATE_FOR_BACKENDS(ItchIngestTest);

}  // namespace
}  // namespace sp::store
