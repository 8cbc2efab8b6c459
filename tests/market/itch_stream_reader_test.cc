// The framed-stream walker: zero length prefixes, unknown types, wrong length prefixes, malformed
// fields, truncation at every byte, resuming across chunks, and the bounded error list.
#include <gtest/gtest.h>

#include "market/itch/encoder.h"
#include "market/itch/feed_stats.h"
#include "market/itch/stream_reader.h"
#include "market/itch_test_bytes.h"

namespace sp::market::itch {
namespace {

using testing::append;
using testing::Bytes;
using testing::Capture;

Bytes add_order(std::uint64_t ref, char side = 'B') {
  Bytes b;
  b.head('A', 1, 0, 1000 + ref).u64(ref).c(side).u32(100).alpha("AAPL", 8).u32(1'000'000);
  return b;
}
Bytes delete_order(std::uint64_t ref) {
  Bytes b;
  b.head('D', 1, 0, 2000 + ref).u64(ref);
  return b;
}
Bytes halt() {
  Bytes b;
  b.head('H', 1, 0, 5).alpha("AAPL", 8).c('H').c(' ').alpha("T1", 4);
  return b;
}

struct Walk {
  Capture cap;
  FeedStats stats;
  ReadResult result;
};

Walk walk(const std::vector<std::uint8_t>& data, ReadOptions opt = {}) {
  Walk w;
  // A heap copy of exactly the right size, so a read past the end is caught under ASan.
  std::vector<std::uint8_t> copy(data);
  w.result = read_framed(copy.data(), copy.size(), w.cap, w.stats, opt);
  return w;
}

TEST(ItchStreamReader, EmptyInputIsAnEmptyFeed) {
  const auto w = walk({});
  EXPECT_EQ(w.result.stop, ReadStop::end);
  EXPECT_EQ(w.result.consumed, 0u);
  EXPECT_EQ(w.stats.messages, 0u);
  EXPECT_EQ(w.stats.first_error_offset, -1);
}

TEST(ItchStreamReader, ZeroLengthPrefixMeansTheSpecLength) {
  std::vector<std::uint8_t> s;
  append(s, add_order(1).framed(0));
  append(s, delete_order(1).framed(0));
  append(s, halt().framed(0));
  append(s, add_order(2).framed());  // zero and true prefixes mixed
  const auto w = walk(s);
  EXPECT_EQ(w.result.stop, ReadStop::end);
  EXPECT_EQ(w.result.consumed, s.size());
  EXPECT_EQ(w.stats.messages, 4u);
  EXPECT_EQ(w.stats.count('A'), 2u);
  EXPECT_EQ(w.stats.count('D'), 1u);
  EXPECT_EQ(w.stats.count('H'), 1u);
  EXPECT_EQ(w.stats.problems(), 0u);
  EXPECT_EQ(w.stats.bytes, s.size());
  ASSERT_EQ(w.cap.got.size(), 4u);
  EXPECT_EQ(std::get<StockTradingAction>(w.cap.got[2]).trading_state, 'H');  // halts are events
  EXPECT_EQ(std::get<AddOrder>(w.cap.got[3]).order_reference_number, 2u);
}

TEST(ItchStreamReader, UnknownTypeIsSkippedByItsLengthAndCounted) {
  std::vector<std::uint8_t> s;
  append(s, add_order(1).framed());
  Bytes unknown;
  unknown.c('Z').alpha("whatever this is", 16);
  append(s, unknown.framed());
  Bytes unknown2;
  unknown2.c('\x01');
  append(s, unknown2.framed());
  append(s, delete_order(1).framed(0));
  const auto w = walk(s);
  EXPECT_EQ(w.result.stop, ReadStop::end);
  EXPECT_EQ(w.stats.unknown, 2u);
  EXPECT_EQ(w.stats.messages, 2u);
  EXPECT_EQ(w.stats.problems(), 0u);  // unknown types are expected, not errors
  EXPECT_EQ(w.stats.first_error_offset, -1);
  EXPECT_EQ(w.stats.count('Z'), 0u);
}

TEST(ItchStreamReader, UnknownTypeWithZeroLengthStopsTheWalkAndSaysWhere) {
  std::vector<std::uint8_t> s;
  append(s, add_order(1).framed(0));
  const std::size_t bad_at = s.size();
  Bytes unknown;
  unknown.c('z').u64(0);
  append(s, unknown.framed(0));
  append(s, delete_order(1).framed(0));
  const auto w = walk(s);
  EXPECT_EQ(w.result.stop, ReadStop::unsynchronised);
  EXPECT_EQ(w.result.consumed, bad_at);
  EXPECT_EQ(w.stats.messages, 1u);
  EXPECT_EQ(w.stats.malformed, 1u);
  EXPECT_EQ(w.stats.first_error_offset, static_cast<std::int64_t>(bad_at));
  ASSERT_EQ(w.stats.error_count, 1u);
  EXPECT_EQ(w.stats.errors[0].kind, FeedErrorKind::unsynchronised);
  EXPECT_EQ(w.stats.errors[0].type, 'z');
  const std::string what = describe(w.stats.errors[0]);
  EXPECT_NE(what.find("offset " + std::to_string(bad_at)), std::string::npos) << what;
  EXPECT_NE(what.find("'z'"), std::string::npos) << what;
}

TEST(ItchStreamReader, LengthShorterThanTheSpecIsMalformedAndSkippedByTheFraming) {
  std::vector<std::uint8_t> s;
  append(s, add_order(1).framed());
  const std::size_t bad_at = s.size();
  Bytes cut;  // an Add Order framed as 20 bytes: only 20 bytes follow
  const auto full = add_order(2);
  cut.b.assign(full.b.begin(), full.b.begin() + 20);
  append(s, cut.framed());
  append(s, delete_order(1).framed());
  const auto w = walk(s);
  EXPECT_EQ(w.result.stop, ReadStop::end);
  EXPECT_EQ(w.stats.messages, 2u);  // the add before and the delete after
  EXPECT_EQ(w.stats.count('A'), 1u);
  EXPECT_EQ(w.stats.count('D'), 1u);
  EXPECT_EQ(w.stats.malformed, 1u);
  EXPECT_EQ(w.stats.first_error_offset, static_cast<std::int64_t>(bad_at));
  ASSERT_EQ(w.stats.error_count, 1u);
  EXPECT_EQ(w.stats.errors[0].kind, FeedErrorKind::short_length);
  EXPECT_EQ(w.stats.errors[0].framed_length, 20u);
  const std::string what = describe(w.stats.errors[0]);
  EXPECT_NE(what.find("framed as 20 bytes, spec length 36"), std::string::npos) << what;
}

TEST(ItchStreamReader, LengthLongerThanTheSpecIsDeliveredAndReported) {
  std::vector<std::uint8_t> s;
  const std::size_t bad_at = s.size();
  Bytes longer = add_order(7);
  longer.alpha("new field", 9);  // 45 bytes framed, spec 36
  append(s, longer.framed());
  append(s, delete_order(7).framed());
  const auto w = walk(s);
  EXPECT_EQ(w.result.stop, ReadStop::end);
  EXPECT_EQ(w.stats.messages, 2u);
  EXPECT_EQ(w.stats.oversized, 1u);
  EXPECT_EQ(w.stats.malformed, 0u);
  EXPECT_EQ(w.stats.first_error_offset, static_cast<std::int64_t>(bad_at));
  ASSERT_EQ(w.cap.got.size(), 2u);
  EXPECT_EQ(std::get<AddOrder>(w.cap.got[0]).order_reference_number, 7u);
  EXPECT_EQ(std::get<OrderDelete>(w.cap.got[1]).order_reference_number, 7u);
  EXPECT_EQ(w.stats.errors[0].kind, FeedErrorKind::long_length);
}

TEST(ItchStreamReader, AnInvalidFieldCostsOneMessageNotTheFeed) {
  std::vector<std::uint8_t> s;
  append(s, add_order(1).framed(0));
  const std::size_t bad_at = s.size();
  append(s, add_order(2, 'Q').framed(0));
  append(s, add_order(3).framed(0));
  const auto w = walk(s);
  EXPECT_EQ(w.stats.messages, 2u);
  EXPECT_EQ(w.stats.malformed, 1u);
  EXPECT_EQ(w.stats.first_error_offset, static_cast<std::int64_t>(bad_at));
  EXPECT_EQ(w.stats.errors[0].kind, FeedErrorKind::invalid_field);
  EXPECT_NE(describe(w.stats.errors[0]).find("buy/sell indicator"), std::string::npos);
  ASSERT_EQ(w.cap.got.size(), 2u);
  EXPECT_EQ(std::get<AddOrder>(w.cap.got[1]).order_reference_number, 3u);
}

// A small stream of mixed frames, cut at every byte.
TEST(ItchStreamReader, TruncationAtEveryCutPointIsReportedWithItsOffset) {
  std::vector<std::uint8_t> s;
  std::vector<std::size_t> starts;  // frame starts
  auto add = [&](const std::vector<std::uint8_t>& frame) {
    starts.push_back(s.size());
    append(s, frame);
  };
  add(add_order(1).framed(0));
  add(halt().framed());
  Bytes unknown;
  unknown.c('z').u32(0);
  add(unknown.framed());
  add(delete_order(1).framed(0));
  Bytes longer = delete_order(2);
  longer.c('!');
  add(longer.framed());
  starts.push_back(s.size());  // the end

  for (std::size_t cut = 0; cut <= s.size(); ++cut) {
    std::vector<std::uint8_t> part(s.begin(), s.begin() + static_cast<long>(cut));
    const auto w = walk(part);
    // Frames wholly inside the cut.
    std::size_t whole = 0;
    while (whole + 1 < starts.size() && starts[whole + 1] <= cut) ++whole;
    const bool at_boundary = starts[whole] == cut;
    EXPECT_EQ(w.result.consumed, starts[whole]) << "cut " << cut;
    if (at_boundary) {
      EXPECT_EQ(w.result.stop, ReadStop::end) << "cut " << cut;
      EXPECT_EQ(w.stats.truncated, 0u) << "cut " << cut;
    } else {
      EXPECT_EQ(w.result.stop, ReadStop::truncated) << "cut " << cut;
      EXPECT_EQ(w.stats.truncated, 1u) << "cut " << cut;
      EXPECT_EQ(w.stats.first_error_offset, static_cast<std::int64_t>(starts[whole]))
          << "cut " << cut;
      EXPECT_NE(describe(w.stats.errors[0]).find("truncated"), std::string::npos);
    }
    EXPECT_EQ(w.stats.malformed, 0u) << "cut " << cut;
    // Delivered: whole frames other than the unknown one (frame 2).
    const std::size_t expected = whole - (whole > 2 ? 1 : 0);
    EXPECT_EQ(w.stats.messages, expected) << "cut " << cut;
    EXPECT_EQ(w.cap.got.size(), expected) << "cut " << cut;
  }
}

TEST(ItchStreamReader, NotFinalStopsBeforeAnIncompleteFrameAndResumes) {
  std::vector<std::uint8_t> s;
  for (std::uint64_t i = 0; i < 20; ++i) {
    append(s, add_order(i).framed(i % 2 ? 0 : -1));
    append(s, delete_order(i).framed());
  }
  const auto whole = walk(s);
  ASSERT_EQ(whole.stats.messages, 40u);

  // Feed it in chunks of 7 bytes, keeping the unconsumed tail, as a socket reader would.
  Capture cap;
  FeedStats stats;
  std::vector<std::uint8_t> pending;
  std::uint64_t fed_offset = 0;  // feed offset of pending[0]
  for (std::size_t pos = 0; pos < s.size(); pos += 7) {
    const std::size_t end = std::min(s.size(), pos + 7);
    pending.insert(pending.end(), s.begin() + static_cast<long>(pos),
                   s.begin() + static_cast<long>(end));
    const bool last = end == s.size();
    const auto r = read_framed(pending.data(), pending.size(), cap, stats, {fed_offset, last});
    EXPECT_NE(r.stop, ReadStop::truncated);
    pending.erase(pending.begin(), pending.begin() + static_cast<long>(r.consumed));
    fed_offset += r.consumed;
  }
  EXPECT_TRUE(pending.empty());
  EXPECT_EQ(stats.messages, 40u);
  EXPECT_EQ(stats.problems(), 0u);
  EXPECT_EQ(stats.bytes, s.size());
  EXPECT_TRUE(cap.got == whole.cap.got);
}

TEST(ItchStreamReader, BaseOffsetShiftsReportedOffsets) {
  std::vector<std::uint8_t> s;
  append(s, add_order(1).framed(0));
  append(s, add_order(2, 'x').framed(0));
  Capture cap;
  FeedStats stats;
  read_framed(s.data(), s.size(), cap, stats, {1'000'000, true});
  EXPECT_EQ(stats.first_error_offset, 1'000'000 + 38);
  EXPECT_EQ(stats.errors[0].offset, 1'000'038u);
}

TEST(ItchStreamReader, TheErrorListIsBoundedButTheCountIsNot) {
  std::vector<std::uint8_t> s;
  for (int i = 0; i < 100; ++i) append(s, add_order(1, '?').framed(0));
  const auto w = walk(s);
  EXPECT_EQ(w.stats.malformed, 100u);
  EXPECT_EQ(w.stats.error_count, FeedStats::kMaxErrors);
  EXPECT_EQ(w.stats.error_list().size(), FeedStats::kMaxErrors);
  EXPECT_EQ(w.stats.error_list().back().offset, (FeedStats::kMaxErrors - 1) * 38);
  EXPECT_EQ(w.stats.first_error_offset, 0);
}

TEST(ItchStreamReader, TrailingBytesShorterThanAPrefix) {
  std::vector<std::uint8_t> s;
  append(s, delete_order(1).framed());
  s.push_back(0);
  const auto w = walk(s);
  EXPECT_EQ(w.stats.messages, 1u);
  EXPECT_EQ(w.stats.truncated, 1u);
  EXPECT_EQ(w.stats.first_error_offset, 21);
  EXPECT_NE(describe(w.stats.errors[0]).find("offset 21: truncated"), std::string::npos);
}

TEST(ItchStreamReader, StatsAccumulateAcrossCalls) {
  std::vector<std::uint8_t> s;
  append(s, add_order(1).framed(0));
  Capture cap;
  FeedStats stats;
  read_framed(s.data(), s.size(), cap, stats);
  read_framed(s.data(), s.size(), cap, stats);
  EXPECT_EQ(stats.messages, 2u);
  EXPECT_EQ(stats.count('A'), 2u);
  EXPECT_EQ(stats.bytes, 2 * s.size());
}

// The walk keeps a per-frame fast loop for frames far from the end of the data. A long stream with
// a defect of every kind among good frames must be walked exactly as frame-by-frame walks see it
// (each frame alone is too short for the fast loop): same deliveries, counts, kinds and offsets.
TEST(ItchStreamReader, ALongStreamWalksAsItsFramesDoOneByOne) {
  std::vector<std::vector<std::uint8_t>> frames;
  Bytes unknown;
  unknown.head('Z', 1, 0, 9).u32(7);
  Bytes longer = add_order(50);
  longer.alpha("extra", 5);
  Bytes cut;
  const auto full = add_order(51);
  cut.b.assign(full.b.begin(), full.b.begin() + 20);
  for (std::uint64_t i = 0; i < 40; ++i) {
    frames.push_back(add_order(i).framed(i % 2 == 0 ? 0 : -1));
    frames.push_back(delete_order(i).framed(i % 3 == 0 ? 0 : -1));
    switch (i % 8) {
      case 1:
        frames.push_back(add_order(100 + i, 'Q').framed(0));  // invalid field
        break;
      case 3:
        frames.push_back(unknown.framed());  // unknown type, skipped by its length
        break;
      case 5:
        frames.push_back(longer.framed());  // oversized, delivered
        break;
      case 7:
        frames.push_back(cut.framed());  // short length, skipped
        break;
      default:
        frames.push_back(halt().framed());
        break;
    }
  }
  std::vector<std::uint8_t> all;
  for (const auto& f : frames) append(all, f);

  const auto whole = walk(all);
  Walk parts;
  std::uint64_t offset = 0;
  for (const auto& f : frames) {
    std::vector<std::uint8_t> copy(f);
    const auto r = read_framed(copy.data(), copy.size(), parts.cap, parts.stats,
                               ReadOptions{.base_offset = offset});
    ASSERT_EQ(r.stop, ReadStop::end);
    offset += f.size();
  }
  EXPECT_EQ(whole.result.stop, ReadStop::end);
  EXPECT_EQ(whole.result.consumed, all.size());
  EXPECT_EQ(whole.stats.messages, parts.stats.messages);
  EXPECT_EQ(whole.stats.by_type, parts.stats.by_type);
  EXPECT_EQ(whole.stats.unknown, parts.stats.unknown);
  EXPECT_EQ(whole.stats.malformed, parts.stats.malformed);
  EXPECT_EQ(whole.stats.oversized, parts.stats.oversized);
  EXPECT_EQ(whole.stats.truncated, 0u);
  EXPECT_EQ(whole.stats.bytes, parts.stats.bytes);
  EXPECT_EQ(whole.stats.first_error_offset, parts.stats.first_error_offset);
  ASSERT_EQ(whole.stats.error_count, parts.stats.error_count);
  for (std::uint32_t i = 0; i < whole.stats.error_count; ++i) {
    EXPECT_EQ(whole.stats.errors[i].offset, parts.stats.errors[i].offset) << i;
    EXPECT_EQ(whole.stats.errors[i].kind, parts.stats.errors[i].kind) << i;
    EXPECT_EQ(whole.stats.errors[i].type, parts.stats.errors[i].type) << i;
    EXPECT_EQ(whole.stats.errors[i].framed_length, parts.stats.errors[i].framed_length) << i;
  }
  EXPECT_TRUE(whole.cap.got == parts.cap.got);
  EXPECT_EQ(whole.stats.messages, 40u * 2 + 20 + 5);  // A and D each round, 20 H, 5 oversized A
}

}  // namespace
}  // namespace sp::market::itch
