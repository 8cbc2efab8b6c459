// What a BookSet (and the ReferenceBookSet) tells the world besides the books: trades and
// trading-status events.
//
//   struct MyListener : sp::market::book::NullBookListener {
//     using NullBookListener::on_trade;   // and the others you do not override
//     void on_trade(const TradeEvent& t) { ... }
//   };
//   BookSet<MyListener> books(&listener);
//
// Static dispatch, like the ITCH handlers: the listener is a template parameter of the book set,
// its calls are inlined, and nothing is allocated per event. Events are values on the stack, valid
// only during the call; `symbol` is the stock's 8-byte space-padded directory name (blank when the
// stock was never in a directory message).
//
// Trades, by source (ITCH 5.0):
//  - 'E' Order Executed: at the resting order's price; printable.
//  - 'C' Order Executed With Price: at the message's price; printable as its flag says. A
//    non-printable execution ('N') must not count in volume or bars (NASDAQ prints it elsewhere,
//    typically as the cross that caused it).
//  - 'P' Trade (non-cross, against a non-displayed order): printable; does not touch the book.
//  - 'Q' Cross Trade: printable, side 0 (none). Shares are 64-bit on the wire: kept so here.
// `side` is the resting order's side ('B'/'S'), 0 when there is none. Broken trades ('B') are
// passed on as on_broken_trade: a consumer that counted the match number must take it back.
//
// Status events are the ITCH messages themselves, passed through after the book set recorded them:
// S (session), H (trading action: halt/pause/quote-only/trading), Y (Reg SHO), J (LULD collar),
// h (operational halt), V/W (market-wide circuit breaker).
#pragma once

#include <cstdint>

#include "market/itch/messages.h"

namespace sp::market::book {

enum class TradeSource : char {
  execution = 'E',
  execution_with_price = 'C',
  non_cross = 'P',
  cross = 'Q',
};

struct TradeEvent {
  std::uint16_t locate = 0;
  itch::Stock symbol{};
  std::uint64_t timestamp_ns = 0;
  std::uint32_t price = 0;  // Price(4)
  std::uint64_t shares = 0;
  char side = 0;  // 'B' 'S', or 0
  std::uint64_t match_number = 0;
  bool printable = true;
  TradeSource source = TradeSource::execution;
  bool operator==(const TradeEvent&) const = default;
};

// Ignores everything: the base for listeners that want only some events.
struct NullBookListener {
  void on_trade(const TradeEvent&) {}
  void on_broken_trade(const itch::BrokenTrade&) {}
  void on_status(const itch::SystemEvent&) {}
  void on_status(const itch::StockTradingAction&) {}
  void on_status(const itch::RegShoRestriction&) {}
  void on_status(const itch::LuldAuctionCollar&) {}
  void on_status(const itch::OperationalHalt&) {}
  void on_status(const itch::MwcbDeclineLevel&) {}
  void on_status(const itch::MwcbStatus&) {}
};

}  // namespace sp::market::book
