// Decoding one ITCH 5.0 message: bytes in, a typed struct handed to a handler.
//
//   DecodeResult decode(const uint8_t* msg, size_t len, Handler& h);
//
// `msg` points at the type byte of one message (no length prefix) and `len` bytes are readable.
// The type byte selects the message (one switch: a jump table); its fields are read at their fixed
// spec offsets with big-endian loads into a struct on the stack (messages.h), which is passed to
// `h.on(const T&)`. Zero-copy in the sense that matters: nothing is buffered or allocated, and text
// fields are copied by value (8 bytes), not referenced. No virtual calls: Handler is a template
// parameter, so on() is inlined and fields a handler never reads are not even loaded.
//
// Results:
//  - ok:           the message was delivered to h.on().
//  - unknown_type: the type byte is not in the spec; nothing delivered, `msg` is not read past
//                  the type byte. (A caller that knows the framing skips it by its length.)
//  - truncated:    len is 0, or shorter than the type's spec length; nothing delivered.
//  - malformed:    the message is complete but a field a consumer relies on holds a value the
//                  spec does not allow; nothing delivered, so handlers may trust these fields:
//                    buy_sell_indicator of A, F, P is 'B' or 'S';
//                    printable of C is 'Y' or 'N'.
//                  Other one-byte codes (market category, trading state, cross type...) are passed
//                  through unchecked: NASDAQ adds values to those between revisions, and a decoder
//                  that rejected them would drop real messages.
// Bytes past the spec length (len > spec length) are ignored: the caller's framing decides where
// the next message starts.
//
// Handlers: derive from NullHandler, which has an empty on() for every type, and override the ones
// you need. Write `using NullHandler::on;` in the derived struct, or your overloads hide the base
// ones and the others fail to compile (loudly, never silently dropping messages).
//
// `visit_type(type, known, unknown)` is the one switch on the type byte, calling
// `known.template operator()<T>()` with T the type's struct (or `unknown()`): for code that needs
// the type as a compile-time constant (read_framed uses it to advance by a constant length).
// `parse<T>(msg)` is the raw field reader behind decode, for callers that dispatch themselves.
// REQUIRES for parse: msg[0] == T::kType and T::kLength bytes readable. It checks nothing.
//
// Thread safety: everything here is a pure function of its arguments.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "market/itch/big_endian.h"
#include "market/itch/messages.h"

// Forces inlining where the compiler's size heuristics would refuse it: the dispatch switch has 23
// arms, and Clang otherwise leaves it as a call per message (measured: 9 ns vs 6 ns a message).
#define SP_ITCH_ALWAYS_INLINE __attribute__((always_inline))

namespace sp::market::itch {

enum class DecodeResult : std::uint8_t { ok, unknown_type, truncated, malformed };

constexpr std::string_view to_string(DecodeResult r) {
  switch (r) {
    case DecodeResult::ok:
      return "ok";
    case DecodeResult::unknown_type:
      return "unknown type";
    case DecodeResult::truncated:
      return "truncated";
    case DecodeResult::malformed:
      return "malformed";
  }
  return "?";
}

// A handler that ignores everything: the base for handlers that want only some messages.
struct NullHandler {
  void on(const SystemEvent&) {}
  void on(const StockDirectory&) {}
  void on(const StockTradingAction&) {}
  void on(const RegShoRestriction&) {}
  void on(const MarketParticipantPosition&) {}
  void on(const MwcbDeclineLevel&) {}
  void on(const MwcbStatus&) {}
  void on(const IpoQuotingPeriodUpdate&) {}
  void on(const LuldAuctionCollar&) {}
  void on(const OperationalHalt&) {}
  void on(const DirectListingWithCapitalRaise&) {}
  void on(const AddOrder&) {}
  void on(const AddOrderMpid&) {}
  void on(const OrderExecuted&) {}
  void on(const OrderExecutedWithPrice&) {}
  void on(const OrderCancel&) {}
  void on(const OrderDelete&) {}
  void on(const OrderReplace&) {}
  void on(const Trade&) {}
  void on(const CrossTrade&) {}
  void on(const BrokenTrade&) {}
  void on(const Noii&) {}
  void on(const Rpii&) {}
};

namespace detail {

// Offsets below are the spec's: byte 0 is the type, 1-2 stock locate, 3-4 tracking number,
// 5-10 timestamp, and each message's own fields from 11.
inline void read_header(const std::uint8_t* p, MessageHeader& h) {
  h.stock_locate = load_be16(p + 1);
  h.tracking_number = load_be16(p + 3);
  h.timestamp_ns = load_be48(p + 5);
}

template <std::size_t N>
inline void read_alpha(const std::uint8_t* p, std::array<char, N>& a) {
  std::memcpy(a.data(), p, N);
}

inline char read_char(const std::uint8_t* p) {
  return static_cast<char>(*p);
}

inline void read_fields(const std::uint8_t* p, SystemEvent& m) {
  m.event_code = read_char(p + 11);
}

inline void read_fields(const std::uint8_t* p, StockDirectory& m) {
  read_alpha(p + 11, m.stock);
  m.market_category = read_char(p + 19);
  m.financial_status_indicator = read_char(p + 20);
  m.round_lot_size = load_be32(p + 21);
  m.round_lots_only = read_char(p + 25);
  m.issue_classification = read_char(p + 26);
  read_alpha(p + 27, m.issue_sub_type);
  m.authenticity = read_char(p + 29);
  m.short_sale_threshold_indicator = read_char(p + 30);
  m.ipo_flag = read_char(p + 31);
  m.luld_reference_price_tier = read_char(p + 32);
  m.etp_flag = read_char(p + 33);
  m.etp_leverage_factor = load_be32(p + 34);
  m.inverse_indicator = read_char(p + 38);
}

inline void read_fields(const std::uint8_t* p, StockTradingAction& m) {
  read_alpha(p + 11, m.stock);
  m.trading_state = read_char(p + 19);
  m.reserved = read_char(p + 20);
  read_alpha(p + 21, m.reason);
}

inline void read_fields(const std::uint8_t* p, RegShoRestriction& m) {
  read_alpha(p + 11, m.stock);
  m.reg_sho_action = read_char(p + 19);
}

inline void read_fields(const std::uint8_t* p, MarketParticipantPosition& m) {
  read_alpha(p + 11, m.mpid);
  read_alpha(p + 15, m.stock);
  m.primary_market_maker = read_char(p + 23);
  m.market_maker_mode = read_char(p + 24);
  m.market_participant_state = read_char(p + 25);
}

inline void read_fields(const std::uint8_t* p, MwcbDeclineLevel& m) {
  m.level_1 = load_be64(p + 11);
  m.level_2 = load_be64(p + 19);
  m.level_3 = load_be64(p + 27);
}

inline void read_fields(const std::uint8_t* p, MwcbStatus& m) {
  m.breached_level = read_char(p + 11);
}

inline void read_fields(const std::uint8_t* p, IpoQuotingPeriodUpdate& m) {
  read_alpha(p + 11, m.stock);
  m.ipo_quotation_release_time = load_be32(p + 19);
  m.ipo_quotation_release_qualifier = read_char(p + 23);
  m.ipo_price = load_be32(p + 24);
}

inline void read_fields(const std::uint8_t* p, LuldAuctionCollar& m) {
  read_alpha(p + 11, m.stock);
  m.auction_collar_reference_price = load_be32(p + 19);
  m.upper_auction_collar_price = load_be32(p + 23);
  m.lower_auction_collar_price = load_be32(p + 27);
  m.auction_collar_extension = load_be32(p + 31);
}

inline void read_fields(const std::uint8_t* p, OperationalHalt& m) {
  read_alpha(p + 11, m.stock);
  m.market_code = read_char(p + 19);
  m.operational_halt_action = read_char(p + 20);
}

inline void read_fields(const std::uint8_t* p, DirectListingWithCapitalRaise& m) {
  read_alpha(p + 11, m.stock);
  m.open_eligibility_status = read_char(p + 19);
  m.minimum_allowable_price = load_be32(p + 20);
  m.maximum_allowable_price = load_be32(p + 24);
  m.near_execution_price = load_be32(p + 28);
  m.near_execution_time = load_be64(p + 32);
  m.lower_price_range_collar = load_be32(p + 40);
  m.upper_price_range_collar = load_be32(p + 44);
}

inline void read_fields(const std::uint8_t* p, AddOrder& m) {
  m.order_reference_number = load_be64(p + 11);
  m.buy_sell_indicator = read_char(p + 19);
  m.shares = load_be32(p + 20);
  read_alpha(p + 24, m.stock);
  m.price = load_be32(p + 32);
}

inline void read_fields(const std::uint8_t* p, AddOrderMpid& m) {
  m.order_reference_number = load_be64(p + 11);
  m.buy_sell_indicator = read_char(p + 19);
  m.shares = load_be32(p + 20);
  read_alpha(p + 24, m.stock);
  m.price = load_be32(p + 32);
  read_alpha(p + 36, m.attribution);
}

inline void read_fields(const std::uint8_t* p, OrderExecuted& m) {
  m.order_reference_number = load_be64(p + 11);
  m.executed_shares = load_be32(p + 19);
  m.match_number = load_be64(p + 23);
}

inline void read_fields(const std::uint8_t* p, OrderExecutedWithPrice& m) {
  m.order_reference_number = load_be64(p + 11);
  m.executed_shares = load_be32(p + 19);
  m.match_number = load_be64(p + 23);
  m.printable = read_char(p + 31);
  m.execution_price = load_be32(p + 32);
}

inline void read_fields(const std::uint8_t* p, OrderCancel& m) {
  m.order_reference_number = load_be64(p + 11);
  m.cancelled_shares = load_be32(p + 19);
}

inline void read_fields(const std::uint8_t* p, OrderDelete& m) {
  m.order_reference_number = load_be64(p + 11);
}

inline void read_fields(const std::uint8_t* p, OrderReplace& m) {
  m.original_order_reference_number = load_be64(p + 11);
  m.new_order_reference_number = load_be64(p + 19);
  m.shares = load_be32(p + 27);
  m.price = load_be32(p + 31);
}

inline void read_fields(const std::uint8_t* p, Trade& m) {
  m.order_reference_number = load_be64(p + 11);
  m.buy_sell_indicator = read_char(p + 19);
  m.shares = load_be32(p + 20);
  read_alpha(p + 24, m.stock);
  m.price = load_be32(p + 32);
  m.match_number = load_be64(p + 36);
}

inline void read_fields(const std::uint8_t* p, CrossTrade& m) {
  m.shares = load_be64(p + 11);
  read_alpha(p + 19, m.stock);
  m.cross_price = load_be32(p + 27);
  m.match_number = load_be64(p + 31);
  m.cross_type = read_char(p + 39);
}

inline void read_fields(const std::uint8_t* p, BrokenTrade& m) {
  m.match_number = load_be64(p + 11);
}

inline void read_fields(const std::uint8_t* p, Noii& m) {
  m.paired_shares = load_be64(p + 11);
  m.imbalance_shares = load_be64(p + 19);
  m.imbalance_direction = read_char(p + 27);
  read_alpha(p + 28, m.stock);
  m.far_price = load_be32(p + 36);
  m.near_price = load_be32(p + 40);
  m.current_reference_price = load_be32(p + 44);
  m.cross_type = read_char(p + 48);
  m.price_variation_indicator = read_char(p + 49);
}

inline void read_fields(const std::uint8_t* p, Rpii& m) {
  read_alpha(p + 11, m.stock);
  m.interest_flag = read_char(p + 19);
}

// The checks behind DecodeResult::malformed. The base overload (everything else) accepts all.
// A byte is checked by a table look-up, not by comparisons: sides arrive in random order, and
// GCC turns `c == 'B' || c == 'S'` into two branches, one of which mispredicts half the time.
struct ByteSet {
  bool in[256] = {};
  constexpr explicit ByteSet(std::string_view members) {
    for (char c : members) in[static_cast<unsigned char>(c)] = true;
  }
  constexpr bool operator()(char c) const { return in[static_cast<unsigned char>(c)]; }
};
inline constexpr ByteSet kSides("BS");
inline constexpr ByteSet kYesNo("YN");

constexpr bool well_formed(const MessageHeader&) {
  return true;
}
constexpr bool well_formed(const AddOrder& m) {
  return kSides(m.buy_sell_indicator);
}
constexpr bool well_formed(const AddOrderMpid& m) {
  return kSides(m.buy_sell_indicator);
}
constexpr bool well_formed(const Trade& m) {
  return kSides(m.buy_sell_indicator);
}
constexpr bool well_formed(const OrderExecutedWithPrice& m) {
  return kYesNo(m.printable);
}

// Decodes a message known to be complete; false (nothing delivered) if it is malformed.
// REQUIRES: msg[0] == M::kType and M::kLength bytes readable.
template <class M, class Handler>
SP_ITCH_ALWAYS_INLINE inline bool deliver(const std::uint8_t* msg, Handler& h) {
  M m;
  read_header(msg, m);
  read_fields(msg, m);
  if (!well_formed(m)) [[unlikely]]
    return false;
  h.on(static_cast<const M&>(m));
  return true;
}

}  // namespace detail

// Calls `known.template operator()<M>()` with M the message struct of type byte `type`, or
// `unknown()` for a type the spec does not define, and returns what it returns. This one switch
// (a jump table) is the only dispatch on the type byte; decode() and read_framed() are built on it
// so that, inside the call, the type's length and layout are compile-time constants.
template <class Known, class Unknown>
SP_ITCH_ALWAYS_INLINE inline decltype(auto) visit_type(char type, Known&& known,
                                                       Unknown&& unknown) {
  switch (type) {
    case 'A':
      return known.template operator()<AddOrder>();
    case 'D':
      return known.template operator()<OrderDelete>();
    case 'U':
      return known.template operator()<OrderReplace>();
    case 'E':
      return known.template operator()<OrderExecuted>();
    case 'X':
      return known.template operator()<OrderCancel>();
    case 'P':
      return known.template operator()<Trade>();
    case 'F':
      return known.template operator()<AddOrderMpid>();
    case 'C':
      return known.template operator()<OrderExecutedWithPrice>();
    case 'Q':
      return known.template operator()<CrossTrade>();
    case 'B':
      return known.template operator()<BrokenTrade>();
    case 'I':
      return known.template operator()<Noii>();
    case 'N':
      return known.template operator()<Rpii>();
    case 'S':
      return known.template operator()<SystemEvent>();
    case 'R':
      return known.template operator()<StockDirectory>();
    case 'H':
      return known.template operator()<StockTradingAction>();
    case 'Y':
      return known.template operator()<RegShoRestriction>();
    case 'L':
      return known.template operator()<MarketParticipantPosition>();
    case 'V':
      return known.template operator()<MwcbDeclineLevel>();
    case 'W':
      return known.template operator()<MwcbStatus>();
    case 'K':
      return known.template operator()<IpoQuotingPeriodUpdate>();
    case 'J':
      return known.template operator()<LuldAuctionCollar>();
    case 'h':
      return known.template operator()<OperationalHalt>();
    case 'O':
      return known.template operator()<DirectListingWithCapitalRaise>();
    default:
      return unknown();
  }
}

template <class M>
inline M parse(const std::uint8_t* msg) {
  M m;
  detail::read_header(msg, m);
  detail::read_fields(msg, m);
  return m;
}

template <class Handler>
SP_ITCH_ALWAYS_INLINE inline DecodeResult decode(const std::uint8_t* msg, std::size_t len,
                                                 Handler& h) {
  if (len == 0) [[unlikely]]
    return DecodeResult::truncated;
  return visit_type(
      static_cast<char>(msg[0]),
      [&]<class M>() SP_ITCH_ALWAYS_INLINE {
        if (len < M::kLength) [[unlikely]]
          return DecodeResult::truncated;
        return detail::deliver<M>(msg, h) ? DecodeResult::ok : DecodeResult::malformed;
      },
      [] { return DecodeResult::unknown_type; });
}

}  // namespace sp::market::itch
