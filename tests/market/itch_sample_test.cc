// The shared NASDAQ sample (shared/data/itch/ex20101224.TEST_ITCH_50, from DavZim/RITCH): its
// published per-type counts, a few decoded values checked against a hex dump of the file, every
// message re-encoded to its own bytes, and the file statistics behind `stockpulse itch --stats`.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "market/itch/encoder.h"
#include "market/itch/feed_file.h"
#include "market/itch/file_stats.h"
#include "market/itch/stream_reader.h"
#include "market/itch_test_bytes.h"
#include "support/shared_data.h"

namespace sp::market::itch {
namespace {

using testing::Capture;

std::string sample_path() {
  return (::sp::testing::shared_data_dir() / "itch" / "ex20101224.TEST_ITCH_50").string();
}

TEST(ItchSample, DecodesToThePublishedCounts) {
  SP_REQUIRE_SHARED_DATA();
  std::string error;
  auto file = FeedFile::open(sample_path(), &error);
  ASSERT_TRUE(file) << error;
  EXPECT_EQ(file->size(), 465048u);
  FeedStats stats;
  NullHandler h;
  const auto r = file->read(h, stats);
  EXPECT_EQ(r.stop, ReadStop::end);
  EXPECT_EQ(r.consumed, file->size());
  EXPECT_EQ(stats.messages, 12012u);
  const std::pair<char, std::uint64_t> expected[] = {
      {'P', 5000}, {'A', 4997}, {'D', 1745}, {'E', 198}, {'X', 45},
      {'U', 12},   {'S', 6},    {'R', 3},    {'H', 3},   {'F', 3}};
  std::uint64_t sum = 0;
  for (auto [t, n] : expected) {
    EXPECT_EQ(stats.count(t), n) << t;
    sum += n;
  }
  EXPECT_EQ(sum, 12012u);  // so every other type is absent
  EXPECT_EQ(stats.unknown, 0u);
  EXPECT_EQ(stats.malformed, 0u);
  EXPECT_EQ(stats.truncated, 0u);
  EXPECT_EQ(stats.oversized, 0u);
  EXPECT_EQ(stats.first_error_offset, -1);
}

TEST(ItchSample, FirstMessagesMatchTheHexDump) {
  SP_REQUIRE_SHARED_DATA();
  std::string error;
  auto file = FeedFile::open(sample_path(), &error);
  ASSERT_TRUE(file) << error;
  Capture cap;
  FeedStats stats;
  file->read(cap, stats);
  ASSERT_EQ(cap.got.size(), 12012u);

  // 00000000: 0000 5300 0000 000a 3047 8f8f 964f
  const auto& s = std::get<SystemEvent>(cap.got[0]);
  EXPECT_EQ(s.stock_locate, 0);
  EXPECT_EQ(s.tracking_number, 0);
  EXPECT_EQ(s.timestamp_ns, 0x000a30478f8f96ull);
  EXPECT_EQ(s.event_code, 'O');

  // 0000 5200 0100 000a 66a2 9436 1441 4c43 2020 2020 204e 4e00 0000 644e 415a 2050 4e4e 324e
  // 0000 0000 4e
  const auto& r = std::get<StockDirectory>(cap.got[1]);
  EXPECT_EQ(r.stock_locate, 1);
  EXPECT_EQ(r.timestamp_ns, 0x0a66a2943614ull);
  EXPECT_EQ(trimmed(r.stock), "ALC");
  EXPECT_EQ(r.market_category, 'N');
  EXPECT_EQ(r.financial_status_indicator, 'N');
  EXPECT_EQ(r.round_lot_size, 100u);
  EXPECT_EQ(r.round_lots_only, 'N');
  EXPECT_EQ(r.issue_classification, 'A');
  EXPECT_EQ(trimmed(r.issue_sub_type), "Z");
  EXPECT_EQ(r.authenticity, 'P');
  EXPECT_EQ(r.short_sale_threshold_indicator, 'N');
  EXPECT_EQ(r.ipo_flag, 'N');
  EXPECT_EQ(r.luld_reference_price_tier, '2');
  EXPECT_EQ(r.etp_flag, 'N');
  EXPECT_EQ(r.etp_leverage_factor, 0u);
  EXPECT_EQ(r.inverse_indicator, 'N');

  // Message 4 (index 4): 0000 4800 0100 000a 66ac 59a5 6941 4c43 2020 2020 2054 2020 2020 20
  const auto& h = std::get<StockTradingAction>(cap.got[4]);
  EXPECT_EQ(h.stock_locate, 1);
  EXPECT_EQ(trimmed(h.stock), "ALC");
  EXPECT_EQ(h.trading_state, 'T');
  EXPECT_EQ(trimmed(h.reason), "");

  // Offset 0xea: 0000 4100 0200 001c 5220 27c0 5500 0000 0000 0000 0042 0000 03e8 424f 4220 2020
  // 2020 0000 cfaf
  const auto& a = std::get<AddOrder>(cap.got[8]);
  EXPECT_EQ(a.stock_locate, 2);
  EXPECT_EQ(a.timestamp_ns, 0x1c522027c055ull);
  EXPECT_EQ(a.order_reference_number, 0u);
  EXPECT_EQ(a.buy_sell_indicator, 'B');
  EXPECT_EQ(a.shares, 1000u);
  EXPECT_EQ(trimmed(a.stock), "BOB");
  EXPECT_EQ(a.price, 0xcfafu);  // $5.3167
}

// Re-encoding every message of the sample gives back its bytes: the decoder reads every field,
// and the encoder writes them where the decoder found them.
struct ReEncode {
  const std::uint8_t* base;
  std::size_t pos = 0;  // frame start of the next message (every prefix in the sample is zero)
  std::size_t mismatches = 0;
  template <class M>
  void on(const M& m) {
    const auto bytes = to_bytes(m);
    if (std::memcmp(bytes.data(), base + pos + 2, M::kLength) != 0) ++mismatches;
    pos += 2 + M::kLength;
  }
};

TEST(ItchSample, EveryMessageReEncodesToItsOwnBytes) {
  SP_REQUIRE_SHARED_DATA();
  std::string error;
  auto file = FeedFile::open(sample_path(), &error);
  ASSERT_TRUE(file) << error;
  ReEncode h{file->data()};
  FeedStats stats;
  file->read(h, stats);
  EXPECT_EQ(h.pos, file->size());
  EXPECT_EQ(h.mismatches, 0u);
}

TEST(ItchSample, FileStatsAndJson) {
  SP_REQUIRE_SHARED_DATA();
  const FileStats s = itch_file_stats(sample_path());
  ASSERT_TRUE(s.ok()) << s.error;
  EXPECT_EQ(s.file_bytes, 465048u);
  EXPECT_EQ(s.feed.messages, 12012u);
  EXPECT_EQ(s.feed.count('P'), 5000u);
  EXPECT_EQ(s.symbols, 3u);  // ALC, BOB, CHAR
  EXPECT_GT(s.ns_per_message, 0.0);
  std::printf("sample: %llu messages, %.2f ns/message (parse-only, this build, one pass)\n",
              static_cast<unsigned long long>(s.feed.messages), s.ns_per_message);
  const std::string json = to_json(s);
  EXPECT_NE(json.find("\"messages\":12012"), std::string::npos) << json;
  EXPECT_NE(json.find("\"by_type\":{\"S\":6,\"R\":3,\"H\":3,"), std::string::npos) << json;
  EXPECT_NE(json.find("\"P\":5000"), std::string::npos) << json;
  EXPECT_NE(json.find("\"A\":4997"), std::string::npos) << json;
  EXPECT_NE(json.find("\"unknown\":0,\"truncated\":0,\"malformed\":0"), std::string::npos) << json;
  EXPECT_NE(json.find("\"symbols\":3"), std::string::npos) << json;
  EXPECT_NE(json.find("\"first_error_offset\":null,\"errors\":[]}"), std::string::npos) << json;
}

TEST(ItchFileStats, AMissingFileIsAnErrorNamingIt) {
  const FileStats s = itch_file_stats("/nonexistent/dir/feed.itch");
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.error.find("/nonexistent/dir/feed.itch"), std::string::npos) << s.error;
  EXPECT_EQ(to_json(s).find("{\"file\":\"/nonexistent/dir/feed.itch\",\"error\":"), 0u);
  EXPECT_FALSE(itch_file_stats("/").ok());  // a directory
}

TEST(ItchFileStats, ABadFileIsReadAndItsProblemsListed) {
  const std::string path = ::testing::TempDir() + "itch_bad_feed.bin";
  {
    std::ofstream out(path, std::ios::binary);
    testing::Bytes d;
    d.head('D', 1, 0, 5).u64(1);
    const auto frame = d.framed(0);
    out.write(reinterpret_cast<const char*>(frame.data()), static_cast<long>(frame.size()));
    out.write(reinterpret_cast<const char*>(frame.data()), 10);  // cut short
  }
  const FileStats s = itch_file_stats(path);
  ASSERT_TRUE(s.ok()) << s.error;
  EXPECT_EQ(s.feed.messages, 1u);
  EXPECT_EQ(s.feed.truncated, 1u);
  const std::string json = to_json(s);
  EXPECT_NE(json.find("\"first_error_offset\":21"), std::string::npos) << json;
  EXPECT_NE(json.find("\"kind\":\"truncated\""), std::string::npos) << json;
  EXPECT_NE(json.find("offset 21: truncated: 'D' (Order Delete) needs 19 bytes, 8 present"),
            std::string::npos)
      << json;
  std::remove(path.c_str());

  // An empty file is an empty feed.
  { std::ofstream out(path, std::ios::binary); }
  const FileStats e = itch_file_stats(path);
  ASSERT_TRUE(e.ok()) << e.error;
  EXPECT_EQ(e.feed.messages, 0u);
  EXPECT_EQ(e.feed.problems(), 0u);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace sp::market::itch
