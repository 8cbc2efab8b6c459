#include "serve/filters/rate_limiter.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace sp::serve {
namespace {

constexpr std::int64_t kSecond = 1'000'000'000;

TEST(ParseRateLimit, RateAndBurstAsWritten) {
  RateLimit l;
  EXPECT_EQ(parse_rate_limit("50", "100", &l), "");
  EXPECT_EQ(l.per_second, 50);
  EXPECT_EQ(l.burst, 100);
  EXPECT_EQ(parse_rate_limit("0.2", "", &l), "");  // burst: twice the rate, at least 1
  EXPECT_EQ(l.per_second, 0.2);
  EXPECT_EQ(l.burst, 1);
  EXPECT_EQ(parse_rate_limit("7.5", "", &l), "");
  EXPECT_EQ(l.burst, 15);
  const RateLimit before = l;
  EXPECT_EQ(parse_rate_limit("fast", "", &l), "rate 'fast' is not a positive number");
  EXPECT_EQ(parse_rate_limit("0", "5", &l), "rate '0' is not a positive number");
  EXPECT_EQ(parse_rate_limit("inf", "", &l), "rate 'inf' is not a positive number");
  EXPECT_EQ(parse_rate_limit("5x", "", &l), "rate '5x' is not a positive number");
  EXPECT_EQ(parse_rate_limit("5", "0.5", &l), "burst '0.5' is not a number >= 1");
  EXPECT_EQ(parse_rate_limit("5", "many", &l), "burst 'many' is not a number >= 1");
  EXPECT_EQ(l.per_second, before.per_second);  // untouched on error
  EXPECT_EQ(l.burst, before.burst);
}

TEST(TokenBucket, BurstThenSustainedRate) {
  const RateLimit lim{.per_second = 10, .burst = 5};
  TokenBucket b(lim, 0);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(b.take(lim, 0), 0) << i;  // the burst
  const std::int64_t wait = b.take(lim, 0);
  EXPECT_EQ(wait, kSecond / 10);                        // one token every 100 ms
  EXPECT_GT(b.take(lim, kSecond / 10 - 1), 0);          // not quite yet
  EXPECT_EQ(b.take(lim, kSecond / 10), 0);              // exactly then
  EXPECT_DOUBLE_EQ(b.tokens(lim, 100 * kSecond), 5.0);  // refills to the burst, no more
}

TEST(TokenBucket, RefusalsDoNotDrainTheBucket) {
  const RateLimit lim{.per_second = 1, .burst = 1};
  TokenBucket b(lim, 0);
  EXPECT_EQ(b.take(lim, 0), 0);
  for (int i = 0; i < 100; ++i) EXPECT_GT(b.take(lim, kSecond / 2), 0);
  EXPECT_EQ(b.take(lim, kSecond), 0);  // a client hammering while refused is not punished further
}

TEST(RateLimiter, KeysAreIndependentAndRetryAfterRoundsUp) {
  RateLimiter rl;
  const RateLimit lim{.per_second = 0.5, .burst = 2};
  EXPECT_TRUE(rl.check("a", lim, 0).allowed);
  EXPECT_TRUE(rl.check("a", lim, 0).allowed);
  auto d = rl.check("a", lim, 0);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after_seconds(), 2);  // 0.5 tokens/s: 2 s for the next
  EXPECT_TRUE(rl.check("b", lim, 0).allowed);
  EXPECT_EQ((RateDecision{false, 1}.retry_after_seconds()), 1);  // never 0 when refused
}

TEST(RateLimiter, MemoryStaysBoundedUnderAFloodOfNewKeys) {
  RateLimiter rl({.max_keys = 1000, .shards = 4});
  const RateLimit lim{.per_second = 1, .burst = 1};
  for (int i = 0; i < 100'000; ++i) rl.check("10.0." + std::to_string(i), lim, i);
  EXPECT_LE(rl.size(), 1000u);
  EXPECT_GE(rl.evictions(), 99'000u);
}

TEST(RateLimiter, ARecentlyActiveKeySurvivesEviction) {
  RateLimiter rl({.max_keys = 10, .shards = 1});
  const RateLimit lim{.per_second = 0.001, .burst = 1};
  EXPECT_TRUE(rl.check("hot", lim, 0).allowed);
  for (int i = 0; i < 100; ++i) {
    rl.check("cold" + std::to_string(i), lim, 0);
    EXPECT_FALSE(rl.check("hot", lim, 0).allowed) << i;  // still remembered: still limited
  }
}

TEST(RateLimiter, ConcurrentClientsGetExactlyTheBurst) {
  RateLimiter rl;
  const RateLimit lim{.per_second = 1e-6, .burst = 1000};
  std::atomic<int> granted{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; ++t) {
    ts.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) granted += rl.check("shared", lim, 0).allowed;
    });
  }
  for (auto& t : ts) t.join();
  EXPECT_EQ(granted.load(), 1000);
}

}  // namespace
}  // namespace sp::serve
