#include "serve/gateway.h"

#include <array>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>

#include "serve/api/openapi.h"
#include "serve/filters/content_coding.h"
#include "serve/http/router.h"
#include "serve/static_files.h"

namespace sp::serve {
namespace {

using http::PreparedResponse;
using http::ResponseBuilder;
using Prepared = std::shared_ptr<const PreparedResponse>;
using Clock = std::chrono::steady_clock;

// One cached answer: the response per coding (null where the coding does not pay: identity is then
// served), the 304 per coding, and the ETags.
struct CachedResponse {
  std::array<Prepared, kCodingCount> full;
  std::array<Prepared, kCodingCount> not_modified;
  std::array<std::string, kCodingCount> etag;
  std::uint64_t bytes = 0;
};
using CachedHandle = std::shared_ptr<const CachedResponse>;

struct CachedWeigher {
  std::uint64_t operator()(const CachedHandle& c) const { return c ? c->bytes : 0; }
};

// Thrown out of a cache computation whose answer must not be cached (an error status): the caller
// still sends it.
struct Uncacheable {
  api::ApiReply reply;
};

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::string cache_control(const api::CachePolicy& p) {
  const auto s = [](std::chrono::milliseconds ms) {
    return std::to_string(std::max<long long>(0, ms.count() / 1000));
  };
  std::string v = "public, max-age=" + s(p.ttl);
  if (p.stale_while_revalidate.count())
    v += ", stale-while-revalidate=" + s(p.stale_while_revalidate);
  if (p.stale_if_error.count()) v += ", stale-if-error=" + s(p.stale_if_error);
  return v;
}

constexpr Coding kCodings[] = {Coding::kIdentity, Coding::kBrotli, Coding::kZstd, Coding::kGzip};

CachedHandle make_cached(const api::ApiReply& reply, const api::CachePolicy& policy) {
  auto c = std::make_shared<CachedResponse>();
  const std::string control =
      reply.cache_control.empty() ? cache_control(policy) : reply.cache_control;
  char hash[20];
  std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(fnv1a(reply.body)));
  for (Coding coding : kCodings) {
    const int i = static_cast<int>(coding);
    std::optional<std::string> body;
    if (coding == Coding::kIdentity)
      body = reply.body;
    else
      body = encode(coding, reply.body);
    if (!body) continue;
    c->etag[i] = coding == Coding::kIdentity
                     ? "\"" + std::string(hash) + "\""
                     : "\"" + std::string(hash) + "-" + std::string(coding_name(coding)) + "\"";
    ResponseBuilder b(reply.status);
    b.header("Content-Type", reply.content_type)
        .header("Cache-Control", control)
        .header("ETag", c->etag[i]);
    b.header("Vary", "Accept-Encoding");
    if (coding != Coding::kIdentity) b.header("Content-Encoding", coding_name(coding));
    c->full[i] = b.body(std::move(*body)).build();
    c->not_modified[i] = ResponseBuilder(304)
                             .header("Cache-Control", control)
                             .header("ETag", c->etag[i])
                             .header("Vary", "Accept-Encoding")
                             .build();
    c->bytes += c->full[i]->wire().size() + c->not_modified[i]->wire().size();
  }
  return c;
}

// RFC 9110 13.1.2: If-None-Match uses the weak comparison; "*" matches any current representation.
bool none_match(std::string_view header, const CachedResponse& c) {
  while (!header.empty()) {
    const std::size_t comma = header.find(',');
    std::string_view tag = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (tag == "*") return true;
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    for (const std::string& e : c.etag) {
      if (!e.empty() && e == tag) return true;
    }
  }
  return false;
}

// An uncached answer, compressed when that pays; what compression saved is added to *saved.
Prepared plain(const api::ApiReply& reply, std::string_view accept_encoding,
               telemetry::Counter* saved,
               const std::vector<std::pair<std::string, std::string>>& extra = {}) {
  ResponseBuilder b(reply.status);
  b.header("Content-Type", reply.content_type).header("Cache-Control", "no-store");
  for (const auto& [k, v] : extra) b.header(k, v);
  const Coding coding = negotiate(accept_encoding);
  if (auto z = encode(coding, reply.body)) {
    saved->inc(reply.body.size() - z->size());  // encode() gives nothing unless it is smaller
    b.header("Content-Encoding", coding_name(coding)).header("Vary", "Accept-Encoding");
    return b.body(std::move(*z)).build();
  }
  return b.body(reply.body).build();
}

}  // namespace

std::string read_api_keys(const std::string& path, std::vector<ApiKey>* keys) {
  std::ifstream in(path);
  if (!in) return "cannot read API key file " + path;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    std::istringstream words(line);
    ApiKey k;
    if (!(words >> k.key)) continue;
    k.limit = {.per_second = 100, .burst = 200};
    std::string rate, burst, extra;
    words >> rate >> burst >> extra;
    if (!rate.empty()) {
      if (std::string e = parse_rate_limit(rate, burst, &k.limit); !e.empty()) {
        return path + ":" + std::to_string(n) + ": " + e;
      }
    }
    if (!extra.empty()) return path + ":" + std::to_string(n) + ": unexpected '" + extra + "'";
    keys->push_back(std::move(k));
  }
  return "";
}

std::vector<std::string> limited_routes(const std::vector<api::Endpoint>& endpoints) {
  std::vector<std::string> out;
  for (const api::Endpoint& e : endpoints) out.push_back(e.pattern);
  out.push_back("/v1/openapi.json");
  return out;
}

struct Gateway::Impl {
  enum class Builtin { kNone, kHealth, kReady, kMetrics, kOpenApi };
  struct Route {
    api::Endpoint endpoint;
    Builtin builtin = Builtin::kNone;
    RateLimit limit;
    telemetry::Counter* limited = nullptr;
  };

  // Request counters by (route, method, status), looked up once and kept: Family::with takes a
  // mutex and builds its label vector, which is too much for every request. Slots fill lazily
  // (two threads racing get the same child from with(), so either store is right).
  static constexpr std::string_view kMethods[] = {"GET", "HEAD", "POST", "other"};
  static constexpr int kStatuses[] = {200, 304, 400, 401, 404, 405, 413, 414, 429, 431, 500, 503};
  static constexpr std::size_t kSlots = std::size(kMethods) * std::size(kStatuses);
  // Latency histograms by (route, status class): the same lazily filled slots, four classes a
  // route (2xx, 3xx, 4xx, 5xx; the server answers 1xx itself), so at most routes x 4 series.
  static constexpr std::string_view kClasses[] = {"2xx", "3xx", "4xx", "5xx"};
  static constexpr std::size_t class_index(int status) {
    return status < 300 ? 0 : status < 400 ? 1 : status < 500 ? 2 : 3;
  }
  std::size_t method_index(std::string_view m) const {
    for (std::size_t i = 0; i + 1 < std::size(kMethods); ++i) {
      if (m == kMethods[i]) return i;
    }
    return std::size(kMethods) - 1;
  }

  Impl(std::vector<api::Endpoint> eps, const GatewayConfig& c, telemetry::Registry& reg,
       std::function<bool()> r)
      : config(c),
        metrics(reg),
        ready(std::move(r)),
        limiter(c.limiter),
        cache(c.cache, CachedWeigher{}),
        requests(reg.counter("stockpulse_http_requests_total",
                             "HTTP requests answered, by route pattern, method and status.",
                             {"route", "method", "status"})),
        latency(reg.histogram(
            "stockpulse_http_request_duration_seconds",
            "Time from parsed request to ready response, by route pattern and status class.",
            {"route", "status_class"})),
        hit_ratio(reg.gauge(
            "stockpulse_cache_hit_ratio",
            "Share of cacheable lookups answered from a tier without computing, since start "
            "(memory: hit, stale, stale_on_error over every outcome; redis: hit over hit and miss; "
            "NaN before the first lookup).",
            {"tier"})),
        cache_results(reg.counter(
            "stockpulse_cache_requests_total",
            "Cacheable requests by outcome: hit, miss, coalesced, stale, stale_on_error.",
            {"tier", "result"})),
        compression_saved(reg.counter("stockpulse_compression_saved_bytes_total",
                                      "Response bytes not sent thanks to compression.")
                              .with({})),
        limited(reg.counter("stockpulse_rate_limited_total",
                            "Requests refused with 429, by route pattern.", {"route"})),
        unauthorized(reg.counter("stockpulse_unknown_api_key_total",
                                 "Requests refused for an unknown API key.")
                         .with({})),
        invalidations(
            reg.counter("stockpulse_cache_invalidations_total", "Entries dropped by market events.")
                .with({})) {
    for (const ApiKey& k : c.api_keys) keys.emplace(k.key, k.limit);
    if (c.redis) l2 = std::make_unique<redis::RedisTier>(*c.redis, reg);
    if (c.static_dir) files = std::make_unique<StaticFiles>(*c.static_dir);
    auto add = [&](api::Endpoint e, Builtin b) {
      Route r;
      r.limit = c.default_limit;
      if (auto it = c.route_limits.find(e.pattern); it != c.route_limits.end())
        r.limit = it->second;
      r.limited = &limited.with({e.pattern});
      r.builtin = b;
      router.add(e.method, e.pattern);
      r.endpoint = std::move(e);
      routes.push_back(std::move(r));
    };
    for (auto& e : eps) add(std::move(e), Builtin::kNone);
    add({"GET", "/healthz", "Liveness: 200 while the process serves.", {}, {}, {}},
        Builtin::kHealth);
    add({"GET",
         "/readyz",
         "Readiness: 200 once history is loaded and the feed runs, else 503.",
         {},
         {},
         {}},
        Builtin::kReady);
    add({"GET", "/metrics", "Prometheus metrics in the text exposition format.", {}, {}, {}},
        Builtin::kMetrics);
    add({"GET", "/v1/openapi.json", "This API's OpenAPI 3.0 document.", {}, {}, {}},
        Builtin::kOpenApi);
    // Two pseudo-routes for counting: paths no route matched, and static files.
    route_names.reserve(routes.size() + 2);
    for (const Route& r : routes) route_names.push_back(r.endpoint.pattern);
    unmatched_route = route_names.size();
    route_names.push_back("unmatched");
    static_route = route_names.size();
    route_names.push_back("static");
    request_slots =
        std::make_unique<std::atomic<telemetry::Counter*>[]>(route_names.size() * kSlots);
    for (std::size_t i = 0; i < route_names.size() * kSlots; ++i) request_slots[i].store(nullptr);
    latency_slots = std::make_unique<std::atomic<telemetry::Histogram*>[]>(route_names.size() *
                                                                           std::size(kClasses));
    for (std::size_t i = 0; i < route_names.size() * std::size(kClasses); ++i)
      latency_slots[i].store(nullptr);
    for (cache::Source src : {cache::Source::hit, cache::Source::computed, cache::Source::coalesced,
                              cache::Source::stale, cache::Source::stale_on_error}) {
      memory_results[static_cast<std::size_t>(src)] =
          &cache_results.with({"memory", source_name(src)});
    }
    redis_hit = &cache_results.with({"redis", "hit"});
    redis_miss = &cache_results.with({"redis", "miss"});
    memory_ratio = &hit_ratio.with({"memory"});
    memory_ratio->set(std::nan(""));
    if (l2) {
      redis_ratio = &hit_ratio.with({"redis"});
      redis_ratio->set(std::nan(""));
    }
    std::vector<api::Endpoint> all;
    for (const Route& r : routes) all.push_back(r.endpoint);
    api::ApiReply doc;
    doc.body = api::openapi_document(all);
    openapi = make_cached(doc, {std::chrono::hours(1), {}, {}});
  }

  Prepared respond_cached(const CachedResponse& c, const http::Request& req) {
    Coding coding = negotiate(req.header("accept-encoding").value_or(""));
    int i = static_cast<int>(coding);
    if (!c.full[i]) i = static_cast<int>(Coding::kIdentity);
    if (auto inm = req.header("if-none-match"); inm && none_match(*inm, c))
      return c.not_modified[i];
    if (i != 0 && c.full[0])
      compression_saved.inc(c.full[0]->body().size() - c.full[i]->body().size());
    return c.full[i];
  }

  Prepared builtin(Builtin b, const http::Request& req) {
    switch (b) {
      case Builtin::kHealth:
        return ResponseBuilder(200)
            .header("Content-Type", "application/json")
            .header("Cache-Control", "no-store")
            .body("{\"status\":\"ok\"}")
            .build();
      case Builtin::kReady: {
        const bool ok = ready();
        return ResponseBuilder(ok ? 200 : 503)
            .header("Content-Type", "application/json")
            .header("Cache-Control", "no-store")
            .body(ok ? "{\"status\":\"ready\"}" : "{\"status\":\"starting\"}")
            .build();
      }
      case Builtin::kMetrics: {
        if (scrape_hook) scrape_hook();
        update_hit_ratios();
        std::string text = metrics.render();
        ResponseBuilder rb(200);
        rb.header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
            .header("Cache-Control", "no-store");
        const Coding coding = negotiate(req.header("accept-encoding").value_or(""));
        if (auto z = encode(coding, text)) {
          compression_saved.inc(text.size() - z->size());
          rb.header("Content-Encoding", coding_name(coding)).header("Vary", "Accept-Encoding");
          return rb.body(std::move(*z)).build();
        }
        return rb.body(std::move(text)).build();
      }
      case Builtin::kOpenApi:
        return respond_cached(*openapi, req);
      case Builtin::kNone:
        break;
    }
    return http::error_response(500, "internal", "no such built-in route");
  }

  Prepared handle(const http::Request& req) {
    const auto start = Clock::now();
    const http::RouteMatch m = router.match(req.method(), req.path());
    if (m.status == http::RouteMatch::kNotFound) {
      if (files && (req.method() == "GET" || req.method() == "HEAD")) {
        if (auto p = serve_static(req)) return count(static_route, req, std::move(p), start);
      }
      return count(
          unmatched_route, req,
          http::error_response(404, "not_found", "no route for " + std::string(req.path())), start);
    }
    if (m.status == http::RouteMatch::kMethodNotAllowed) {
      return count(unmatched_route, req,
                   http::error_response(405, "method_not_allowed",
                                        std::string(req.method()) + " is not allowed on " +
                                            std::string(req.path()) + "; allowed: " + m.allow,
                                        {{"Allow", m.allow}}),
                   start);
    }
    Route& route = routes[static_cast<std::size_t>(m.route)];
    Prepared out;
    if (route.builtin != Builtin::kNone && route.builtin != Builtin::kOpenApi) {
      out = builtin(route.builtin, req);
    } else if (auto refused = admit(route, req)) {
      out = std::move(refused);
    } else if (route.builtin == Builtin::kOpenApi) {
      out = builtin(route.builtin, req);
    } else {
      out = serve(route, req, m);
    }
    return count(static_cast<std::size_t>(m.route), req, std::move(out), start);
  }

  // Rate limit and API key; null when the request may go on.
  Prepared admit(Route& route, const http::Request& req) {
    const auto key = req.header("x-api-key");
    RateLimit limit = route.limit;
    const bool keyed = key && !key->empty() && !keys.empty();
    if (keyed) {
      auto it = keys.find(*key);
      if (it == keys.end()) {
        unauthorized.inc();
        return http::error_response(401, "unknown_api_key",
                                    "the X-API-Key given is not a known key");
      }
      limit = it->second;
    }
    if (!config.rate_limiting) return nullptr;
    // The bucket: "k:KEY|ROUTE", or without a key file (where a key proves nothing: a client could
    // rotate keys to dodge its limit) "a:ADDRESS|ROUTE". Built on the stack when it fits.
    const std::string_view who = keyed ? *key : req.client();
    const std::string_view pattern = route.endpoint.pattern;
    char stack[256];
    std::string heap;
    std::string_view bucket;
    if (2 + who.size() + 1 + pattern.size() <= sizeof stack) {
      char* p = stack;
      *p++ = keyed ? 'k' : 'a';
      *p++ = ':';
      p = std::copy(who.begin(), who.end(), p);
      *p++ = '|';
      p = std::copy(pattern.begin(), pattern.end(), p);
      bucket = std::string_view(stack, static_cast<std::size_t>(p - stack));
    } else {
      heap = std::string(keyed ? "k:" : "a:").append(who).append(1, '|').append(pattern);
      bucket = heap;
    }
    const auto now =
        std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
            .count();
    const RateDecision d = limiter.check(bucket, limit, now);
    if (d.allowed) return nullptr;
    route.limited->inc();
    return http::error_response(429, "rate_limited",
                                "too many requests for " + route.endpoint.pattern + "; retry in " +
                                    std::to_string(d.retry_after_seconds()) + " s",
                                {{"Retry-After", std::to_string(d.retry_after_seconds())}});
  }

  Prepared serve(Route& route, const http::Request& req, const http::RouteMatch& m) {
    const api::Endpoint& e = route.endpoint;
    const bool cacheable =
        e.cache.ttl.count() > 0 && (req.method() == "GET" || req.method() == "HEAD");
    const std::string_view accept = req.header("accept-encoding").value_or("");
    if (!cacheable) return plain(e.handle(req, m), accept, &compression_saved);
    try {
      auto result = cache.get_or_compute(req.target(), [&]() -> cache::Fill<CachedHandle> {
        cache::EntryOptions o;
        o.ttl = e.cache.ttl;
        o.stale_while_revalidate = e.cache.stale_while_revalidate;
        o.stale_if_error = e.cache.stale_if_error;
        const bool shared = l2 && e.cache.ttl >= std::chrono::seconds(1);
        if (shared) {
          if (auto v = l2->get(req.target())) {
            redis_hit->inc();
            o.ttl = std::min<cache::Nanos>(o.ttl, v->ttl_left);
            api::ApiReply reply{200, std::move(v->body), std::move(v->tags), "application/json",
                                ""};
            o.tags = reply.tags;
            return {make_cached(reply, e.cache), std::move(o)};
          }
          redis_miss->inc();
        }
        api::ApiReply reply = e.handle(req, m);
        if (reply.status != 200) throw Uncacheable{std::move(reply)};
        if (shared) {
          l2->put(req.target(), reply.body, e.cache.ttl, reply.tags);
          std::lock_guard lock(l2_tags_mu);
          // Bounded: past the bound every invalidation is forwarded (a Redis round trip each).
          if (l2_tags.size() < 100'000)
            l2_tags.insert(reply.tags.begin(), reply.tags.end());
          else
            l2_tags_overflow = true;
        }
        o.tags = std::move(reply.tags);
        return {make_cached(reply, e.cache), std::move(o)};
      });
      memory_results[static_cast<std::size_t>(result.source)]->inc();
      return respond_cached(*result.value, req);
    } catch (const Uncacheable& u) {
      memory_results[static_cast<std::size_t>(cache::Source::computed)]->inc();
      return plain(u.reply, accept, &compression_saved);
    }
  }

  // A static file through the first-tier cache (a second at most for files that may change; an
  // hour for hashed names); null when there is no such file.
  Prepared serve_static(const http::Request& req) {
    try {
      auto result = cache.get_or_compute(req.target(), [&]() -> cache::Fill<CachedHandle> {
        auto f = files->find(req.path());
        if (!f)
          throw Uncacheable{
              api::api_error(404, "not_found", "no route or file for " + std::string(req.path()))};
        api::ApiReply reply{200,
                            std::move(f->body),
                            {"static"},
                            f->content_type,
                            f->immutable ? "public, max-age=31536000, immutable" : "no-cache"};
        cache::EntryOptions o;
        o.ttl = f->immutable ? cache::Nanos(std::chrono::hours(1))
                             : cache::Nanos(std::chrono::seconds(1));
        o.tags = reply.tags;
        return {make_cached(reply, {}), std::move(o)};
      });
      return respond_cached(*result.value, req);
    } catch (const Uncacheable&) {
      return nullptr;
    }
  }

  void update_hit_ratios() {
    std::uint64_t all = 0, served = 0;
    for (cache::Source src : {cache::Source::hit, cache::Source::computed, cache::Source::coalesced,
                              cache::Source::stale, cache::Source::stale_on_error}) {
      const std::uint64_t n = memory_results[static_cast<std::size_t>(src)]->value();
      all += n;
      if (src == cache::Source::hit || src == cache::Source::stale ||
          src == cache::Source::stale_on_error)
        served += n;
    }
    memory_ratio->set(all ? static_cast<double>(served) / static_cast<double>(all) : std::nan(""));
    if (redis_ratio) {
      const std::uint64_t h = redis_hit->value(), n = h + redis_miss->value();
      redis_ratio->set(n ? static_cast<double>(h) / static_cast<double>(n) : std::nan(""));
    }
  }

  static const char* source_name(cache::Source s) {
    switch (s) {
      case cache::Source::hit:
        return "hit";
      case cache::Source::computed:
        return "miss";
      case cache::Source::coalesced:
        return "coalesced";
      case cache::Source::stale:
        return "stale";
      case cache::Source::stale_on_error:
        return "stale_on_error";
    }
    return "miss";
  }

  // Counts the answer by (route, method, status) and observes its latency by (route, status
  // class). After the first request of a kind: two relaxed atomic loads, adds, no lock.
  Prepared count(std::size_t route, const http::Request& req, Prepared p, Clock::time_point start) {
    const std::size_t m = method_index(req.method());
    const int status = p->status();
    {
      std::atomic<telemetry::Histogram*>& slot =
          latency_slots[route * std::size(kClasses) + class_index(status)];
      telemetry::Histogram* h = slot.load(std::memory_order_acquire);
      if (!h) {
        h = &latency.with({route_names[route], std::string(kClasses[class_index(status)])});
        slot.store(h, std::memory_order_release);
      }
      h->observe(std::chrono::duration<double>(Clock::now() - start).count());
    }
    std::size_t si = std::size(kStatuses);
    for (std::size_t i = 0; i < std::size(kStatuses); ++i) {
      if (kStatuses[i] == status) si = i;
    }
    const auto child = [&] {
      return &requests.with({route_names[route], std::string(kMethods[m]), std::to_string(status)});
    };
    if (si == std::size(kStatuses)) {
      child()->inc();  // a rare status: no slot
      return p;
    }
    std::atomic<telemetry::Counter*>& slot =
        request_slots[route * kSlots + m * std::size(kStatuses) + si];
    telemetry::Counter* c = slot.load(std::memory_order_acquire);
    if (!c) {
      c = child();
      slot.store(c, std::memory_order_release);
    }
    c->inc();
    return p;
  }

  GatewayConfig config;
  telemetry::Registry& metrics;
  std::function<bool()> ready;
  std::function<void()> scrape_hook;
  RateLimiter limiter;
  cache::ShardedCache<CachedHandle, CachedWeigher> cache;
  http::Router router;
  std::vector<Route> routes;
  std::map<std::string, RateLimit, std::less<>> keys;
  CachedHandle openapi;
  std::vector<std::string> route_names;  // routes' patterns, then "unmatched", "static"
  std::size_t unmatched_route = 0, static_route = 0;
  std::unique_ptr<std::atomic<telemetry::Counter*>[]> request_slots;
  std::unique_ptr<std::atomic<telemetry::Histogram*>[]> latency_slots;  // [route][status class]
  std::array<telemetry::Counter*, 5> memory_results{};                  // by cache::Source
  telemetry::Counter* redis_hit = nullptr;
  telemetry::Counter* redis_miss = nullptr;
  telemetry::Gauge* memory_ratio = nullptr;
  telemetry::Gauge* redis_ratio = nullptr;  // with a Redis tier only
  std::unique_ptr<redis::RedisTier> l2;
  std::unique_ptr<StaticFiles> files;
  std::mutex l2_tags_mu;
  std::set<std::string, std::less<>> l2_tags;  // tags given to Redis: invalidations to forward
  bool l2_tags_overflow = false;
  telemetry::Family<telemetry::Counter>& requests;
  telemetry::Family<telemetry::Histogram>& latency;
  telemetry::Family<telemetry::Gauge>& hit_ratio;
  telemetry::Family<telemetry::Counter>& cache_results;
  telemetry::Counter& compression_saved;
  telemetry::Family<telemetry::Counter>& limited;
  telemetry::Counter& unauthorized;
  telemetry::Counter& invalidations;
};

Gateway::Gateway(std::vector<api::Endpoint> endpoints, const GatewayConfig& config,
                 telemetry::Registry& metrics, std::function<bool()> ready)
    : impl_(std::make_unique<Impl>(std::move(endpoints), config, metrics, std::move(ready))) {}

Gateway::~Gateway() = default;

std::shared_ptr<const http::PreparedResponse> Gateway::handle(const http::Request& request) {
  return impl_->handle(request);
}

std::size_t Gateway::invalidate(std::string_view tag) {
  if (impl_->l2) {
    bool forward = false;
    {
      std::lock_guard lock(impl_->l2_tags_mu);
      auto it = impl_->l2_tags.find(tag);
      if (it != impl_->l2_tags.end()) {
        impl_->l2_tags.erase(it);
        forward = true;
      }
      forward |= impl_->l2_tags_overflow;
    }
    if (forward) impl_->l2->invalidate(tag);
  }
  const std::size_t n = impl_->cache.invalidate(tag);
  impl_->invalidations.inc(n);
  return n;
}

cache::CacheStats Gateway::cache_stats() const {
  return impl_->cache.stats();
}

void Gateway::on_scrape(std::function<void()> hook) {
  impl_->scrape_hook = std::move(hook);
}

}  // namespace sp::serve
