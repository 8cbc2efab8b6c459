// The HTTP server on a real loopback socket: keep-alive, HEAD, pipelining, Expect: 100-continue,
// the limits (400/413/414/431, the server still serving afterwards), the idle sweep, handler
// exceptions, and several I/O threads on one port.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "serve/http/server.h"
#include "serve/http_client.h"

namespace sp::serve::http {
namespace {

using testing::HttpConnection;

std::shared_ptr<const PreparedResponse> echo(const Request& r) {
  if (r.path() == "/throw") throw std::runtime_error("boom");
  std::string body = std::string(r.method()) + " " + std::string(r.path());
  if (auto q = r.query_param("q")) body += " q=" + *q;
  for (const auto& s : r.query_params("spec")) body += " spec=" + s;
  if (auto h = r.header("x-api-key")) body += " key=" + std::string(*h);
  if (!r.body().empty()) body += " body=" + std::string(r.body());
  body += " client=" + std::string(r.client());
  return ResponseBuilder(200).header("Content-Type", "text/plain").body(body).build();
}

struct Running {
  explicit Running(ServerConfig c = {}, Server::Handler h = echo) {
    c.port = 0;
    if (!c.threads) c.threads = 2;
    auto s = Server::start(c, std::move(h));
    EXPECT_TRUE(s.server) << s.error;
    server = std::move(s.server);
  }
  std::unique_ptr<Server> server;
  std::uint16_t port() const { return server->port(); }
};

TEST(HttpServer, AnswersAndKeepsTheConnectionOpen) {
  Running s;
  HttpConnection c(s.port());
  ASSERT_TRUE(c.connected());
  for (int i = 0; i < 3; ++i) {
    auto r = c.get("/v1/x?q=a%3Ab%2Cc+d&spec=rsi%3A14&spec=macd:12,26,9", "X-API-Key: k1\r\n");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "GET /v1/x q=a:b,c d spec=rsi:14 spec=macd:12,26,9 key=k1 client=127.0.0.1");
    EXPECT_EQ(r->header("content-type"), "text/plain");
    EXPECT_FALSE(r->header("date").empty());
    EXPECT_EQ(r->header("connection"), "");
  }
  EXPECT_EQ(s.server->stats().requests, 3u);
  EXPECT_EQ(s.server->stats().connections_accepted, 1u);
}

TEST(HttpServer, HeadHasTheHeadersButNoBody) {
  Running s;
  HttpConnection c(s.port());
  ASSERT_TRUE(c.send_raw("HEAD /abc HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto r = c.read_reply(/*head_request=*/true);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->header("content-length"),
            std::to_string(std::string("HEAD /abc client=127.0.0.1").size()));
  EXPECT_EQ(r->body, "");
  // The connection is still in step: the next request gets its own answer.
  auto g = c.get("/next");
  ASSERT_TRUE(g);
  EXPECT_EQ(g->body, "GET /next client=127.0.0.1");
}

TEST(HttpServer, PipelinedRequestsAreAnsweredInOrder) {
  Running s;
  HttpConnection c(s.port());
  ASSERT_TRUE(c.send_raw("GET /1 HTTP/1.1\r\nHost: t\r\n\r\nGET /2 HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto a = c.read_reply();
  auto b = c.read_reply();
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->body, "GET /1 client=127.0.0.1");
  EXPECT_EQ(b->body, "GET /2 client=127.0.0.1");
}

TEST(HttpServer, LongPipelinedBurstsAndAnswersLargerThanTheSocketBuffers) {
  const std::string big(8 << 20, 'b');
  Running s(ServerConfig{}, [&](const Request& r) {
    if (r.path() == "/big")
      return ResponseBuilder(200).header("Content-Type", "text/plain").body(big).build();
    return echo(r);
  });
  HttpConnection c(s.port());
  // Thousands of requests in one stream (answered one by one, without recursion), then an answer
  // the socket cannot take at once (finished asynchronously) with more requests queued behind it,
  // one of them with a body.
  std::string burst;
  const int n = 3000;
  for (int i = 0; i < n; ++i) burst += "GET /" + std::to_string(i) + " HTTP/1.1\r\nHost: t\r\n\r\n";
  burst += "GET /big HTTP/1.1\r\nHost: t\r\n\r\n";
  burst += "POST /p HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello";
  burst += "GET /last HTTP/1.1\r\nHost: t\r\n\r\n";
  std::thread sender(
      [&] { EXPECT_TRUE(c.send_raw(burst)); });  // while this thread reads the answers
  for (int i = 0; i < n; ++i) {
    auto r = c.read_reply();
    ASSERT_TRUE(r) << i;
    ASSERT_EQ(r->body, "GET /" + std::to_string(i) + " client=127.0.0.1");
  }
  auto r = c.read_reply();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body.size(), big.size());
  EXPECT_EQ(r->body, big);
  r = c.read_reply();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "POST /p body=hello client=127.0.0.1");
  r = c.read_reply();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "GET /last client=127.0.0.1");
  sender.join();
}

TEST(HttpServer, BodyWithExpectContinue) {
  Running s;
  HttpConnection c(s.port());
  ASSERT_TRUE(c.send_raw(
      "POST /p HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"));
  auto cont = c.read_reply();
  ASSERT_TRUE(cont);
  EXPECT_EQ(cont->status, 100);
  ASSERT_TRUE(c.send_raw("hello"));
  auto r = c.read_reply();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "POST /p body=hello client=127.0.0.1");
}

TEST(HttpServer, ConnectionCloseIsHonoured) {
  Running s;
  HttpConnection c(s.port());
  auto r = c.get("/x", "Connection: close\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->header("connection"), "close");
  EXPECT_TRUE(c.closed_by_peer());
}

void expect_rejected(std::uint16_t port, const std::string& bytes, int status,
                     const std::string& code) {
  HttpConnection c(port);
  ASSERT_TRUE(c.send_raw(bytes));
  auto r = c.read_reply();
  ASSERT_TRUE(r) << "no answer to a bad request";
  EXPECT_EQ(r->status, status);
  EXPECT_EQ(r->header("content-type"), "application/json");
  EXPECT_NE(r->body.find("\"code\":\"" + code + "\""), std::string::npos) << r->body;
  EXPECT_EQ(r->header("connection"), "close");
  EXPECT_TRUE(c.closed_by_peer());
  // ... and the server still serves.
  HttpConnection d(port);
  auto ok = d.get("/still");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST(HttpServer, BadInputGetsTheRightStatusAndTheServerKeepsServing) {
  ServerConfig cfg;
  cfg.limits.max_header_bytes = 2048;
  cfg.limits.max_header_fields = 10;
  cfg.limits.max_target_bytes = 100;
  cfg.limits.max_body_bytes = 64;
  Running s(cfg);
  expect_rejected(s.port(), "GARBAGE\r\n\r\n", 400, "bad_request");
  expect_rejected(s.port(), "GET / HTTP/1.1\r\nHost t\r\n\r\n", 400, "bad_request");
  expect_rejected(s.port(), "GET /" + std::string(200, 'a') + " HTTP/1.1\r\nHost: t\r\n\r\n", 414,
                  "uri_too_long");
  std::string many = "GET / HTTP/1.1\r\nHost: t\r\n";
  for (int i = 0; i < 20; ++i) many += "X-H" + std::to_string(i) + ": v\r\n";
  expect_rejected(s.port(), many + "\r\n", 431, "header_fields_too_large");
  expect_rejected(s.port(),
                  "GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + std::string(4000, 'b') + "\r\n\r\n", 431,
                  "header_fields_too_large");
  expect_rejected(
      s.port(),
      "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\n" + std::string(1000, 'x'), 413,
      "content_too_large");
  EXPECT_EQ(s.server->stats().bad_requests, 6u);
}

TEST(HttpServer, HandlerExceptionIs500AndTheConnectionLives) {
  Running s;
  HttpConnection c(s.port());
  auto r = c.get("/throw");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500);
  auto ok = c.get("/fine");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST(HttpServer, IdleAndSlowConnectionsAreSwept) {
  ServerConfig cfg;
  cfg.limits.idle_timeout = std::chrono::milliseconds(200);
  cfg.limits.sweep_interval = std::chrono::milliseconds(50);
  Running s(cfg);
  HttpConnection idle(s.port());
  HttpConnection slow(s.port());
  ASSERT_TRUE(slow.send_raw("GET / HTTP/1.1\r\nHo"));  // a header that never finishes
  EXPECT_TRUE(idle.closed_by_peer(3000));
  EXPECT_TRUE(slow.closed_by_peer(3000));
  EXPECT_GE(s.server->stats().idle_closed, 2u);
}

TEST(HttpServer, ManyClientsOnSeveralThreads) {
  ServerConfig cfg;
  cfg.threads = 4;
  Running s(cfg);
  EXPECT_EQ(s.server->threads(), 4u);
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 8; ++t) {
    clients.emplace_back([&, t] {
      HttpConnection c(s.port());
      for (int i = 0; i < 50; ++i) {
        auto r = c.get("/c" + std::to_string(t));
        if (r && r->status == 200 && r->body == "GET /c" + std::to_string(t) + " client=127.0.0.1")
          ++ok;
      }
    });
  }
  for (auto& c : clients) c.join();
  EXPECT_EQ(ok.load(), 400);
}

TEST(HttpServer, ConnectionsAreSpreadEvenlyOverTheThreads) {
  // Which I/O thread answers each connection: the handler runs on the connection's thread.
  std::mutex mu;
  std::map<std::thread::id, int> requests_by_thread;
  ServerConfig cfg;
  cfg.threads = 2;
  Running s(cfg, [&](const Request& r) {
    std::lock_guard lock(mu);
    ++requests_by_thread[std::this_thread::get_id()];
    return echo(r);
  });
  // Eight connections, each answered once before the next opens (so each was handed out before
  // the next is accepted), all kept open: four a thread, whatever the kernel's port hashing.
  std::vector<std::unique_ptr<HttpConnection>> open;
  for (int i = 0; i < 8; ++i) {
    open.push_back(std::make_unique<HttpConnection>(s.port()));
    auto r = open.back()->get("/x");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200);
  }
  ASSERT_EQ(requests_by_thread.size(), 2u);
  for (const auto& [id, n] : requests_by_thread) EXPECT_EQ(n, 4);
  EXPECT_EQ(s.server->stats().connections_open, 8u);
}

TEST(HttpServer, ASecondServerOnTheSamePortIsRefused) {
  Running s;
  ServerConfig cfg;
  cfg.port = s.port();
  auto t = Server::start(cfg, echo);
  EXPECT_FALSE(t.server);
  EXPECT_NE(t.error.find("bind"), std::string::npos) << t.error;
}

TEST(HttpServer, AHostThatIsNotAnAddressIsAClearError) {
  Running s;
  ServerConfig cfg;
  cfg.port = s.port();
  cfg.threads = 1;
  cfg.host = "not-an-address";
  auto t = Server::start(cfg, echo);
  EXPECT_FALSE(t.server);
  EXPECT_NE(t.error.find("cannot listen on not-an-address:"), std::string::npos) << t.error;
}

TEST(PreparedResponse, HeaderInjectionIsRefused) {
  EXPECT_THROW(ResponseBuilder(200).header("X", "a\r\nSet-Cookie: x").build(),
               std::invalid_argument);
  auto r = ResponseBuilder(304).header("ETag", "\"e\"").build();
  EXPECT_EQ(r->header("etag"), "\"e\"");
  EXPECT_EQ(r->header("content-length"), "");  // 304 has none
  EXPECT_EQ(ResponseBuilder(200).body("abc").build()->header("Content-Length"), "3");
}

}  // namespace
}  // namespace sp::serve::http
