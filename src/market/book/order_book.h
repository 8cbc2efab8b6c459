// The full-depth limit order book of one instrument: bid and ask price levels, each a FIFO queue of
// resting orders.
//
//   OrderBook b;
//   OrderHandle h = b.add(Side::buy, 1234500, 100);   // $123.4500 x 100, at the back of its level
//   b.reduce(h, 40);                                    // partial execute/cancel: 60 left
//   b.remove(h);                                        // delete (also done by reduce to 0)
//   LevelInfo top = b.best(Side::buy);                  // {price, shares, orders}; orders == 0: empty
//   size_t n = b.depth(Side::sell, out);                // best first, up to out.size() levels
//
// Contract:
//  - Prices are ITCH Price(4) ticks (1e-4 dollars) as uint32; shares uint32 per order, a level's total
//    is uint64. Priority within a level is arrival order: add() appends, nothing reorders (an ITCH
//    replace is remove + add: it loses priority, see BookSet).
//  - The book owns its orders. An order is named by the OrderHandle add() returned, valid until the
//    order leaves the book (reduce to 0 or remove); after that the handle may be reused by a later
//    add. Using a stale handle is undefined (BookSet guarantees it never does: its ref map forgets
//    a handle when the order leaves).
//  - No order ids here: mapping ITCH order reference numbers to (book, handle) is OrderMap's job.
//
// Layout, chosen for ITCH (most activity is within a few ticks of the touch):
//  - Orders: one vector of 16-byte nodes {shares, prev, next, level} with a free list; a level's
//    queue is an intrusive doubly linked list through it, so any removal is O(1).
//  - Levels: a pool of 32-byte Level records with a free list (stable indices, so an order knows its
//    level without a search), plus per side a vector of {key, level index} sorted so that the BEST
//    level is at the BACK. Key is the price for bids, ~price for asks, so both sides ascend toward
//    the touch. Finding the level for an add scans back from the touch (a few steps near it), then
//    falls back to binary search; inserting or erasing a level near the touch moves few entries.
//    The best level is side.back(): O(1).
//  - Nothing is allocated per message in steady state: vectors only grow (geometrically) and freed
//    nodes/levels are reused.
//
// Thread safety: none; one writer, and readers only between writes.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace sp::market::book {

enum class Side : std::uint8_t { buy = 0, sell = 1 };

constexpr Side side_from_itch(char buy_sell_indicator) {
  return buy_sell_indicator == 'S' ? Side::sell : Side::buy;
}
constexpr char to_itch(Side s) {
  return s == Side::buy ? 'B' : 'S';
}

// One price level as seen from outside: price, total shares resting, number of orders.
struct LevelInfo {
  std::uint32_t price = 0;
  std::uint32_t orders = 0;  // 0: no level (an empty side's best())
  std::uint64_t shares = 0;
  bool operator==(const LevelInfo&) const = default;
};

using OrderHandle = std::uint32_t;
inline constexpr std::uint32_t kNone = 0xFFFFFFFFu;

class OrderBook {
 public:
  // One resting order: 16 bytes.
  struct Order {
    std::uint32_t shares;
    std::uint32_t prev;   // previous order in its level (toward the front), kNone at the front
    std::uint32_t next;   // next order in its level (toward the back), kNone at the back
    std::uint32_t level;  // index into levels_; for a free node, the next free node
  };
  static_assert(sizeof(Order) == 16);

  OrderBook() = default;

  // Appends an order at the back of its price level (creating the level). REQUIRES shares > 0.
  OrderHandle add(Side side, std::uint32_t price, std::uint32_t shares) {
    const std::uint32_t li = find_or_insert_level(side, price);
    Level& lv = levels_[li];
    const std::uint32_t h = alloc_order();
    Order& o = orders_[h];
    o.shares = shares;
    o.prev = lv.tail;
    o.next = kNone;
    o.level = li;
    if (lv.tail != kNone) {
      orders_[lv.tail].next = h;
    } else {
      lv.head = h;
    }
    lv.tail = h;
    lv.shares += shares;
    ++lv.count;
    ++live_orders_;
    return h;
  }

  // Takes `shares` off the order (execution or partial cancel); removes it when none are left
  // (more than it has counts as all). Returns the shares left (0: the order is gone).
  std::uint32_t reduce(OrderHandle h, std::uint32_t shares) {
    Order& o = orders_[h];
    if (shares >= o.shares) {
      remove(h);
      return 0;
    }
    o.shares -= shares;
    levels_[o.level].shares -= shares;
    return o.shares;
  }

  // Removes the order from its level (and the level from its side when it empties).
  void remove(OrderHandle h) {
    Order& o = orders_[h];
    const std::uint32_t li = o.level;
    Level& lv = levels_[li];
    if (o.prev != kNone) {
      orders_[o.prev].next = o.next;
    } else {
      lv.head = o.next;
    }
    if (o.next != kNone) {
      orders_[o.next].prev = o.prev;
    } else {
      lv.tail = o.prev;
    }
    lv.shares -= o.shares;
    --live_orders_;
    free_order(h);
    if (--lv.count == 0) erase_level(li);
  }

  // The order behind a live handle.
  std::uint32_t shares(OrderHandle h) const { return orders_[h].shares; }
  std::uint32_t price(OrderHandle h) const { return levels_[orders_[h].level].price; }
  Side side(OrderHandle h) const { return levels_[orders_[h].level].side; }

  // The best level of a side; orders == 0 when the side is empty.
  LevelInfo best(Side s) const {
    const auto& v = side_vec(s);
    if (v.empty()) return {};
    return info(levels_[v.back().level]);
  }
  bool empty(Side s) const { return side_vec(s).empty(); }
  std::size_t level_count(Side s) const { return side_vec(s).size(); }
  std::size_t order_count() const { return live_orders_; }

  // The best min(out.size(), level_count(s)) levels of a side, best first, into out; returns how
  // many were written.
  std::size_t depth(Side s, std::span<LevelInfo> out) const {
    const auto& v = side_vec(s);
    const std::size_t n = std::min(out.size(), v.size());
    for (std::size_t i = 0; i < n; ++i) out[i] = info(levels_[v[v.size() - 1 - i].level]);
    return n;
  }
  // The best n levels (all when n is negative), best first.
  std::vector<LevelInfo> depth(Side s, long n = -1) const {
    const std::size_t have = side_vec(s).size();
    std::vector<LevelInfo> out(n < 0 ? have : std::min<std::size_t>(have, std::size_t(n)));
    depth(s, std::span<LevelInfo>(out));
    return out;
  }

  // Shares of each order at `price` on side `s`, front (oldest) first: for FIFO checks and tests.
  std::vector<std::uint32_t> queue_at(Side s, std::uint32_t price) const {
    std::vector<std::uint32_t> out;
    const auto& v = side_vec(s);
    const std::uint32_t k = key(s, price);
    auto it = std::lower_bound(v.begin(), v.end(), k,
                               [](const Entry& e, std::uint32_t x) { return e.key < x; });
    if (it == v.end() || it->key != k) return out;
    for (std::uint32_t h = levels_[it->level].head; h != kNone; h = orders_[h].next) {
      out.push_back(orders_[h].shares);
    }
    return out;
  }

  // Pre-sizes the order nodes (and levels) so that the first `orders` adds allocate nothing.
  void reserve(std::size_t orders, std::size_t levels = 64) {
    orders_.reserve(orders);
    levels_.reserve(levels);
    bids_.reserve(levels / 2);
    asks_.reserve(levels / 2);
  }

 private:
  struct Level {
    std::uint32_t price;
    std::uint32_t count;  // orders; for a free level, unused
    std::uint64_t shares;
    std::uint32_t head;  // oldest order; for a free level, the next free level
    std::uint32_t tail;  // newest order
    Side side;
  };
  struct Entry {
    std::uint32_t key;  // price for bids, ~price for asks: ascending toward the touch
    std::uint32_t level;
  };

  static std::uint32_t key(Side s, std::uint32_t price) { return s == Side::buy ? price : ~price; }
  static LevelInfo info(const Level& l) { return {l.price, l.count, l.shares}; }
  std::vector<Entry>& side_vec(Side s) { return s == Side::buy ? bids_ : asks_; }
  const std::vector<Entry>& side_vec(Side s) const { return s == Side::buy ? bids_ : asks_; }

  // Position (index into the side vector) of the first entry with key >= k, searching from the
  // back: a short linear scan covers the usual case of a price at or near the touch.
  static std::size_t lower_from_back(const std::vector<Entry>& v, std::uint32_t k) {
    std::size_t i = v.size();
    constexpr std::size_t kScan = 8;
    const std::size_t stop = i > kScan ? i - kScan : 0;
    while (i > stop && v[i - 1].key >= k) --i;
    if (i == stop && stop > 0 && v[i - 1].key >= k) {
      i = static_cast<std::size_t>(
          std::lower_bound(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(i), k,
                           [](const Entry& e, std::uint32_t x) { return e.key < x; }) -
          v.begin());
    }
    return i;
  }

  std::uint32_t find_or_insert_level(Side s, std::uint32_t price) {
    auto& v = side_vec(s);
    const std::uint32_t k = key(s, price);
    if (!v.empty() && v.back().key == k) [[likely]]
      return v.back().level;
    const std::size_t i = lower_from_back(v, k);
    if (i < v.size() && v[i].key == k) return v[i].level;
    const std::uint32_t li = alloc_level();
    Level& lv = levels_[li];
    lv.price = price;
    lv.count = 0;
    lv.shares = 0;
    lv.head = kNone;
    lv.tail = kNone;
    lv.side = s;
    v.insert(v.begin() + static_cast<std::ptrdiff_t>(i), Entry{k, li});
    return li;
  }

  void erase_level(std::uint32_t li) {
    const Level& lv = levels_[li];
    auto& v = side_vec(lv.side);
    const std::uint32_t k = key(lv.side, lv.price);
    if (v.back().key == k) [[likely]] {
      v.pop_back();
    } else {
      const std::size_t i = lower_from_back(v, k);
      v.erase(v.begin() + static_cast<std::ptrdiff_t>(i));
    }
    levels_[li].head = free_level_;
    free_level_ = li;
  }

  std::uint32_t alloc_order() {
    if (free_order_ != kNone) {
      const std::uint32_t h = free_order_;
      free_order_ = orders_[h].level;
      return h;
    }
    orders_.push_back(Order{});
    return static_cast<std::uint32_t>(orders_.size() - 1);
  }
  void free_order(std::uint32_t h) {
    orders_[h].level = free_order_;
    free_order_ = h;
  }
  std::uint32_t alloc_level() {
    if (free_level_ != kNone) {
      const std::uint32_t li = free_level_;
      free_level_ = levels_[li].head;
      return li;
    }
    levels_.push_back(Level{});
    return static_cast<std::uint32_t>(levels_.size() - 1);
  }

  std::vector<Order> orders_;
  std::vector<Level> levels_;
  std::vector<Entry> bids_;
  std::vector<Entry> asks_;
  std::uint32_t free_order_ = kNone;
  std::uint32_t free_level_ = kNone;
  std::size_t live_orders_ = 0;
};

}  // namespace sp::market::book
