// The full-depth limit order book of one instrument: bid and ask price levels, each a FIFO queue of
// resting orders. Two classes:
//  - LevelBook: the price levels alone, {price, orders, shares} per level, kept by a caller that
//    stores its orders elsewhere (BookSet keeps each order in its reference index, ref_index.h).
//  - OrderBook: a LevelBook that owns its orders too, named by handles (standalone use, tests).
//
//   OrderBook b;
//   OrderHandle h = b.add(Side::buy, 1234500, 100);   // $123.4500 x 100, at the back of its level
//   b.reduce(h, 40);                                    // partial execute/cancel: 60 left
//   b.remove(h);                                        // delete (also done by reduce to 0)
//   LevelInfo top = b.best(Side::buy);                  // {price, shares, orders}; orders == 0:
//   empty size_t n = b.depth(Side::sell, out);                // best first, up to out.size()
//   levels
//
//   LevelBook l;                                        // what BookSet keeps per stock
//   l.join(Side::buy, 1234500, 100);                    // an order arrives at a level
//   l.take(Side::buy, 1234500, 40);                     // 40 of its shares go, the order stays
//   l.leave(Side::buy, 1234500, 60);                    // the order (60 shares left) goes
//
// Contract:
//  - Prices are ITCH Price(4) ticks (1e-4 dollars) as uint32; shares uint32 per order, a level's
//  total
//    is uint64. Priority within a level is arrival order: add() appends, nothing reorders (an ITCH
//    replace is remove + add: it loses priority, see BookSet).
//  - OrderBook owns its orders. An order is named by the OrderHandle add() returned, valid until
//  the
//    order leaves the book (reduce to 0 or remove); after that the handle may be reused by a later
//    add. Using a stale handle is undefined.
//  - LevelBook trusts its caller: take() and leave() name a level that holds the order and at
//    least the shares given (REQUIRES); join() REQUIRES shares > 0.
//  - No order ids here: mapping ITCH order reference numbers to orders is RefIndex's job.
//
// Layout, chosen for ITCH (most activity is within a few ticks of the touch, and a message should
// touch as few cache lines as possible):
//  - A LevelBook is 64 bytes, one cache line: per side a vector of levels and a count of orders.
//  - Levels: per side one vector of 16-byte Level records {key, orders, shares}, sorted so that
//    the BEST level is at the BACK. Key is the price for bids, ~price for asks, so both sides
//    ascend toward the touch. The best level is back(): O(1). Finding a price's level scans back
//    from the touch (a few steps near it, within a cache line or two), then falls back to binary
//    search; inserting or erasing a level near the touch moves few records. There is no separate
//    level pool: the record an order's level lives in is found by its price, so a level costs no
//    pointer chase.
//  - Orders (OrderBook): per side one vector of 16-byte nodes {shares, price, seq, next_free} with
//    a free list (a free node has 0 shares). Priority is the arrival number `seq` (per side,
//    increasing), not a linked queue: nothing a book does needs to walk a level's queue in order
//    (ITCH names the order every execution takes), so removing an order touches its node and its
//    level only, never its neighbours (a doubly linked queue cost two more cache misses per delete
//    on a quiet stock). queue_at() rebuilds a level's queue by scanning the side's nodes and
//    sorting by seq: O(orders in the side), for tests and inspection only. A handle is
//    (node index << 1) | side, so the side of an order needs no load.
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

class LevelBook {
 public:
  LevelBook() = default;

  // An order of `shares` (> 0) joins the back of the level at price (created if need be).
  void join(Side s, std::uint32_t price, std::uint32_t shares) {
    Half& half = half_[static_cast<unsigned>(s)];
    Level& lv = half.levels[find_or_insert_level(half, key(s, price))];
    lv.shares += shares;
    ++lv.count;
    ++half.live;
  }
  // `shares` of an order at price go; the order stays. REQUIRES: the order rests there with more.
  void take(Side s, std::uint32_t price, std::uint32_t shares) {
    Half& half = half_[static_cast<unsigned>(s)];
    half.levels[level_index(half.levels, key(s, price))].shares -= shares;
  }
  // An order with `shares` left leaves the level at price (and the level goes when it empties).
  // REQUIRES: the order rests there.
  void leave(Side s, std::uint32_t price, std::uint32_t shares) {
    Half& half = half_[static_cast<unsigned>(s)];
    const std::size_t li = level_index(half.levels, key(s, price));
    Level& lv = half.levels[li];
    lv.shares -= shares;
    --half.live;
    if (--lv.count == 0) half.levels.erase(half.levels.begin() + static_cast<std::ptrdiff_t>(li));
  }

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

  // A cache hint (BookSet::prefetch): the side's levels at the touch, where most messages land.
  // Reads only this object. Never faults.
  void prefetch_touch(Side s) const {
    constexpr std::size_t kTouch = 4;
    const auto& v = half_[static_cast<unsigned>(s)].levels;
    const std::size_t n = v.size();
    if (n == 0) return;
    const char* first = reinterpret_cast<const char*>(v.data() + (n > kTouch ? n - kTouch : 0));
    const char* last = reinterpret_cast<const char*>(v.data() + n) - 1;
    __builtin_prefetch(first, 1);
    __builtin_prefetch(last, 1);
  }

  // Bytes this book holds (capacity, not size: what it costs in memory), itself included.
  std::size_t memory_bytes() const {
    std::size_t n = sizeof(*this);
    for (const Half& h : half_) n += h.levels.capacity() * sizeof(Level);
    return n;
  }

 private:
  struct Level {
    std::uint32_t key;    // price for bids, ~price for asks: ascending toward the touch
    std::uint32_t count;  // orders
    std::uint64_t shares;
  };
  static_assert(sizeof(Level) == 16);

  struct Half {
    std::vector<Level> levels;  // worst .. best
    std::size_t live = 0;       // orders
  };

  static std::uint32_t key(Side s, std::uint32_t price) { return s == Side::buy ? price : ~price; }
  static LevelInfo info(Side s, const Level& l) {
    return {s == Side::buy ? l.key : ~l.key, l.count, l.shares};
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

  static std::size_t find_or_insert_level(Half& half, std::uint32_t k) {
    auto& v = half.levels;
    if (!v.empty() && v.back().key == k) [[likely]]
      return v.size() - 1;
    const std::size_t i = lower_from_back(v, k);
    if (i < v.size() && v[i].key == k) return i;
    v.insert(v.begin() + static_cast<std::ptrdiff_t>(i), Level{k, 0, 0});
    return i;
  }

  Half half_[2];
};
static_assert(sizeof(LevelBook) == 64);

class OrderBook : public LevelBook {
 public:
  // One resting order: 16 bytes.
  struct Order {
    std::uint32_t shares;  // 0: a free node
    std::uint32_t price;
    std::uint32_t seq;        // arrival number in its side: priority within a level
    std::uint32_t next_free;  // for a free node, the next free node (kNone: the last)
  };
  static_assert(sizeof(Order) == 16);

  OrderBook() = default;

  // Appends an order at the back of its price level (creating the level). REQUIRES shares > 0.
  OrderHandle add(Side side, std::uint32_t price, std::uint32_t shares) {
    join(side, price, shares);
    Nodes& n = nodes_[static_cast<unsigned>(side)];
    std::uint32_t i;
    if (n.free != kNone) {
      i = n.free;
      n.free = n.orders[i].next_free;
    } else {
      n.orders.push_back(Order{});
      i = static_cast<std::uint32_t>(n.orders.size() - 1);
    }
    n.orders[i] = Order{shares, price, n.next_seq++, kNone};
    return (i << 1) | static_cast<std::uint32_t>(side);
  }

  // Takes `shares` off the order (execution or partial cancel); removes it when none are left
  // (more than it has counts as all). Returns the shares left (0: the order is gone).
  std::uint32_t reduce(OrderHandle h, std::uint32_t shares) {
    Order& o = node(h);
    if (shares >= o.shares) {
      remove(h);
      return 0;
    }
    o.shares -= shares;
    take(side(h), o.price, shares);
    return o.shares;
  }

  // Removes the order from its level (and the level from its side when it empties).
  void remove(OrderHandle h) {
    Nodes& n = nodes_[h & 1];
    Order& o = n.orders[h >> 1];
    leave(side(h), o.price, o.shares);
    o.shares = 0;
    o.next_free = n.free;
    n.free = h >> 1;
  }

  // The order behind a live handle.
  std::uint32_t shares(OrderHandle h) const { return nodes_[h & 1].orders[h >> 1].shares; }
  std::uint32_t price(OrderHandle h) const { return nodes_[h & 1].orders[h >> 1].price; }
  Side side(OrderHandle h) const { return static_cast<Side>(h & 1); }

  // Shares of each order at `price` on side `s`, front (oldest) first: for FIFO checks and tests.
  // O(orders in the side): it scans the side's nodes.
  std::vector<std::uint32_t> queue_at(Side s, std::uint32_t price) const {
    const Nodes& n = nodes_[static_cast<unsigned>(s)];
    std::vector<const Order*> at;
    for (const Order& o : n.orders) {
      if (o.shares != 0 && o.price == price) at.push_back(&o);
    }
    // seq is a wrapping 32-bit counter: order by age, counted back from next_seq.
    std::sort(at.begin(), at.end(), [&](const Order* a, const Order* b) {
      return n.next_seq - a->seq > n.next_seq - b->seq;
    });
    std::vector<std::uint32_t> out;
    out.reserve(at.size());
    for (const Order* o : at) out.push_back(o->shares);
    return out;
  }

  // Bytes this book holds (capacity, not size: what it costs in memory), itself included.
  std::size_t memory_bytes() const {
    std::size_t b = LevelBook::memory_bytes() + sizeof(nodes_);
    for (const Nodes& n : nodes_) b += n.orders.capacity() * sizeof(Order);
    return b;
  }

  // Pre-sizes the order nodes so that the first `orders` adds of a side allocate none.
  void reserve(std::size_t orders) {
    for (Nodes& n : nodes_) n.orders.reserve(orders);
  }

 private:
  struct Nodes {
    std::vector<Order> orders;
    std::uint32_t free = kNone;  // first free node
    std::uint32_t next_seq = 0;  // the next add's arrival number
  };

  Order& node(OrderHandle h) { return nodes_[h & 1].orders[h >> 1]; }

  Nodes nodes_[2];
};

}  // namespace sp::market::book
