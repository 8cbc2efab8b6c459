// RedisTier: the gateway's second cache tier, in Redis, shared by every gateway instance that
// points at the same server (`--redis redis://127.0.0.1:6379`).
//
//   RedisTier l2(*parse_redis_url("redis://127.0.0.1:6379", &error), metrics);
//   if (auto v = l2.get(key)) ...                       // a hit: the body and its tags
//   l2.put(key, body, ttl, tags);                       // queued; written by the tier's thread
//   l2.invalidate("bars:1m:AAPL");                      // queued likewise
//
// What is stored: under PREFIX + "r:" + key, the answer's body and its tags with the time it
// expires (SET ... PX ttl); each tag is a set PREFIX + "t:" + tag of the keys carrying it, so
// invalidate(tag) deletes exactly those keys (and the set) on every instance's behalf.
//
// Failure is never the request's problem. get() waits at most `timeout` (20 ms by default) and a
// failure — refused connection, timeout, a protocol error — counts as a miss, is counted in the
// metrics (stockpulse_redis_errors_total), and opens a breaker: for `retry_after` every call is
// skipped at once (counted as skipped), then one call tries to reconnect. put() and invalidate()
// never block a request: they go to a bounded queue served by one background thread (dropped and
// counted when the queue is full, as when Redis is down).
//
// Thread safety: every member may be called from any thread. get() uses a small pool of blocking
// hiredis connections, one per concurrent caller at most.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "telemetry/metrics.h"

namespace sp::serve::redis {

struct RedisConfig {
  std::string host = "127.0.0.1";
  int port = 6379;
  int db = 0;
  std::chrono::milliseconds timeout{20};
  std::chrono::milliseconds retry_after{1000};
  std::string prefix = "stockpulse:";
  std::size_t queue_limit = 10'000;  // pending writes and invalidations
};

// "redis://HOST[:PORT][/DB]". nullopt and *error naming the URL when malformed.
std::optional<RedisConfig> parse_redis_url(std::string_view url, std::string* error);

struct RedisValue {
  std::string body;
  std::vector<std::string> tags;
  std::chrono::milliseconds ttl_left{0};
};

class RedisTier {
 public:
  RedisTier(const RedisConfig& config, telemetry::Registry& metrics);
  ~RedisTier();  // writes what is queued (bounded by the timeout), then stops

  std::optional<RedisValue> get(std::string_view key);
  void put(std::string_view key, std::string_view body, std::chrono::milliseconds ttl,
           const std::vector<std::string>& tags);
  void invalidate(std::string_view tag);
  // Waits until the queue is empty (tests, shutdown). False if `limit` passed first.
  bool drain(std::chrono::milliseconds limit);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace sp::serve::redis
