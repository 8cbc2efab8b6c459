// Gateway: the request path of `stockpulse serve` — Envoy's model of a chain of small filters in
// front of the handlers:
//
//   route match ──► rate limit ──► cache (+ single flight) ──► handler
//        │              │               │
//       404/405        429           compression variants, ETag/304, Vary
//
//  1. Route: the Api's endpoints plus the gateway's own (/healthz, /readyz, /metrics,
//     /v1/openapi.json); unknown paths 404, wrong methods 405 with Allow.
//  2. Rate limit (RateLimiter): a token bucket per API key (X-API-Key, with the key's own limit
//     from the key file) or, without a key, per client address and route pattern (limits per
//     route with a default). An unknown key is refused with 401. Without a key file keys are not
//     identities (a client could rotate them), so everything is limited by address. Over the
//     limit: 429 with Retry-After.
//     Health, readiness and metrics are never limited (probes and scrapers must get through).
//  3. Cache (ShardedCache, W-TinyLFU, byte-bounded): GET/HEAD answers of endpoints with a TTL are
//     kept as ready-to-send responses, one per content coding (identity, br, zstd, gzip),
//     compressed once when the entry is made. Concurrent misses for one key compute once (single
//     flight); stale-while-revalidate and stale-if-error per endpoint; entries carry tags
//     ("bars:1m:AAPL") that invalidate() drops when the market changes them. The key is the
//     request target (path and query as sent).
//     Static files (static_files.h) for GET/HEAD paths no route claims go through the same cache.
//  4. Compression: the coding is negotiated from Accept-Encoding (content_coding.h); small or
//     incompressible bodies are sent as they are. Cached answers say `Vary: Accept-Encoding`.
//     A second tier in Redis (redis_tier.h), shared by gateway instances, sits under the first for
//     endpoints cached a second or more: a first-tier miss asks Redis before computing, and a
//     computed answer is written there (in the background). Redis slow or down costs a request at
//     most the tier's timeout once, then nothing while its breaker is open; requests never fail
//     for it. Invalidations reach Redis for the tags it was given.
//  5. Validators: every cached answer has a strong ETag per coding; If-None-Match -> 304.
// Uncached answers (errors, POST) are built per request and compressed when large.
//
// Metrics (Prometheus, through the Registry given): requests by route pattern, method and status;
// latency histograms by route pattern and status class (2xx..5xx); cache results by tier and
// outcome (hit, miss, coalesced, stale, stale on error) and the hit ratio by tier; bytes saved by
// compression (cached and uncached answers, /metrics itself); rate-limited requests by route;
// invalidations. Route labels are the router's patterns plus "unmatched" and "static", never raw
// paths, so the series are bounded. Each series is looked up once, on its first request, and kept
// in a slot: afterwards a request costs relaxed atomic adds, no lock and no allocation.
//
// Thread safety: handle() is called concurrently by every I/O thread; invalidate() from the feed
// thread. Both are safe.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "serve/api/api.h"
#include "serve/cache/sharded_cache.h"
#include "serve/filters/rate_limiter.h"
#include "serve/http/prepared_response.h"
#include "serve/http/request.h"
#include "serve/redis/redis_tier.h"
#include "telemetry/metrics.h"

namespace sp::serve {

struct ApiKey {
  std::string key;
  RateLimit limit;
};

struct GatewayConfig {
  bool rate_limiting = true;
  RateLimit default_limit{.per_second = 200, .burst = 400};
  // By route pattern, e.g. "/v1/risk/portfolio" (see limited_routes; others are ignored).
  std::map<std::string, RateLimit> route_limits;
  std::vector<ApiKey> api_keys;  // empty: any key (or none) is accepted
  RateLimiterConfig limiter;
  cache::CacheOptions cache;
  std::optional<redis::RedisConfig> redis;          // the second tier; none without --redis
  std::optional<std::filesystem::path> static_dir;  // --static: files for paths no route claims
};

// Reads an API-key file: one key a line, optionally followed by its rate per second and burst
// ("k3y-abc 50 100"); '#' starts a comment. Returns an error naming the file and line, or "".
std::string read_api_keys(const std::string& path, std::vector<ApiKey>* keys);

// The route patterns a per-route limit can name: the endpoints' and /v1/openapi.json (health,
// readiness and metrics are never limited).
std::vector<std::string> limited_routes(const std::vector<api::Endpoint>& endpoints);

class Gateway {
 public:
  // ready() answers /readyz (e.g. "the backfill is done"); `metrics` must outlive the gateway.
  Gateway(
      std::vector<api::Endpoint> endpoints, const GatewayConfig& config,
      telemetry::Registry& metrics, std::function<bool()> ready = [] { return true; });
  ~Gateway();

  std::shared_ptr<const http::PreparedResponse> handle(const http::Request& request);
  // Drops every cached answer tagged `tag`; returns how many.
  std::size_t invalidate(std::string_view tag);
  // Called just before /metrics is rendered, to bring gauges up to date (server, WebSocket hub,
  // feed, store). Set before serving; it runs on an I/O thread.
  void on_scrape(std::function<void()> hook);

  cache::CacheStats cache_stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sp::serve
