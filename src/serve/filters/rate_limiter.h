// RateLimiter: a token bucket per client key (an API key, or the client's address when it has
// none), in bounded memory however many clients appear.
//
//   RateLimiter limiter({.max_keys = 100'000});
//   auto d = limiter.check("key:abc|/v1/quote", {.per_second = 20, .burst = 40}, now_ns);
//   if (!d.allowed) reply 429 with Retry-After: d.retry_after_seconds
//
// Buckets live in `shards` independent LRU tables (key hash picks the shard; one mutex each), each
// holding at most max_keys / shards buckets. When a table is full the least recently used bucket
// is dropped, so a flood of new addresses cannot grow memory; the price is that an evicted client
// comes back with a full bucket, which is why max_keys should sit well above the clients active
// within one refill period. Keys are copied on first sight (one allocation per new key).
// Thread safety: check() and size() may be called from any thread.
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "serve/filters/token_bucket.h"

namespace sp::serve {

struct RateLimiterConfig {
  std::size_t max_keys = 100'000;
  std::size_t shards = 16;
};

struct RateDecision {
  bool allowed = true;
  std::int64_t retry_after_ns = 0;  // when refused: until the next token
  // Retry-After in whole seconds (RFC 9110 delay-seconds: rounded up, at least 1).
  std::int64_t retry_after_seconds() const {
    return allowed ? 0 : (retry_after_ns + 999'999'999) / 1'000'000'000;
  }
};

class RateLimiter {
 public:
  explicit RateLimiter(const RateLimiterConfig& config = {});
  ~RateLimiter();

  RateDecision check(std::string_view key, const RateLimit& limit, std::int64_t now_ns);
  std::size_t size() const;  // buckets held now
  std::uint64_t evictions() const;

 private:
  struct Shard;
  std::vector<std::unique_ptr<Shard>> shards_;
  std::size_t per_shard_;
};

// A limit as people write it: RATE requests a second (> 0, finite) and BURST tokens (>= 1,
// finite); an empty `burst` means twice RATE, at least 1. The --rate-limit flags and the
// --api-keys file both read limits through this. Returns "" or the problem, naming the bad text
// ("rate 'fast' is not a positive number"); the caller prefixes where the text came from.
std::string parse_rate_limit(std::string_view rate, std::string_view burst, RateLimit* out);
}  // namespace sp::serve
