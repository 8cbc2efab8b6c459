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
//  - No order ids here: mapping ITCH order reference numbers to (book, handle) is RefIndex's job.
//
// Layout, chosen for ITCH (most activity is within a few ticks of the touch, and a message should
// touch as few cache lines as possible):
//  - The book is two halves, one a side, each one 64-byte cache line: a message touches one.
//  - Levels: per side one vector of 24-byte Level records {key, orders, shares, head, tail},
//    sorted so that the BEST level is at the BACK. Key is the price for bids, ~price for asks, so
//    both sides ascend toward the touch. The best level is back(): O(1). Finding a price's level
//    scans back from the touch (a few steps near it, within a cache line or two), then falls back
//    to binary search; inserting or erasing a level near the touch moves few records. There is no
//    separate level pool: the record an order's level lives in is found by its price, so a level
//    costs no pointer chase.
//  - Orders: per side one vector of 16-byte nodes {shares, prev, next, price} with a free list; a
//    level's queue is an intrusive doubly linked list through it, so any removal is O(1). A handle
//    is (node index << 1) | side, so the side of an order needs no load.
//  - Nothing is allocated per message in steady state: vectors only grow (geometrically) and freed
//    nodes are reused.
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
    std::uint32_t next;   // next order in its level (toward the back), kNone at the back;
                          // for a free node, the next free node
    std::uint32_t price;
  };
  static_assert(sizeof(Order) == 16);

  OrderBook() = default;

  // Appends an order at the back of its price level (creating the level). REQUIRES shares > 0.
  OrderHandle add(Side side, std::uint32_t price, std::uint32_t shares) {
    Half& half = half_[static_cast<unsigned>(side)];
    Level& lv = half.levels[find_or_insert_level(half, key(side, price))];
    const std::uint32_t i = alloc_order(half);
    Order& o = half.orders[i];
    o.shares = shares;
    o.prev = lv.tail;
    o.next = kNone;
    o.price = price;
    if (lv.tail != kNone) {
      half.orders[lv.tail].next = i;
    } else {
      lv.head = i;
    }
    lv.tail = i;
    lv.shares += shares;
    ++lv.count;
    ++half.live;
    return handle(i, side);
  }

  // Takes `shares` off the order (execution or partial cancel); removes it when none are left
  // (more than it has counts as all). Returns the shares left (0: the order is gone).
  std::uint32_t reduce(OrderHandle h, std::uint32_t shares) {
    Half& half = half_[h & 1];
    Order& o = half.orders[h >> 1];
    if (shares >= o.shares) {
      remove(h);
      return 0;
    }
    o.shares -= shares;
    level_of(half, side_of(h), o.price).shares -= shares;
    return o.shares;
  }

  // Removes the order from its level (and the level from its side when it empties).
  void remove(OrderHandle h) {
    const Side s = side_of(h);
    Half& half = half_[h & 1];
    const std::uint32_t i = h >> 1;
    Order& o = half.orders[i];
    const std::size_t li = level_index(half.levels, key(s, o.price));
    Level& lv = half.levels[li];
    if (o.prev != kNone) {
      half.orders[o.prev].next = o.next;
    } else {
      lv.head = o.next;
    }
    if (o.next != kNone) {
      half.orders[o.next].prev = o.prev;
    } else {
      lv.tail = o.prev;
    }
    lv.shares -= o.shares;
    --half.live;
    o.next = half.free;
    half.free = i;
    if (--lv.count == 0) {
      half.levels.erase(half.levels.begin() + static_cast<std::ptrdiff_t>(li));
    }
  }

  // The order behind a live handle.
  std::uint32_t shares(OrderHandle h) const { return half_[h & 1].orders[h >> 1].shares; }
  std::uint32_t price(OrderHandle h) const { return half_[h & 1].orders[h >> 1].price; }
  Side side(OrderHandle h) const { return side_of(h); }

  // The best level of a side; orders == 0 when the side is empty.
  LevelInfo best(Side s) const {
    const auto& v = half_[static_cast<unsigned>(s)].levels;
    if (v.empty()) return {};
    return info(s, v.back());
  }
  bool empty(Side s) const { return half_[static_cast<unsigned>(s)].levels.empty(); }
  std::size_t level_count(Side s) const { return half_[static_cast<unsigned>(s)].levels.size(); }
  std::size_t order_count() const { return half_[0].live + half_[1].live; }

  // The best min(out.size(), level_count(s)) levels of a side, best first, into out; returns how
  // many were written.
  std::size_t depth(Side s, std::span<LevelInfo> out) const {
    const auto& v = half_[static_cast<unsigned>(s)].levels;
    const std::size_t n = std::min(out.size(), v.size());
    for (std::size_t i = 0; i < n; ++i) out[i] = info(s, v[v.size() - 1 - i]);
    return n;
  }
  // The best n levels (all when n is negative), best first.
  std::vector<LevelInfo> depth(Side s, long n = -1) const {
    const std::size_t have = level_count(s);
    std::vector<LevelInfo> out(n < 0 ? have : std::min<std::size_t>(have, std::size_t(n)));
    depth(s, std::span<LevelInfo>(out));
    return out;
  }

  // Shares of each order at `price` on side `s`, front (oldest) first: for FIFO checks and tests.
  std::vector<std::uint32_t> queue_at(Side s, std::uint32_t price) const {
    std::vector<std::uint32_t> out;
    const Half& half = half_[static_cast<unsigned>(s)];
    const std::uint32_t k = key(s, price);
    const std::size_t i = lower_from_back(half.levels, k);
    if (i == half.levels.size() || half.levels[i].key != k) return out;
    for (std::uint32_t j = half.levels[i].head; j != kNone; j = half.orders[j].next) {
      out.push_back(half.orders[j].shares);
    }
    return out;
  }

  // Cache hints, for a message still some way off (BookSet::prefetch): never fault, and a stale
  // or out-of-range handle only makes them useless. What add(side, ...) touches first: the side's
  // best level and the node it will reuse.
  void prefetch_add(Side s) const {
    const Half& half = half_[static_cast<unsigned>(s)];
    if (!half.levels.empty()) prefetch_span(&half.levels.back(), sizeof(Level));
    if (half.free != kNone) __builtin_prefetch(half.orders.data() + half.free, 1);
  }
  // The order node of a handle.
  void prefetch_order(OrderHandle h) const {
    const Half& half = half_[h & 1];
    if ((h >> 1) < half.orders.size()) __builtin_prefetch(half.orders.data() + (h >> 1), 1);
  }
  // What removing the order will touch after its node: its neighbours and the side's best level
  // (its level is usually at or next to it). Reads the node: call prefetch_order(h) some time
  // before.
  void prefetch_neighbours(OrderHandle h) const {
    const Half& half = half_[h & 1];
    const std::uint32_t i = h >> 1;
    if (i >= half.orders.size()) return;
    const Order& o = half.orders[i];
    if (o.prev < half.orders.size()) __builtin_prefetch(half.orders.data() + o.prev, 1);
    if (o.next < half.orders.size()) __builtin_prefetch(half.orders.data() + o.next, 1);
    const std::size_t n = half.levels.size();
    if (n >= 2) {
      prefetch_span(&half.levels[n - 2], 2 * sizeof(Level));
    } else if (n == 1) {
      prefetch_span(&half.levels[0], sizeof(Level));
    }
  }

  // Bytes this book holds (capacity, not size: what it costs in memory), itself included.
  std::size_t memory_bytes() const {
    std::size_t n = sizeof(*this);
    for (const Half& h : half_) {
      n += h.orders.capacity() * sizeof(Order) + h.levels.capacity() * sizeof(Level);
    }
    return n;
  }

  // Pre-sizes the order nodes (and levels) so that the first `orders` adds allocate nothing.
  void reserve(std::size_t orders, std::size_t levels = 64) {
    for (Half& h : half_) {
      h.orders.reserve(orders);
      h.levels.reserve(levels / 2);
    }
  }

 private:
  struct Level {
    std::uint32_t key;    // price for bids, ~price for asks: ascending toward the touch
    std::uint32_t count;  // orders
    std::uint64_t shares;
    std::uint32_t head;  // oldest order
    std::uint32_t tail;  // newest order
  };
  static_assert(sizeof(Level) == 24);

  // One side: what a message on that side touches, in one cache line.
  struct alignas(64) Half {
    std::vector<Level> levels;  // worst .. best
    std::vector<Order> orders;
    std::uint32_t free = kNone;  // first free node
    std::uint32_t live = 0;      // live orders
  };
  static_assert(sizeof(Half) == 64);

  static OrderHandle handle(std::uint32_t index, Side s) {
    return (index << 1) | static_cast<std::uint32_t>(s);
  }
  static Side side_of(OrderHandle h) { return static_cast<Side>(h & 1); }
  static std::uint32_t key(Side s, std::uint32_t price) { return s == Side::buy ? price : ~price; }
  static LevelInfo info(Side s, const Level& l) {
    return {s == Side::buy ? l.key : ~l.key, l.count, l.shares};
  }
  static void prefetch_span(const void* p, std::size_t n) {
    const char* c = static_cast<const char*>(p);
    __builtin_prefetch(c, 1);
    __builtin_prefetch(c + n - 1, 1);
  }

  // Position of the first level with key >= k, searching from the back: a short linear scan
  // covers the usual case of a price at or near the touch.
  static std::size_t lower_from_back(const std::vector<Level>& v, std::uint32_t k) {
    std::size_t i = v.size();
    constexpr std::size_t kScan = 8;
    const std::size_t stop = i > kScan ? i - kScan : 0;
    while (i > stop && v[i - 1].key >= k) --i;
    if (i == stop && stop > 0 && v[i - 1].key >= k) {
      i = static_cast<std::size_t>(
          std::lower_bound(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(i), k,
                           [](const Level& e, std::uint32_t x) { return e.key < x; }) -
          v.begin());
    }
    return i;
  }

  // The index of the level with key k. REQUIRES: it exists (a live order rests there).
  static std::size_t level_index(const std::vector<Level>& v, std::uint32_t k) {
    if (v.back().key == k) [[likely]]
      return v.size() - 1;
    return lower_from_back(v, k);
  }
  static Level& level_of(Half& half, Side s, std::uint32_t price) {
    return half.levels[level_index(half.levels, key(s, price))];
  }

  static std::size_t find_or_insert_level(Half& half, std::uint32_t k) {
    auto& v = half.levels;
    if (!v.empty() && v.back().key == k) [[likely]]
      return v.size() - 1;
    const std::size_t i = lower_from_back(v, k);
    if (i < v.size() && v[i].key == k) return i;
    v.insert(v.begin() + static_cast<std::ptrdiff_t>(i), Level{k, 0, 0, kNone, kNone});
    return i;
  }

  static std::uint32_t alloc_order(Half& half) {
    if (half.free != kNone) {
      const std::uint32_t i = half.free;
      half.free = half.orders[i].next;
      return i;
    }
    half.orders.push_back(Order{});
    return static_cast<std::uint32_t>(half.orders.size() - 1);
  }

  Half half_[2];
};

}  // namespace sp::market::book
