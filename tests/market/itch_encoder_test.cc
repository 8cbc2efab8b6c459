// The encoder against the decoder: decode(encode(m)) == m for a message of every type, and
// encode(decode(bytes)) == bytes for random bytes of every type (which also proves that the fields
// cover every byte of every message: a byte no field reads would come back as zero).
#include <gtest/gtest.h>

#include <random>

#include "market/itch/decoder.h"
#include "market/itch/encoder.h"
#include "market/itch/messages.h"
#include "market/itch/stream_reader.h"
#include "market/itch_test_bytes.h"

namespace sp::market::itch {
namespace {

using testing::AnyMessage;
using testing::Capture;

template <class M>
M with_header(M m, std::uint16_t locate) {
  m.stock_locate = locate;
  m.tracking_number = static_cast<std::uint16_t>(locate * 3 + 1);
  m.timestamp_ns = 0xABCDEF012345ull + locate;
  return m;
}

std::vector<AnyMessage> one_of_each() {
  std::vector<AnyMessage> v;
  {
    SystemEvent m;
    m.event_code = 'O';
    v.emplace_back(with_header(m, 0));
  }
  {
    StockDirectory m;
    m.stock = make_stock("ZVZZT");
    m.market_category = 'G';
    m.financial_status_indicator = 'D';
    m.round_lot_size = 100;
    m.round_lots_only = 'Y';
    m.issue_classification = 'E';
    m.issue_sub_type = make_alpha<2>("ET");
    m.authenticity = 'T';
    m.short_sale_threshold_indicator = 'Y';
    m.ipo_flag = ' ';
    m.luld_reference_price_tier = '2';
    m.etp_flag = 'Y';
    m.etp_leverage_factor = 3;
    m.inverse_indicator = 'Y';
    v.emplace_back(with_header(m, 1));
  }
  {
    StockTradingAction m;
    m.stock = make_stock("ZVZZT");
    m.trading_state = 'P';
    m.reserved = 'R';
    m.reason = make_alpha<4>("LUDP");
    v.emplace_back(with_header(m, 2));
  }
  {
    RegShoRestriction m;
    m.stock = make_stock("ABC");
    m.reg_sho_action = '2';
    v.emplace_back(with_header(m, 3));
  }
  {
    MarketParticipantPosition m;
    m.mpid = make_alpha<4>("MSCO");
    m.stock = make_stock("ABC");
    m.primary_market_maker = 'N';
    m.market_maker_mode = 'P';
    m.market_participant_state = 'E';
    v.emplace_back(with_header(m, 4));
  }
  {
    MwcbDeclineLevel m;
    m.level_1 = 1;
    m.level_2 = 0x8000000000000000ull;
    m.level_3 = 0x7FFFFFFFFFFFFFFFull;
    v.emplace_back(with_header(m, 5));
  }
  {
    MwcbStatus m;
    m.breached_level = '3';
    v.emplace_back(with_header(m, 6));
  }
  {
    IpoQuotingPeriodUpdate m;
    m.stock = make_stock("IPO");
    m.ipo_quotation_release_time = 40000;
    m.ipo_quotation_release_qualifier = 'C';
    m.ipo_price = 0xFFFFFFFF;
    v.emplace_back(with_header(m, 7));
  }
  {
    LuldAuctionCollar m;
    m.stock = make_stock("LULD");
    m.auction_collar_reference_price = 1;
    m.upper_auction_collar_price = 2;
    m.lower_auction_collar_price = 3;
    m.auction_collar_extension = 4;
    v.emplace_back(with_header(m, 8));
  }
  {
    OperationalHalt m;
    m.stock = make_stock("OPH");
    m.market_code = 'X';
    m.operational_halt_action = 'T';
    v.emplace_back(with_header(m, 9));
  }
  {
    DirectListingWithCapitalRaise m;
    m.stock = make_stock("DLCR");
    m.open_eligibility_status = 'N';
    m.minimum_allowable_price = 10;
    m.maximum_allowable_price = 20;
    m.near_execution_price = 15;
    m.near_execution_time = 0x0102030405060708ull;
    m.lower_price_range_collar = 14;
    m.upper_price_range_collar = 16;
    v.emplace_back(with_header(m, 10));
  }
  {
    AddOrder m;
    m.order_reference_number = 0x0102030405060708ull;
    m.buy_sell_indicator = 'B';
    m.shares = 100;
    m.stock = make_stock("AAPL");
    m.price = 1'500'000;
    v.emplace_back(with_header(m, 11));
  }
  {
    AddOrderMpid m;
    m.order_reference_number = 12;
    m.buy_sell_indicator = 'S';
    m.shares = 200;
    m.stock = make_stock("AAPL");
    m.price = 1'500'100;
    m.attribution = make_alpha<4>("UBSS");
    v.emplace_back(with_header(m, 12));
  }
  {
    OrderExecuted m;
    m.order_reference_number = 12;
    m.executed_shares = 50;
    m.match_number = 99;
    v.emplace_back(with_header(m, 13));
  }
  {
    OrderExecutedWithPrice m;
    m.order_reference_number = 12;
    m.executed_shares = 50;
    m.match_number = 100;
    m.printable = 'Y';
    m.execution_price = 1'499'900;
    v.emplace_back(with_header(m, 14));
  }
  {
    OrderCancel m;
    m.order_reference_number = 12;
    m.cancelled_shares = 25;
    v.emplace_back(with_header(m, 15));
  }
  {
    OrderDelete m;
    m.order_reference_number = 12;
    v.emplace_back(with_header(m, 16));
  }
  {
    OrderReplace m;
    m.original_order_reference_number = 12;
    m.new_order_reference_number = 13;
    m.shares = 75;
    m.price = 1'500'200;
    v.emplace_back(with_header(m, 17));
  }
  {
    Trade m;
    m.order_reference_number = 0;
    m.buy_sell_indicator = 'B';
    m.shares = 10;
    m.stock = make_stock("AAPL");
    m.price = 1'500'000;
    m.match_number = 101;
    v.emplace_back(with_header(m, 18));
  }
  {
    CrossTrade m;
    m.shares = 0x0000FFFF00000000ull;
    m.stock = make_stock("AAPL");
    m.cross_price = 1'501'000;
    m.match_number = 102;
    m.cross_type = 'O';
    v.emplace_back(with_header(m, 19));
  }
  {
    BrokenTrade m;
    m.match_number = 101;
    v.emplace_back(with_header(m, 20));
  }
  {
    Noii m;
    m.paired_shares = 1;
    m.imbalance_shares = 2;
    m.imbalance_direction = 'B';
    m.stock = make_stock("AAPL");
    m.far_price = 3;
    m.near_price = 4;
    m.current_reference_price = 5;
    m.cross_type = 'C';
    m.price_variation_indicator = 'A';
    v.emplace_back(with_header(m, 21));
  }
  {
    Rpii m;
    m.stock = make_stock("AAPL");
    m.interest_flag = 'S';
    v.emplace_back(with_header(m, 22));
  }
  return v;
}

TEST(ItchEncoder, OneOfEachCoversEveryType) {
  std::string types;
  for (const auto& any : one_of_each()) {
    std::visit([&](const auto& m) { types += std::decay_t<decltype(m)>::kType; }, any);
  }
  EXPECT_EQ(types, kMessageTypes);
}

TEST(ItchEncoder, DecodeOfEncodeIsIdentityForEveryType) {
  for (const auto& any : one_of_each()) {
    std::visit(
        [](const auto& m) {
          using M = std::decay_t<decltype(m)>;
          const auto bytes = to_bytes(m);
          static_assert(bytes.size() == M::kLength);
          EXPECT_EQ(bytes[0], static_cast<std::uint8_t>(M::kType));
          Capture cap;
          ASSERT_EQ(decode(bytes.data(), bytes.size(), cap), DecodeResult::ok) << M::kType;
          ASSERT_EQ(cap.got.size(), 1u);
          ASSERT_TRUE(std::holds_alternative<M>(cap.got[0])) << M::kType;
          EXPECT_TRUE(std::get<M>(cap.got[0]) == m) << M::kType;
        },
        any);
  }
}

TEST(ItchEncoder, EncodeOfDecodeIsIdentityOnRandomBytesOfEveryType) {
  std::mt19937_64 rng(20240601);
  for (int round = 0; round < 200; ++round) {
    for (const auto& any : one_of_each()) {
      std::visit(
          [&](const auto& sample) {
            using M = std::decay_t<decltype(sample)>;
            std::array<std::uint8_t, M::kLength> bytes;
            for (auto& b : bytes) b = static_cast<std::uint8_t>(rng());
            bytes[0] = static_cast<std::uint8_t>(M::kType);
            // The decoder refuses sides other than B/S and printable flags other than Y/N.
            if (M::kType == 'A' || M::kType == 'F' || M::kType == 'P')
              bytes[19] = rng() & 1 ? 'B' : 'S';
            if (M::kType == 'C') bytes[31] = rng() & 1 ? 'Y' : 'N';
            Capture cap;
            ASSERT_EQ(decode(bytes.data(), bytes.size(), cap), DecodeResult::ok);
            const M& m = std::get<M>(cap.got.at(0));
            EXPECT_EQ(to_bytes(m), bytes) << M::kType;
          },
          any);
    }
  }
}

TEST(ItchEncoder, FramedStreamOfEveryTypeReadsBack) {
  std::vector<std::uint8_t> stream;
  const auto all = one_of_each();
  for (const auto& any : all) {
    std::visit(
        [&](const auto& m) {
          using M = std::decay_t<decltype(m)>;
          std::uint8_t buf[2 + kMaxMessageLength];
          const std::size_t n = encode_framed(m, buf);
          EXPECT_EQ(n, 2 + M::kLength);
          EXPECT_EQ(load_be16(buf), M::kLength);
          stream.insert(stream.end(), buf, buf + n);
        },
        any);
  }
  Capture cap;
  FeedStats stats;
  const auto r = read_framed(stream.data(), stream.size(), cap, stats);
  EXPECT_EQ(r.stop, ReadStop::end);
  EXPECT_EQ(r.consumed, stream.size());
  EXPECT_EQ(stats.messages, all.size());
  EXPECT_EQ(stats.problems(), 0u);
  ASSERT_EQ(cap.got.size(), all.size());
  for (std::size_t i = 0; i < all.size(); ++i) EXPECT_TRUE(cap.got[i] == all[i]) << i;
  for (char t : kMessageTypes) EXPECT_EQ(stats.count(t), 1u) << t;
}

TEST(ItchEncoder, TimestampKeepsFortyEightBits) {
  OrderDelete m;
  m.timestamp_ns = 0xFFFF'FFFF'FFFF'FFFFull;
  m.order_reference_number = 1;
  const auto bytes = to_bytes(m);
  EXPECT_EQ(parse<OrderDelete>(bytes.data()).timestamp_ns, 0xFFFF'FFFF'FFFFull);
  // The largest real value, 24 h in ns, fits.
  m.timestamp_ns = 86'400'000'000'000ull;
  EXPECT_EQ(parse<OrderDelete>(to_bytes(m).data()).timestamp_ns, 86'400'000'000'000ull);
}

}  // namespace
}  // namespace sp::market::itch
