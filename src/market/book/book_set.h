// Every stock's full-depth order book, kept from an ITCH 5.0 feed: an ITCH handler (decoder.h).
//
//   BookSet<> books;                                   // or BookSet<MyListener> books(&listener)
//   itch::FeedStats stats;
//   file.read(books, stats);                           // or read_framed(data, size, books, stats)
//   auto loc = books.locate_of("AAPL");                // from the stock directory (R)
//   LevelInfo bid = books.best(*loc, Side::buy);
//   std::vector<LevelInfo> asks = books.depth(*loc, Side::sell, 10);   // best first
//
// What each message does:
//  - A, F: a new order at the back of its price level (F's MPID is not kept). A reference number
//    already live is counted in stats().duplicate_refs and the add is dropped; an add of 0 shares
//    is dropped (it could never be executed or shown).
//  - E: executes shares of a resting order (removed at 0): a printable trade at its price.
//  - C: as E, at the message's price; printable as its flag says.
//  - X: cancels shares (removed at 0). D: removes the order.
//  - U: the original order leaves; a new order with the new reference, same side and stock, new
//    price and shares, joins the BACK of its level (a replace loses priority, even at one price).
//  - P: a trade (printable) against a non-displayed order; the book is not touched. Q: a cross
//    trade (printable). B: passed to the listener.
//  - E, C, X, D, U naming a reference that is not live are counted in stats().unknown_refs and
//    change nothing: feeds joined mid-day (the shared sample has 117) are normal, never a crash.
//  - R: the symbol of a locate (and its book is created). S: the session phase. H: the stock's
//    trading state. Y, J, h, V, W: passed to the listener (H, S too, after being recorded).
// A book exists for a locate once R or an add named it; books are never destroyed.
//
// Cost per message (see order_book.h, order_map.h): one hash probe run for the reference, the
// book's level search from the touch, O(1) queue link/unlink; nothing allocated in steady state.
// Memory per live order: 16 bytes of order node + one 16-byte OrderMap slot at 35-70% load
// (23-46 bytes): 39-62 bytes, plus the book's level records (32 bytes a level + 8 per side entry).
//
// Listener: NullBookListener or a type with the same members (book_listener.h); nullptr = none.
// The listener outlives the BookSet. Thread safety: none; one writer, readers between messages.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "market/book/book_listener.h"
#include "market/book/order_book.h"
#include "market/book/order_map.h"
#include "market/itch/decoder.h"
#include "market/itch/messages.h"

namespace sp::market::book {

// Where the trading day is, from the last System Event (S) message.
enum class SessionPhase : char {
  not_started = 0,
  messages_started = 'O',
  system_hours = 'S',
  market_hours = 'Q',
  market_closed = 'M',
  system_closed = 'E',
  messages_ended = 'C',
};

struct BookStats {
  std::uint64_t unknown_refs = 0;    // E C X D U naming no live order
  std::uint64_t duplicate_refs = 0;  // A F U adding a reference already live
  std::uint64_t trades = 0;          // trade events emitted (E C P Q)
};

template <class Listener = NullBookListener>
class BookSet : public itch::NullHandler {
 public:
  using NullHandler::on;

  explicit BookSet(Listener* listener = nullptr, std::size_t expected_live_orders = 1 << 16)
      : listener_(listener), map_(expected_live_orders) {}

  // ---- queries ----------------------------------------------------------------------------------
  // The book of a locate, nullptr if none yet.
  const OrderBook* book(std::uint16_t locate) const {
    return locate < books_.size() && created_[locate] ? &books_[locate] : nullptr;
  }
  LevelInfo best(std::uint16_t locate, Side s) const {
    const OrderBook* b = book(locate);
    return b ? b->best(s) : LevelInfo{};
  }
  std::vector<LevelInfo> depth(std::uint16_t locate, Side s, long n = -1) const {
    const OrderBook* b = book(locate);
    return b ? b->depth(s, n) : std::vector<LevelInfo>{};
  }
  std::optional<std::uint16_t> locate_of(std::string_view symbol) const {
    auto it = by_symbol_.find(std::string(symbol));
    if (it == by_symbol_.end()) return std::nullopt;
    return it->second;
  }
  // The directory symbol of a locate, trimmed; empty if no R message named it.
  std::string_view symbol_of(std::uint16_t locate) const {
    return locate < symbols_.size() ? itch::trimmed(symbols_[locate]) : std::string_view{};
  }
  // The last Stock Trading Action state of a locate ('H' 'P' 'Q' 'T'), 0 if none was sent.
  char trading_state(std::uint16_t locate) const {
    return locate < trading_state_.size() ? trading_state_[locate] : 0;
  }
  SessionPhase session() const { return session_; }
  bool market_open() const { return session_ == SessionPhase::market_hours; }
  const BookStats& stats() const { return stats_; }
  std::size_t live_orders() const { return map_.size(); }
  const OrderMap& order_map() const { return map_; }

  // ---- ITCH handlers ----------------------------------------------------------------------------
  void on(const itch::AddOrder& m) { add(m); }
  void on(const itch::AddOrderMpid& m) { add(m); }

  void on(const itch::OrderExecuted& m) {
    const OrderLocation* at = map_.find(m.order_reference_number);
    if (!at) [[unlikely]] {
      ++stats_.unknown_refs;
      return;
    }
    OrderBook& b = books_[at->locate];
    const OrderHandle h = at->handle;
    const std::uint16_t locate = at->locate;
    const std::uint32_t price = b.price(h);
    const Side side = b.side(h);
    if (b.reduce(h, m.executed_shares) == 0) map_.erase(at);
    trade(m, locate, price, m.executed_shares, to_itch(side), m.match_number, true,
          TradeSource::execution);
  }

  void on(const itch::OrderExecutedWithPrice& m) {
    const OrderLocation* at = map_.find(m.order_reference_number);
    if (!at) [[unlikely]] {
      ++stats_.unknown_refs;
      return;
    }
    OrderBook& b = books_[at->locate];
    const OrderHandle h = at->handle;
    const std::uint16_t locate = at->locate;
    const Side side = b.side(h);
    if (b.reduce(h, m.executed_shares) == 0) map_.erase(at);
    trade(m, locate, m.execution_price, m.executed_shares, to_itch(side), m.match_number,
          m.printable == 'Y', TradeSource::execution_with_price);
  }

  void on(const itch::OrderCancel& m) {
    const OrderLocation* at = map_.find(m.order_reference_number);
    if (!at) [[unlikely]] {
      ++stats_.unknown_refs;
      return;
    }
    if (books_[at->locate].reduce(at->handle, m.cancelled_shares) == 0) map_.erase(at);
  }

  void on(const itch::OrderDelete& m) {
    const OrderLocation* at = map_.find(m.order_reference_number);
    if (!at) [[unlikely]] {
      ++stats_.unknown_refs;
      return;
    }
    books_[at->locate].remove(at->handle);
    map_.erase(at);
  }

  void on(const itch::OrderReplace& m) {
    const OrderLocation* at = map_.find(m.original_order_reference_number);
    if (!at) [[unlikely]] {
      ++stats_.unknown_refs;
      return;
    }
    const std::uint16_t locate = at->locate;
    OrderBook& b = books_[locate];
    const Side side = b.side(at->handle);
    b.remove(at->handle);
    map_.erase(at);
    if (m.shares == 0) [[unlikely]]
      return;
    const OrderHandle h = b.add(side, m.price, m.shares);
    if (!map_.insert(m.new_order_reference_number, {h, locate})) [[unlikely]] {
      b.remove(h);
      ++stats_.duplicate_refs;
    }
  }

  void on(const itch::Trade& m) {
    trade(m, m.stock_locate, m.price, m.shares, m.buy_sell_indicator, m.match_number, true,
          TradeSource::non_cross, &m.stock);
  }

  void on(const itch::CrossTrade& m) {
    trade(m, m.stock_locate, m.cross_price, m.shares, 0, m.match_number, true, TradeSource::cross,
          &m.stock);
  }

  void on(const itch::BrokenTrade& m) {
    if (listener_) listener_->on_broken_trade(m);
  }

  void on(const itch::StockDirectory& m) {
    ensure(m.stock_locate);
    created_[m.stock_locate] = 1;
    const std::string_view old = itch::trimmed(symbols_[m.stock_locate]);
    if (!old.empty() && old != itch::trimmed(m.stock)) by_symbol_.erase(std::string(old));
    symbols_[m.stock_locate] = m.stock;
    by_symbol_[std::string(itch::trimmed(m.stock))] = m.stock_locate;
  }

  void on(const itch::SystemEvent& m) {
    switch (m.event_code) {
      case 'O':
      case 'S':
      case 'Q':
      case 'M':
      case 'E':
      case 'C':
        session_ = static_cast<SessionPhase>(m.event_code);
        break;
      default:
        break;
    }
    if (listener_) listener_->on_status(m);
  }

  void on(const itch::StockTradingAction& m) {
    ensure(m.stock_locate);
    trading_state_[m.stock_locate] = m.trading_state;
    if (listener_) listener_->on_status(m);
  }
  void on(const itch::RegShoRestriction& m) { forward(m); }
  void on(const itch::LuldAuctionCollar& m) { forward(m); }
  void on(const itch::OperationalHalt& m) { forward(m); }
  void on(const itch::MwcbDeclineLevel& m) { forward(m); }
  void on(const itch::MwcbStatus& m) { forward(m); }

 private:
  template <class M>
  void forward(const M& m) {
    if (listener_) listener_->on_status(m);
  }

  // Makes room for locate's per-stock entries (the book itself is created by the caller).
  void ensure(std::uint16_t locate) {
    if (locate >= books_.size()) [[unlikely]] {
      const std::size_t n = std::size_t(locate) + 1;
      books_.resize(n);
      created_.resize(n, 0);
      symbols_.resize(n, itch::make_stock(""));
      trading_state_.resize(n, 0);
    }
  }

  template <class M>
  void add(const M& m) {
    const std::uint16_t locate = m.stock_locate;
    ensure(locate);
    created_[locate] = 1;
    if (m.shares == 0) [[unlikely]]
      return;
    OrderBook& b = books_[locate];
    const OrderHandle h = b.add(side_from_itch(m.buy_sell_indicator), m.price, m.shares);
    if (!map_.insert(m.order_reference_number, {h, locate})) [[unlikely]] {
      b.remove(h);
      ++stats_.duplicate_refs;
    }
  }

  void trade(const itch::MessageHeader& m, std::uint16_t locate, std::uint32_t price,
             std::uint64_t shares, char side, std::uint64_t match, bool printable,
             TradeSource source, const itch::Stock* message_symbol = nullptr) {
    ++stats_.trades;
    if (!listener_) return;
    TradeEvent t;
    t.locate = locate;
    if (locate < symbols_.size() && symbols_[locate][0] != ' ') {
      t.symbol = symbols_[locate];
    } else if (message_symbol) {
      t.symbol = *message_symbol;
    } else {
      t.symbol = itch::make_stock("");
    }
    t.timestamp_ns = m.timestamp_ns;
    t.price = price;
    t.shares = shares;
    t.side = side;
    t.match_number = match;
    t.printable = printable;
    t.source = source;
    listener_->on_trade(t);
  }

  Listener* listener_;
  OrderMap map_;
  std::vector<OrderBook> books_;           // by locate
  std::vector<std::uint8_t> created_;      // by locate: 1 once R or an add named it
  std::vector<itch::Stock> symbols_;       // by locate: directory name, blank if none
  std::vector<char> trading_state_;        // by locate
  std::unordered_map<std::string, std::uint16_t> by_symbol_;
  SessionPhase session_ = SessionPhase::not_started;
  BookStats stats_;
};

}  // namespace sp::market::book
