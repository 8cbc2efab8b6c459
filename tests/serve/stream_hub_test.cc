// /v1/stream over real WebSocket connections on loopback (a Beast client): subscribe, receive,
// unsubscribe, bad ops answered without closing, conflation of quotes for a slow reader, and the
// slow-consumer disconnect.
#include "serve/ws/stream_hub.h"

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "serve/http_client.h"

namespace sp::serve::ws {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using Json = nlohmann::json;

struct Fixture {
  explicit Fixture(StreamHubConfig c = {})
      : hub((c.threads = 2, c), [](std::string_view ch) -> std::string {
          if (ch.starts_with("quotes:") || ch.starts_with("trades:") ||
              ch.starts_with("bars:1m:")) {
            return ch.ends_with(":NOPE") ? "unknown symbol NOPE" : "";
          }
          return "unknown channel";
        }) {
    http::ServerConfig sc;
    sc.port = 0;
    sc.threads = 2;
    auto s = http::Server::start(
        sc, [](const http::Request&) { return http::ResponseBuilder(200).body("plain").build(); },
        hub.upgrade_hook());
    EXPECT_TRUE(s.server) << s.error;
    server = std::move(s.server);
    hub.attach(*server);
  }
  StreamHub hub;
  std::unique_ptr<http::Server> server;
};

struct Client {
  explicit Client(std::uint16_t port) : ws(ioc) {
    tcp::resolver r(ioc);
    asio::connect(ws.next_layer(), r.resolve("127.0.0.1", std::to_string(port)));
    ws.handshake("127.0.0.1", "/v1/stream");
  }
  void send(const Json& j) { ws.write(asio::buffer(j.dump())); }
  Json recv() {
    beast::flat_buffer b;
    ws.read(b);
    return Json::parse(beast::buffers_to_string(b.data()));
  }
  asio::io_context ioc;
  websocket::stream<tcp::socket> ws;
};

void wait_for(const std::function<bool()>& cond) {
  for (int i = 0; i < 500 && !cond(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

TEST(StreamHub, SubscribeReceiveUnsubscribe) {
  Fixture f;
  Client c(f.server->port());
  c.send({{"op", "subscribe"}, {"channels", {"quotes:AAPL", "trades:AAPL"}}});
  EXPECT_EQ(c.recv(), (Json{{"op", "subscribed"}, {"channels", {"quotes:AAPL", "trades:AAPL"}}}));
  EXPECT_EQ(f.hub.stats().subscriptions, 2u);
  f.hub.publish("quotes:AAPL", R"({"bid":189.1,"ask":189.12})", true);
  f.hub.publish("quotes:MSFT", R"({"bid":1})", true);  // not subscribed: never arrives
  f.hub.publish("trades:AAPL", R"({"price":189.11,"size":100})", false);
  EXPECT_EQ(c.recv(),
            Json::parse(R"({"channel":"quotes:AAPL","data":{"bid":189.1,"ask":189.12}})"));
  EXPECT_EQ(c.recv(),
            Json::parse(R"({"channel":"trades:AAPL","data":{"price":189.11,"size":100}})"));
  c.send({{"op", "unsubscribe"}, {"channels", {"quotes:AAPL"}}});
  EXPECT_EQ(c.recv()["op"], "unsubscribed");
  f.hub.publish("quotes:AAPL", R"({"bid":2})", true);
  f.hub.publish("trades:AAPL", R"({"price":3})", false);
  EXPECT_EQ(c.recv()["data"]["price"], 3);  // the quote no longer comes
  EXPECT_EQ(f.hub.stats().subscriptions, 1u);
}

TEST(StreamHub, BadOpsAreAnsweredAndTheConnectionStays) {
  Fixture f;
  Client c(f.server->port());
  c.ws.write(asio::buffer(std::string("not json")));
  EXPECT_EQ(c.recv()["message"], "message is not a JSON object");
  c.send({{"op", "dance"}});
  EXPECT_NE(c.recv()["message"].get<std::string>().find("unknown op \"dance\""), std::string::npos);
  c.send({{"op", "subscribe"}, {"channels", "quotes:AAPL"}});
  EXPECT_EQ(c.recv()["op"], "error");
  c.send({{"op", "subscribe"}, {"channels", {"quotes:AAPL", "quotes:NOPE"}}});
  const Json e = c.recv();
  EXPECT_EQ(e["op"], "error");
  EXPECT_EQ(e["message"], "subscribe quotes:NOPE: unknown symbol NOPE");
  EXPECT_EQ(f.hub.stats().subscriptions, 0u);  // all or nothing
  c.send({{"op", "subscribe"}, {"channels", {"bars:1m:AAPL"}}});
  EXPECT_EQ(c.recv()["op"], "subscribed");
}

TEST(StreamHub, DisconnectRemovesSubscriptionsAndPlainHttpStillWorks) {
  Fixture f;
  {
    Client c(f.server->port());
    c.send({{"op", "subscribe"}, {"channels", {"quotes:AAPL"}}});
    c.recv();
    EXPECT_EQ(f.hub.stats().clients, 1u);
  }
  wait_for([&] { return f.hub.stats().clients == 0; });
  EXPECT_EQ(f.hub.stats().clients, 0u);
  EXPECT_EQ(f.hub.stats().subscriptions, 0u);
  testing::HttpConnection h(f.server->port());
  auto r = h.get("/v1/symbols");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "plain");
}

TEST(StreamHub, QuotesAreConflatedForASlowReader) {
  StreamHubConfig cfg;
  cfg.max_pending_bytes = 1 << 20;
  Fixture f(cfg);
  Client c(f.server->port());
  c.send({{"op", "subscribe"}, {"channels", {"quotes:AAPL"}}});
  c.recv();
  const std::string pad(20000, 'x');
  constexpr int kQuotes = 2000;  // 40 MB in all: far more than the socket buffers hold
  for (int i = 0; i < kQuotes; ++i) {
    f.hub.publish("quotes:AAPL", "{\"seq\":" + std::to_string(i) + ",\"pad\":\"" + pad + "\"}",
                  true);
  }
  wait_for([&] { return f.hub.stats().conflated > 0; });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // let the fan-out finish
  int received = 0, last = -1;
  while (last != kQuotes - 1) {
    const Json m = c.recv();
    const int seq = m["data"]["seq"];
    EXPECT_GT(seq, last);  // in order, never a stale one after a newer one
    last = seq;
    ++received;
  }
  EXPECT_LT(received, kQuotes);
  EXPECT_GT(f.hub.stats().conflated, 0u);
  EXPECT_EQ(f.hub.stats().slow_disconnects, 0u);  // conflation kept the queue bounded
}

TEST(StreamHub, AnOverflowingQueueDisconnectsTheSlowConsumer) {
  StreamHubConfig cfg;
  cfg.max_pending_bytes = 256 << 10;
  Fixture f(cfg);
  Client slow(f.server->port());
  slow.send({{"op", "subscribe"}, {"channels", {"trades:AAPL"}}});
  slow.recv();
  const std::string pad(50000, 'y');
  for (int i = 0; i < 400; ++i)
    f.hub.publish("trades:AAPL", "{\"pad\":\"" + pad + "\"}", false);  // 20 MB
  wait_for([&] { return f.hub.stats().slow_disconnects > 0; });
  EXPECT_EQ(f.hub.stats().slow_disconnects, 1u);
  // The client reads what was in flight, then the close frame with 1013.
  beast::error_code ec;
  for (int i = 0; i < 1000 && !ec; ++i) {
    beast::flat_buffer b;
    slow.ws.read(b, ec);
  }
  EXPECT_EQ(ec, websocket::error::closed);
  EXPECT_EQ(slow.ws.reason().code, websocket::close_code::try_again_later);
  // Others are unaffected.
  Client fresh(f.server->port());
  fresh.send({{"op", "subscribe"}, {"channels", {"trades:AAPL"}}});
  EXPECT_EQ(fresh.recv()["op"], "subscribed");
}

}  // namespace
}  // namespace sp::serve::ws
