#include "serve/cache/wtinylfu_policy.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <list>
#include <random>
#include <unordered_map>
#include <utility>

namespace sp::serve::cache {
namespace {

// The policy over a map of nodes, as a cache shard drives it.
class PolicyCache {
 public:
  explicit PolicyCache(WTinyLfuOptions o) : policy_(o) {}
  // True on a hit; on a miss the key is inserted (and may lose admission at once).
  bool access(std::uint64_t key, std::uint64_t charge = 1) {
    auto it = nodes_.find(key);
    if (it != nodes_.end()) {
      policy_.on_hit(&it->second);
      return true;
    }
    PolicyNode& n = nodes_[key];
    n.hash = key;
    n.charge = charge;
    policy_.on_insert(&n, nodes_.size(), [this](PolicyNode* evicted) {
      EXPECT_EQ(evicted->queue, Queue::none);
      evicted_charge_ += evicted->charge;
      nodes_.erase(evicted->hash);
    });
    return false;
  }
  bool contains(std::uint64_t key) const { return nodes_.count(key) != 0; }
  std::uint64_t resident_charge() const {
    std::uint64_t sum = 0;
    for (const auto& [k, n] : nodes_) sum += n.charge;
    return sum;
  }
  const WTinyLfuPolicy& policy() const { return policy_; }

 private:
  std::unordered_map<std::uint64_t, PolicyNode> nodes_;  // node-based: addresses are stable
  WTinyLfuPolicy policy_;
  std::uint64_t evicted_charge_ = 0;
};

class LruCache {
 public:
  explicit LruCache(std::size_t capacity) : capacity_(capacity) {}
  bool access(std::uint64_t key) {
    auto it = index_.find(key);
    if (it != index_.end()) {
      order_.splice(order_.end(), order_, it->second);
      return true;
    }
    if (order_.size() == capacity_) {
      index_.erase(order_.front());
      order_.pop_front();
    }
    index_[key] = order_.insert(order_.end(), key);
    return false;
  }
  bool contains(std::uint64_t key) const { return index_.count(key) != 0; }

 private:
  std::size_t capacity_;
  std::list<std::uint64_t> order_;
  std::unordered_map<std::uint64_t, std::list<std::uint64_t>::iterator> index_;
};

WTinyLfuOptions units(std::uint64_t capacity) {
  WTinyLfuOptions o;
  o.capacity = capacity;
  return o;
}

// A hot set used for a while, then a long scan of keys seen once (a crawler, a report over every
// symbol): LRU forgets the hot set, W-TinyLFU keeps it because no scanned key is more frequent.
class ScanTest : public testing::TestWithParam<WindowAdaptation> {};

TEST_P(ScanTest, ScanDoesNotFlushTheHotSet) {
  const std::uint64_t capacity = 100;
  WTinyLfuOptions o = units(capacity);
  o.adaptation = GetParam();
  PolicyCache tiny(o);
  LruCache lru(capacity);
  const std::uint64_t hot = 60;
  for (int round = 0; round < 20; ++round)
    for (std::uint64_t k = 0; k < hot; ++k) {
      tiny.access(k);
      lru.access(k);
    }
  for (std::uint64_t k = 1'000'000; k < 1'005'000; ++k) {
    tiny.access(k);
    lru.access(k);
  }
  int tiny_kept = 0, lru_kept = 0;
  for (std::uint64_t k = 0; k < hot; ++k) {
    tiny_kept += tiny.contains(k);
    lru_kept += lru.contains(k);
  }
  EXPECT_EQ(lru_kept, 0);
  // (Hill climbing reacts to the scan's falling hit ratio by moving a few hot entries into the
  // window, where the scan passes through; the others keep all or nearly all.)
  EXPECT_GE(tiny_kept, 50) << "the hot set should survive the scan";

  // And the hot set is served from cache afterwards: hits, not misses.
  int tiny_hits = 0, lru_hits = 0;
  for (std::uint64_t k = 0; k < hot; ++k) {
    tiny_hits += tiny.access(k);
    lru_hits += lru.access(k);
  }
  EXPECT_GE(tiny_hits, 50);
  EXPECT_EQ(lru_hits, 0);
}

INSTANTIATE_TEST_SUITE_P(WTinyLfuPolicy, ScanTest,
                         testing::Values(WindowAdaptation::ghost_feedback,
                                         WindowAdaptation::hill_climbing, WindowAdaptation::none));

// A skewed (Zipf-like) stream mixed with one-off keys: the policy beats LRU's hit ratio.
TEST(WTinyLfuPolicy, BeatsLruOnSkewedTrafficWithNoise) {
  const std::uint64_t capacity = 200;
  PolicyCache tiny(units(capacity));
  LruCache lru(capacity);
  std::mt19937_64 rng(1);
  std::uniform_real_distribution<double> u(0, 1);
  std::uint64_t fresh = 10'000'000;
  int tiny_hits = 0, lru_hits = 0;
  for (int i = 0; i < 200'000; ++i) {
    // Half the requests to 2,000 keys with probability ~ 1/rank, half to never-repeated keys.
    const std::uint64_t key =
        u(rng) < 0.5 ? static_cast<std::uint64_t>(std::exp(u(rng) * std::log(2000.0))) : fresh++;
    tiny_hits += tiny.access(key);
    lru_hits += lru.access(key);
  }
  EXPECT_GT(tiny_hits, lru_hits * 11 / 10) << "W-TinyLFU " << tiny_hits << ", LRU " << lru_hits;
}

// A back-and-forth scan over more keys than fit (LIRS's "backf"): every key is equally frequent and
// only recency helps, so LRU is optimal. Ghost feedback grows the window until the policy is about
// as good as LRU; with a fixed 1% window it stays far below.
TEST(WTinyLfuPolicy, GhostFeedbackGrowsTheWindowWhenRecencyWins) {
  const std::uint64_t capacity = 100;
  auto run = [&](WindowAdaptation adaptation, std::uint64_t* window) {
    WTinyLfuOptions o = units(capacity);
    o.adaptation = adaptation;
    PolicyCache cache(o);
    LruCache lru(capacity);
    int hits = 0, lru_hits = 0;
    for (int pass = 0; pass < 40; ++pass)
      for (int i = 0; i < 250; ++i) {
        const std::uint64_t key = pass % 2 == 0 ? i : 249 - i;
        const bool h = cache.access(key), l = lru.access(key);
        if (pass >= 20) {  // after warming up
          hits += h;
          lru_hits += l;
        }
      }
    *window = cache.policy().window_capacity();
    return std::pair(hits, lru_hits);
  };
  std::uint64_t window = 0;
  auto [adaptive, lru] = run(WindowAdaptation::ghost_feedback, &window);
  EXPECT_GT(window, capacity / 2);
  EXPECT_GE(adaptive, lru * 97 / 100) << "ghost feedback " << adaptive << ", LRU " << lru;
  auto [fixed, lru_again] = run(WindowAdaptation::none, &window);
  EXPECT_EQ(window, 1u);
  EXPECT_LT(fixed, lru_again * 9 / 10) << "the fixed window should be clearly worse here";
}

TEST(WTinyLfuPolicy, ChargesNeverExceedCapacity) {
  for (WindowAdaptation adaptation :
       {WindowAdaptation::ghost_feedback, WindowAdaptation::hill_climbing}) {
    const std::uint64_t capacity = 10'000;
    WTinyLfuOptions o = units(capacity);
    o.adaptation = adaptation;
    o.expected_entries = 8;  // small, so that the sketch grows on the way
    PolicyCache cache(o);
    std::mt19937_64 rng(7);
    for (int i = 0; i < 100'000; ++i) {
      const std::uint64_t key = rng() % 3'000;
      cache.access(key, 1 + key % 700);
      ASSERT_LE(cache.policy().charge(), capacity) << "after access " << i;
      ASSERT_EQ(cache.policy().charge(), cache.resident_charge());
    }
    EXPECT_GT(cache.policy().charge(), capacity / 2);
    EXPECT_GT(cache.policy().sketch().expected_entries(), 8u);
  }
}

TEST(WTinyLfuPolicy, EntryLargerThanCapacityIsDroppedAtOnce) {
  PolicyCache cache(units(100));
  cache.access(1, 10);
  cache.access(2, 101);
  EXPECT_FALSE(cache.contains(2));
  EXPECT_TRUE(cache.contains(1));
  EXPECT_EQ(cache.policy().charge(), 10u);
}

TEST(WTinyLfuPolicy, ProbationHitsArePromotedAndProtectedStaysBounded) {
  WTinyLfuOptions o = units(100);
  o.adaptation = WindowAdaptation::none;
  PolicyCache cache(o);
  for (std::uint64_t k = 0; k < 100; ++k) cache.access(k);
  for (std::uint64_t k = 0; k < 100; ++k) cache.access(k);  // hits promote to protected
  const auto& p = cache.policy();
  EXPECT_EQ(p.window_capacity(), 1u);
  EXPECT_LE(p.protected_charge(), 79u);  // 80% of the 99-unit main space
  EXPECT_GT(p.protected_charge(), 0u);
  EXPECT_EQ(p.window_charge() + p.probation_charge() + p.protected_charge(), 100u);
}

}  // namespace
}  // namespace sp::serve::cache
