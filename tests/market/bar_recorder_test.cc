// BarRecorder and load_history on a real SQLite file: bars recorded from another thread are all
// stored when stop() returns, upserted by key, and read back into a LiveMarket in order.
#include "market/live/bar_recorder.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

namespace sp::market::live {
namespace {

TEST(BarRecorder, StoresEverythingByStopAndHistoryReadsBack) {
  const std::string path =
      ::testing::TempDir() + "/bar_recorder_" + std::to_string(::getpid()) + ".db";
  std::filesystem::remove(path);
  std::string error;
  {
    auto store = store::open_store(path, &error);
    ASSERT_TRUE(store) << error;
    BarRecorder rec(std::move(store), std::chrono::milliseconds(20));
    std::thread feed([&] {
      for (int i = 0; i < 500; ++i) {
        const std::uint32_t p = 1'000'000 + static_cast<std::uint32_t>(i) * 100;
        rec.record("AAPL", Timeframe::k1m,
                   {i * 60'000LL, p, p + 500, p - 500, p + 100, 1000u + i, 7});
        rec.record("MSFT", Timeframe::k1s, {i * 1'000LL, p, p, p, p, 10, 1});
      }
      // The same bar again, grown: the later one wins.
      rec.record("AAPL", Timeframe::k1m, {499 * 60'000LL, 1, 2, 1, 2, 99'999, 8});
    });
    feed.join();
    rec.stop();
    EXPECT_EQ(rec.stats().written, 1001u);
    EXPECT_EQ(rec.stats().failures, 0u);
  }
  auto store = store::open_store(path, &error);
  ASSERT_TRUE(store) << error;
  auto aapl = store->bars("AAPL", "1m", store::kBeginningOfTime, store::kEndOfTime);
  ASSERT_TRUE(aapl.ok());
  ASSERT_EQ(aapl->size(), 500u);
  EXPECT_DOUBLE_EQ((*aapl)[10].high, (1'000'000 + 1000 + 500) / 1e4);
  EXPECT_EQ((*aapl)[499].volume, 99'999);
  LiveMarket market({});
  ASSERT_TRUE(load_history(*store, market, 100, &error)) << error;
  auto bars = *market.bars("AAPL", Timeframe::k1m, INT64_MIN, INT64_MAX, 1000);
  ASSERT_EQ(bars.size(), 100u);  // the newest 100
  EXPECT_EQ(bars.front().time_ms, 400 * 60'000LL);
  EXPECT_EQ(bars.back().volume, 99'999u);
  EXPECT_EQ(bars[0].close, 1'000'000u + 400 * 100 + 100);  // prices back to Price(4) exactly
  EXPECT_EQ(market.bars("MSFT", Timeframe::k1s, INT64_MIN, INT64_MAX, 1000)->size(), 100u);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace sp::market::live
