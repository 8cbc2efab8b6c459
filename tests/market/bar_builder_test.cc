// BarBuilder on hand-made trades: intervals, OHLC order, volume, empty intervals, late trades.
#include "market/bars/bar_builder.h"

#include <gtest/gtest.h>

#include <vector>

namespace sp::market::bars {
namespace {

constexpr std::uint64_t kSecond = 1'000'000'000;
constexpr std::uint64_t kMinute = 60 * kSecond;

TEST(BarBuilder, OneMinuteBars) {
  BarBuilder b(kMinute);
  std::vector<TradeBar> out;
  auto emit = [&](const TradeBar& bar) { out.push_back(bar); };
  const std::uint64_t t0 = 9 * 3600 * kSecond + 30 * kMinute;  // 09:30:00
  b.add(t0 + 1 * kSecond, 1000000, 100, emit);
  b.add(t0 + 20 * kSecond, 1010000, 50, emit);
  b.add(t0 + 40 * kSecond, 990000, 25, emit);
  b.add(t0 + 59 * kSecond, 1005000, 10, emit);
  EXPECT_TRUE(out.empty());
  b.add(t0 + 3 * kMinute + 5 * kSecond, 1020000, 7, emit);  // 09:33: two empty minutes between
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], (TradeBar{t0, 1000000, 1010000, 990000, 1005000, 185, 4}));
  b.add(t0 + 3 * kMinute + 1 * kSecond, 1030000, 3, emit);  // late: folded into 09:33
  b.flush(emit);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1], (TradeBar{t0 + 3 * kMinute, 1020000, 1030000, 1020000, 1030000, 10, 2}));
  b.flush(emit);  // nothing in progress: nothing emitted
  EXPECT_EQ(out.size(), 2u);
}

TEST(BarBuilder, SecondBarsStartOnTheGrid) {
  BarBuilder b(kSecond);
  std::vector<TradeBar> out;
  auto emit = [&](const TradeBar& bar) { out.push_back(bar); };
  b.add(5 * kSecond + 999'999'999, 100, 1, emit);
  b.add(6 * kSecond, 200, 2, emit);
  b.flush(emit);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].start_ns, 5 * kSecond);
  EXPECT_EQ(out[1].start_ns, 6 * kSecond);
  EXPECT_EQ(out[1].volume, 2u);
}

TEST(BarBuilder, FormingIsTheBarTheLastTradeWentInto) {
  BarBuilder b(kMinute);
  auto ignore = [](const TradeBar&) {};
  EXPECT_EQ(b.forming(), nullptr);
  b.add(kMinute + 5, 1000000, 10, ignore);
  ASSERT_NE(b.forming(), nullptr);
  EXPECT_EQ(*b.forming(), (TradeBar{kMinute, 1000000, 1000000, 1000000, 1000000, 10, 1}));
  b.add(kMinute + 7, 1010000, 5, ignore);
  EXPECT_EQ(*b.forming(), (TradeBar{kMinute, 1000000, 1010000, 1000000, 1010000, 15, 2}));
  b.add(2 * kMinute, 990000, 1, ignore);  // a new bar: forming is it, the old one was emitted
  EXPECT_EQ(*b.forming(), (TradeBar{2 * kMinute, 990000, 990000, 990000, 990000, 1, 1}));
  b.flush(ignore);
  EXPECT_EQ(b.forming(), nullptr);
}

}  // namespace
}  // namespace sp::market::bars
