// The gateway's filter chain and the /v1 handlers, called directly (no sockets): every endpoint's
// values against the data behind it, errors naming the parameter, ETag/304, every coding decoded
// and compared, Vary, 429 with Retry-After, API keys, single flight, invalidation by tag, the
// OpenAPI document against the routes, and the metrics.
#include "serve/gateway.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/registry.h"
#include "market/ohlcv_file.h"
#include "serve/filters/content_coding.h"
#include "serve/fixed_market.h"
#include "serve/static_files.h"

// Calls are written with designated initializers that leave defaulted members out on purpose.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace sp::serve {
namespace {

using Json = nlohmann::json;
using testing::FixedMarket;

struct Call {
  std::string method = "GET";
  std::string target;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string client = "10.0.0.1";
};

std::optional<std::string_view> lookup(const void* fields, std::string_view name) {
  const auto& m = *static_cast<const std::map<std::string, std::string>*>(fields);
  auto it = m.find(std::string(name));
  if (it == m.end()) return std::nullopt;
  return std::string_view(it->second);
}

std::shared_ptr<const http::PreparedResponse> run(Gateway& g, const Call& c) {
  const http::Request r(c.method, c.target, c.body, c.client, &c.headers, &lookup);
  return g.handle(r);
}

Json json_of(const std::shared_ptr<const http::PreparedResponse>& r) {
  return Json::parse(r->body());
}

struct Fixture {
  explicit Fixture(GatewayConfig cfg = {}) : gateway(api::api_endpoints(market), cfg, registry) {}
  FixedMarket market;
  telemetry::Registry registry;
  Gateway gateway;
};

std::string price(std::int64_t p4) {
  // The API's four-decimal form, to compare numbers exactly as text.
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%04lld", static_cast<long long>(p4 / 10000),
                static_cast<long long>(p4 % 10000));
  return buf;
}

TEST(Gateway, QuoteAndBookCarryTheMarketsNumbers) {
  Fixture f;
  auto r = run(f.gateway, {.target = "/v1/quote/AAPL"});
  ASSERT_EQ(r->status(), 200);
  const auto q = *f.market.quote("AAPL");
  const std::string body(r->body());
  EXPECT_NE(body.find("\"bid\":" + price(*q.bid) + ","), std::string::npos) << body;
  EXPECT_NE(body.find("\"ask\":" + price(*q.ask) + ","), std::string::npos) << body;
  const Json j = Json::parse(body);
  EXPECT_EQ(j["symbol"], "AAPL");
  EXPECT_EQ(j["bidSize"], 300);
  EXPECT_EQ(j["lastSize"], 100);
  EXPECT_EQ(j["time"], market::format_time(q.time_ms));
  auto b = json_of(run(f.gateway, {.target = "/v1/book/MSFT?depth=3"}));
  ASSERT_EQ(b["bids"].size(), 3u);
  const auto book = *f.market.book("MSFT", 3);
  EXPECT_DOUBLE_EQ(b["bids"][2][0].get<double>(), book.bids[2].price / 1e4);
  EXPECT_EQ(b["bids"][2][1], book.bids[2].shares);
  EXPECT_EQ(b["asks"][0][2], book.asks[0].orders);
}

TEST(Gateway, BarsRespectFromToAndLimit) {
  Fixture f;
  const auto& all = f.market.all_bars("SPY");
  const std::string from = market::format_time(all[100].time_ms),
                    to = market::format_time(all[199].time_ms);
  auto j = json_of(
      run(f.gateway, {.target = "/v1/bars/SPY?tf=1m&from=" + from + "&to=" + to + "&limit=30"}));
  ASSERT_EQ(j["bars"].size(), 30u);
  EXPECT_EQ(j["bars"][0]["time"], market::format_time(all[170].time_ms));  // the newest 30 of 100
  EXPECT_EQ(j["bars"][29]["time"], to);
  EXPECT_DOUBLE_EQ(j["bars"][29]["close"].get<double>(), all[199].close / 1e4);
  EXPECT_EQ(j["bars"][29]["volume"], all[199].volume);
  EXPECT_EQ(json_of(run(f.gateway, {.target = "/v1/bars/SPY"}))["bars"].size(),
            500u);  // default limit
}

TEST(Gateway, IndicatorsEqualTheCoreOnTheSameBars) {
  Fixture f;
  auto j = json_of(run(
      f.gateway, {.target = "/v1/indicators/AAPL?spec=rsi:14&spec=macd%3A12%2C26%2C9&limit=50"}));
  ASSERT_EQ(j["time"].size(), 50u);
  const auto& bars = f.market.all_bars("AAPL");
  std::vector<double> close;
  for (const auto& b : bars) close.push_back(b.close / 1e4);
  auto spec = core::parse_spec("rsi:14").spec;
  std::vector<double> rsi(close.size());
  double* outs[] = {rsi.data()};
  core::compute(
      spec,
      core::OhlcvView{nullptr, nullptr, nullptr, nullptr, close.data(), nullptr, close.size()},
      outs);
  for (std::size_t i = 0; i < 50; ++i) {
    EXPECT_DOUBLE_EQ(j["values"]["rsi_14"][i].get<double>(), rsi[close.size() - 50 + i]) << i;
  }
  EXPECT_TRUE(j["values"].contains("macd_12_26_9.macdsignal"));
  // Warm-up positions are null: ask for every row.
  auto all = json_of(run(f.gateway, {.target = "/v1/indicators/AAPL?spec=sma:20&limit=10000"}));
  EXPECT_TRUE(all["values"]["sma_20"][18].is_null());
  EXPECT_TRUE(all["values"]["sma_20"][19].is_number());
}

TEST(Gateway, ErrorsNameTheParameter) {
  Fixture f;
  auto expect_error = [&](const std::string& target, int status, const std::string& code,
                          const std::string& words) {
    auto r = run(f.gateway, {.target = target});
    EXPECT_EQ(r->status(), status) << target;
    const Json j = json_of(r);
    EXPECT_EQ(j["error"]["code"], code) << target;
    EXPECT_NE(j["error"]["message"].get<std::string>().find(words), std::string::npos) << j.dump();
  };
  expect_error("/v1/quote/NOPE", 404, "unknown_symbol", "'NOPE'");
  expect_error("/v1/bars/SPY?tf=5m", 400, "bad_parameter", "parameter 'tf'");
  expect_error("/v1/bars/SPY?limit=0", 400, "bad_parameter", "parameter 'limit'");
  expect_error("/v1/bars/SPY?limit=10x", 400, "bad_parameter", "parameter 'limit'");
  expect_error("/v1/bars/SPY?from=yesterday", 400, "bad_parameter", "parameter 'from'");
  expect_error("/v1/book/SPY?depth=100000", 400, "bad_parameter", "parameter 'depth'");
  expect_error("/v1/indicators/SPY", 400, "bad_parameter", "parameter 'spec'");
  expect_error("/v1/indicators/SPY?spec=nosuch:3", 400, "bad_parameter", "nosuch");
  expect_error("/v1/indicators/SPY?spec=rsi:0", 400, "bad_parameter", "parameter 'spec'");
  expect_error("/v1/nothing", 404, "not_found", "/v1/nothing");
  auto r = run(f.gateway, {.method = "DELETE", .target = "/v1/quote/SPY"});
  EXPECT_EQ(r->status(), 405);
  EXPECT_EQ(r->header("Allow"), "GET, HEAD");
}

TEST(Gateway, ETagAndNotModified) {
  Fixture f;
  auto r = run(f.gateway, {.target = "/v1/bars/AAPL"});
  const std::string etag(r->header("ETag"));
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(r->header("Vary"), "Accept-Encoding");
  EXPECT_NE(r->header("Cache-Control").find("max-age="), std::string_view::npos);
  auto nm = run(f.gateway, {.target = "/v1/bars/AAPL", .headers = {{"if-none-match", etag}}});
  EXPECT_EQ(nm->status(), 304);
  EXPECT_EQ(nm->body(), "");
  EXPECT_EQ(nm->header("ETag"), etag);
  EXPECT_EQ(run(f.gateway, {.target = "/v1/bars/AAPL", .headers = {{"if-none-match", "W/" + etag}}})
                ->status(),
            304);
  EXPECT_EQ(run(f.gateway, {.target = "/v1/bars/AAPL", .headers = {{"if-none-match", "\"other\""}}})
                ->status(),
            200);
}

TEST(Gateway, EveryCodingDecodesToTheIdentityBody) {
  Fixture f;
  const std::string target = "/v1/bars/MSFT?limit=100";
  auto identity = run(f.gateway, {.target = target});
  ASSERT_GT(identity->body().size(), 4000u);
  EXPECT_EQ(identity->header("Content-Encoding"), "");
  for (const auto& [accept, coding] :
       std::vector<std::pair<std::string, Coding>>{{"br", Coding::kBrotli},
                                                   {"zstd", Coding::kZstd},
                                                   {"gzip", Coding::kGzip},
                                                   {"gzip;q=0.5, br", Coding::kBrotli}}) {
    auto r = run(f.gateway, {.target = target, .headers = {{"accept-encoding", accept}}});
    ASSERT_EQ(r->status(), 200);
    EXPECT_EQ(r->header("Content-Encoding"), coding_name(coding)) << accept;
    EXPECT_EQ(r->header("Vary"), "Accept-Encoding");
    EXPECT_LT(r->body().size(), identity->body().size() / 2);
    auto plain = decode(coding, r->body());
    ASSERT_TRUE(plain);
    EXPECT_EQ(*plain, identity->body());
    EXPECT_NE(r->header("ETag"), identity->header("ETag"));  // another representation, another tag
  }
  // Tiny bodies are not compressed.
  auto small =
      run(f.gateway, {.target = "/v1/quote/SPY", .headers = {{"accept-encoding", "gzip"}}});
  EXPECT_EQ(small->header("Content-Encoding"), "");
  const std::string metrics = f.registry.render();
  const std::string saved_key = "\nstockpulse_compression_saved_bytes_total ";
  const auto at = metrics.find(saved_key);
  ASSERT_NE(at, std::string::npos);
  // Three compressed answers of the same body were sent: at least three times half of it saved.
  EXPECT_GT(std::stoull(metrics.substr(at + saved_key.size())), 3 * identity->body().size() / 2);
}

TEST(Gateway, RateLimitAnswers429WithRetryAfterPerClient) {
  GatewayConfig cfg;
  cfg.default_limit = {.per_second = 0.5, .burst = 3};
  Fixture f(cfg);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(run(f.gateway, {.target = "/v1/quote/SPY"})->status(), 200);
  auto r = run(f.gateway, {.target = "/v1/quote/SPY"});
  EXPECT_EQ(r->status(), 429);
  EXPECT_EQ(r->header("Retry-After"), "2");
  EXPECT_EQ(json_of(r)["error"]["code"], "rate_limited");
  EXPECT_EQ(run(f.gateway, {.target = "/v1/quote/SPY", .client = "10.0.0.2"})->status(),
            200);                                                    // another client
  EXPECT_EQ(run(f.gateway, {.target = "/healthz"})->status(), 200);  // never limited
  EXPECT_NE(
      f.registry.render().find("stockpulse_rate_limited_total{route=\"/v1/quote/{symbol}\"} 1"),
      std::string::npos);
}

TEST(Gateway, ApiKeysFromAFile) {
  const std::string path = ::testing::TempDir() + "/keys.txt";
  std::ofstream(path) << "# keys\nalpha 1 2\nbeta   # default limit\n";
  GatewayConfig cfg;
  ASSERT_EQ(read_api_keys(path, &cfg.api_keys), "");
  ASSERT_EQ(cfg.api_keys.size(), 2u);
  EXPECT_EQ(cfg.api_keys[0].limit.burst, 2);
  Fixture f(cfg);
  auto with = [&](const std::string& key) {
    return run(f.gateway, {.target = "/v1/quote/SPY", .headers = {{"x-api-key", key}}})->status();
  };
  EXPECT_EQ(with("gamma"), 401);
  EXPECT_EQ(with("alpha"), 200);
  EXPECT_EQ(with("alpha"), 200);
  EXPECT_EQ(with("alpha"), 429);  // alpha's own burst of 2
  EXPECT_EQ(with("beta"), 200);
  std::ofstream(path) << "alpha fast\n";
  std::vector<ApiKey> bad;
  EXPECT_EQ(read_api_keys(path, &bad), path + ":1: rate 'fast' is not a positive number");
  EXPECT_EQ(read_api_keys("/nonexistent/keys", &bad), "cannot read API key file /nonexistent/keys");
}

TEST(Gateway, ConcurrentMissesComputeOnceAndInvalidationRecomputes) {
  Fixture f;
  f.market.delay = std::chrono::milliseconds(100);
  std::vector<std::thread> ts;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i) {
    ts.emplace_back(
        [&] { ok += run(f.gateway, {.target = "/v1/bars/AAPL?limit=5"})->status() == 200; });
  }
  for (auto& t : ts) t.join();
  EXPECT_EQ(ok.load(), 8);
  EXPECT_EQ(f.market.bar_calls.load(), 1);
  EXPECT_NE(f.registry.render().find(
                "stockpulse_cache_requests_total{tier=\"memory\",result=\"coalesced\"} 7"),
            std::string::npos)
      << f.registry.render();
  // A new bar: the market invalidates the symbol's bars, the next request sees it.
  f.market.delay = {};
  api::BarView nb = f.market.all_bars("AAPL").back();
  nb.time_ms += 60'000;
  nb.close = 4'242'000;
  f.market.append_bar("AAPL", nb);
  EXPECT_NE(json_of(run(f.gateway, {.target = "/v1/bars/AAPL?limit=5"}))["bars"][4]["close"],
            424.2);  // cached
  EXPECT_EQ(f.gateway.invalidate("bars:1m:AAPL"), 1u);
  EXPECT_EQ(json_of(run(f.gateway, {.target = "/v1/bars/AAPL?limit=5"}))["bars"][4]["close"],
            424.2);
  EXPECT_EQ(f.market.bar_calls.load(), 2);
}

TEST(Gateway, RiskOfAPortfolio) {
  Fixture f;
  Call c{.method = "POST", .target = "/v1/risk/portfolio"};
  c.body =
      R"({"positions":[{"symbol":"AAPL","quantity":100},{"symbol":"SPY","quantity":50}],"confidence":0.95,"method":"parametric"})";
  auto r = run(f.gateway, c);
  ASSERT_EQ(r->status(), 200) << r->body();
  const Json j = json_of(r);
  const double aapl = f.market.all_bars("AAPL").back().close / 1e4,
               spy = f.market.all_bars("SPY").back().close / 1e4;
  EXPECT_NEAR(j["value"].get<double>(), 100 * aapl + 50 * spy, 1e-6);
  EXPECT_NEAR(j["weights"][0]["weight"].get<double>(), 100 * aapl / (100 * aapl + 50 * spy), 1e-12);
  EXPECT_EQ(j["method"], "parametric");
  EXPECT_GT(j["valueAtRisk"]["fraction"].get<double>(), 0);
  EXPECT_NEAR(j["valueAtRisk"]["amount"].get<double>(),
              j["valueAtRisk"]["fraction"].get<double>() * j["value"].get<double>(), 1e-6);
  EXPECT_GE(j["expectedShortfall"]["fraction"].get<double>(),
            j["valueAtRisk"]["fraction"].get<double>());
  EXPECT_EQ(r->header("Cache-Control"), "no-store");
  auto bad = [&](const std::string& body, int status, const std::string& words) {
    Call b{.method = "POST", .target = "/v1/risk/portfolio", .body = body};
    auto res = run(f.gateway, b);
    EXPECT_EQ(res->status(), status) << body;
    EXPECT_NE(res->body().find(words), std::string_view::npos) << res->body();
  };
  bad("{", 400, "not a JSON object");
  bad(R"({"positions":[]})", 400, "positions");
  bad(R"({"positions":[{"symbol":"AAPL"}]})", 400, "positions[0] has no numeric");
  bad(R"({"positions":[{"symbol":"NOPE","quantity":1}]})", 404, "NOPE");
  bad(R"({"positions":[{"symbol":"AAPL","quantity":1}],"confidence":2})", 400, "confidence");
  bad(R"({"positions":[{"symbol":"AAPL","quantity":1}],"method":"magic"})", 400, "method");
  bad(R"({"positions":[{"symbol":"AAPL","quantity":-1}]})", 400, "net market value");
}

TEST(Gateway, OpenApiListsExactlyTheRoutes) {
  Fixture f;
  const Json doc = json_of(run(f.gateway, {.target = "/v1/openapi.json"}));
  EXPECT_EQ(doc["openapi"], "3.0.3");
  std::set<std::string> documented;
  for (const auto& [path, ops] : doc["paths"].items()) {
    for (const auto& [method, op] : ops.items()) {
      documented.insert(method + " " + path);
      EXPECT_TRUE(op.contains("responses")) << path;
    }
  }
  std::set<std::string> served;
  for (const auto& e : api::api_endpoints(f.market)) {
    std::string m = e.method;
    for (char& ch : m) ch = static_cast<char>(std::tolower(ch));
    served.insert(m + " " + e.pattern);
  }
  for (const char* b : {"get /healthz", "get /readyz", "get /metrics", "get /v1/openapi.json"})
    served.insert(b);
  EXPECT_EQ(documented, served);
  // And each documented GET path answers something other than 404 (with a real symbol).
  for (const auto& s : served) {
    if (!s.starts_with("get ")) continue;
    std::string path = s.substr(4);
    if (auto p = path.find("{symbol}"); p != std::string::npos) path.replace(p, 8, "AAPL");
    if (path.starts_with("/v1/indicators")) path += "?spec=rsi";
    EXPECT_EQ(run(f.gateway, {.target = path})->status(), 200) << path;
  }
}

// The number after `series ` on its own line of the exposition text; -1 when the series is absent.
double sample(const std::string& text, const std::string& series) {
  const std::string key = "\n" + series + " ";
  const auto at = text.find(key);
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + key.size()));
}

TEST(Gateway, MetricsCountRequestsByRouteAndStatus) {
  Fixture f;
  run(f.gateway, {.target = "/v1/quote/SPY"});
  run(f.gateway, {.target = "/v1/quote/NOPE"});
  auto m = run(f.gateway, {.target = "/metrics"});
  EXPECT_EQ(m->header("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  const std::string text(m->body());
  EXPECT_NE(text.find("stockpulse_http_requests_total{route=\"/v1/quote/"
                      "{symbol}\",method=\"GET\",status=\"200\"} 1"),
            std::string::npos);
  EXPECT_NE(text.find("stockpulse_http_requests_total{route=\"/v1/quote/"
                      "{symbol}\",method=\"GET\",status=\"404\"} 1"),
            std::string::npos);
  EXPECT_EQ(sample(text,
                   "stockpulse_http_request_duration_seconds_count{route=\"/v1/quote/"
                   "{symbol}\",status_class=\"2xx\"}"),
            1);
  EXPECT_EQ(sample(text,
                   "stockpulse_http_request_duration_seconds_count{route=\"/v1/quote/"
                   "{symbol}\",status_class=\"4xx\"}"),
            1);
  EXPECT_NE(text.find("stockpulse_cache_requests_total{tier=\"memory\",result=\"miss\"} 2"),
            std::string::npos);
}

TEST(Gateway, LatencyHistogramsByRouteAndStatusClassWithTheRightCounts) {
  GatewayConfig cfg;
  cfg.route_limits["/v1/symbols"] = {.per_second = 0.001, .burst = 2};
  Fixture f(cfg);
  auto status = [&](Call c) { return run(f.gateway, c)->status(); };
  const auto first = run(f.gateway, {.target = "/v1/bars/AAPL?limit=5"});
  ASSERT_EQ(first->status(), 200);
  EXPECT_EQ(status({.target = "/v1/bars/AAPL?limit=5"}), 200);
  EXPECT_EQ(status({.target = "/v1/bars/AAPL?limit=5",
                    .headers = {{"if-none-match", std::string(first->header("ETag"))}}}),
            304);
  EXPECT_EQ(status({.target = "/v1/bars/NOPE"}), 404);
  EXPECT_EQ(status({.target = "/v1/symbols"}), 200);
  EXPECT_EQ(status({.target = "/v1/symbols"}), 200);
  EXPECT_EQ(status({.target = "/v1/symbols"}), 429);    // the route's own burst of 2
  EXPECT_EQ(status({.target = "/v1/quote/SPY"}), 200);  // another route keeps the default limit
  EXPECT_EQ(status({.target = "/nowhere"}), 404);
  EXPECT_EQ(status({.method = "POST", .target = "/v1/bars/AAPL"}), 405);
  const std::string text(run(f.gateway, {.target = "/metrics"})->body());
  const auto count = [&](const std::string& route, const std::string& cls) {
    return sample(text, "stockpulse_http_request_duration_seconds_count{route=\"" + route +
                            "\",status_class=\"" + cls + "\"}");
  };
  EXPECT_EQ(count("/v1/bars/{symbol}", "2xx"), 2);
  EXPECT_EQ(count("/v1/bars/{symbol}", "3xx"), 1);
  EXPECT_EQ(count("/v1/bars/{symbol}", "4xx"), 1);
  EXPECT_EQ(count("/v1/bars/{symbol}", "5xx"), -1);  // never seen: no series
  EXPECT_EQ(count("/v1/symbols", "2xx"), 2);
  EXPECT_EQ(count("/v1/symbols", "4xx"), 1);
  EXPECT_EQ(count("/v1/quote/{symbol}", "2xx"), 1);
  EXPECT_EQ(count("unmatched", "4xx"), 2);
  // Cumulative buckets end at the count, and the sum is a real duration.
  EXPECT_EQ(sample(text,
                   "stockpulse_http_request_duration_seconds_bucket{route=\"/v1/bars/"
                   "{symbol}\",status_class=\"2xx\",le=\"+Inf\"}"),
            2);
  EXPECT_GT(sample(text,
                   "stockpulse_http_request_duration_seconds_sum{route=\"/v1/bars/"
                   "{symbol}\",status_class=\"2xx\"}"),
            0);
  // Labels are route patterns, never raw paths.
  EXPECT_EQ(text.find("route=\"/v1/bars/AAPL"), std::string::npos);
  EXPECT_EQ(text.find("route=\"/nowhere"), std::string::npos);
  // The request counters agree, by method and status.
  EXPECT_EQ(sample(text,
                   "stockpulse_http_requests_total{route=\"/v1/bars/"
                   "{symbol}\",method=\"GET\",status=\"304\"}"),
            1);
  EXPECT_EQ(
      sample(text,
             "stockpulse_http_requests_total{route=\"unmatched\",method=\"POST\",status=\"405\"}"),
      1);
  EXPECT_EQ(sample(text, "stockpulse_rate_limited_total{route=\"/v1/symbols\"}"), 1);
  // Cache: bars miss, hit, hit (304); NOPE miss; symbols miss, hit; quote miss; the 429 never
  // reached the cache.
  EXPECT_EQ(sample(text, "stockpulse_cache_requests_total{tier=\"memory\",result=\"hit\"}"), 3);
  EXPECT_EQ(sample(text, "stockpulse_cache_requests_total{tier=\"memory\",result=\"miss\"}"), 4);
  EXPECT_DOUBLE_EQ(sample(text, "stockpulse_cache_hit_ratio{tier=\"memory\"}"), 3.0 / 7.0);
  EXPECT_EQ(text.find("stockpulse_cache_hit_ratio{tier=\"redis\"}"),
            std::string::npos);  // no Redis tier here
}

TEST(Gateway, CompressionSavingsCountUncachedAnswersToo) {
  Fixture f;
  const std::string key = "stockpulse_compression_saved_bytes_total";
  EXPECT_EQ(sample(f.registry.render(), key), 0);
  // /metrics is never cached; its text is well over the minimum size and compresses.
  auto m = run(f.gateway, {.target = "/metrics", .headers = {{"accept-encoding", "gzip"}}});
  ASSERT_EQ(m->header("Content-Encoding"), "gzip");
  auto text = decode(Coding::kGzip, m->body());
  ASSERT_TRUE(text);
  EXPECT_EQ(sample(f.registry.render(), key), static_cast<double>(text->size() - m->body().size()));
}

TEST(Gateway, StaticFilesWithoutTraversalAndWithLongCachingForHashedNames) {
  namespace fs = std::filesystem;
  const fs::path base = fs::path(::testing::TempDir()) / "sp_static_test";
  fs::remove_all(base);
  fs::create_directories(base / "site" / "assets");
  std::ofstream(base / "site" / "index.html") << "<!doctype html><title>StockPulse</title>";
  std::string js = "// app\n";
  for (int i = 0; i < 200; ++i)
    js += "export const v" + std::to_string(i) + " = " + std::to_string(i * 7) + ";\n";
  std::ofstream(base / "site" / "assets" / "app.3f9a8c1e.js") << js;
  std::ofstream(base / "secret.txt") << "do not serve";
  fs::create_symlink(base / "secret.txt", base / "site" / "link.txt");
  GatewayConfig cfg;
  cfg.static_dir = base / "site";
  Fixture f(cfg);
  auto index = run(f.gateway, {.target = "/"});
  ASSERT_EQ(index->status(), 200);
  EXPECT_EQ(index->body(), "<!doctype html><title>StockPulse</title>");
  EXPECT_EQ(index->header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(index->header("Cache-Control"), "no-cache");
  auto app = run(f.gateway,
                 {.target = "/assets/app.3f9a8c1e.js", .headers = {{"accept-encoding", "gzip"}}});
  ASSERT_EQ(app->status(), 200);
  EXPECT_EQ(app->header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(app->header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(app->header("Content-Encoding"), "gzip");
  EXPECT_EQ(*decode(Coding::kGzip, app->body()), js);
  for (const char* bad :
       {"/../secret.txt", "/%2e%2e/secret.txt", "/assets/%2E%2E/%2E%2E/secret.txt", "/link.txt",
        "/assets/..%2f..%2fsecret.txt", "/nothing.js", "/assets/./app.3f9a8c1e.js"}) {
    auto r = run(f.gateway, {.target = bad});
    EXPECT_EQ(r->status(), 404) << bad;
    EXPECT_EQ(r->body().find("do not serve"), std::string_view::npos) << bad;
  }
  EXPECT_EQ(run(f.gateway, {.target = "/v1/quote/SPY"})->status(), 200);  // routes still win
  EXPECT_TRUE(StaticFiles::hashed_name("app.3f9a8c1e.js"));
  EXPECT_FALSE(StaticFiles::hashed_name("app.js"));
  EXPECT_FALSE(StaticFiles::hashed_name("deadbeef00.js"));  // the hash must sit between dots
  EXPECT_EQ(StaticFiles::valid_root(base / "nope"),
            "--static " + (base / "nope").string() + " is not a directory");
}

}  // namespace
}  // namespace sp::serve
