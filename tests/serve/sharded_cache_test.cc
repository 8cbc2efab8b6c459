#include "serve/cache/sharded_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <new>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

// Counts this thread's allocations, to show the hit path makes none. (GCC sees the replacement's
// free() inlined next to its malloc() and warns of a mismatch that is not one.)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
namespace {
thread_local std::uint64_t t_allocations = 0;
}
void* operator new(std::size_t n) {
  ++t_allocations;
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

namespace sp::serve::cache {
namespace {

using namespace std::chrono_literals;
using Cache = ShardedCache<>;

class ManualClock final : public Clock {
 public:
  Nanos now() const override { return Nanos(now_.load()); }
  void advance(Nanos d) { now_ += d.count(); }

 private:
  std::atomic<std::int64_t> now_{1'000'000'000};
};

SharedBytes bytes(std::string s) {
  return std::make_shared<const Bytes>(std::move(s));
}

EntryOptions ttl(Nanos t, std::vector<std::string> tags = {}) {
  EntryOptions o;
  o.ttl = t;
  o.tags = std::move(tags);
  return o;
}

// Waits (up to 10 s) until `done()` holds; false on timeout.
template <class F>
bool eventually(F done) {
  for (int i = 0; i < 10'000; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(1ms);
  }
  return done();
}

// A gate a compute() blocks on until the test opens it.
class Gate {
 public:
  void open() {
    {
      std::lock_guard l(m_);
      open_ = true;
    }
    cv_.notify_all();
  }
  void wait() {
    std::unique_lock l(m_);
    cv_.wait(l, [this] { return open_; });
  }

 private:
  std::mutex m_;
  std::condition_variable cv_;
  bool open_ = false;
};

CacheOptions small(ManualClock* clock = nullptr, std::uint64_t capacity = 1 << 20,
                   unsigned shards = 4) {
  CacheOptions o;
  o.capacity_bytes = capacity;
  o.shards = shards;
  o.clock = clock;
  o.expected_entry_charge = 512;
  return o;
}

TEST(ShardedCache, HitReturnsTheSameBytesWithoutCopyOrAllocation) {
  Cache cache(small());
  const SharedBytes body = bytes(std::string(4096, 'x'));
  ASSERT_TRUE(cache.put("GET /v1/bars/AAPL|gzip", body, ttl(60s)));
  auto warm = cache.get("GET /v1/bars/AAPL|gzip");  // first hit: nothing lazy left to allocate
  ASSERT_TRUE(warm.has_value());
  const std::uint64_t before = t_allocations;
  auto hit = cache.get("GET /v1/bars/AAPL|gzip");
  auto computed = cache.get_or_compute("GET /v1/bars/AAPL|gzip", []() -> Fill<SharedBytes> {
    throw std::logic_error("not called on a hit");
  });
  const std::uint64_t after = t_allocations;
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->value.get(), body.get());
  EXPECT_EQ(hit->freshness, Freshness::fresh);
  EXPECT_EQ(computed.value.get(), body.get());
  EXPECT_EQ(computed.source, Source::hit);
  EXPECT_EQ(after - before, 0u) << "the hit path allocated";
  EXPECT_FALSE(cache.get("GET /v1/bars/MSFT|gzip").has_value());
  EXPECT_EQ(cache.stats().hits, 3u);
  EXPECT_EQ(cache.stats().misses, 1u);
}

TEST(ShardedCache, ByteBoundIsNeverExceeded) {
  Cache cache(small(nullptr, 256 * 1024, 4));
  std::mt19937_64 rng(3);
  std::uint64_t peak = 0;
  for (int i = 0; i < 20'000; ++i) {
    const std::string key = "k" + std::to_string(rng() % 2'000);
    if (rng() % 3 == 0) {
      cache.get(key);
    } else {
      cache.put(key, bytes(std::string(100 + rng() % 4'000, 'v')),
                ttl(1h, {"t" + std::to_string(rng() % 10)}));
    }
    const std::uint64_t charge = cache.charge();
    ASSERT_LE(charge, cache.capacity()) << "after operation " << i;
    peak = std::max(peak, charge);
  }
  EXPECT_GT(peak, cache.capacity() * 3 / 4) << "the cache should fill up";
  EXPECT_GT(cache.stats().evictions, 0u);
}

TEST(ShardedCache, ValueBiggerThanAShardIsNotCached) {
  Cache cache(small(nullptr, 64 * 1024, 4));  // 16 KiB a shard
  ASSERT_TRUE(cache.put("k", bytes("small"), ttl(1h)));
  EXPECT_FALSE(cache.put("k", bytes(std::string(20'000, 'x')), ttl(1h)));
  EXPECT_FALSE(cache.get("k").has_value())
      << "the older value must not survive a refused replacement";
  EXPECT_EQ(cache.stats().rejected, 1u);
  EXPECT_EQ(cache.charge(), 0u);
}

TEST(ShardedCache, TtlExpiresWithTheInjectedClock) {
  ManualClock clock;
  Cache cache(small(&clock));
  cache.put("quote", bytes("1"), ttl(10s));
  cache.put("forever", bytes("2"), EntryOptions{});
  clock.advance(9s);
  EXPECT_TRUE(cache.get("quote").has_value());
  clock.advance(1s);  // exactly ttl: no longer fresh, and no stale window
  EXPECT_FALSE(cache.get("quote").has_value());
  EXPECT_EQ(cache.stats().expirations, 1u);
  EXPECT_EQ(cache.size(), 1u) << "the expired entry is dropped, not kept";
  clock.advance(24h * 365);
  EXPECT_TRUE(cache.get("forever").has_value());
}

TEST(ShardedCache, InvalidateDropsEveryEntryWithTheTag) {
  Cache cache(small(nullptr, 4 << 20, 8));
  for (int i = 0; i < 200; ++i) {
    cache.put("bars/AAPL/" + std::to_string(i), bytes("a"), ttl(1h, {"AAPL"}));
    cache.put("bars/MSFT/" + std::to_string(i), bytes("m"), ttl(1h, {"MSFT"}));
  }
  cache.put("risk/AAPL+MSFT", bytes("r"), ttl(1h, {"AAPL", "MSFT", "AAPL"}));
  ASSERT_EQ(cache.size(), 401u);

  EXPECT_EQ(cache.invalidate("AAPL"), 201u);
  EXPECT_EQ(cache.size(), 200u);
  EXPECT_FALSE(cache.get("bars/AAPL/7").has_value());
  EXPECT_FALSE(cache.get("risk/AAPL+MSFT").has_value());
  EXPECT_TRUE(cache.get("bars/MSFT/7").has_value());
  EXPECT_EQ(cache.invalidate("AAPL"), 0u);
  EXPECT_EQ(cache.invalidate("MSFT"), 200u) << "the shared entry left the MSFT index too";
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(cache.charge(), 0u);
}

TEST(ShardedCache, EraseAndClear) {
  Cache cache(small());
  cache.put("a", bytes("1"), ttl(1h, {"x"}));
  cache.put("b", bytes("2"), ttl(1h, {"x"}));
  EXPECT_TRUE(cache.erase("a"));
  EXPECT_FALSE(cache.erase("a"));
  EXPECT_EQ(cache.invalidate("x"), 1u);
  cache.put("c", bytes("3"), ttl(1h));
  cache.clear();
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(cache.charge(), 0u);
  EXPECT_FALSE(cache.get("c").has_value());
}

// N threads miss the same key at once: one computes, the others wait and get the same bytes.
TEST(ShardedCache, SingleFlightComputesOnce) {
  Cache cache(small());
  constexpr int kThreads = 8;
  for (int round = 0; round < 20; ++round) {
    const std::string key = "GET /v1/indicators/AAPL?spec=rsi:14#" + std::to_string(round);
    std::atomic<int> computations{0};
    Gate gate;
    std::vector<Result<SharedBytes>> results(kThreads);
    std::vector<std::thread> threads;
    const std::uint64_t coalesced_before = cache.stats().coalesced;
    for (int t = 0; t < kThreads; ++t)
      threads.emplace_back([&, t] {
        results[t] = cache.get_or_compute(key, [&] {
          ++computations;
          gate.wait();  // hold the flight open until everyone has joined it
          return Fill<SharedBytes>{bytes("rsi"), ttl(1h)};
        });
      });
    ASSERT_TRUE(
        eventually([&] { return cache.stats().coalesced - coalesced_before == kThreads - 1; }));
    gate.open();
    for (auto& t : threads) t.join();
    EXPECT_EQ(computations.load(), 1);
    int computed = 0, coalesced = 0;
    for (const auto& r : results) {
      EXPECT_EQ(r.value.get(), results[0].value.get());
      computed += r.source == Source::computed;
      coalesced += r.source == Source::coalesced;
    }
    EXPECT_EQ(computed, 1);
    EXPECT_EQ(coalesced, kThreads - 1);
    EXPECT_EQ(cache.get(key)->value.get(), results[0].value.get());
  }
}

// A failing computation reaches every waiter as the same exception and is not cached.
TEST(ShardedCache, ErrorsArePropagatedNotCached) {
  Cache cache(small());
  constexpr int kThreads = 6;
  std::atomic<int> computations{0};
  std::atomic<int> errors{0};
  Gate gate;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      try {
        cache.get_or_compute("k", [&]() -> Fill<SharedBytes> {
          ++computations;
          gate.wait();
          throw std::runtime_error("store unavailable");
        });
      } catch (const std::runtime_error& e) {
        errors += std::string(e.what()) == "store unavailable";
      }
    });
  ASSERT_TRUE(eventually([&] { return cache.stats().coalesced == kThreads - 1; }));
  gate.open();
  for (auto& t : threads) t.join();
  EXPECT_EQ(computations.load(), 1);
  EXPECT_EQ(errors.load(), kThreads);
  EXPECT_FALSE(cache.get("k").has_value());
  auto r = cache.get_or_compute("k", [&] {
    ++computations;
    return Fill<SharedBytes>{bytes("ok"), ttl(1h)};
  });
  EXPECT_EQ(computations.load(), 2) << "the error was not cached";
  EXPECT_EQ(*r.value, "ok");
  EXPECT_EQ(cache.stats().compute_errors, 1u);
}

// Past its TTL but inside stale-while-revalidate, one caller refreshes while the others get the
// stale bytes at once.
TEST(ShardedCache, StaleWhileRevalidateServesStaleDuringOneRefresh) {
  ManualClock clock;
  Cache cache(small(&clock));
  EntryOptions o = ttl(10s);
  o.stale_while_revalidate = 30s;
  cache.put("k", bytes("old"), o);
  clock.advance(15s);
  auto peek = cache.get("k");
  ASSERT_TRUE(peek.has_value());
  EXPECT_EQ(peek->freshness, Freshness::stale_while_revalidate);

  std::atomic<int> computations{0};
  Gate gate;
  Result<SharedBytes> refreshed;
  std::thread refresher([&] {
    refreshed = cache.get_or_compute("k", [&] {
      ++computations;
      gate.wait();
      return Fill<SharedBytes>{bytes("new"), o};
    });
  });
  ASSERT_TRUE(eventually([&] { return computations.load() == 1; }));
  for (int i = 0; i < 5; ++i) {
    auto r = cache.get_or_compute("k", [&]() -> Fill<SharedBytes> {
      ++computations;
      return Fill<SharedBytes>{bytes("unexpected"), o};
    });
    EXPECT_EQ(*r.value, "old");
    EXPECT_EQ(r.source, Source::stale);
  }
  gate.open();
  refresher.join();
  EXPECT_EQ(computations.load(), 1);
  EXPECT_EQ(*refreshed.value, "new");
  EXPECT_EQ(refreshed.source, Source::computed);
  auto now = cache.get("k");
  ASSERT_TRUE(now.has_value());
  EXPECT_EQ(*now->value, "new");
  EXPECT_EQ(now->freshness, Freshness::fresh);
}

TEST(ShardedCache, StaleIfErrorServesTheOldValueWhenTheRefreshFails) {
  ManualClock clock;
  Cache cache(small(&clock));
  EntryOptions o = ttl(10s);
  o.stale_if_error = 60s;
  cache.put("k", bytes("old"), o);
  auto failing = []() -> Fill<SharedBytes> { throw std::runtime_error("down"); };

  clock.advance(20s);  // stale: not served as such, but kept for errors
  EXPECT_EQ(cache.get("k")->freshness, Freshness::stale_if_error);
  auto r = cache.get_or_compute("k", failing);
  EXPECT_EQ(*r.value, "old");
  EXPECT_EQ(r.source, Source::stale_on_error);
  // A refresh that works replaces it.
  auto ok = cache.get_or_compute("k", [&] { return Fill<SharedBytes>{bytes("new"), o}; });
  EXPECT_EQ(ok.source, Source::computed);
  EXPECT_EQ(*ok.value, "new");

  clock.advance(10s + 60s);  // beyond both windows: the error reaches the caller
  EXPECT_THROW(cache.get_or_compute("k", failing), std::runtime_error);
  EXPECT_EQ(cache.stats().stale_on_error, 1u);
}

// An invalidation that arrives while a value is being computed keeps that value out of the cache.
TEST(ShardedCache, InvalidationDuringComputeIsNotUndone) {
  Cache cache(small());
  Gate gate;
  std::atomic<bool> started{false};
  Result<SharedBytes> r;
  std::thread leader([&] {
    r = cache.get_or_compute("bars/AAPL", [&] {
      started = true;
      gate.wait();
      return Fill<SharedBytes>{bytes("computed before the trade"), ttl(1h, {"AAPL"})};
    });
  });
  ASSERT_TRUE(eventually([&] { return started.load(); }));
  cache.invalidate("AAPL");
  gate.open();
  leader.join();
  EXPECT_EQ(r.source, Source::computed);  // the caller still gets its answer
  EXPECT_FALSE(cache.get("bars/AAPL").has_value());
}

// Every operation from several threads at once; run under the sanitizers.
TEST(ShardedCache, ConcurrentMixedOperationsKeepTheInvariants) {
  Cache cache(small(nullptr, 128 * 1024, 4));
  std::atomic<bool> stop{false};
  std::atomic<std::uint64_t> over{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      std::mt19937_64 rng(static_cast<unsigned>(t));
      for (int i = 0; i < 20'000; ++i) {
        const std::string key = "k" + std::to_string(rng() % 500);
        const std::string tag = "s" + std::to_string(rng() % 8);
        switch (rng() % 10) {
          case 0:
            cache.invalidate(tag);
            break;
          case 1:
            cache.erase(key);
            break;
          case 2:
          case 3:
            cache.put(key, bytes(std::string(rng() % 2'000, 'p')), ttl(1h, {tag}));
            break;
          default:
            try {
              cache.get_or_compute(key, [&]() -> Fill<SharedBytes> {
                if (i % 17 == 0) throw std::runtime_error("x");
                return Fill<SharedBytes>{bytes(std::string(500, 'c')), ttl(1h, {tag})};
              });
            } catch (const std::runtime_error&) {
            }
        }
        if (cache.charge() > cache.capacity()) ++over;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(over.load(), 0u);
  const CacheStats s = cache.stats();
  EXPECT_GT(s.hits, 0u);
  EXPECT_GT(s.evictions + s.invalidations, 0u);
  cache.clear();
  EXPECT_EQ(cache.charge(), 0u);
}

}  // namespace
}  // namespace sp::serve::cache
