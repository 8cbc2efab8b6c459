// The obviously correct order books: the oracle the fast BookSet is tested against.
//
//   ReferenceBookSet<> ref;            // an ITCH handler, like BookSet; same queries for books
//   read_framed(data, size, ref, stats);
//   ref.best(locate, Side::buy); ref.depth(locate, Side::sell, 5); ref.stats().unknown_refs;
//
// Per stock and side a std::map from price to a std::list of orders (front = oldest), and one
// std::unordered_map from order reference to {locate, side, price, list iterator}. Every rule is
// the one book_set.h states (drops, unknown and duplicate references, replace = leave + join at the
// back, trades and their fields), written the plainest way; speed is no concern here. It keeps no
// session or status state: the comparison is about books, trades and counters.
// Thread safety: none.
#pragma once

#include <cstdint>
#include <functional>
#include <iterator>
#include <list>
#include <map>
#include <unordered_map>
#include <vector>

#include "market/book/book_listener.h"
#include "market/book/book_set.h"
#include "market/book/order_book.h"
#include "market/itch/decoder.h"
#include "market/itch/messages.h"

namespace sp::market::book {

template <class Listener = NullBookListener>
class ReferenceBookSet : public itch::NullHandler {
 public:
  using NullHandler::on;

  explicit ReferenceBookSet(Listener* listener = nullptr) : listener_(listener) {}

  LevelInfo best(std::uint16_t locate, Side s) const {
    auto d = depth(locate, s, 1);
    return d.empty() ? LevelInfo{} : d[0];
  }

  std::vector<LevelInfo> depth(std::uint16_t locate, Side s, long n = -1) const {
    std::vector<LevelInfo> out;
    auto it = stocks_.find(locate);
    if (it == stocks_.end()) return out;
    auto collect = [&](const auto& levels) {
      for (const auto& [price, queue] : levels) {
        if (n >= 0 && static_cast<long>(out.size()) >= n) break;
        LevelInfo l;
        l.price = price;
        l.orders = static_cast<std::uint32_t>(queue.size());
        for (const Order& o : queue) l.shares += o.shares;
        out.push_back(l);
      }
    };
    if (s == Side::buy) {
      collect(it->second.bids);
    } else {
      collect(it->second.asks);
    }
    return out;
  }

  // Shares of the orders at a price, oldest first.
  std::vector<std::uint32_t> queue_at(std::uint16_t locate, Side s, std::uint32_t price) const {
    std::vector<std::uint32_t> out;
    auto it = stocks_.find(locate);
    if (it == stocks_.end()) return out;
    const Queue* q = nullptr;
    if (s == Side::buy) {
      auto l = it->second.bids.find(price);
      if (l != it->second.bids.end()) q = &l->second;
    } else {
      auto l = it->second.asks.find(price);
      if (l != it->second.asks.end()) q = &l->second;
    }
    if (q) {
      for (const Order& o : *q) out.push_back(o.shares);
    }
    return out;
  }

  const BookStats& stats() const { return stats_; }
  std::size_t live_orders() const { return orders_.size(); }

  void on(const itch::StockDirectory& m) { symbols_[m.stock_locate] = m.stock; }

  void on(const itch::AddOrder& m) {
    add(m.stock_locate, m.order_reference_number, side_from_itch(m.buy_sell_indicator), m.price,
        m.shares);
  }
  void on(const itch::AddOrderMpid& m) {
    add(m.stock_locate, m.order_reference_number, side_from_itch(m.buy_sell_indicator), m.price,
        m.shares);
  }

  void on(const itch::OrderExecuted& m) {
    auto it = orders_.find(m.order_reference_number);
    if (it == orders_.end()) {
      ++stats_.unknown_refs;
      return;
    }
    const Where w = it->second;
    take(m.order_reference_number, m.executed_shares);
    emit(m, w.locate, w.price, m.executed_shares, to_itch(w.side), m.match_number, true,
         TradeSource::execution, nullptr);
  }

  void on(const itch::OrderExecutedWithPrice& m) {
    auto it = orders_.find(m.order_reference_number);
    if (it == orders_.end()) {
      ++stats_.unknown_refs;
      return;
    }
    const Where w = it->second;
    take(m.order_reference_number, m.executed_shares);
    emit(m, w.locate, m.execution_price, m.executed_shares, to_itch(w.side), m.match_number,
         m.printable == 'Y', TradeSource::execution_with_price, nullptr);
  }

  void on(const itch::OrderCancel& m) {
    if (!orders_.count(m.order_reference_number)) {
      ++stats_.unknown_refs;
      return;
    }
    take(m.order_reference_number, m.cancelled_shares);
  }

  void on(const itch::OrderDelete& m) {
    if (!orders_.count(m.order_reference_number)) {
      ++stats_.unknown_refs;
      return;
    }
    erase(m.order_reference_number);
  }

  void on(const itch::OrderReplace& m) {
    auto it = orders_.find(m.original_order_reference_number);
    if (it == orders_.end()) {
      ++stats_.unknown_refs;
      return;
    }
    const Where w = it->second;
    erase(m.original_order_reference_number);
    add(w.locate, m.new_order_reference_number, w.side, m.price, m.shares);
  }

  void on(const itch::Trade& m) {
    emit(m, m.stock_locate, m.price, m.shares, m.buy_sell_indicator, m.match_number, true,
         TradeSource::non_cross, &m.stock);
  }
  void on(const itch::CrossTrade& m) {
    emit(m, m.stock_locate, m.cross_price, m.shares, 0, m.match_number, true, TradeSource::cross,
         &m.stock);
  }

 private:
  struct Order {
    std::uint64_t ref;
    std::uint32_t shares;
  };
  using Queue = std::list<Order>;
  struct Stock {
    std::map<std::uint32_t, Queue, std::greater<>> bids;  // best (highest) first
    std::map<std::uint32_t, Queue> asks;                  // best (lowest) first
  };
  struct Where {
    std::uint16_t locate;
    Side side;
    std::uint32_t price;
    Queue::iterator pos;
  };

  Queue& queue(const Where& w) {
    Stock& s = stocks_[w.locate];
    return w.side == Side::buy ? s.bids[w.price] : s.asks[w.price];
  }

  void add(std::uint16_t locate, std::uint64_t ref, Side side, std::uint32_t price,
           std::uint32_t shares) {
    if (shares == 0) return;
    if (orders_.count(ref)) {
      ++stats_.duplicate_refs;
      return;
    }
    Where w{locate, side, price, {}};
    Queue& q = queue(w);
    q.push_back(Order{ref, shares});
    w.pos = std::prev(q.end());
    orders_[ref] = w;
  }

  void take(std::uint64_t ref, std::uint32_t shares) {
    Where& w = orders_.at(ref);
    if (shares >= w.pos->shares) {
      erase(ref);
    } else {
      w.pos->shares -= shares;
    }
  }

  void erase(std::uint64_t ref) {
    const Where w = orders_.at(ref);
    Queue& q = queue(w);
    q.erase(w.pos);
    if (q.empty()) {
      Stock& s = stocks_[w.locate];
      if (w.side == Side::buy) {
        s.bids.erase(w.price);
      } else {
        s.asks.erase(w.price);
      }
    }
    orders_.erase(ref);
  }

  void emit(const itch::MessageHeader& m, std::uint16_t locate, std::uint32_t price,
            std::uint64_t shares, char side, std::uint64_t match, bool printable,
            TradeSource source, const itch::Stock* message_symbol) {
    ++stats_.trades;
    if (!listener_) return;
    TradeEvent t;
    t.locate = locate;
    auto sym = symbols_.find(locate);
    if (sym != symbols_.end() && itch::trimmed(sym->second) != "") {
      t.symbol = sym->second;
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
  std::map<std::uint16_t, Stock> stocks_;
  std::unordered_map<std::uint64_t, Where> orders_;
  std::unordered_map<std::uint16_t, itch::Stock> symbols_;
  BookStats stats_;
};

}  // namespace sp::market::book
