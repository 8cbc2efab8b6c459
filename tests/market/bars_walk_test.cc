// walk_feed (chunked reading gives what one read_framed gives, and can stop), feed_damage (names
// the file and the first problem), and eastern_midnight_utc_ms (the US daylight-saving rule).
#include <gtest/gtest.h>

#include <chrono>
#include <vector>

#include "market/bars/eastern_time.h"
#include "market/bars/feed_walk.h"
#include "market/itch/decoder.h"
#include "market/sim/sim_file.h"

namespace sp::market::bars {
namespace {

struct Counter : itch::NullHandler {
  using itch::NullHandler::on;
  std::uint64_t adds = 0, ts_sum = 0;
  void on(const itch::AddOrder& m) {
    ++adds;
    ts_sum += m.timestamp_ns;
  }
};

std::vector<std::uint8_t> sim_day() {
  std::vector<std::uint8_t> out;
  sim::generate_into({.symbols = 20, .messages = 60'000, .seed = 4}, out);
  return out;
}

TEST(WalkFeed, ChunksGiveTheSameAsOneRead) {
  const auto bytes = sim_day();
  Counter whole, chunked;
  itch::FeedStats s1, s2;
  itch::read_framed(bytes.data(), bytes.size(), whole, s1);
  std::vector<std::uint64_t> seen;
  // 70,001 bytes: chunk ends fall inside frames, and the walk must resume at those frames.
  const auto r = walk_feed(
      bytes.data(), bytes.size(), chunked, s2,
      [&](std::uint64_t done) {
        seen.push_back(done);
        return true;
      },
      70'001);
  EXPECT_EQ(r.consumed, bytes.size());
  EXPECT_EQ(r.stop, itch::ReadStop::end);
  EXPECT_EQ(s2.messages, s1.messages);
  EXPECT_EQ(s2.by_type, s1.by_type);
  EXPECT_EQ(s2.problems(), 0u);
  EXPECT_EQ(chunked.adds, whole.adds);
  EXPECT_EQ(chunked.ts_sum, whole.ts_sum);
  ASSERT_GT(seen.size(), 10u);
  EXPECT_EQ(seen.back(), bytes.size());
  for (std::size_t i = 1; i < seen.size(); ++i) EXPECT_GT(seen[i], seen[i - 1]);
}

TEST(WalkFeed, ATruncatedEndIsReportedOnceAtItsOffset) {
  auto bytes = sim_day();
  bytes.resize(bytes.size() - 5);  // cut inside the last message
  Counter h;
  itch::FeedStats whole, chunked;
  itch::read_framed(bytes.data(), bytes.size(), h, whole);
  walk_feed(
      bytes.data(), bytes.size(), h, chunked, [](std::uint64_t) { return true; }, 70'001);
  EXPECT_EQ(chunked.truncated, 1u);
  EXPECT_EQ(chunked.first_error_offset, whole.first_error_offset);
  EXPECT_EQ(chunked.messages, whole.messages);
  const std::string damage = feed_damage("day.itch", chunked);
  EXPECT_EQ(
      damage.rfind(
          "day.itch: damaged ITCH data at offset " + std::to_string(whole.first_error_offset), 0),
      0u)
      << damage;
  EXPECT_NE(damage.find("truncated"), std::string::npos) << damage;
  EXPECT_EQ(feed_damage("x", itch::FeedStats{}), "");
}

TEST(WalkFeed, StopsWhenAsked) {
  const auto bytes = sim_day();
  Counter h;
  itch::FeedStats s;
  int calls = 0;
  const auto r = walk_feed(
      bytes.data(), bytes.size(), h, s, [&](std::uint64_t) { return ++calls < 2; }, 70'001);
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(r.stop, itch::ReadStop::incomplete);
  EXPECT_LT(r.consumed, bytes.size());
  EXPECT_GT(r.consumed, 70'001u);
  EXPECT_EQ(s.problems(), 0u);
}

std::int64_t utc_midnight_ms(int y, unsigned m, unsigned d) {
  using namespace std::chrono;
  return duration_cast<milliseconds>(sys_days{year{y} / month{m} / day{d}}.time_since_epoch())
      .count();
}

TEST(EasternTime, StandardAndDaylightDays) {
  constexpr std::int64_t kHour = 3'600'000;
  auto offset = [](int y, unsigned m, unsigned d) {
    return (eastern_midnight_utc_ms(utc_midnight_ms(y, m, d)) - utc_midnight_ms(y, m, d)) / kHour;
  };
  EXPECT_EQ(offset(2010, 12, 24), 5);  // the shared sample's day
  EXPECT_EQ(offset(2019, 7, 30), 4);
  // 2007 onwards: second Sunday of March .. first Sunday of November.
  EXPECT_EQ(offset(2007, 3, 9), 5);
  EXPECT_EQ(offset(2007, 3, 12), 4);
  EXPECT_EQ(offset(2024, 3, 8), 5);
  EXPECT_EQ(offset(2024, 3, 11), 4);
  EXPECT_EQ(offset(2024, 11, 1), 4);
  EXPECT_EQ(offset(2024, 11, 4), 5);
  // 1987-2006: first Sunday of April .. last Sunday of October.
  EXPECT_EQ(offset(2006, 3, 31), 5);
  EXPECT_EQ(offset(2006, 4, 3), 4);
  EXPECT_EQ(offset(2006, 10, 27), 4);
  EXPECT_EQ(offset(2006, 10, 30), 5);
  // 09:30 New York on 2019-07-30 is 13:30 UTC.
  EXPECT_EQ(eastern_midnight_utc_ms(utc_midnight_ms(2019, 7, 30)) + 9 * kHour + 30 * 60'000,
            1'564'493'400'000);
}

}  // namespace
}  // namespace sp::market::bars
