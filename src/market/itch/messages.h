// The NASDAQ TotalView-ITCH 5.0 messages, decoded (spec revision of 2023).
//
// One plain struct per message type, named and with fields named in the spec's own words, holding
// the decoded values in natural types: integers in host order, one-byte codes as `char`, text
// fields (stock, MPID, reason) as fixed char arrays exactly as sent (left-justified, space-padded;
// `trimmed()` gives the text). Nothing is owned or allocated; a struct is a value the decoder
// builds on the stack and hands to a handler by const reference.
//
// Every struct starts with the common header (stock locate, tracking number, timestamp) and carries
// `kType` (its type byte) and `kLength` (its length on the wire, type byte included).
//
// Units, as in the spec:
//  - `timestamp_ns`: nanoseconds since midnight (6 bytes on the wire).
//  - Price(4) fields (`uint32_t`): 4 implied decimals, 1234500 = $123.4500 (kPriceScale).
//  - Price(8) fields (MWCB levels, `uint64_t`): 8 implied decimals (kMwcbPriceScale).
//  - Shares: uint32_t, except Cross Trade and NOII (8 bytes on the wire: uint64_t).
//
// `message_length(type)` gives a type's spec length, 0 for a type the spec does not define.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sp::market::itch {

inline constexpr std::uint32_t kPriceScale = 10'000;           // Price(4)
inline constexpr std::uint64_t kMwcbPriceScale = 100'000'000;  // Price(8)
inline constexpr std::size_t kMaxMessageLength = 50;           // NOII, the longest

using Stock = std::array<char, 8>;  // Alpha(8), space-padded
using Mpid = std::array<char, 4>;   // Alpha(4), space-padded

// The text of a space-padded Alpha field, trailing spaces removed.
template <std::size_t N>
constexpr std::string_view trimmed(const std::array<char, N>& a) {
  std::size_t n = N;
  while (n > 0 && a[n - 1] == ' ') --n;
  return {a.data(), n};
}

// An Alpha(N) field holding `text`, space-padded (text longer than N is cut to N).
template <std::size_t N = 8>
constexpr std::array<char, N> make_alpha(std::string_view text) {
  std::array<char, N> a{};
  for (std::size_t i = 0; i < N; ++i) a[i] = i < text.size() ? text[i] : ' ';
  return a;
}
constexpr Stock make_stock(std::string_view text) {
  return make_alpha<8>(text);
}

struct MessageHeader {
  std::uint16_t stock_locate = 0;  // 0 for messages about no stock (system events, MWCB)
  std::uint16_t tracking_number = 0;
  std::uint64_t timestamp_ns = 0;  // nanoseconds since midnight
  bool operator==(const MessageHeader&) const = default;
};

// ---- System and administrative messages ---------------------------------------------------------

struct SystemEvent : MessageHeader {  // 'S'
  static constexpr char kType = 'S';
  static constexpr std::size_t kLength = 12;
  char event_code = 0;  // O S Q M E C
  bool operator==(const SystemEvent&) const = default;
};

struct StockDirectory : MessageHeader {  // 'R'
  static constexpr char kType = 'R';
  static constexpr std::size_t kLength = 39;
  Stock stock{};
  char market_category = 0;
  char financial_status_indicator = 0;
  std::uint32_t round_lot_size = 0;
  char round_lots_only = 0;
  char issue_classification = 0;
  std::array<char, 2> issue_sub_type{};
  char authenticity = 0;
  char short_sale_threshold_indicator = 0;
  char ipo_flag = 0;
  char luld_reference_price_tier = 0;
  char etp_flag = 0;
  std::uint32_t etp_leverage_factor = 0;
  char inverse_indicator = 0;
  bool operator==(const StockDirectory&) const = default;
};

struct StockTradingAction : MessageHeader {  // 'H': halts, pauses, quotation-only, trading
  static constexpr char kType = 'H';
  static constexpr std::size_t kLength = 25;
  Stock stock{};
  char trading_state = 0;  // H P Q T
  char reserved = 0;
  std::array<char, 4> reason{};
  bool operator==(const StockTradingAction&) const = default;
};

struct RegShoRestriction : MessageHeader {  // 'Y'
  static constexpr char kType = 'Y';
  static constexpr std::size_t kLength = 20;
  Stock stock{};
  char reg_sho_action = 0;  // '0' '1' '2'
  bool operator==(const RegShoRestriction&) const = default;
};

struct MarketParticipantPosition : MessageHeader {  // 'L'
  static constexpr char kType = 'L';
  static constexpr std::size_t kLength = 26;
  Mpid mpid{};
  Stock stock{};
  char primary_market_maker = 0;
  char market_maker_mode = 0;
  char market_participant_state = 0;
  bool operator==(const MarketParticipantPosition&) const = default;
};

struct MwcbDeclineLevel : MessageHeader {  // 'V': Price(8), 8 implied decimals
  static constexpr char kType = 'V';
  static constexpr std::size_t kLength = 35;
  std::uint64_t level_1 = 0;
  std::uint64_t level_2 = 0;
  std::uint64_t level_3 = 0;
  bool operator==(const MwcbDeclineLevel&) const = default;
};

struct MwcbStatus : MessageHeader {  // 'W'
  static constexpr char kType = 'W';
  static constexpr std::size_t kLength = 12;
  char breached_level = 0;  // '1' '2' '3'
  bool operator==(const MwcbStatus&) const = default;
};

struct IpoQuotingPeriodUpdate : MessageHeader {  // 'K'
  static constexpr char kType = 'K';
  static constexpr std::size_t kLength = 28;
  Stock stock{};
  std::uint32_t ipo_quotation_release_time = 0;  // seconds since midnight
  char ipo_quotation_release_qualifier = 0;      // A C
  std::uint32_t ipo_price = 0;
  bool operator==(const IpoQuotingPeriodUpdate&) const = default;
};

struct LuldAuctionCollar : MessageHeader {  // 'J'
  static constexpr char kType = 'J';
  static constexpr std::size_t kLength = 35;
  Stock stock{};
  std::uint32_t auction_collar_reference_price = 0;
  std::uint32_t upper_auction_collar_price = 0;
  std::uint32_t lower_auction_collar_price = 0;
  std::uint32_t auction_collar_extension = 0;
  bool operator==(const LuldAuctionCollar&) const = default;
};

struct OperationalHalt : MessageHeader {  // 'h'
  static constexpr char kType = 'h';
  static constexpr std::size_t kLength = 21;
  Stock stock{};
  char market_code = 0;              // Q B X
  char operational_halt_action = 0;  // H T
  bool operator==(const OperationalHalt&) const = default;
};

// ---- Order book messages ------------------------------------------------------------------------

struct AddOrder : MessageHeader {  // 'A'
  static constexpr char kType = 'A';
  static constexpr std::size_t kLength = 36;
  std::uint64_t order_reference_number = 0;
  char buy_sell_indicator = 0;  // B S (checked by the decoder)
  std::uint32_t shares = 0;
  Stock stock{};
  std::uint32_t price = 0;
  bool operator==(const AddOrder&) const = default;
};

struct AddOrderMpid : MessageHeader {  // 'F': Add Order with MPID Attribution
  static constexpr char kType = 'F';
  static constexpr std::size_t kLength = 40;
  std::uint64_t order_reference_number = 0;
  char buy_sell_indicator = 0;  // B S (checked by the decoder)
  std::uint32_t shares = 0;
  Stock stock{};
  std::uint32_t price = 0;
  Mpid attribution{};
  bool operator==(const AddOrderMpid&) const = default;
};

struct OrderExecuted : MessageHeader {  // 'E'
  static constexpr char kType = 'E';
  static constexpr std::size_t kLength = 31;
  std::uint64_t order_reference_number = 0;
  std::uint32_t executed_shares = 0;
  std::uint64_t match_number = 0;
  bool operator==(const OrderExecuted&) const = default;
};

struct OrderExecutedWithPrice : MessageHeader {  // 'C'
  static constexpr char kType = 'C';
  static constexpr std::size_t kLength = 36;
  std::uint64_t order_reference_number = 0;
  std::uint32_t executed_shares = 0;
  std::uint64_t match_number = 0;
  char printable = 0;  // Y N (checked by the decoder)
  std::uint32_t execution_price = 0;
  bool operator==(const OrderExecutedWithPrice&) const = default;
};

struct OrderCancel : MessageHeader {  // 'X'
  static constexpr char kType = 'X';
  static constexpr std::size_t kLength = 23;
  std::uint64_t order_reference_number = 0;
  std::uint32_t cancelled_shares = 0;
  bool operator==(const OrderCancel&) const = default;
};

struct OrderDelete : MessageHeader {  // 'D'
  static constexpr char kType = 'D';
  static constexpr std::size_t kLength = 19;
  std::uint64_t order_reference_number = 0;
  bool operator==(const OrderDelete&) const = default;
};

struct OrderReplace : MessageHeader {  // 'U'
  static constexpr char kType = 'U';
  static constexpr std::size_t kLength = 35;
  std::uint64_t original_order_reference_number = 0;
  std::uint64_t new_order_reference_number = 0;
  std::uint32_t shares = 0;
  std::uint32_t price = 0;
  bool operator==(const OrderReplace&) const = default;
};

// ---- Trade messages -----------------------------------------------------------------------------

struct Trade : MessageHeader {  // 'P': a match against a non-displayed order
  static constexpr char kType = 'P';
  static constexpr std::size_t kLength = 44;
  std::uint64_t order_reference_number = 0;
  char buy_sell_indicator = 0;  // B S (checked by the decoder)
  std::uint32_t shares = 0;
  Stock stock{};
  std::uint32_t price = 0;
  std::uint64_t match_number = 0;
  bool operator==(const Trade&) const = default;
};

struct CrossTrade : MessageHeader {  // 'Q'
  static constexpr char kType = 'Q';
  static constexpr std::size_t kLength = 40;
  std::uint64_t shares = 0;
  Stock stock{};
  std::uint32_t cross_price = 0;
  std::uint64_t match_number = 0;
  char cross_type = 0;  // O C H I
  bool operator==(const CrossTrade&) const = default;
};

struct BrokenTrade : MessageHeader {  // 'B'
  static constexpr char kType = 'B';
  static constexpr std::size_t kLength = 19;
  std::uint64_t match_number = 0;
  bool operator==(const BrokenTrade&) const = default;
};

// ---- Auction and retail messages ----------------------------------------------------------------

struct Noii : MessageHeader {  // 'I': Net Order Imbalance Indicator
  static constexpr char kType = 'I';
  static constexpr std::size_t kLength = 50;
  std::uint64_t paired_shares = 0;
  std::uint64_t imbalance_shares = 0;
  char imbalance_direction = 0;  // B S N O P
  Stock stock{};
  std::uint32_t far_price = 0;
  std::uint32_t near_price = 0;
  std::uint32_t current_reference_price = 0;
  char cross_type = 0;
  char price_variation_indicator = 0;
  bool operator==(const Noii&) const = default;
};

struct Rpii : MessageHeader {  // 'N': Retail Price Improvement Indicator
  static constexpr char kType = 'N';
  static constexpr std::size_t kLength = 20;
  Stock stock{};
  char interest_flag = 0;  // B S A N
  bool operator==(const Rpii&) const = default;
};

struct DirectListingWithCapitalRaise : MessageHeader {  // 'O': DLCR price discovery
  static constexpr char kType = 'O';
  static constexpr std::size_t kLength = 48;
  Stock stock{};
  char open_eligibility_status = 0;  // N Y
  std::uint32_t minimum_allowable_price = 0;
  std::uint32_t maximum_allowable_price = 0;
  std::uint32_t near_execution_price = 0;
  std::uint64_t near_execution_time = 0;
  std::uint32_t lower_price_range_collar = 0;
  std::uint32_t upper_price_range_collar = 0;
  bool operator==(const DirectListingWithCapitalRaise&) const = default;
};

// ---- Type bytes and lengths ---------------------------------------------------------------------

// Every type byte the spec defines, in the spec's order.
inline constexpr std::string_view kMessageTypes = "SRHYLVWKJhOAFECXDUPQBIN";

namespace detail {
struct LengthTable {
  std::uint8_t length[256] = {};
  constexpr LengthTable() {
    auto set = [this](char t, std::size_t n) {
      length[static_cast<unsigned char>(t)] = static_cast<std::uint8_t>(n);
    };
    set(SystemEvent::kType, SystemEvent::kLength);
    set(StockDirectory::kType, StockDirectory::kLength);
    set(StockTradingAction::kType, StockTradingAction::kLength);
    set(RegShoRestriction::kType, RegShoRestriction::kLength);
    set(MarketParticipantPosition::kType, MarketParticipantPosition::kLength);
    set(MwcbDeclineLevel::kType, MwcbDeclineLevel::kLength);
    set(MwcbStatus::kType, MwcbStatus::kLength);
    set(IpoQuotingPeriodUpdate::kType, IpoQuotingPeriodUpdate::kLength);
    set(LuldAuctionCollar::kType, LuldAuctionCollar::kLength);
    set(OperationalHalt::kType, OperationalHalt::kLength);
    set(DirectListingWithCapitalRaise::kType, DirectListingWithCapitalRaise::kLength);
    set(AddOrder::kType, AddOrder::kLength);
    set(AddOrderMpid::kType, AddOrderMpid::kLength);
    set(OrderExecuted::kType, OrderExecuted::kLength);
    set(OrderExecutedWithPrice::kType, OrderExecutedWithPrice::kLength);
    set(OrderCancel::kType, OrderCancel::kLength);
    set(OrderDelete::kType, OrderDelete::kLength);
    set(OrderReplace::kType, OrderReplace::kLength);
    set(Trade::kType, Trade::kLength);
    set(CrossTrade::kType, CrossTrade::kLength);
    set(BrokenTrade::kType, BrokenTrade::kLength);
    set(Noii::kType, Noii::kLength);
    set(Rpii::kType, Rpii::kLength);
  }
};
inline constexpr LengthTable kLengthTable{};
}  // namespace detail

// The spec length of a message of type `type` (type byte included); 0 if the spec defines no such
// type.
constexpr std::size_t message_length(char type) {
  return detail::kLengthTable.length[static_cast<unsigned char>(type)];
}

// The spec's name of a type ("Add Order"), or "unknown".
constexpr std::string_view message_name(char type) {
  switch (type) {
    case 'S':
      return "System Event";
    case 'R':
      return "Stock Directory";
    case 'H':
      return "Stock Trading Action";
    case 'Y':
      return "Reg SHO Restriction";
    case 'L':
      return "Market Participant Position";
    case 'V':
      return "MWCB Decline Level";
    case 'W':
      return "MWCB Status";
    case 'K':
      return "IPO Quoting Period Update";
    case 'J':
      return "LULD Auction Collar";
    case 'h':
      return "Operational Halt";
    case 'O':
      return "Direct Listing with Capital Raise";
    case 'A':
      return "Add Order";
    case 'F':
      return "Add Order with MPID";
    case 'E':
      return "Order Executed";
    case 'C':
      return "Order Executed with Price";
    case 'X':
      return "Order Cancel";
    case 'D':
      return "Order Delete";
    case 'U':
      return "Order Replace";
    case 'P':
      return "Trade";
    case 'Q':
      return "Cross Trade";
    case 'B':
      return "Broken Trade";
    case 'I':
      return "NOII";
    case 'N':
      return "RPII";
    default:
      return "unknown";
  }
}

static_assert(kMessageTypes.size() == 23);
static_assert(message_length('A') == 36 && message_length('I') == 50 && message_length('Z') == 0);

}  // namespace sp::market::itch
