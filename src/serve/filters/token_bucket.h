// TokenBucket: the classic rate limiter — `rate` tokens a second flow into a bucket that holds at
// most `burst`; a request takes one token or is refused and told when one will be there.
//
//   TokenBucket b({.per_second = 50, .burst = 100}, now_ns);
//   if (auto wait = b.take(now_ns); wait > 0) refuse(wait);   // nanoseconds until a token
//
// Time is passed in (nanoseconds on any monotonic clock), so tests drive it and nothing here reads
// a clock. A bucket starts full. Not thread-safe: RateLimiter guards each bucket with its shard
// lock.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace sp::serve {

struct RateLimit {
  double per_second = 0;  // sustained rate; > 0
  double burst = 0;       // bucket size; >= 1
};

class TokenBucket {
 public:
  TokenBucket(const RateLimit& limit, std::int64_t now_ns)
      : tokens_(limit.burst), last_ns_(now_ns) {}

  // Takes one token: returns 0 when granted, otherwise the nanoseconds until one is available (the
  // bucket is left as it was, so refused requests cost the client nothing).
  std::int64_t take(const RateLimit& limit, std::int64_t now_ns) {
    refill(limit, now_ns);
    if (tokens_ >= 1) {
      tokens_ -= 1;
      return 0;
    }
    const double wait_s = (1 - tokens_) / limit.per_second;
    return std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(wait_s * 1e9)));
  }

  double tokens(const RateLimit& limit, std::int64_t now_ns) {
    refill(limit, now_ns);
    return tokens_;
  }

 private:
  void refill(const RateLimit& limit, std::int64_t now_ns) {
    if (now_ns > last_ns_) {
      tokens_ = std::min(limit.burst, tokens_ + (now_ns - last_ns_) * 1e-9 * limit.per_second);
      last_ns_ = now_ns;
    }
  }

  double tokens_;
  std::int64_t last_ns_;
};

}  // namespace sp::serve
