// The Redis tier against a real redis-server: round trip, sharing between instances, tag
// invalidation, and the gateway serving on while Redis is killed, made slow, and brought back.
#include "serve/redis/redis_tier.h"

#include <fcntl.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "serve/fixed_market.h"
#include "serve/gateway.h"
#include "serve/redis_server.h"

namespace sp::serve::redis {
namespace {

using namespace std::chrono_literals;
using testing::RedisServer;

RedisConfig config_for(const RedisServer& s) {
  std::string e;
  auto c = parse_redis_url(s.url(), &e);
  EXPECT_TRUE(c) << e;
  c->retry_after = 300ms;
  return *c;
}

std::uint64_t metric(telemetry::Registry& reg, const std::string& line_start) {
  const std::string text = reg.render();
  const auto at = text.find("\n" + line_start + " ");
  if (at == std::string::npos) return 0;
  return std::stoull(text.substr(at + line_start.size() + 2));
}

TEST(RedisUrl, ParsesAndNamesTheProblem) {
  std::string e;
  auto c = parse_redis_url("redis://10.1.2.3:6380/2", &e);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->host, "10.1.2.3");
  EXPECT_EQ(c->port, 6380);
  EXPECT_EQ(c->db, 2);
  EXPECT_EQ(parse_redis_url("redis://h", &e)->port, 6379);
  EXPECT_FALSE(parse_redis_url("http://h", &e));
  EXPECT_NE(e.find("not a redis://"), std::string::npos);
  EXPECT_FALSE(parse_redis_url("redis://h:99999", &e));
  EXPECT_NE(e.find("port '99999'"), std::string::npos);
  EXPECT_FALSE(parse_redis_url("redis://:1", &e));
}

TEST(RedisTier, RoundTripSharedAcrossInstancesAndInvalidatedByTag) {
  RedisServer server;
  SP_REQUIRE_REDIS(server);
  telemetry::Registry m1, m2;
  RedisTier a(config_for(server), m1), b(config_for(server), m2);
  EXPECT_FALSE(a.get("/v1/bars/AAPL"));
  a.put("/v1/bars/AAPL", "{\"bars\":[1,2,3]}", 5000ms, {"bars:1m:AAPL"});
  a.put("/v1/bars/MSFT", "{\"bars\":[4]}", 5000ms, {"bars:1m:MSFT"});
  ASSERT_TRUE(a.drain(2s));
  auto v = b.get("/v1/bars/AAPL");  // the other instance sees it
  ASSERT_TRUE(v);
  EXPECT_EQ(v->body, "{\"bars\":[1,2,3]}");
  EXPECT_EQ(v->tags, std::vector<std::string>{"bars:1m:AAPL"});
  EXPECT_GT(v->ttl_left.count(), 4000);
  EXPECT_LE(v->ttl_left.count(), 5000);
  b.invalidate("bars:1m:AAPL");
  ASSERT_TRUE(b.drain(2s));
  EXPECT_FALSE(a.get("/v1/bars/AAPL"));
  EXPECT_TRUE(a.get("/v1/bars/MSFT"));  // other tags untouched
  a.put("/short", "x", 50ms, {});
  ASSERT_TRUE(a.drain(2s));
  std::this_thread::sleep_for(120ms);
  EXPECT_FALSE(a.get("/short"));  // Redis expired it
  EXPECT_EQ(metric(m1, "stockpulse_redis_errors_total"), 0u);
}

TEST(RedisTier, DownOrSlowRedisIsAMissNeverAWait) {
  RedisServer server;
  SP_REQUIRE_REDIS(server);
  telemetry::Registry reg;
  RedisTier t(config_for(server), reg);
  t.put("/k", "v", 10s, {});
  ASSERT_TRUE(t.drain(2s));
  ASSERT_TRUE(t.get("/k"));
  server.pause();  // slow: the connection is there, nothing answers
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(t.get("/k"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 500ms);
  start = std::chrono::steady_clock::now();
  for (int i = 0; i < 100; ++i)
    EXPECT_FALSE(t.get("/k"));  // the breaker is open: no waiting at all
  EXPECT_LT(std::chrono::steady_clock::now() - start, 100ms);
  EXPECT_GE(metric(reg, "stockpulse_redis_errors_total"), 1u);
  EXPECT_GE(metric(reg, "stockpulse_redis_skipped_total"), 100u);
  server.resume();
  std::this_thread::sleep_for(400ms);  // past retry_after
  EXPECT_TRUE(t.get("/k"));            // back
}

TEST(RedisTier, GatewaysShareAnswersAndKeepServingWhenRedisDies) {
  RedisServer server;
  SP_REQUIRE_REDIS(server);
  testing::FixedMarket market;
  GatewayConfig cfg;
  cfg.rate_limiting = false;
  cfg.redis = config_for(server);
  telemetry::Registry r1, r2;
  Gateway g1(api::api_endpoints(market), cfg, r1), g2(api::api_endpoints(market), cfg, r2);
  auto get = [](Gateway& g, const std::string& target) {
    static const std::map<std::string, std::string> none;
    const http::Request req("GET", target, "", "127.0.0.1", &none,
                            [](const void*, std::string_view) -> std::optional<std::string_view> {
                              return std::nullopt;
                            });
    return g.handle(req);
  };
  auto a = get(g1, "/v1/bars/AAPL?limit=20");
  ASSERT_EQ(a->status(), 200);
  EXPECT_EQ(market.bar_calls.load(), 1);
  std::this_thread::sleep_for(200ms);  // the write is in the background
  auto b = get(g2, "/v1/bars/AAPL?limit=20");
  EXPECT_EQ(b->body(), a->body());
  EXPECT_EQ(b->header("ETag"), a->header("ETag"));  // same body, same validator on every instance
  EXPECT_EQ(market.bar_calls.load(), 1);            // the second instance did not compute
  EXPECT_NE(r2.render().find("stockpulse_cache_requests_total{tier=\"redis\",result=\"hit\"} 1"),
            std::string::npos);
  // Redis dies mid-test: every request still succeeds, from memory or computed.
  server.kill();
  int ok = 0;
  for (int i = 0; i < 50; ++i) {
    ok += get(g1, "/v1/bars/MSFT?limit=" + std::to_string(10 + i))->status() == 200;
    ok += get(g2, "/v1/bars/AAPL?limit=20")->status() == 200;
  }
  EXPECT_EQ(ok, 100);
  EXPECT_GE(metric(r1, "stockpulse_redis_errors_total"), 1u);
  // And it comes back.
  ASSERT_TRUE(server.start());
  std::this_thread::sleep_for(400ms);
  EXPECT_EQ(get(g1, "/v1/bars/SPY?limit=7")->status(), 200);
  std::this_thread::sleep_for(200ms);
  const int calls = market.bar_calls.load();
  EXPECT_EQ(get(g2, "/v1/bars/SPY?limit=7")->status(), 200);
  EXPECT_EQ(market.bar_calls.load(), calls);  // served by Redis again
}

}  // namespace
}  // namespace sp::serve::redis
