// RefIndex (reference -> order location: a direct-mapped window over the newest references plus an
// OrderMap for older ones) against std::unordered_map: increasing references with gaps, jumps past
// the whole window, references below the window, duplicates, unknown references, erase through a
// find() pointer, and orders that outlive the window (moved to the map) found again.
#include <gtest/gtest.h>

#include <random>
#include <unordered_map>
#include <vector>

#include "market/book/ref_index.h"

namespace sp::market::book {
namespace {

void expect_same(const RefIndex& idx, const std::unordered_map<std::uint64_t, OrderLocation>& want,
                 const std::vector<std::uint64_t>& probes) {
  ASSERT_EQ(idx.size(), want.size());
  for (std::uint64_t r : probes) {
    const OrderLocation* at = idx.find(r);
    auto it = want.find(r);
    if (it == want.end()) {
      ASSERT_EQ(at, nullptr) << "ref " << r;
    } else {
      ASSERT_NE(at, nullptr) << "ref " << r;
      ASSERT_EQ(at->handle, it->second.handle) << "ref " << r;
      ASSERT_EQ(at->locate, it->second.locate) << "ref " << r;
    }
  }
}

TEST(RefIndex, AgreesWithUnorderedMap) {
  constexpr std::uint64_t W = RefIndex::kWindow;
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    std::mt19937_64 rng(seed);
    RefIndex idx(16);
    std::unordered_map<std::uint64_t, OrderLocation> want;
    std::vector<std::uint64_t> live;
    std::uint64_t next = seed == 4 ? (std::uint64_t{1} << 40) : 1;  // a feed that starts high
    for (int step = 0; step < 400000; ++step) {
      const std::uint64_t r = rng() % 100;
      if (r < 50 || live.empty()) {
        std::uint64_t ref;
        if (r < 40) {
          ref = next++;  // the usual: the next reference
        } else if (r < 44) {
          ref = (next += 1 + rng() % 50);  // a gap
        } else if (r < 45 && rng() % 200 == 0) {
          ref = (next += W + rng() % (3 * W));  // past the whole window
        } else if (r < 48 && next > 10) {
          ref = rng() % next;  // an older reference: maybe below the window, maybe live
        } else {
          ref = next++;
        }
        const OrderLocation loc{static_cast<OrderHandle>(rng() % 1000000),
                                static_cast<std::uint16_t>(rng() % 65536)};
        const bool fresh = !want.count(ref);
        ASSERT_EQ(idx.insert(ref, loc), fresh) << "ref " << ref;
        if (fresh) {
          want[ref] = loc;
          live.push_back(ref);
        }
        if (ref >= next) next = ref + 1;
      } else {
        // Mostly a recent order, sometimes any (an old survivor), sometimes an unknown reference.
        std::size_t j = rng() % 4
                            ? live.size() - 1 - rng() % std::min<std::size_t>(live.size(), 2000)
                            : rng() % live.size();
        if (rng() % 50 == 0) {
          const std::uint64_t unknown = next + 1 + rng() % 100;
          ASSERT_EQ(idx.find(unknown), nullptr);
          ASSERT_FALSE(idx.erase(unknown));
          continue;
        }
        const std::uint64_t ref = live[j];
        const OrderLocation* at = idx.find(ref);
        ASSERT_NE(at, nullptr) << "ref " << ref;
        if (rng() % 2) {
          idx.erase(at);
        } else {
          ASSERT_TRUE(idx.erase(ref));
        }
        want.erase(ref);
        live[j] = live.back();
        live.pop_back();
      }
      if (step % 50000 == 0) {
        std::vector<std::uint64_t> probes(live.begin(), live.end());
        for (int k = 0; k < 200; ++k) probes.push_back(rng() % (next + 10));
        expect_same(idx, want, probes);
      }
    }
    std::vector<std::uint64_t> probes(live.begin(), live.end());
    expect_same(idx, want, probes);
    EXPECT_GT(idx.old_size(), 0u) << "seed " << seed << ": no order outlived the window";
  }
}

// The index BookSet uses, holding whole orders: records survive the move out of the window with
// every field, for_each() sees each live entry once (in the window and in the map), and the cache
// hints take any reference at all (below, inside and far above the window) without effect.
TEST(RefIndex, WholeOrderRecordsAcrossTheWindow) {
  constexpr std::uint64_t W = RefIndexOf<OrderRecord>::kWindow;
  RefIndexOf<OrderRecord> idx(16);
  std::unordered_map<std::uint64_t, OrderRecord> want;
  std::mt19937_64 rng(99);
  std::uint64_t next = 1;
  auto record = [&](std::uint64_t r) {
    return OrderRecord{static_cast<std::uint32_t>(100 + r % 1000),
                       static_cast<std::uint32_t>(1 + r % 77), static_cast<std::uint32_t>(r),
                       static_cast<std::uint16_t>(r % 5000), r % 2 ? Side::sell : Side::buy};
  };
  for (int round = 0; round < 3; ++round) {
    // A few thousand orders, most deleted soon, some kept; then a jump past the window.
    for (int i = 0; i < 5000; ++i) {
      const std::uint64_t r = next++;
      idx.prefetch_insert(r);
      ASSERT_TRUE(idx.insert(r, record(r)));
      want[r] = record(r);
      if (i > 10 && rng() % 4) {
        const std::uint64_t victim = r - rng() % 10;
        idx.prefetch(victim);
        if (want.erase(victim)) {
          ASSERT_TRUE(idx.erase(victim));
        }
      }
    }
    next += W + rng() % W;
    idx.prefetch_insert(next);
    ASSERT_TRUE(idx.insert(next, record(next)));
    want[next] = record(next);
    ++next;
  }
  EXPECT_GT(idx.old_size(), 0u);
  ASSERT_EQ(idx.size(), want.size());
  std::size_t seen = 0;
  idx.for_each([&](std::uint64_t r, const OrderRecord& o) {
    ++seen;
    auto it = want.find(r);
    ASSERT_NE(it, want.end()) << "ref " << r;
    EXPECT_EQ(o.price, it->second.price);
    EXPECT_EQ(o.shares, it->second.shares);
    EXPECT_EQ(o.seq, it->second.seq);
    EXPECT_EQ(o.locate, it->second.locate);
    EXPECT_EQ(o.side, it->second.side);
  });
  EXPECT_EQ(seen, want.size());
  for (auto& [r, o] : want) {
    OrderRecord* at = idx.find(r);
    ASSERT_NE(at, nullptr);
    EXPECT_EQ(at->shares, o.shares);
    at->shares = 1;  // writable through find()
    EXPECT_EQ(idx.find(r)->shares, 1u);
  }
  for (std::uint64_t r : {std::uint64_t{0}, next + 5, next + 10 * W, OrderMap::kEmptyKey}) {
    idx.prefetch(r);
    idx.prefetch_insert(r);
  }
  EXPECT_FALSE(idx.insert(next, OrderRecord{}));  // an empty record is not an order
  EXPECT_EQ(idx.find(next), nullptr);
}

TEST(RefIndex, EdgeReferences) {
  RefIndex idx;
  EXPECT_FALSE(idx.insert(OrderMap::kEmptyKey, {1, 1}));
  EXPECT_EQ(idx.find(OrderMap::kEmptyKey), nullptr);
  EXPECT_TRUE(idx.insert(0, {7, 1}));
  EXPECT_FALSE(idx.insert(0, {8, 1}));
  EXPECT_TRUE(idx.insert(OrderMap::kEmptyKey - 1, {9, 2}));  // jumps the window to the top
  ASSERT_NE(idx.find(0), nullptr);                           // moved to the map, still found
  EXPECT_EQ(idx.find(0)->handle, 7u);
  EXPECT_EQ(idx.find(OrderMap::kEmptyKey - 1)->handle, 9u);
  EXPECT_EQ(idx.size(), 2u);
  EXPECT_TRUE(idx.insert(5, {10, 3}));  // far below the window: the map
  EXPECT_EQ(idx.find(5)->locate, 3u);
  EXPECT_TRUE(idx.erase(std::uint64_t{0}));
  EXPECT_TRUE(idx.erase(std::uint64_t{5}));
  EXPECT_TRUE(idx.erase(OrderMap::kEmptyKey - 1));
  EXPECT_EQ(idx.size(), 0u);
}

}  // namespace
}  // namespace sp::market::book
