// OrderBook (one instrument's levels and FIFO queues) and OrderMap (reference -> order) on their
// own: priority, depth order, levels far from the touch, handle reuse; the map against
// std::unordered_map.
#include <gtest/gtest.h>

#include <random>
#include <unordered_map>

#include "market/book/order_book.h"
#include "market/book/order_map.h"

namespace sp::market::book {
namespace {

using Q = std::vector<std::uint32_t>;

TEST(OrderBook, EmptySides) {
  OrderBook b;
  EXPECT_TRUE(b.empty(Side::buy));
  EXPECT_EQ(b.best(Side::buy), LevelInfo{});
  EXPECT_EQ(b.best(Side::sell).orders, 0u);
  EXPECT_TRUE(b.depth(Side::sell, 5).empty());
}

TEST(OrderBook, FifoWithinALevel) {
  OrderBook b;
  const auto h1 = b.add(Side::buy, 1000, 10);
  const auto h2 = b.add(Side::buy, 1000, 20);
  const auto h3 = b.add(Side::buy, 1000, 30);
  EXPECT_EQ(b.queue_at(Side::buy, 1000), (Q{10, 20, 30}));
  EXPECT_EQ(b.best(Side::buy), (LevelInfo{1000, 3, 60}));
  b.remove(h2);
  EXPECT_EQ(b.queue_at(Side::buy, 1000), (Q{10, 30}));
  EXPECT_EQ(b.reduce(h1, 4), 6u);
  EXPECT_EQ(b.queue_at(Side::buy, 1000), (Q{6, 30}));
  b.add(Side::buy, 1000, 40);
  EXPECT_EQ(b.queue_at(Side::buy, 1000), (Q{6, 30, 40}));
  EXPECT_EQ(b.reduce(h3, 99), 0u);  // more than it has: gone
  EXPECT_EQ(b.queue_at(Side::buy, 1000), (Q{6, 40}));
  EXPECT_EQ(b.best(Side::buy), (LevelInfo{1000, 2, 46}));
  EXPECT_EQ(b.order_count(), 2u);
}

TEST(OrderBook, DepthIsBestFirstOnBothSides) {
  OrderBook b;
  for (std::uint32_t p : {1003u, 1001u, 1005u, 1002u}) b.add(Side::buy, p, p - 1000);
  for (std::uint32_t p : {1010u, 1008u, 1012u, 1009u}) b.add(Side::sell, p, p - 1000);
  b.add(Side::buy, 1003, 7);
  EXPECT_EQ(b.depth(Side::buy),
            (std::vector<LevelInfo>{{1005, 1, 5}, {1003, 2, 10}, {1002, 1, 2}, {1001, 1, 1}}));
  EXPECT_EQ(b.depth(Side::sell, 3),
            (std::vector<LevelInfo>{{1008, 1, 8}, {1009, 1, 9}, {1010, 1, 10}}));
  EXPECT_EQ(b.best(Side::sell), (LevelInfo{1008, 1, 8}));
  LevelInfo out[2];
  EXPECT_EQ(b.depth(Side::buy, out), 2u);
  EXPECT_EQ(out[1], (LevelInfo{1003, 2, 10}));
}

TEST(OrderBook, LevelsFarFromTheTouchAndEmptiedLevelsGo) {
  OrderBook b;
  std::vector<OrderHandle> hs;
  for (std::uint32_t p = 100; p < 200; ++p) hs.push_back(b.add(Side::sell, p * 10, 1));
  EXPECT_EQ(b.level_count(Side::sell), 100u);
  b.add(Side::sell, 1505, 3);  // deep inside: binary search path
  b.add(Side::sell, 1500, 2);  // existing deep level
  EXPECT_EQ(b.queue_at(Side::sell, 1500), (Q{1, 2}));
  EXPECT_EQ(b.level_count(Side::sell), 101u);
  b.remove(hs[50]);  // 1500: one order left
  EXPECT_EQ(b.queue_at(Side::sell, 1500), (Q{2}));
  b.remove(hs[60]);  // 1600: level gone
  EXPECT_EQ(b.level_count(Side::sell), 100u);
  EXPECT_TRUE(b.queue_at(Side::sell, 1600).empty());
  b.remove(hs[0]);  // the best
  EXPECT_EQ(b.best(Side::sell), (LevelInfo{1010, 1, 1}));
  const auto d = b.depth(Side::sell);
  for (std::size_t i = 1; i < d.size(); ++i) EXPECT_LT(d[i - 1].price, d[i].price);
}

TEST(OrderBook, HandlesAreReused) {
  OrderBook b;
  const auto h = b.add(Side::buy, 5, 1);
  b.remove(h);
  const auto h2 = b.add(Side::buy, 6, 2);
  EXPECT_EQ(h, h2);  // a side's freed node is reused
  EXPECT_EQ(b.price(h2), 6u);
  EXPECT_EQ(b.side(h2), Side::buy);
  EXPECT_EQ(b.shares(h2), 2u);
  const auto h3 = b.add(Side::sell, 7, 3);
  EXPECT_NE(h3, h2);
  EXPECT_EQ(b.side(h3), Side::sell);
  EXPECT_EQ(b.price(h3), 7u);
  b.remove(h2);
  EXPECT_TRUE(b.empty(Side::buy));
  EXPECT_EQ(b.best(Side::sell), (LevelInfo{7, 1, 3}));
}

// Orders at many levels on both sides, removed in a scrambled order: the book stays sorted, each
// level's totals match its queue, and a handle always names its own order.
TEST(OrderBook, ScrambledRemovalsKeepLevelsConsistent) {
  OrderBook b;
  std::mt19937 rng(7);
  struct Live {
    OrderHandle h;
    Side s;
    std::uint32_t price, shares;
  };
  std::vector<Live> live;
  for (int step = 0; step < 20000; ++step) {
    if (live.empty() || rng() % 3 != 0) {
      const Side s = rng() % 2 ? Side::buy : Side::sell;
      const std::uint32_t price = s == Side::buy ? 1000 - rng() % 40 : 1001 + rng() % 40;
      const std::uint32_t shares = 1 + rng() % 100;
      live.push_back({b.add(s, price, shares), s, price, shares});
    } else {
      const std::size_t j = rng() % live.size();
      const Live o = live[j];
      ASSERT_EQ(b.side(o.h), o.s);
      ASSERT_EQ(b.price(o.h), o.price);
      ASSERT_EQ(b.shares(o.h), o.shares);
      if (rng() % 2) {
        b.remove(o.h);
        live[j] = live.back();
        live.pop_back();
      } else {
        const std::uint32_t left = b.reduce(o.h, 1 + rng() % 60);
        if (left == 0) {
          live[j] = live.back();
          live.pop_back();
        } else {
          live[j].shares = left;
        }
      }
    }
  }
  ASSERT_EQ(b.order_count(), live.size());
  for (Side s : {Side::buy, Side::sell}) {
    const auto d = b.depth(s);
    std::uint64_t orders = 0;
    for (std::size_t i = 0; i < d.size(); ++i) {
      if (i) {
        EXPECT_TRUE(s == Side::buy ? d[i - 1].price > d[i].price : d[i - 1].price < d[i].price);
      }
      const auto q = b.queue_at(s, d[i].price);
      EXPECT_EQ(q.size(), d[i].orders);
      std::uint64_t total = 0;
      for (auto x : q) total += x;
      EXPECT_EQ(total, d[i].shares);
      orders += d[i].orders;
    }
    std::size_t expect = 0;
    for (const Live& o : live) expect += o.s == s;
    EXPECT_EQ(orders, expect);
  }
}

// LevelBook (levels only, what BookSet keeps per stock) against OrderBook driven the same way:
// the same depth on both sides at every step, far-away levels included, and empty sides.
TEST(LevelBook, AgreesWithOrderBook) {
  OrderBook full;
  LevelBook levels;
  std::mt19937 rng(11);
  struct Live {
    OrderHandle h;
    Side s;
    std::uint32_t price, shares;
  };
  std::vector<Live> live;
  for (int step = 0; step < 20000; ++step) {
    if (live.empty() || rng() % 2) {
      const Side s = rng() % 2 ? Side::buy : Side::sell;
      // Mostly near the touch, sometimes thousands of ticks away.
      const std::uint32_t away = rng() % 10 ? rng() % 8 : rng() % 5000;
      const std::uint32_t price = s == Side::buy ? 100000 - away : 100001 + away;
      const std::uint32_t shares = 1 + rng() % 100;
      live.push_back({full.add(s, price, shares), s, price, shares});
      levels.join(s, price, shares);
    } else {
      const std::size_t j = rng() % live.size();
      Live& o = live[j];
      const std::uint32_t cut = 1 + rng() % 60;
      if (rng() % 3 == 0 || cut >= o.shares) {
        full.remove(o.h);
        levels.leave(o.s, o.price, o.shares);
        live[j] = live.back();
        live.pop_back();
      } else {
        EXPECT_EQ(full.reduce(o.h, cut), o.shares - cut);
        levels.take(o.s, o.price, cut);
        o.shares -= cut;
      }
    }
    if (step % 97 == 0 || live.empty()) {
      for (Side s : {Side::buy, Side::sell}) {
        ASSERT_EQ(levels.depth(s), full.depth(s)) << "step " << step;
        ASSERT_EQ(levels.best(s), full.best(s));
      }
      ASSERT_EQ(levels.order_count(), full.order_count());
    }
  }
  EXPECT_GT(levels.memory_bytes(), sizeof(LevelBook));
}

// Priority is the arrival number: removing orders from the front, middle and back of a level in
// any order keeps the others in arrival order, and a reused node queues as the newest.
TEST(OrderBook, ArrivalOrderSurvivesNodeReuse) {
  OrderBook b;
  std::vector<OrderHandle> h;
  for (std::uint32_t i = 1; i <= 6; ++i) h.push_back(b.add(Side::sell, 500, i));
  b.remove(h[0]);
  b.remove(h[3]);
  b.remove(h[5]);
  EXPECT_EQ(b.queue_at(Side::sell, 500), (Q{2, 3, 5}));
  const auto again = b.add(Side::sell, 500, 7);  // reuses a freed node
  EXPECT_TRUE(again == h[0] || again == h[3] || again == h[5]);
  EXPECT_EQ(b.queue_at(Side::sell, 500), (Q{2, 3, 5, 7}));
  b.reduce(h[1], 1);
  EXPECT_EQ(b.queue_at(Side::sell, 500), (Q{1, 3, 5, 7}));
  EXPECT_EQ(b.best(Side::sell), (LevelInfo{500, 4, 16}));
}

TEST(OrderMap, AgreesWithUnorderedMap) {
  for (int pattern = 0; pattern < 3; ++pattern) {
    OrderMap m(16);
    std::unordered_map<std::uint64_t, OrderHandle> ref;
    std::mt19937_64 rng(pattern);
    std::uint64_t next = 1;
    std::vector<std::uint64_t> live;
    for (int i = 0; i < 200000; ++i) {
      const bool add = live.size() < 50 || rng() % 100 < 52;
      if (add) {
        std::uint64_t k = pattern == 0 ? next++ : pattern == 1 ? (next++) << 20 : rng();
        const bool fresh = !ref.count(k);
        EXPECT_EQ(m.insert(k, {OrderHandle(i), 1}), fresh);
        if (fresh) {
          ref[k] = OrderHandle(i);
          live.push_back(k);
        }
      } else {
        const std::size_t j = rng() % live.size();
        const std::uint64_t k = live[j];
        live[j] = live.back();
        live.pop_back();
        if (i % 2) {
          EXPECT_TRUE(m.erase(k));
        } else {
          const OrderLocation* at = m.find(k);
          ASSERT_NE(at, nullptr);
          EXPECT_EQ(at->handle, ref[k]);
          m.erase(at);
        }
        ref.erase(k);
        EXPECT_FALSE(m.erase(k));
      }
      ASSERT_EQ(m.size(), ref.size());
    }
    for (auto [k, v] : ref) {
      const OrderLocation* at = m.find(k);
      ASSERT_NE(at, nullptr);
      EXPECT_EQ(at->handle, v);
    }
    EXPECT_EQ(m.find(0xdeadbeefcafeull), nullptr);
    EXPECT_FALSE(m.insert(OrderMap::kEmptyKey, {}));
  }
}

}  // namespace
}  // namespace sp::market::book
