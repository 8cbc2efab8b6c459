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
// Layout: every live order is one 16-byte OrderRecord {price, shares, seq, locate, side} held in
// the reference index itself (RefIndexOf<OrderRecord>, ref_index.h: a direct-mapped window over
// recent reference numbers, an OrderMap for older ones), and each stock's book is a LevelBook
// (order_book.h: one 64-byte record per stock, a sorted vector of 16-byte levels per side). So the
// lookup by reference that every E C X D U needs is also the load of the whole order, and there is
// no per-stock order store and no queue to relink: a delete touches the order's slot, its stock's
// book record and its level. Priority is the arrival number seq (queue_at() sorts by it).
//
// Cost per message: the reference's slot (one load in the window; an OrderMap probe for orders
// older than it), the book's level search from the touch, nothing allocated in steady state.
// itch::read_framed shows each message to prefetch() 24 frames early, so the cache misses of the
// reference slot (or the map slot an insert will push an old order into) and the stock's book
// record start then, and those of the levels at the touch 12 frames early, overlapping with the
// messages before it (make bench-market: bench/market_bench.cc measures it).
// Memory per live order: the RefIndex (a fixed 16 MiB window of 16-byte records plus 24-byte
// OrderMap slots at 35-70% load for orders older than the window) and the levels (16 bytes each,
// one per price with orders); bench-market states the total per peak live order.
//
// Listener: NullBookListener or a type with the same members (book_listener.h); nullptr = none.
// The listener outlives the BookSet. Thread safety: none; one writer, readers between messages.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "market/book/book_listener.h"
#include "market/book/order_book.h"
#include "market/book/ref_index.h"
#include "market/itch/big_endian.h"
#include "market/itch/decoder.h"
#include "market/itch/messages.h"
#include "market/itch/stream_reader.h"

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
      : listener_(listener), refs_(expected_live_orders) {}

  // ---- queries ----------------------------------------------------------------------------------
  // The book of a locate, nullptr if none yet.
  const LevelBook* book(std::uint16_t locate) const {
    return locate < books_.size() && created_[locate] ? &books_[locate] : nullptr;
  }
  LevelInfo best(std::uint16_t locate, Side s) const {
    const LevelBook* b = book(locate);
    return b ? b->best(s) : LevelInfo{};
  }
  std::vector<LevelInfo> depth(std::uint16_t locate, Side s, long n = -1) const {
    const LevelBook* b = book(locate);
    return b ? b->depth(s, n) : std::vector<LevelInfo>{};
  }
  // Shares of each order at a price, front (oldest) first: for FIFO checks and tests. Slow: it
  // walks every live order.
  std::vector<std::uint32_t> queue_at(std::uint16_t locate, Side s, std::uint32_t price) const {
    std::vector<OrderRecord> at;
    refs_.for_each([&](std::uint64_t, const OrderRecord& o) {
      if (o.locate == locate && o.side == s && o.price == price) at.push_back(o);
    });
    // seq is a wrapping 32-bit counter: order by age, counted back from next_seq_.
    std::sort(at.begin(), at.end(), [&](const OrderRecord& a, const OrderRecord& b) {
      return next_seq_ - a.seq > next_seq_ - b.seq;
    });
    std::vector<std::uint32_t> out;
    for (const OrderRecord& o : at) out.push_back(o.shares);
    return out;
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
  std::size_t live_orders() const { return refs_.size(); }
  const RefIndexOf<OrderRecord>& ref_index() const { return refs_; }
  // Bytes held by the books and the reference index (capacities: what is allocated).
  std::size_t memory_bytes() const {
    std::size_t n = sizeof(*this) + refs_.bytes();
    for (const LevelBook& b : books_) n += b.memory_bytes();
    return n + created_.capacity() + symbols_.capacity() * sizeof(itch::Stock) +
           trading_state_.capacity();
  }

  // ---- look-ahead (itch::read_framed calls it kPrefetchDistance frames early)
  // -------------------- A hint, never a change: `msg` is a whole ITCH message at its type byte
  // that will be delivered later. Misses are started in two stages, the second on what the first
  // brought in: now the stock's book record and (E C X D U) the reference's RefIndex slot; kStage
  // messages later the order node (read through the slot) or, for an add, the free node, and the
  // side's levels at the touch. A message handled in between that changes the book only makes a
  // hint useless, never wrong.
  void prefetch(const std::uint8_t* msg) {
    Pending now{};
    const char type = static_cast<char>(msg[0]);
    now.locate = itch::load_be16(msg + 1);
    if (type == 'A' || type == 'F') {
      now.kind = msg[19] == 'S' ? Pending::add_sell : Pending::add_buy;
      refs_.prefetch_insert(itch::load_be64(msg + 11));
    } else if (type == 'D' || type == 'X' || type == 'E' || type == 'U' || type == 'C') {
      now.kind = Pending::order;
      refs_.prefetch(itch::load_be64(msg + 11));
      if (type == 'U') refs_.prefetch_insert(itch::load_be64(msg + 19));
    }
    if (now.kind != Pending::none && now.locate < books_.size()) {
      __builtin_prefetch(&books_[now.locate], 1);
    }
    // Stage 2: the message seen kStage calls ago. Its book record is in cache by now; the side of
    // an order is in its slot, but reading that would wait for it: both sides are hinted instead.
    const Pending& mid = pending_[(pending_at_ - kStage) & kPendingMask];
    if (mid.kind != Pending::none && mid.locate < books_.size()) {
      const LevelBook& b = books_[mid.locate];
      if (mid.kind != Pending::add_sell) b.prefetch_touch(Side::buy);
      if (mid.kind != Pending::add_buy) b.prefetch_touch(Side::sell);
    }
    pending_[pending_at_ & kPendingMask] = now;
    ++pending_at_;
  }

  // ---- ITCH handlers ----------------------------------------------------------------------------
  void on(const itch::AddOrder& m) { add(m); }
  void on(const itch::AddOrderMpid& m) { add(m); }

  void on(const itch::OrderExecuted& m) {
    OrderRecord* at = refs_.find(m.order_reference_number);
    if (!at) [[unlikely]] {
      ++stats_.unknown_refs;
      return;
    }
    const OrderRecord o = *at;
    take(at, m.executed_shares);
    trade(m, o.locate, o.price, m.executed_shares, to_itch(o.side), m.match_number, true,
          TradeSource::execution);
  }

  void on(const itch::OrderExecutedWithPrice& m) {
    OrderRecord* at = refs_.find(m.order_reference_number);
    if (!at) [[unlikely]] {
      ++stats_.unknown_refs;
      return;
    }
    const OrderRecord o = *at;
    take(at, m.executed_shares);
    trade(m, o.locate, m.execution_price, m.executed_shares, to_itch(o.side), m.match_number,
          m.printable == 'Y', TradeSource::execution_with_price);
  }

  void on(const itch::OrderCancel& m) {
    OrderRecord* at = refs_.find(m.order_reference_number);
    if (!at) [[unlikely]] {
      ++stats_.unknown_refs;
      return;
    }
    take(at, m.cancelled_shares);
  }

  void on(const itch::OrderDelete& m) {
    const OrderRecord* at = refs_.find(m.order_reference_number);
    if (!at) [[unlikely]] {
      ++stats_.unknown_refs;
      return;
    }
    books_[at->locate].leave(at->side, at->price, at->shares);
    refs_.erase(at);
  }

  void on(const itch::OrderReplace& m) {
    const OrderRecord* at = refs_.find(m.original_order_reference_number);
    if (!at) [[unlikely]] {
      ++stats_.unknown_refs;
      return;
    }
    const OrderRecord o = *at;
    LevelBook& b = books_[o.locate];
    b.leave(o.side, o.price, o.shares);
    refs_.erase(at);
    if (m.shares == 0) [[unlikely]]
      return;
    if (!refs_.insert(m.new_order_reference_number,
                      {m.price, m.shares, next_seq_, o.locate, o.side})) [[unlikely]] {
      ++stats_.duplicate_refs;
      return;
    }
    ++next_seq_;
    b.join(o.side, m.price, m.shares);
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
    const Side side = side_from_itch(m.buy_sell_indicator);
    if (!refs_.insert(m.order_reference_number, {m.price, m.shares, next_seq_, locate, side}))
        [[unlikely]] {
      ++stats_.duplicate_refs;
      return;
    }
    ++next_seq_;
    books_[locate].join(side, m.price, m.shares);
  }

  // Takes `shares` off the order at `at` (execution or cancel); it leaves at 0 (more than it has
  // counts as all).
  void take(OrderRecord* at, std::uint32_t shares) {
    LevelBook& b = books_[at->locate];
    if (shares >= at->shares) {
      b.leave(at->side, at->price, at->shares);
      refs_.erase(at);
    } else {
      at->shares -= shares;
      b.take(at->side, at->price, shares);
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

  // A message seen by prefetch(), waiting for its next stage.
  struct Pending {
    enum Kind : std::uint8_t { none, add_buy, add_sell, order };
    std::uint16_t locate = 0;
    Kind kind = none;
  };
  // Messages between stages: itch::kPrefetchDistance is 2 * kStage, so the stages run 24 and 12
  // messages ahead of the handler.
  static constexpr unsigned kStage = itch::kPrefetchDistance / 2;
  static constexpr unsigned kPendingMask = 31;
  static_assert(kStage < kPendingMask + 1);
  Pending pending_[kPendingMask + 1]{};
  unsigned pending_at_ = 0;

  Listener* listener_;
  RefIndexOf<OrderRecord> refs_;       // every live order, by reference number
  std::uint32_t next_seq_ = 0;         // the next order's arrival number
  std::vector<LevelBook> books_;       // by locate
  std::vector<std::uint8_t> created_;  // by locate: 1 once R or an add named it
  std::vector<itch::Stock> symbols_;   // by locate: directory name, blank if none
  std::vector<char> trading_state_;    // by locate
  std::unordered_map<std::string, std::uint16_t> by_symbol_;
  SessionPhase session_ = SessionPhase::not_started;
  BookStats stats_;
};

}  // namespace sp::market::book
