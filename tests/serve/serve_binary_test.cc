// `stockpulse serve` as a user runs it: the real binary, the simulator feeding the real decoder
// and books, a real redis-server as second tier. Every endpoint, 304, each encoding decoded and
// compared, 429, WebSocket subscribe/receive/unsubscribe, Redis killed mid-test without a failed
// request, malformed and oversized requests answered while the server goes on, clean SIGTERM.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "serve/filters/content_coding.h"
#include "serve/http_client.h"
#include "serve/redis_server.h"
#include "store/store.h"

extern char** environ;

namespace sp::serve {
namespace {

using Json = nlohmann::json;
using testing::HttpConnection;
using namespace std::chrono_literals;

using Options = std::vector<std::pair<std::string, std::string>>;

// The binary, running until the object dies (SIGTERM, then wait).
class ServeProcess {
 public:
  // `options`: flag/value pairs over the defaults below (a flag given again replaces its default).
  explicit ServeProcess(const Options& options = {}) {
    std::vector<std::pair<std::string, std::string>> all = {
        {"--listen", "127.0.0.1:0"}, {"--threads", "2"},    {"--symbols", "8"},
        {"--messages", "400000"},    {"--backfill", "0.6"}, {"--db", "none"}};
    for (auto& [flag, value] : options) {
      auto it =
          std::find_if(all.begin(), all.end(), [&](const auto& p) { return p.first == flag; });
      if (it != all.end())
        it->second = value;
      else
        all.emplace_back(flag, value);
    }
    std::vector<std::string> args = {SP_BINARY, "serve"};
    for (auto& [flag, value] : all) {
      args.push_back(flag);
      args.push_back(value);
    }
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    int err[2];
    EXPECT_EQ(::pipe(err), 0);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, err[1], 2);
    posix_spawn_file_actions_addclose(&fa, err[0]);
    EXPECT_EQ(::posix_spawn(&pid_, SP_BINARY, &fa, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&fa);
    ::close(err[1]);
    err_ = err[0];
    // "stockpulse serve: listening on http://127.0.0.1:PORT (...)"
    std::string line;
    char c;
    while (::read(err_, &c, 1) == 1 && c != '\n') line += c;
    stderr_ = line;
    const auto at = line.find("http://127.0.0.1:");
    if (at != std::string::npos)
      port_ = static_cast<std::uint16_t>(std::stoi(line.substr(at + 17)));
  }
  ~ServeProcess() { stop(); }

  std::uint16_t port() const { return port_; }
  const std::string& first_line() const { return stderr_; }
  // SIGTERM and the exit status.
  int stop() {
    if (pid_ <= 0) return status_;
    ::kill(pid_, SIGTERM);
    int st = 0;
    ::waitpid(pid_, &st, 0);
    pid_ = -1;
    ::close(err_);
    status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return status_;
  }

 private:
  pid_t pid_ = -1;
  int err_ = -1;
  std::uint16_t port_ = 0;
  int status_ = -1;
  std::string stderr_;
};

Json get_json(std::uint16_t port, const std::string& target, int want = 200) {
  HttpConnection c(port);
  auto r = c.get(target);
  EXPECT_TRUE(r) << target;
  if (!r) return {};
  EXPECT_EQ(r->status, want) << target << ": " << r->body;
  return Json::parse(r->body, nullptr, false);
}

void wait_ready(std::uint16_t port) {
  for (int i = 0; i < 300; ++i) {
    HttpConnection c(port);
    if (auto r = c.get("/readyz"); r && r->status == 200) return;
    std::this_thread::sleep_for(50ms);
  }
  FAIL() << "never ready";
}

TEST(ServeBinary, EveryEndpointOverRealSockets) {
  ServeProcess p;
  ASSERT_NE(p.port(), 0) << p.first_line();
  wait_ready(p.port());
  const Json syms = get_json(p.port(), "/v1/symbols");
  ASSERT_EQ(syms["symbols"].size(), 8u);
  const std::string sym = syms["symbols"][0]["symbol"];
  EXPECT_TRUE(syms["symbols"][0]["last"].is_number());

  const Json q = get_json(p.port(), "/v1/quote/" + sym);
  for (const char* k : {"symbol", "bid", "bidSize", "ask", "askSize", "last", "lastSize", "time"}) {
    EXPECT_TRUE(q.contains(k)) << k;
  }
  EXPECT_LT(q["bid"].get<double>(), q["ask"].get<double>());

  const Json book = get_json(p.port(), "/v1/book/" + sym + "?depth=5");
  ASSERT_FALSE(book["bids"].empty());
  ASSERT_FALSE(book["asks"].empty());
  EXPECT_LE(book["bids"].size(), 5u);
  for (std::size_t i = 1; i < book["bids"].size(); ++i)
    EXPECT_GT(book["bids"][i - 1][0], book["bids"][i][0]);
  for (std::size_t i = 1; i < book["asks"].size(); ++i)
    EXPECT_LT(book["asks"][i - 1][0], book["asks"][i][0]);
  EXPECT_LT(book["bids"][0][0].get<double>(), book["asks"][0][0].get<double>());

  const Json bars = get_json(p.port(), "/v1/bars/" + sym + "?tf=1m&limit=50");
  ASSERT_EQ(bars["bars"].size(), 50u);  // 0.6 of a session of history is there from the start
  for (const auto& b : bars["bars"]) {
    EXPECT_LE(b["low"].get<double>(), b["open"].get<double>());
    EXPECT_GE(b["high"].get<double>(), b["close"].get<double>());
    EXPECT_GT(b["volume"].get<double>(), 0);
  }
  const Json ind =
      get_json(p.port(), "/v1/indicators/" + sym + "?spec=rsi:14&spec=macd:12,26,9&limit=20");
  ASSERT_EQ(ind["values"]["rsi_14"].size(), 20u);
  EXPECT_GE(ind["values"]["rsi_14"][19].get<double>(), 0);
  EXPECT_LE(ind["values"]["rsi_14"][19].get<double>(), 100);
  EXPECT_TRUE(ind["values"].contains("macd_12_26_9.macdhist"));

  HttpConnection post(p.port());
  const std::string body =
      R"({"positions":[{"symbol":")" + sym + R"(","quantity":100}],"confidence":0.99})";
  ASSERT_TRUE(post.send_raw(
      "POST /v1/risk/portfolio HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
      "Content-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body));
  auto risk = post.read_reply();
  ASSERT_TRUE(risk);
  EXPECT_EQ(risk->status, 200) << risk->body;
  EXPECT_GT(Json::parse(risk->body)["valueAtRisk"]["fraction"].get<double>(), 0);

  get_json(p.port(), "/v1/quote/NOPE", 404);
  get_json(p.port(), "/v1/bars/" + sym + "?tf=7m", 400);
  EXPECT_EQ(get_json(p.port(), "/healthz")["status"], "ok");
  const Json doc = get_json(p.port(), "/v1/openapi.json");
  EXPECT_TRUE(doc["paths"].contains("/v1/indicators/{symbol}"));
  HttpConnection m(p.port());
  auto metrics = m.get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("stockpulse_http_requests_total{route=\"/v1/quote/"
                               "{symbol}\",method=\"GET\",status=\"200\"}"),
            std::string::npos);
  // The gauges are brought up to date at the scrape: the feed has applied messages.
  const auto at = metrics->body.find("\nstockpulse_feed_messages ");
  ASSERT_NE(at, std::string::npos);
  EXPECT_GT(std::stod(metrics->body.substr(at + 26)), 100000);
  EXPECT_EQ(p.stop(), 0);  // SIGTERM: a clean exit
}

TEST(ServeBinary, ValidatorsEncodingsAndLimits) {
  const std::string keys = ::testing::TempDir() + "/serve_keys.txt";
  std::ofstream(keys) << "slow 0.2 2\n";
  ServeProcess p(Options{{"--api-keys", keys}});
  ASSERT_NE(p.port(), 0) << p.first_line();
  wait_ready(p.port());
  const std::string sym = get_json(p.port(), "/v1/symbols")["symbols"][0]["symbol"];
  // A fixed window in the past, so every answer below is the same data.
  const Json first = get_json(p.port(), "/v1/bars/" + sym + "?limit=100");
  const std::string to = first["bars"][60]["time"];
  const std::string target = "/v1/bars/" + sym + "?to=" + to + "&limit=60";
  HttpConnection c(p.port());
  auto plain = c.get(target);
  ASSERT_TRUE(plain);
  ASSERT_EQ(plain->status, 200);
  EXPECT_EQ(plain->header("vary"), "Accept-Encoding");
  auto nm = c.get(target, "If-None-Match: " + plain->header("etag") + "\r\n");
  ASSERT_TRUE(nm);
  EXPECT_EQ(nm->status, 304);
  EXPECT_EQ(nm->body, "");
  for (const auto& [accept, coding] : std::vector<std::pair<std::string, Coding>>{
           {"br", Coding::kBrotli}, {"zstd", Coding::kZstd}, {"gzip", Coding::kGzip}}) {
    auto r = c.get(target, "Accept-Encoding: " + accept + "\r\n");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->header("content-encoding"), accept);
    auto back = decode(coding, r->body);
    ASSERT_TRUE(back) << accept;
    EXPECT_EQ(*back, plain->body) << accept;
  }
  // API keys: an unknown one is refused, the known one has its own small limit.
  EXPECT_EQ(c.get("/v1/quote/" + sym, "X-API-Key: nope\r\n")->status, 401);
  EXPECT_EQ(c.get("/v1/quote/" + sym, "X-API-Key: slow\r\n")->status, 200);
  EXPECT_EQ(c.get("/v1/quote/" + sym, "X-API-Key: slow\r\n")->status, 200);
  auto limited = c.get("/v1/quote/" + sym, "X-API-Key: slow\r\n");
  EXPECT_EQ(limited->status, 429);
  EXPECT_EQ(limited->header("retry-after"), "5");
  // Malformed and oversized requests: answered, connection closed, server still serving.
  for (const auto& [bytes, status] : std::vector<std::pair<std::string, int>>{
           {"NONSENSE\r\n\r\n", 400},
           {"GET /" + std::string(5000, 'x') + " HTTP/1.1\r\nHost: t\r\n\r\n", 414},
           {"GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + std::string(20000, 'y') + "\r\n\r\n", 431},
           {"POST /v1/risk/portfolio HTTP/1.1\r\nHost: t\r\nContent-Length: 5000000\r\n\r\n",
            413}}) {
    HttpConnection bad(p.port());
    ASSERT_TRUE(bad.send_raw(bytes));
    auto r = bad.read_reply();
    ASSERT_TRUE(r) << status;
    EXPECT_EQ(r->status, status);
    EXPECT_TRUE(bad.closed_by_peer());
  }
  EXPECT_EQ(get_json(p.port(), "/healthz")["status"], "ok");
}

// The number after `series ` on its own line of /metrics; -1 when the series is absent.
double sample(const std::string& text, const std::string& series) {
  const std::string key = "\n" + series + " ";
  const auto at = text.find(key);
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + key.size()));
}

TEST(ServeBinary, PerRouteRateLimitFromTheCommandLine) {
  ServeProcess p(Options{{"--rate-limit-route", "/v1/quote/{symbol}=0.2/2"}});
  ASSERT_NE(p.port(), 0) << p.first_line();
  wait_ready(p.port());
  const std::string sym = get_json(p.port(), "/v1/symbols")["symbols"][0]["symbol"];
  HttpConnection c(p.port());
  EXPECT_EQ(c.get("/v1/quote/" + sym)->status, 200);
  EXPECT_EQ(c.get("/v1/quote/" + sym)->status, 200);
  auto limited = c.get("/v1/quote/" + sym);
  ASSERT_TRUE(limited);
  EXPECT_EQ(limited->status, 429);
  EXPECT_EQ(limited->header("retry-after"), "5");  // one token every 5 s
  EXPECT_EQ(Json::parse(limited->body)["error"]["code"], "rate_limited");
  // Another route keeps the default limit (200/s, burst 400).
  for (int i = 0; i < 30; ++i) ASSERT_EQ(c.get("/v1/bars/" + sym + "?limit=10")->status, 200) << i;
  EXPECT_EQ(c.get("/v1/bars/" + sym + "?limit=10", "Accept-Encoding: gzip\r\n")->status, 200);
  // What the metrics say about it: by route pattern and status (class), cache tiers, compression.
  HttpConnection m(p.port());
  const std::string text = m.get("/metrics")->body;
  const std::string quote = "route=\"/v1/quote/{symbol}\"", bars = "route=\"/v1/bars/{symbol}\"";
  EXPECT_EQ(sample(text, "stockpulse_rate_limited_total{" + quote + "}"), 1);
  EXPECT_EQ(sample(text, "stockpulse_rate_limited_total{" + bars + "}"), 0);
  EXPECT_EQ(
      sample(text, "stockpulse_http_requests_total{" + quote + ",method=\"GET\",status=\"429\"}"),
      1);
  EXPECT_EQ(
      sample(text, "stockpulse_http_requests_total{" + quote + ",method=\"GET\",status=\"200\"}"),
      2);
  EXPECT_EQ(sample(text, "stockpulse_http_request_duration_seconds_count{" + quote +
                             ",status_class=\"2xx\"}"),
            2);
  EXPECT_EQ(sample(text, "stockpulse_http_request_duration_seconds_count{" + quote +
                             ",status_class=\"4xx\"}"),
            1);
  EXPECT_EQ(sample(text, "stockpulse_http_request_duration_seconds_count{" + bars +
                             ",status_class=\"2xx\"}"),
            31);
  EXPECT_EQ(sample(text, "stockpulse_http_request_duration_seconds_bucket{" + bars +
                             ",status_class=\"2xx\",le=\"+Inf\"}"),
            31);
  // The same bars target 31 times: computed once (or a few times if the 2 s TTL ran out), then
  // hits.
  const double hits =
      sample(text, "stockpulse_cache_requests_total{tier=\"memory\",result=\"hit\"}");
  EXPECT_GE(hits, 25);
  const double ratio = sample(text, "stockpulse_cache_hit_ratio{tier=\"memory\"}");
  EXPECT_GT(ratio, 0.5);
  EXPECT_LT(ratio, 1);
  EXPECT_GE(sample(text, "stockpulse_cache_requests_total{tier=\"memory\",result=\"coalesced\"}"),
            0);
  EXPECT_GT(sample(text, "stockpulse_compression_saved_bytes_total"), 0);  // the gzip answer
}

TEST(ServeBinary, PerRouteRateLimitFromTheEnvironment) {
  ::setenv("STOCKPULSE_RATE_LIMIT_ROUTE", "/v1/book/{symbol}=0.2/1, /v1/symbols=0.5/3", 1);
  ServeProcess p;
  ::unsetenv("STOCKPULSE_RATE_LIMIT_ROUTE");
  ASSERT_NE(p.port(), 0) << p.first_line();
  wait_ready(p.port());
  HttpConnection c(p.port());
  for (int i = 0; i < 3; ++i) ASSERT_EQ(c.get("/v1/symbols")->status, 200) << i;
  EXPECT_EQ(c.get("/v1/symbols")->status, 429);
  EXPECT_EQ(c.get("/v1/book/NOPE")->status, 404);  // the one token, spent on an unknown symbol
  auto limited = c.get("/v1/book/NOPE");
  EXPECT_EQ(limited->status, 429);
  EXPECT_EQ(limited->header("retry-after"), "5");
}

TEST(ServeBinary, WebSocketStream) {
  ServeProcess p(Options{{"--messages", "4000000"}});  // about 170 messages a second live
  ASSERT_NE(p.port(), 0) << p.first_line();
  wait_ready(p.port());
  const std::string sym = get_json(p.port(), "/v1/symbols")["symbols"][0]["symbol"];  // the busiest
  namespace asio = boost::asio;
  namespace websocket = boost::beast::websocket;
  asio::io_context ioc;
  websocket::stream<asio::ip::tcp::socket> ws(ioc);
  asio::ip::tcp::resolver res(ioc);
  asio::connect(ws.next_layer(), res.resolve("127.0.0.1", std::to_string(p.port())));
  ws.handshake("127.0.0.1", "/v1/stream");
  auto recv = [&] {
    boost::beast::flat_buffer b;
    ws.read(b);
    return Json::parse(boost::beast::buffers_to_string(b.data()));
  };
  ws.write(asio::buffer(
      Json{{"op", "subscribe"}, {"channels", {"quotes:" + sym, "trades:" + sym, "bars:1s:" + sym}}}
          .dump()));
  EXPECT_EQ(recv()["op"], "subscribed");
  std::set<std::string> seen;
  for (int i = 0; i < 200 && seen.size() < 3; ++i) {
    const Json m = recv();
    ASSERT_TRUE(m.contains("channel")) << m.dump();
    seen.insert(
        m["channel"].get<std::string>().substr(0, m["channel"].get<std::string>().find(':')));
    if (m["channel"] == "quotes:" + sym) {
      EXPECT_TRUE(m["data"].contains("bid"));
    }
    if (m["channel"] == "trades:" + sym) {
      EXPECT_GT(m["data"]["size"].get<int>(), 0);
    }
  }
  EXPECT_EQ(seen, (std::set<std::string>{"quotes", "trades", "bars"}));
  ws.write(asio::buffer(Json{{"op", "unsubscribe"},
                             {"channels", {"quotes:" + sym, "trades:" + sym, "bars:1s:" + sym}}}
                            .dump()));
  // Messages already on their way may come first; then the acknowledgement; then nothing.
  for (int i = 0; i < 1000; ++i) {
    if (recv().value("op", "") == "unsubscribed") break;
  }
  ws.write(asio::buffer(std::string(R"({"op":"subscribe","channels":["quotes:NOPE"]})")));
  const Json e = recv();
  EXPECT_EQ(e["op"], "error");
  EXPECT_NE(e["message"].get<std::string>().find("NOPE"), std::string::npos);
}

TEST(ServeBinary, RedisKilledMidTestFailsNoRequest) {
  testing::RedisServer redis;
  SP_REQUIRE_REDIS(redis);
  ServeProcess p(Options{{"--redis", redis.url()}});
  ASSERT_NE(p.port(), 0) << p.first_line();
  wait_ready(p.port());
  const std::string sym = get_json(p.port(), "/v1/symbols")["symbols"][0]["symbol"];
  int ok = 0, total = 0;
  HttpConnection c(p.port());
  for (int i = 0; i < 300; ++i) {
    if (i == 100) redis.kill();
    if (i == 200) {
      ASSERT_TRUE(redis.start());
    }
    // A new target each time: a first-tier miss, so Redis is asked every time.
    auto r = c.get("/v1/bars/" + sym + "?limit=" + std::to_string(1 + i));
    ++total;
    ok += r && r->status == 200;
  }
  EXPECT_EQ(ok, total);
  HttpConnection m(p.port());
  const std::string metrics = m.get("/metrics")->body;
  EXPECT_NE(metrics.find("stockpulse_redis_errors_total "), std::string::npos);
  EXPECT_EQ(metrics.find("stockpulse_redis_errors_total 0\n"), std::string::npos)
      << "the kill was not noticed";
  EXPECT_NE(metrics.find("stockpulse_cache_requests_total{tier=\"redis\",result=\"miss\"}"),
            std::string::npos);
}

TEST(ServeBinary, BarsArePersistedAndReadBackAfterARestart) {
  const std::string db =
      ::testing::TempDir() + "/serve_persist_" + std::to_string(::getpid()) + ".db";
  std::filesystem::remove(db);
  std::string sym;
  std::size_t served_before = 0;
  {
    ServeProcess p(Options{{"--db", db}});
    ASSERT_NE(p.port(), 0) << p.first_line();
    wait_ready(p.port());
    sym = get_json(p.port(), "/v1/symbols")["symbols"][0]["symbol"];
    std::this_thread::sleep_for(700ms);  // the recorder writes every 250 ms
    served_before = get_json(p.port(), "/v1/bars/" + sym + "?limit=10000")["bars"].size();
    EXPECT_EQ(p.stop(), 0);  // SIGTERM writes what is queued
  }
  std::string error;
  auto store = store::open_store(db, &error);
  ASSERT_TRUE(store) << error;
  auto stored = store->bars(sym, "1m", store::kBeginningOfTime, store::kEndOfTime);
  ASSERT_TRUE(stored.ok()) << stored.error();
  // Every finished minute bar is stored (the forming one was not finished).
  EXPECT_EQ(stored->size() + 1, served_before);
  // A restart with no backfill: the history comes from the store alone.
  ServeProcess again(Options{{"--db", db}, {"--backfill", "0"}});
  ASSERT_NE(again.port(), 0) << again.first_line();
  wait_ready(again.port());
  const Json bars = get_json(again.port(), "/v1/bars/" + sym + "?limit=10000");
  ASSERT_GE(bars["bars"].size(), stored->size());
  EXPECT_DOUBLE_EQ(bars["bars"][0]["close"].get<double>(), stored->front().close);
  std::filesystem::remove(db);
}

TEST(ServeBinary, BadCommandLinesAreClear) {
  auto run = [](std::vector<std::string> args, std::string* err) {
    args.insert(args.begin(), {SP_BINARY, "serve"});
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    int pipefd[2];
    EXPECT_EQ(::pipe(pipefd), 0);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, pipefd[1], 2);
    posix_spawn_file_actions_addclose(&fa, pipefd[0]);
    pid_t pid;
    EXPECT_EQ(::posix_spawn(&pid, SP_BINARY, &fa, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&fa);
    ::close(pipefd[1]);
    char buf[4096];
    ssize_t n;
    err->clear();
    while ((n = ::read(pipefd[0], buf, sizeof buf)) > 0)
      err->append(buf, static_cast<std::size_t>(n));
    ::close(pipefd[0]);
    int st = 0;
    ::waitpid(pid, &st, 0);
    return WEXITSTATUS(st);
  };
  std::string err;
  EXPECT_EQ(run({"--listen", "nowhere"}, &err), 2);
  EXPECT_NE(err.find("--listen 'nowhere' is not HOST:PORT"), std::string::npos) << err;
  EXPECT_EQ(run({"--feed", "carrier-pigeon"}, &err), 2);
  EXPECT_NE(err.find("feed 'carrier-pigeon'"), std::string::npos) << err;
  EXPECT_EQ(run({"--feed", "itch:/nonexistent/day.itch"}, &err), 1);
  EXPECT_NE(err.find("/nonexistent/day.itch"), std::string::npos) << err;
  EXPECT_EQ(run({"--redis", "http://x"}, &err), 2);
  EXPECT_NE(err.find("redis://"), std::string::npos) << err;
  EXPECT_EQ(run({"--static", "/nonexistent/site"}, &err), 1);
  EXPECT_EQ(run({"--listen", "not-an-ip:8080"}, &err), 1);
  EXPECT_NE(err.find("cannot listen on not-an-ip:8080"), std::string::npos) << err;
  EXPECT_EQ(run({"--threads", "0"}, &err), 2);
  EXPECT_EQ(run({"--db", "mysql://x"}, &err), 1);
  EXPECT_NE(err.find("mysql://x"), std::string::npos) << err;
  // Rate limits: the flag and the bad text named.
  EXPECT_EQ(run({"--rate-limit", "fast"}, &err), 2);
  EXPECT_NE(err.find("--rate-limit 'fast' is not on, off or RATE[/BURST]"), std::string::npos)
      << err;
  EXPECT_EQ(run({"--rate-limit", "0/5"}, &err), 2);
  EXPECT_NE(err.find("--rate-limit '0/5': rate '0' is not a positive number"), std::string::npos)
      << err;
  EXPECT_EQ(run({"--rate-limit-route", "/v1/quote/{symbol}"}, &err), 2);
  EXPECT_NE(err.find("--rate-limit-route '/v1/quote/{symbol}' is not ROUTE=RATE[/BURST]"),
            std::string::npos)
      << err;
  EXPECT_EQ(run({"--rate-limit-route", "/v1/quote/{symbol}=fast"}, &err), 2);
  EXPECT_NE(
      err.find(
          "--rate-limit-route '/v1/quote/{symbol}=fast': rate 'fast' is not a positive number"),
      std::string::npos)
      << err;
  EXPECT_EQ(run({"--rate-limit-route", "/v1/quote/{symbol}=5/0.5"}, &err), 2);
  EXPECT_NE(
      err.find("--rate-limit-route '/v1/quote/{symbol}=5/0.5': burst '0.5' is not a number >= 1"),
      std::string::npos)
      << err;
  EXPECT_EQ(
      run({"--rate-limit-route", "/v1/quote/{symbol}=5", "--rate-limit-route", "/v1/quotes=5"},
          &err),
      2);
  EXPECT_NE(err.find("--rate-limit-route: '/v1/quotes' is not a route that can be limited; routes: "
                     "/v1/symbols"),
            std::string::npos)
      << err;
  EXPECT_EQ(run({"--rate-limit-route", "/metrics=5"}, &err), 2);
  EXPECT_NE(err.find("'/metrics' is not a route that can be limited"), std::string::npos) << err;
  EXPECT_EQ(run({"--rate-limit", "off", "--rate-limit-route", "/v1/symbols=5"}, &err), 2);
  EXPECT_NE(err.find("--rate-limit-route has no effect with --rate-limit off"), std::string::npos)
      << err;
  ::setenv("STOCKPULSE_RATE_LIMIT_ROUTE", "/v1/symbols=-1", 1);
  EXPECT_EQ(run({}, &err), 2);
  ::unsetenv("STOCKPULSE_RATE_LIMIT_ROUTE");
  EXPECT_NE(
      err.find("STOCKPULSE_RATE_LIMIT_ROUTE '/v1/symbols=-1': rate '-1' is not a positive number"),
      std::string::npos)
      << err;
}

}  // namespace
}  // namespace sp::serve
