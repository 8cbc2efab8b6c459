#include "serve/filters/rate_limiter.h"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <functional>

namespace sp::serve {

struct RateLimiter::Shard {
  struct Entry {
    std::string key;
    TokenBucket bucket;
  };
  std::mutex mu;
  std::list<Entry> lru;  // most recently used first
  std::unordered_map<std::string_view, std::list<Entry>::iterator> index;  // views into lru's keys
  std::atomic<std::uint64_t> evictions{0};
};

RateLimiter::RateLimiter(const RateLimiterConfig& config) {
  const std::size_t shards = std::max<std::size_t>(1, config.shards);
  per_shard_ = std::max<std::size_t>(1, config.max_keys / shards);
  for (std::size_t i = 0; i < shards; ++i) shards_.push_back(std::make_unique<Shard>());
}

RateLimiter::~RateLimiter() = default;

RateDecision RateLimiter::check(std::string_view key, const RateLimit& limit, std::int64_t now_ns) {
  Shard& s = *shards_[std::hash<std::string_view>{}(key) % shards_.size()];
  std::lock_guard lock(s.mu);
  auto it = s.index.find(key);
  if (it == s.index.end()) {
    if (s.lru.size() >= per_shard_) {
      s.index.erase(s.lru.back().key);
      s.lru.pop_back();
      s.evictions.fetch_add(1, std::memory_order_relaxed);
    }
    s.lru.push_front({std::string(key), TokenBucket(limit, now_ns)});
    it = s.index.emplace(s.lru.front().key, s.lru.begin()).first;
  } else if (it->second != s.lru.begin()) {
    s.lru.splice(s.lru.begin(), s.lru, it->second);  // iterators and the key's storage stay valid
  }
  const std::int64_t wait = it->second->bucket.take(limit, now_ns);
  return {wait == 0, wait};
}

std::size_t RateLimiter::size() const {
  std::size_t n = 0;
  for (const auto& s : shards_) {
    std::lock_guard lock(s->mu);
    n += s->lru.size();
  }
  return n;
}

std::uint64_t RateLimiter::evictions() const {
  std::uint64_t n = 0;
  for (const auto& s : shards_) n += s->evictions.load(std::memory_order_relaxed);
  return n;
}

std::string parse_rate_limit(std::string_view rate, std::string_view burst, RateLimit* out) {
  auto number = [](std::string_view t, double* v) {
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), *v);
    return !t.empty() && ec == std::errc() && end == t.data() + t.size() && std::isfinite(*v);
  };
  double per_second = 0;
  if (!number(rate, &per_second) || !(per_second > 0)) {
    return "rate '" + std::string(rate) + "' is not a positive number";
  }
  double bucket = std::max(1.0, 2 * per_second);
  if (!burst.empty() && (!number(burst, &bucket) || !(bucket >= 1))) {
    return "burst '" + std::string(burst) + "' is not a number >= 1";
  }
  *out = {.per_second = per_second, .burst = bucket};
  return "";
}

}  // namespace sp::serve
