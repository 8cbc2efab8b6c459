// The decoder on hand-built messages of every ITCH 5.0 type: each field read from its spec offset,
// big-endian; truncation at every length; malformed side/printable bytes; unknown types.
#include <gtest/gtest.h>

#include "market/itch/decoder.h"
#include "market/itch/messages.h"
#include "market/itch_test_bytes.h"

namespace sp::market::itch {
namespace {

using testing::Bytes;
using testing::Capture;

constexpr std::uint16_t kLocate = 0x0102;
constexpr std::uint16_t kTracking = 0x0304;
constexpr std::uint64_t kTs = 0x123456789ABCull;  // needs all 48 bits

template <class M>
M decode_one(const Bytes& b) {
  EXPECT_EQ(b.size(), M::kLength) << "test message built with the wrong length";
  Capture cap;
  EXPECT_EQ(decode(b.data(), b.size(), cap), DecodeResult::ok);
  EXPECT_EQ(cap.got.size(), 1u);
  if (cap.got.size() != 1 || !std::holds_alternative<M>(cap.got[0])) {
    ADD_FAILURE() << "no " << message_name(M::kType) << " delivered";
    return M{};
  }
  return std::get<M>(cap.got[0]);
}

void expect_header(const MessageHeader& h) {
  EXPECT_EQ(h.stock_locate, kLocate);
  EXPECT_EQ(h.tracking_number, kTracking);
  EXPECT_EQ(h.timestamp_ns, kTs);
}

TEST(ItchMessages, LengthsAreTheSpecs) {
  const std::pair<char, std::size_t> expected[] = {
      {'S', 12}, {'R', 39}, {'H', 25}, {'Y', 20}, {'L', 26}, {'V', 35}, {'W', 12}, {'K', 28},
      {'J', 35}, {'h', 21}, {'O', 48}, {'A', 36}, {'F', 40}, {'E', 31}, {'C', 36}, {'X', 23},
      {'D', 19}, {'U', 35}, {'P', 44}, {'Q', 40}, {'B', 19}, {'I', 50}, {'N', 20}};
  for (auto [t, n] : expected) EXPECT_EQ(message_length(t), n) << t;
  int known = 0;
  for (int t = 0; t < 256; ++t) known += message_length(static_cast<char>(t)) != 0;
  EXPECT_EQ(known, 23);
  EXPECT_EQ(kMessageTypes.size(), 23u);
  for (char t : kMessageTypes) EXPECT_NE(message_name(t), "unknown") << t;
}

TEST(ItchMessages, AlphaHelpers) {
  EXPECT_EQ(trimmed(make_stock("AAPL")), "AAPL");
  EXPECT_EQ(trimmed(make_stock("")), "");
  EXPECT_EQ(trimmed(make_stock("ABCDEFGHIJ")), "ABCDEFGH");
  EXPECT_EQ(trimmed(make_alpha<4>("GS")), "GS");
}

TEST(ItchDecoder, SystemEvent) {
  Bytes b;
  b.head('S', kLocate, kTracking, kTs).c('Q');
  const auto m = decode_one<SystemEvent>(b);
  expect_header(m);
  EXPECT_EQ(m.event_code, 'Q');
}

TEST(ItchDecoder, StockDirectory) {
  Bytes b;
  b.head('R', kLocate, kTracking, kTs)
      .alpha("AAPL", 8)
      .c('Q')           // market category
      .c('N')           // financial status
      .u32(100)         // round lot size
      .c('N')           // round lots only
      .c('C')           // issue classification
      .alpha("Z", 2)    // issue sub-type
      .c('P')           // authenticity
      .c('N')           // short sale threshold
      .c('Y')           // IPO flag
      .c('1')           // LULD tier
      .c('N')           // ETP flag
      .u32(0x01020304)  // ETP leverage factor
      .c('N');          // inverse
  const auto m = decode_one<StockDirectory>(b);
  expect_header(m);
  EXPECT_EQ(trimmed(m.stock), "AAPL");
  EXPECT_EQ(m.market_category, 'Q');
  EXPECT_EQ(m.financial_status_indicator, 'N');
  EXPECT_EQ(m.round_lot_size, 100u);
  EXPECT_EQ(m.round_lots_only, 'N');
  EXPECT_EQ(m.issue_classification, 'C');
  EXPECT_EQ(trimmed(m.issue_sub_type), "Z");
  EXPECT_EQ(m.authenticity, 'P');
  EXPECT_EQ(m.short_sale_threshold_indicator, 'N');
  EXPECT_EQ(m.ipo_flag, 'Y');
  EXPECT_EQ(m.luld_reference_price_tier, '1');
  EXPECT_EQ(m.etp_flag, 'N');
  EXPECT_EQ(m.etp_leverage_factor, 0x01020304u);
  EXPECT_EQ(m.inverse_indicator, 'N');
}

TEST(ItchDecoder, StockTradingActionIsAHaltEvent) {
  Bytes b;
  b.head('H', kLocate, kTracking, kTs).alpha("MSFT", 8).c('H').c(' ').alpha("LUDP", 4);
  const auto m = decode_one<StockTradingAction>(b);
  expect_header(m);
  EXPECT_EQ(trimmed(m.stock), "MSFT");
  EXPECT_EQ(m.trading_state, 'H');
  EXPECT_EQ(m.reserved, ' ');
  EXPECT_EQ(trimmed(m.reason), "LUDP");
}

TEST(ItchDecoder, RegShoRestriction) {
  Bytes b;
  b.head('Y', kLocate, kTracking, kTs).alpha("TSLA", 8).c('1');
  const auto m = decode_one<RegShoRestriction>(b);
  expect_header(m);
  EXPECT_EQ(trimmed(m.stock), "TSLA");
  EXPECT_EQ(m.reg_sho_action, '1');
}

TEST(ItchDecoder, MarketParticipantPosition) {
  Bytes b;
  b.head('L', kLocate, kTracking, kTs).alpha("GSCO", 4).alpha("IBM", 8).c('Y').c('N').c('A');
  const auto m = decode_one<MarketParticipantPosition>(b);
  expect_header(m);
  EXPECT_EQ(trimmed(m.mpid), "GSCO");
  EXPECT_EQ(trimmed(m.stock), "IBM");
  EXPECT_EQ(m.primary_market_maker, 'Y');
  EXPECT_EQ(m.market_maker_mode, 'N');
  EXPECT_EQ(m.market_participant_state, 'A');
}

TEST(ItchDecoder, MwcbDeclineLevelHasEightDecimals) {
  Bytes b;
  b.head('V', 0, kTracking, kTs)
      .u64(3'000'000'000'000ull)  // $30000.00000000
      .u64(0x0102030405060708ull)
      .u64(0xF0E0D0C0B0A09080ull);
  const auto m = decode_one<MwcbDeclineLevel>(b);
  EXPECT_EQ(m.stock_locate, 0);
  EXPECT_EQ(m.level_1, 3'000'000'000'000ull);
  EXPECT_EQ(m.level_1 / kMwcbPriceScale, 30000u);
  EXPECT_EQ(m.level_2, 0x0102030405060708ull);
  EXPECT_EQ(m.level_3, 0xF0E0D0C0B0A09080ull);
}

TEST(ItchDecoder, MwcbStatus) {
  Bytes b;
  b.head('W', 0, kTracking, kTs).c('2');
  const auto m = decode_one<MwcbStatus>(b);
  EXPECT_EQ(m.breached_level, '2');
  EXPECT_EQ(m.timestamp_ns, kTs);
}

TEST(ItchDecoder, IpoQuotingPeriodUpdate) {
  Bytes b;
  b.head('K', kLocate, kTracking, kTs).alpha("ARM", 8).u32(34200).c('A').u32(510000);
  const auto m = decode_one<IpoQuotingPeriodUpdate>(b);
  expect_header(m);
  EXPECT_EQ(trimmed(m.stock), "ARM");
  EXPECT_EQ(m.ipo_quotation_release_time, 34200u);
  EXPECT_EQ(m.ipo_quotation_release_qualifier, 'A');
  EXPECT_EQ(m.ipo_price, 510000u);
}

TEST(ItchDecoder, LuldAuctionCollar) {
  Bytes b;
  b.head('J', kLocate, kTracking, kTs)
      .alpha("GME", 8)
      .u32(1'000'000)
      .u32(1'100'000)
      .u32(900'000)
      .u32(3);
  const auto m = decode_one<LuldAuctionCollar>(b);
  expect_header(m);
  EXPECT_EQ(trimmed(m.stock), "GME");
  EXPECT_EQ(m.auction_collar_reference_price, 1'000'000u);
  EXPECT_EQ(m.upper_auction_collar_price, 1'100'000u);
  EXPECT_EQ(m.lower_auction_collar_price, 900'000u);
  EXPECT_EQ(m.auction_collar_extension, 3u);
}

TEST(ItchDecoder, OperationalHalt) {
  Bytes b;
  b.head('h', kLocate, kTracking, kTs).alpha("QQQ", 8).c('Q').c('H');
  const auto m = decode_one<OperationalHalt>(b);
  expect_header(m);
  EXPECT_EQ(trimmed(m.stock), "QQQ");
  EXPECT_EQ(m.market_code, 'Q');
  EXPECT_EQ(m.operational_halt_action, 'H');
}

TEST(ItchDecoder, DirectListingWithCapitalRaise) {
  Bytes b;
  b.head('O', kLocate, kTracking, kTs)
      .alpha("NEWCO", 8)
      .c('Y')
      .u32(100'000)
      .u32(200'000)
      .u32(150'000)
      .u64(0x0000123456789ABCull)
      .u32(140'000)
      .u32(160'000);
  const auto m = decode_one<DirectListingWithCapitalRaise>(b);
  expect_header(m);
  EXPECT_EQ(trimmed(m.stock), "NEWCO");
  EXPECT_EQ(m.open_eligibility_status, 'Y');
  EXPECT_EQ(m.minimum_allowable_price, 100'000u);
  EXPECT_EQ(m.maximum_allowable_price, 200'000u);
  EXPECT_EQ(m.near_execution_price, 150'000u);
  EXPECT_EQ(m.near_execution_time, 0x0000123456789ABCull);
  EXPECT_EQ(m.lower_price_range_collar, 140'000u);
  EXPECT_EQ(m.upper_price_range_collar, 160'000u);
}

TEST(ItchDecoder, AddOrder) {
  Bytes b;
  b.head('A', kLocate, kTracking, kTs)
      .u64(0x0A0B0C0D0E0F1011ull)
      .c('S')
      .u32(0x00012345)
      .alpha("AAPL", 8)
      .u32(1'234'500);  // $123.4500
  const auto m = decode_one<AddOrder>(b);
  expect_header(m);
  EXPECT_EQ(m.order_reference_number, 0x0A0B0C0D0E0F1011ull);
  EXPECT_EQ(m.buy_sell_indicator, 'S');
  EXPECT_EQ(m.shares, 0x00012345u);
  EXPECT_EQ(trimmed(m.stock), "AAPL");
  EXPECT_EQ(m.price, 1'234'500u);
  EXPECT_EQ(m.price / kPriceScale, 123u);
}

TEST(ItchDecoder, AddOrderMpid) {
  Bytes b;
  b.head('F', kLocate, kTracking, kTs)
      .u64(77)
      .c('B')
      .u32(300)
      .alpha("SPY", 8)
      .u32(4'500'100)
      .alpha("NITE", 4);
  const auto m = decode_one<AddOrderMpid>(b);
  expect_header(m);
  EXPECT_EQ(m.order_reference_number, 77u);
  EXPECT_EQ(m.buy_sell_indicator, 'B');
  EXPECT_EQ(m.shares, 300u);
  EXPECT_EQ(trimmed(m.stock), "SPY");
  EXPECT_EQ(m.price, 4'500'100u);
  EXPECT_EQ(trimmed(m.attribution), "NITE");
}

TEST(ItchDecoder, OrderExecuted) {
  Bytes b;
  b.head('E', kLocate, kTracking, kTs)
      .u64(0x1122334455667788ull)
      .u32(250)
      .u64(0x99AABBCCDDEEFF00ull);
  const auto m = decode_one<OrderExecuted>(b);
  expect_header(m);
  EXPECT_EQ(m.order_reference_number, 0x1122334455667788ull);
  EXPECT_EQ(m.executed_shares, 250u);
  EXPECT_EQ(m.match_number, 0x99AABBCCDDEEFF00ull);
}

TEST(ItchDecoder, OrderExecutedWithPrice) {
  Bytes b;
  b.head('C', kLocate, kTracking, kTs).u64(5).u32(10).u64(6).c('N').u32(999'999);
  const auto m = decode_one<OrderExecutedWithPrice>(b);
  expect_header(m);
  EXPECT_EQ(m.order_reference_number, 5u);
  EXPECT_EQ(m.executed_shares, 10u);
  EXPECT_EQ(m.match_number, 6u);
  EXPECT_EQ(m.printable, 'N');
  EXPECT_EQ(m.execution_price, 999'999u);
}

TEST(ItchDecoder, OrderCancel) {
  Bytes b;
  b.head('X', kLocate, kTracking, kTs).u64(0xDEADBEEFCAFEull).u32(40);
  const auto m = decode_one<OrderCancel>(b);
  expect_header(m);
  EXPECT_EQ(m.order_reference_number, 0xDEADBEEFCAFEull);
  EXPECT_EQ(m.cancelled_shares, 40u);
}

TEST(ItchDecoder, OrderDelete) {
  Bytes b;
  b.head('D', kLocate, kTracking, kTs).u64(0xFFFFFFFFFFFFFFFFull);
  const auto m = decode_one<OrderDelete>(b);
  expect_header(m);
  EXPECT_EQ(m.order_reference_number, 0xFFFFFFFFFFFFFFFFull);
}

TEST(ItchDecoder, OrderReplace) {
  Bytes b;
  b.head('U', kLocate, kTracking, kTs).u64(1000).u64(2000).u32(150).u32(101'2500);
  const auto m = decode_one<OrderReplace>(b);
  expect_header(m);
  EXPECT_EQ(m.original_order_reference_number, 1000u);
  EXPECT_EQ(m.new_order_reference_number, 2000u);
  EXPECT_EQ(m.shares, 150u);
  EXPECT_EQ(m.price, 1'012'500u);
}

TEST(ItchDecoder, Trade) {
  Bytes b;
  b.head('P', kLocate, kTracking, kTs)
      .u64(0)
      .c('B')
      .u32(500)
      .alpha("NVDA", 8)
      .u32(4'321'000)
      .u64(0x0102030405060708ull);
  const auto m = decode_one<Trade>(b);
  expect_header(m);
  EXPECT_EQ(m.order_reference_number, 0u);
  EXPECT_EQ(m.buy_sell_indicator, 'B');
  EXPECT_EQ(m.shares, 500u);
  EXPECT_EQ(trimmed(m.stock), "NVDA");
  EXPECT_EQ(m.price, 4'321'000u);
  EXPECT_EQ(m.match_number, 0x0102030405060708ull);
}

TEST(ItchDecoder, CrossTradeHasEightByteShares) {
  Bytes b;
  b.head('Q', kLocate, kTracking, kTs)
      .u64(0x0000000100000002ull)
      .alpha("AMZN", 8)
      .u32(1'500'000)
      .u64(42)
      .c('C');
  const auto m = decode_one<CrossTrade>(b);
  expect_header(m);
  EXPECT_EQ(m.shares, 0x0000000100000002ull);
  EXPECT_EQ(trimmed(m.stock), "AMZN");
  EXPECT_EQ(m.cross_price, 1'500'000u);
  EXPECT_EQ(m.match_number, 42u);
  EXPECT_EQ(m.cross_type, 'C');
}

TEST(ItchDecoder, BrokenTrade) {
  Bytes b;
  b.head('B', kLocate, kTracking, kTs).u64(0x0807060504030201ull);
  const auto m = decode_one<BrokenTrade>(b);
  expect_header(m);
  EXPECT_EQ(m.match_number, 0x0807060504030201ull);
}

TEST(ItchDecoder, Noii) {
  Bytes b;
  b.head('I', kLocate, kTracking, kTs)
      .u64(1'000'000)
      .u64(25'000)
      .c('S')
      .alpha("META", 8)
      .u32(3'000'000)
      .u32(3'010'000)
      .u32(3'005'000)
      .c('O')
      .c('L');
  const auto m = decode_one<Noii>(b);
  expect_header(m);
  EXPECT_EQ(m.paired_shares, 1'000'000u);
  EXPECT_EQ(m.imbalance_shares, 25'000u);
  EXPECT_EQ(m.imbalance_direction, 'S');
  EXPECT_EQ(trimmed(m.stock), "META");
  EXPECT_EQ(m.far_price, 3'000'000u);
  EXPECT_EQ(m.near_price, 3'010'000u);
  EXPECT_EQ(m.current_reference_price, 3'005'000u);
  EXPECT_EQ(m.cross_type, 'O');
  EXPECT_EQ(m.price_variation_indicator, 'L');
}

TEST(ItchDecoder, Rpii) {
  Bytes b;
  b.head('N', kLocate, kTracking, kTs).alpha("INTC", 8).c('A');
  const auto m = decode_one<Rpii>(b);
  expect_header(m);
  EXPECT_EQ(trimmed(m.stock), "INTC");
  EXPECT_EQ(m.interest_flag, 'A');
}

TEST(ItchDecoder, ParseMatchesDecode) {
  Bytes b;
  b.head('D', kLocate, kTracking, kTs).u64(9);
  const OrderDelete m = parse<OrderDelete>(b.data());
  EXPECT_EQ(m, decode_one<OrderDelete>(b));
}

TEST(ItchDecoder, EveryShortLengthIsTruncatedAndDeliversNothing) {
  for (char t : kMessageTypes) {
    std::vector<std::uint8_t> msg(message_length(t), 0);
    msg[0] = static_cast<std::uint8_t>(t);
    // Valid enumerated bytes, so the full-length message is ok.
    for (std::size_t i = 1; i < msg.size(); ++i) msg[i] = 'B';
    if (t == 'C') msg[31] = 'Y';
    for (std::size_t len = 0; len < msg.size(); ++len) {
      std::vector<std::uint8_t> cut(msg.begin(), msg.begin() + static_cast<long>(len));
      Capture cap;
      EXPECT_EQ(decode(cut.data(), cut.size(), cap), DecodeResult::truncated) << t << " " << len;
      EXPECT_TRUE(cap.got.empty());
    }
    Capture cap;
    EXPECT_EQ(decode(msg.data(), msg.size(), cap), DecodeResult::ok) << t;
    EXPECT_EQ(cap.got.size(), 1u);
  }
}

TEST(ItchDecoder, UnknownTypesAreReportedAndNotRead) {
  int unknown = 0;
  for (int t = 0; t < 256; ++t) {
    if (message_length(static_cast<char>(t)) != 0) continue;
    const std::uint8_t msg[1] = {static_cast<std::uint8_t>(t)};  // nothing past the type byte
    Capture cap;
    EXPECT_EQ(decode(msg, 1, cap), DecodeResult::unknown_type) << t;
    EXPECT_TRUE(cap.got.empty());
    ++unknown;
  }
  EXPECT_EQ(unknown, 256 - 23);
}

TEST(ItchDecoder, InvalidSideOrPrintableIsMalformed) {
  for (char t : {'A', 'F', 'P'}) {
    for (char side : {'B', 'S', 'b', 'X', ' ', '\0'}) {
      std::vector<std::uint8_t> msg(message_length(t), 0);
      msg[0] = static_cast<std::uint8_t>(t);
      msg[19] = static_cast<std::uint8_t>(side);
      Capture cap;
      const bool good = side == 'B' || side == 'S';
      EXPECT_EQ(decode(msg.data(), msg.size(), cap),
                good ? DecodeResult::ok : DecodeResult::malformed)
          << t << " side " << int(side);
      EXPECT_EQ(cap.got.size(), good ? 1u : 0u);
    }
  }
  for (char printable : {'Y', 'N', 'y', ' ', 'B'}) {
    Bytes b;
    b.head('C', 1, 2, 3).u64(5).u32(10).u64(6).c(printable).u32(7);
    Capture cap;
    const bool good = printable == 'Y' || printable == 'N';
    EXPECT_EQ(decode(b.data(), b.size(), cap), good ? DecodeResult::ok : DecodeResult::malformed);
  }
}

TEST(ItchDecoder, BytesPastTheSpecLengthAreIgnored) {
  Bytes b;
  b.head('D', kLocate, kTracking, kTs).u64(9).c('Z').c('Z');
  Capture cap;
  EXPECT_EQ(decode(b.data(), b.size(), cap), DecodeResult::ok);
  ASSERT_EQ(cap.got.size(), 1u);
  EXPECT_EQ(std::get<OrderDelete>(cap.got[0]).order_reference_number, 9u);
}

// A handler that wants only some messages: NullHandler takes the rest.
struct OnlyAdds : NullHandler {
  using NullHandler::on;
  int adds = 0;
  void on(const AddOrder&) { ++adds; }
};

TEST(ItchDecoder, NullHandlerBaseTakesWhatAHandlerIgnores) {
  OnlyAdds h;
  Bytes add;
  add.head('A', 1, 0, 1).u64(1).c('B').u32(1).alpha("X", 8).u32(1);
  Bytes del;
  del.head('D', 1, 0, 1).u64(1);
  EXPECT_EQ(decode(add.data(), add.size(), h), DecodeResult::ok);
  EXPECT_EQ(decode(del.data(), del.size(), h), DecodeResult::ok);
  EXPECT_EQ(h.adds, 1);
  EXPECT_EQ(to_string(DecodeResult::malformed), "malformed");
}

}  // namespace
}  // namespace sp::market::itch
