// Building ITCH messages byte by byte for the decoder tests, independently of encoder.h: fields are
// appended in the spec's order and width, so an offset the decoder gets wrong shows up as a wrong
// value instead of agreeing with an encoder that shares the mistake.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace sp::market::itch::testing {

struct Bytes {
  std::vector<std::uint8_t> b;

  Bytes& c(char v) {
    b.push_back(static_cast<std::uint8_t>(v));
    return *this;
  }
  Bytes& be(std::uint64_t v, int width) {
    for (int i = width - 1; i >= 0; --i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    return *this;
  }
  Bytes& u16(std::uint16_t v) { return be(v, 2); }
  Bytes& u32(std::uint32_t v) { return be(v, 4); }
  Bytes& u48(std::uint64_t v) { return be(v, 6); }
  Bytes& u64(std::uint64_t v) { return be(v, 8); }
  // Alpha(n): text left-justified, space-padded.
  Bytes& alpha(std::string_view s, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) b.push_back(i < s.size() ? s[i] : ' ');
    return *this;
  }
  // Type byte and the common header.
  Bytes& head(char type, std::uint16_t locate, std::uint16_t tracking, std::uint64_t ts) {
    return c(type).u16(locate).u16(tracking).u48(ts);
  }
  // A 2-byte big-endian length prefix then these bytes (length = size unless given).
  std::vector<std::uint8_t> framed(int length = -1) const {
    std::vector<std::uint8_t> out;
    const auto n = static_cast<std::uint16_t>(length < 0 ? b.size() : length);
    out.push_back(static_cast<std::uint8_t>(n >> 8));
    out.push_back(static_cast<std::uint8_t>(n));
    out.insert(out.end(), b.begin(), b.end());
    return out;
  }
  const std::uint8_t* data() const { return b.data(); }
  std::size_t size() const { return b.size(); }
};

inline void append(std::vector<std::uint8_t>& out, const std::vector<std::uint8_t>& more) {
  out.insert(out.end(), more.begin(), more.end());
}

}  // namespace sp::market::itch::testing

#include <variant>

#include "market/itch/messages.h"

namespace sp::market::itch::testing {

using AnyMessage =
    std::variant<SystemEvent, StockDirectory, StockTradingAction, RegShoRestriction,
                 MarketParticipantPosition, MwcbDeclineLevel, MwcbStatus, IpoQuotingPeriodUpdate,
                 LuldAuctionCollar, OperationalHalt, DirectListingWithCapitalRaise, AddOrder,
                 AddOrderMpid, OrderExecuted, OrderExecutedWithPrice, OrderCancel, OrderDelete,
                 OrderReplace, Trade, CrossTrade, BrokenTrade, Noii, Rpii>;

// A handler keeping every message it is given, in order.
struct Capture {
  std::vector<AnyMessage> got;
  template <class M>
  void on(const M& m) {
    got.emplace_back(m);
  }
};

}  // namespace sp::market::itch::testing
