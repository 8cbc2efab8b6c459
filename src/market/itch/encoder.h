// Writing ITCH 5.0 messages as bytes: the inverse of decoder.h, for the simulator and for tests.
//
//   size_t encode(const T& m, uint8_t* out);         // T::kLength bytes at out, returns kLength
//   size_t encode_framed(const T& m, uint8_t* out);  // 2-byte big-endian length, then the message
//   std::array<uint8_t, T::kLength> to_bytes(const T& m);
//
// Every field is written at its spec offset, big-endian; the type byte is T::kType. Values are
// written as given, not checked (a test may want a malformed side byte); the timestamp keeps its
// low 48 bits. decode(encode(m)) == m for every message whose timestamp fits 48 bits, and
// encode(decode(bytes)) == bytes for every well-formed message.
// REQUIRES: out has room for T::kLength bytes (+2 for encode_framed). Nothing is allocated.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "market/itch/big_endian.h"
#include "market/itch/messages.h"

namespace sp::market::itch {

namespace detail {

template <class M>
inline void write_header(const M& m, std::uint8_t* p) {
  p[0] = static_cast<std::uint8_t>(M::kType);
  store_be16(p + 1, m.stock_locate);
  store_be16(p + 3, m.tracking_number);
  store_be48(p + 5, m.timestamp_ns);
}

template <std::size_t N>
inline void write_alpha(std::uint8_t* p, const std::array<char, N>& a) {
  std::memcpy(p, a.data(), N);
}

inline void write_char(std::uint8_t* p, char c) {
  *p = static_cast<std::uint8_t>(c);
}

inline void write_fields(const SystemEvent& m, std::uint8_t* p) {
  write_char(p + 11, m.event_code);
}

inline void write_fields(const StockDirectory& m, std::uint8_t* p) {
  write_alpha(p + 11, m.stock);
  write_char(p + 19, m.market_category);
  write_char(p + 20, m.financial_status_indicator);
  store_be32(p + 21, m.round_lot_size);
  write_char(p + 25, m.round_lots_only);
  write_char(p + 26, m.issue_classification);
  write_alpha(p + 27, m.issue_sub_type);
  write_char(p + 29, m.authenticity);
  write_char(p + 30, m.short_sale_threshold_indicator);
  write_char(p + 31, m.ipo_flag);
  write_char(p + 32, m.luld_reference_price_tier);
  write_char(p + 33, m.etp_flag);
  store_be32(p + 34, m.etp_leverage_factor);
  write_char(p + 38, m.inverse_indicator);
}

inline void write_fields(const StockTradingAction& m, std::uint8_t* p) {
  write_alpha(p + 11, m.stock);
  write_char(p + 19, m.trading_state);
  write_char(p + 20, m.reserved);
  write_alpha(p + 21, m.reason);
}

inline void write_fields(const RegShoRestriction& m, std::uint8_t* p) {
  write_alpha(p + 11, m.stock);
  write_char(p + 19, m.reg_sho_action);
}

inline void write_fields(const MarketParticipantPosition& m, std::uint8_t* p) {
  write_alpha(p + 11, m.mpid);
  write_alpha(p + 15, m.stock);
  write_char(p + 23, m.primary_market_maker);
  write_char(p + 24, m.market_maker_mode);
  write_char(p + 25, m.market_participant_state);
}

inline void write_fields(const MwcbDeclineLevel& m, std::uint8_t* p) {
  store_be64(p + 11, m.level_1);
  store_be64(p + 19, m.level_2);
  store_be64(p + 27, m.level_3);
}

inline void write_fields(const MwcbStatus& m, std::uint8_t* p) {
  write_char(p + 11, m.breached_level);
}

inline void write_fields(const IpoQuotingPeriodUpdate& m, std::uint8_t* p) {
  write_alpha(p + 11, m.stock);
  store_be32(p + 19, m.ipo_quotation_release_time);
  write_char(p + 23, m.ipo_quotation_release_qualifier);
  store_be32(p + 24, m.ipo_price);
}

inline void write_fields(const LuldAuctionCollar& m, std::uint8_t* p) {
  write_alpha(p + 11, m.stock);
  store_be32(p + 19, m.auction_collar_reference_price);
  store_be32(p + 23, m.upper_auction_collar_price);
  store_be32(p + 27, m.lower_auction_collar_price);
  store_be32(p + 31, m.auction_collar_extension);
}

inline void write_fields(const OperationalHalt& m, std::uint8_t* p) {
  write_alpha(p + 11, m.stock);
  write_char(p + 19, m.market_code);
  write_char(p + 20, m.operational_halt_action);
}

inline void write_fields(const DirectListingWithCapitalRaise& m, std::uint8_t* p) {
  write_alpha(p + 11, m.stock);
  write_char(p + 19, m.open_eligibility_status);
  store_be32(p + 20, m.minimum_allowable_price);
  store_be32(p + 24, m.maximum_allowable_price);
  store_be32(p + 28, m.near_execution_price);
  store_be64(p + 32, m.near_execution_time);
  store_be32(p + 40, m.lower_price_range_collar);
  store_be32(p + 44, m.upper_price_range_collar);
}

inline void write_fields(const AddOrder& m, std::uint8_t* p) {
  store_be64(p + 11, m.order_reference_number);
  write_char(p + 19, m.buy_sell_indicator);
  store_be32(p + 20, m.shares);
  write_alpha(p + 24, m.stock);
  store_be32(p + 32, m.price);
}

inline void write_fields(const AddOrderMpid& m, std::uint8_t* p) {
  store_be64(p + 11, m.order_reference_number);
  write_char(p + 19, m.buy_sell_indicator);
  store_be32(p + 20, m.shares);
  write_alpha(p + 24, m.stock);
  store_be32(p + 32, m.price);
  write_alpha(p + 36, m.attribution);
}

inline void write_fields(const OrderExecuted& m, std::uint8_t* p) {
  store_be64(p + 11, m.order_reference_number);
  store_be32(p + 19, m.executed_shares);
  store_be64(p + 23, m.match_number);
}

inline void write_fields(const OrderExecutedWithPrice& m, std::uint8_t* p) {
  store_be64(p + 11, m.order_reference_number);
  store_be32(p + 19, m.executed_shares);
  store_be64(p + 23, m.match_number);
  write_char(p + 31, m.printable);
  store_be32(p + 32, m.execution_price);
}

inline void write_fields(const OrderCancel& m, std::uint8_t* p) {
  store_be64(p + 11, m.order_reference_number);
  store_be32(p + 19, m.cancelled_shares);
}

inline void write_fields(const OrderDelete& m, std::uint8_t* p) {
  store_be64(p + 11, m.order_reference_number);
}

inline void write_fields(const OrderReplace& m, std::uint8_t* p) {
  store_be64(p + 11, m.original_order_reference_number);
  store_be64(p + 19, m.new_order_reference_number);
  store_be32(p + 27, m.shares);
  store_be32(p + 31, m.price);
}

inline void write_fields(const Trade& m, std::uint8_t* p) {
  store_be64(p + 11, m.order_reference_number);
  write_char(p + 19, m.buy_sell_indicator);
  store_be32(p + 20, m.shares);
  write_alpha(p + 24, m.stock);
  store_be32(p + 32, m.price);
  store_be64(p + 36, m.match_number);
}

inline void write_fields(const CrossTrade& m, std::uint8_t* p) {
  store_be64(p + 11, m.shares);
  write_alpha(p + 19, m.stock);
  store_be32(p + 27, m.cross_price);
  store_be64(p + 31, m.match_number);
  write_char(p + 39, m.cross_type);
}

inline void write_fields(const BrokenTrade& m, std::uint8_t* p) {
  store_be64(p + 11, m.match_number);
}

inline void write_fields(const Noii& m, std::uint8_t* p) {
  store_be64(p + 11, m.paired_shares);
  store_be64(p + 19, m.imbalance_shares);
  write_char(p + 27, m.imbalance_direction);
  write_alpha(p + 28, m.stock);
  store_be32(p + 36, m.far_price);
  store_be32(p + 40, m.near_price);
  store_be32(p + 44, m.current_reference_price);
  write_char(p + 48, m.cross_type);
  write_char(p + 49, m.price_variation_indicator);
}

inline void write_fields(const Rpii& m, std::uint8_t* p) {
  write_alpha(p + 11, m.stock);
  write_char(p + 19, m.interest_flag);
}

}  // namespace detail

template <class M>
inline std::size_t encode(const M& m, std::uint8_t* out) {
  detail::write_header(m, out);
  detail::write_fields(m, out);
  return M::kLength;
}

template <class M>
inline std::size_t encode_framed(const M& m, std::uint8_t* out) {
  store_be16(out, static_cast<std::uint16_t>(M::kLength));
  return 2 + encode(m, out + 2);
}

template <class M>
inline std::array<std::uint8_t, M::kLength> to_bytes(const M& m) {
  std::array<std::uint8_t, M::kLength> a{};
  encode(m, a.data());
  return a;
}

}  // namespace sp::market::itch
