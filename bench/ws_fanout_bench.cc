// ws_fanout_bench: one quote update fanned out to many WebSocket subscribers — the delivery latency
// of `/v1/stream` (serve/ws/stream_hub.h) on loopback, per client per message.
//
//   bench_ws_fanout [--clients 10000] [--messages 20] [--interval-ms 250] [--server-threads 2]
//                   [--client-threads 1] [--conflate]
//
// Two processes on one machine, as a gateway and its subscribers would be: a child runs the real
// HTTP server and StreamHub on 127.0.0.1 (any free port) and publishes; the parent runs the clients
// — Beast WebSocket streams on their own Asio thread(s) — which connect (at most 256 handshakes at
// once, so the listen backlog never overflows), subscribe to one channel and wait for "subscribed".
// Then the child publishes --messages updates --interval-ms apart, each carrying its publish time
// (steady clock, ns: CLOCK_MONOTONIC, the same clock in both processes), as StockPulse publishes
// quotes (a JSON object on "quotes:BENCH"; not conflated unless --conflate, so every client must
// get every message). A client's latency for a message is its receive time minus the publish time
// in the message; per message the latest of them is "the time until the last subscriber has it".
// The two processes speak over two pipes: the child sends its port, the parent sends the number of
// clients subscribed ("publish now"), the child says when it has published, and when the parent
// has received everything it sends the hub's counters and stops.
//
// File descriptors: each process holds one socket per client (the server's side in the child, the
// client's in the parent). The soft RLIMIT_NOFILE is raised to the hard limit; when that cannot
// hold every client, the run says so and uses what fits.
//
// Output (stdout): a summary, then one machine-readable line
//   RESULT clients=N messages=M delivered=D expected=E p50_us=.. p90_us=.. p99_us=.. p999_us=..
//          max_us=.. last_median_ms=.. last_max_ms=.. connect_s=..
// Exit status: 0 when every subscribed client got every message, 1 otherwise, 2 on bad arguments.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "latency_histogram.h"
#include "serve/http/server.h"
#include "serve/ws/stream_hub.h"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using sp::bench::LatencyHistogram;

constexpr const char* kChannel = "quotes:BENCH";
constexpr std::size_t kMaxHandshakes = 256;  // per client thread, in flight at once

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// The value after `"key":` in a JSON text, as an integer; -1 when absent.
std::int64_t json_int(std::string_view text, std::string_view key) {
  const std::string needle = "\"" + std::string(key) + "\":";
  const auto at = text.find(needle);
  if (at == std::string_view::npos) return -1;
  std::int64_t v = -1;
  std::from_chars(text.data() + at + needle.size(), text.data() + text.size(), v);
  return v;
}

// What one client thread measures; read by the main thread only after that thread has stopped,
// except the two counters.
struct ClientThread {
  explicit ClientThread(std::size_t messages) : last(messages, 0) {}
  asio::io_context ioc{1};
  LatencyHistogram hist;
  std::vector<std::int64_t> last;  // per message: the latest delivery latency, ns
  std::atomic<std::uint64_t> subscribed{0}, failed{0}, delivered{0}, bad{0};
  std::vector<std::size_t> mine;  // indices of this thread's clients, connected in order
  std::size_t next = 0;
};

class Client : public std::enable_shared_from_this<Client> {
 public:
  Client(ClientThread& t, std::uint16_t port) : t_(t), port_(port), ws_(t.ioc) {}

  // connect -> handshake -> subscribe -> "subscribed" -> read deliveries until closed. `done` runs
  // once the client is subscribed or has failed (to start the next handshake).
  void start(std::function<void()> done) {
    done_ = std::move(done);
    const tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), port_);
    ws_.next_layer().async_connect(ep, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return self->fail();
      self->ws_.next_layer().set_option(tcp::no_delay(true));
      self->ws_.async_handshake("127.0.0.1:" + std::to_string(self->port_), "/v1/stream",
                                [self](beast::error_code ec2) {
                                  if (ec2) return self->fail();
                                  self->subscribe();
                                });
    });
  }

  void close() {
    beast::error_code ec;
    ws_.next_layer().close(ec);
  }

 private:
  void subscribe() {
    out_ = std::string(R"({"op":"subscribe","channels":[")") + kChannel + "\"]}";
    ws_.async_write(asio::buffer(out_),
                    [self = shared_from_this()](beast::error_code ec, std::size_t) {
                      if (ec) return self->fail();
                      self->read();
                    });
  }

  void read() {
    ws_.async_read(in_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      const std::int64_t now = now_ns();
      if (ec) return self->subscribed_ ? void() : self->fail();
      const auto d = self->in_.data();
      const std::string_view text(static_cast<const char*>(d.data()), d.size());
      self->on_message(text, now);
      self->in_.consume(self->in_.size());
      self->read();
    });
  }

  void on_message(std::string_view text, std::int64_t now) {
    if (!subscribed_) {
      if (text.find("\"subscribed\"") == std::string_view::npos) return fail();
      subscribed_ = true;
      t_.subscribed.fetch_add(1, std::memory_order_relaxed);
      return finish_start();
    }
    const std::int64_t seq = json_int(text, "seq");
    const std::int64_t sent = json_int(text, "t_ns");
    if (seq < 0 || static_cast<std::size_t>(seq) >= t_.last.size() || sent <= 0) {
      t_.bad.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    const std::int64_t latency = now - sent;
    t_.hist.record(latency);
    auto& last = t_.last[static_cast<std::size_t>(seq)];
    last = std::max(last, latency);
    t_.delivered.fetch_add(1, std::memory_order_relaxed);
  }

  void fail() {
    t_.failed.fetch_add(1, std::memory_order_relaxed);
    close();
    finish_start();
  }

  void finish_start() {
    if (done_) std::exchange(done_, nullptr)();
  }

  ClientThread& t_;
  std::uint16_t port_;
  websocket::stream<tcp::socket> ws_;
  beast::flat_buffer in_;
  std::string out_;
  bool subscribed_ = false;
  std::function<void()> done_;
};

struct Options {
  std::size_t clients = 10000;
  std::size_t messages = 20;
  int interval_ms = 250;
  unsigned server_threads = 2;
  unsigned client_threads = 1;
  bool conflate = false;
};

bool parse(int argc, char** argv, Options* o) {
  auto number = [](const char* flag, const char* text, long lo, long hi, long* out) {
    char* end = nullptr;
    const long v = std::strtol(text, &end, 10);
    if (end == text || *end || v < lo || v > hi) {
      std::fprintf(stderr, "bench_ws_fanout: %s '%s' is not an integer in [%ld, %ld]\n", flag, text,
                   lo, hi);
      return false;
    }
    *out = v;
    return true;
  };
  for (int a = 1; a < argc; ++a) {
    const std::string flag = argv[a];
    if (flag == "--conflate") {
      o->conflate = true;
      continue;
    }
    if (a + 1 >= argc) {
      std::fprintf(stderr, "bench_ws_fanout: unknown option or missing value: %s\n", flag.c_str());
      return false;
    }
    long v = 0;
    const char* text = argv[++a];
    if (flag == "--clients" && number("--clients", text, 1, 1'000'000, &v))
      o->clients = static_cast<std::size_t>(v);
    else if (flag == "--messages" && number("--messages", text, 1, 100'000, &v))
      o->messages = static_cast<std::size_t>(v);
    else if (flag == "--interval-ms" && number("--interval-ms", text, 0, 60'000, &v))
      o->interval_ms = static_cast<int>(v);
    else if (flag == "--server-threads" && number("--server-threads", text, 1, 64, &v))
      o->server_threads = static_cast<unsigned>(v);
    else if (flag == "--client-threads" && number("--client-threads", text, 1, 64, &v))
      o->client_threads = static_cast<unsigned>(v);
    else {
      std::fprintf(stderr, "bench_ws_fanout: bad option %s %s\n", flag.c_str(), text);
      return false;
    }
  }
  return true;
}

// Raises the soft descriptor limit to the hard one; returns how many clients fit (one descriptor
// each in each process, and a margin for the listeners, epoll, eventfds, pipes, stdio).
std::size_t clients_that_fit(rlim_t* hard) {
  rlimit lim{};
  getrlimit(RLIMIT_NOFILE, &lim);
  *hard = lim.rlim_max;
  if (lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
    getrlimit(RLIMIT_NOFILE, &lim);
  }
  constexpr rlim_t kMargin = 64;
  return lim.rlim_cur > kMargin ? static_cast<std::size_t>(lim.rlim_cur - kMargin) : 0;
}

// Whole-buffer pipe I/O; false when the other process has gone.
bool write_all(int fd, const void* p, std::size_t n) {
  const char* c = static_cast<const char*>(p);
  while (n > 0) {
    const ssize_t w = ::write(fd, c, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    c += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}
bool read_all(int fd, void* p, std::size_t n) {
  char* c = static_cast<char*>(p);
  while (n > 0) {
    const ssize_t r = ::read(fd, c, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    c += r;
    n -= static_cast<std::size_t>(r);
  }
  return true;
}

// What the server child reports after publishing.
struct HubCounters {
  std::uint64_t delivered = 0, conflated = 0, slow_disconnects = 0;
};

// The server process: starts the server and hub, sends its port (0 on failure) on `to_parent`,
// waits for the number of subscribed clients on `from_parent`, waits until the hub has counted
// them, publishes, says so ('p'), and when `from_parent` sends a byte (or closes) sends the hub's
// counters and stops.
int run_server_child(const Options& o, int from_parent, int to_parent) {
  sp::serve::ws::StreamHub hub({.threads = o.server_threads}, [](std::string_view ch) {
    return ch == kChannel ? "" : "unknown channel";
  });
  sp::serve::http::ServerConfig sc;
  sc.host = "127.0.0.1";
  sc.port = 0;
  sc.threads = o.server_threads;
  auto started = sp::serve::http::Server::start(
      sc,
      [](const sp::serve::http::Request&) {
        return sp::serve::http::error_response(404, "not_found", "ws only");
      },
      hub.upgrade_hook());
  std::uint16_t port = 0;
  if (!started.server) {
    std::fprintf(stderr, "bench_ws_fanout: %s\n", started.error.c_str());
    write_all(to_parent, &port, sizeof port);
    return 1;
  }
  auto& server = *started.server;
  hub.attach(server);
  port = server.port();
  if (!write_all(to_parent, &port, sizeof port)) return 1;

  std::uint64_t subscribed = 0;
  if (!read_all(from_parent, &subscribed, sizeof subscribed)) return 1;
  // The hub counts a subscription when it answers; wait until it has them all (it should already).
  for (int i = 0; i < 1000 && hub.stats().subscriptions < subscribed; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  for (std::size_t m = 0; m < o.messages; ++m) {
    const std::string data = R"({"symbol":"BENCH","bid":189.1,"ask":189.12,"seq":)" +
                             std::to_string(m) + ",\"t_ns\":" + std::to_string(now_ns()) + "}";
    hub.publish(kChannel, data, o.conflate);
    std::this_thread::sleep_for(std::chrono::milliseconds(o.interval_ms));
  }
  const char published = 'p';
  if (!write_all(to_parent, &published, 1)) return 1;
  // The parent says when its clients have everything (or gave up); count then, and stop.
  char stop = 0;
  read_all(from_parent, &stop, 1);
  const auto st = hub.stats();
  const HubCounters c{st.delivered, st.conflated, st.slow_disconnects};
  write_all(to_parent, &c, sizeof c);
  server.stop();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!parse(argc, argv, &o)) {
    std::fprintf(stderr,
                 "usage: bench_ws_fanout [--clients N] [--messages M] [--interval-ms MS] "
                 "[--server-threads N]\n"
                 "                       [--client-threads N] [--conflate]\n");
    return 2;
  }
  rlim_t hard = 0;
  const std::size_t fit = clients_that_fit(&hard);
  const std::size_t asked = o.clients;
  o.clients = std::min(o.clients, fit);
  if (o.clients < asked) {
    std::printf(
        "note: RLIMIT_NOFILE hard limit %llu holds %zu client+server socket pairs in one process, "
        "not %zu: running %zu clients\n",
        static_cast<unsigned long long>(hard), fit, asked, o.clients);
  }

  // The server runs in a child, started before any thread exists here.
  int down[2], up[2];  // parent -> child, child -> parent
  if (::pipe(down) != 0 || ::pipe(up) != 0) {
    std::perror("bench_ws_fanout: pipe");
    return 1;
  }
  std::fflush(stdout);
  const pid_t child = ::fork();
  if (child < 0) {
    std::perror("bench_ws_fanout: fork");
    return 1;
  }
  if (child == 0) {
    ::close(down[1]);
    ::close(up[0]);
    std::_Exit(run_server_child(o, down[0], up[1]));
  }
  ::close(down[0]);
  ::close(up[1]);
  const int to_child = down[1], from_child = up[0];
  auto reap = [child] {
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    return status;
  };
  std::uint16_t port = 0;
  if (!read_all(from_child, &port, sizeof port) || port == 0) {
    std::fprintf(stderr, "bench_ws_fanout: the server process did not start\n");
    reap();
    return 1;
  }

  // Clients, spread over the client threads; each thread keeps kMaxHandshakes in flight.
  std::vector<std::unique_ptr<ClientThread>> threads;
  for (unsigned i = 0; i < o.client_threads; ++i)
    threads.push_back(std::make_unique<ClientThread>(o.messages));
  std::vector<std::shared_ptr<Client>> clients;
  clients.reserve(o.clients);
  for (std::size_t i = 0; i < o.clients; ++i) {
    ClientThread& t = *threads[i % threads.size()];
    clients.push_back(std::make_shared<Client>(t, port));
    t.mine.push_back(i);
  }
  std::function<void(ClientThread&)> start_next = [&](ClientThread& t) {
    if (t.next >= t.mine.size()) return;
    clients[t.mine[t.next++]]->start([&t, &start_next] { start_next(t); });
  };
  const std::int64_t connect_begin = now_ns();
  std::vector<std::thread> runners;
  for (auto& t : threads) {
    ClientThread* tp = t.get();
    asio::post(tp->ioc, [tp, &start_next] {
      for (std::size_t k = 0; k < kMaxHandshakes; ++k) start_next(*tp);
    });
    runners.emplace_back([tp] {
      auto guard = asio::make_work_guard(tp->ioc);
      tp->ioc.run();
    });
  }
  auto sum = [&](auto member) {
    std::uint64_t n = 0;
    for (auto& t : threads) n += ((*t).*member).load(std::memory_order_relaxed);
    return n;
  };
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(180);
  while (sum(&ClientThread::subscribed) + sum(&ClientThread::failed) < o.clients &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const double connect_s = static_cast<double>(now_ns() - connect_begin) / 1e9;
  const std::uint64_t subscribed = sum(&ClientThread::subscribed);
  // Publish now: the child waits until its hub has counted `subscribed`, then publishes.
  char published_byte = 0;
  const bool published = write_all(to_child, &subscribed, sizeof subscribed) &&
                         read_all(from_child, &published_byte, 1);
  if (!published) std::fprintf(stderr, "bench_ws_fanout: the server process stopped early\n");
  const std::uint64_t expected = subscribed * o.messages;
  const auto wait_until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (sum(&ClientThread::delivered) < expected &&
         std::chrono::steady_clock::now() < wait_until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }

  const char stop = 'q';
  HubCounters hub_stats;
  write_all(to_child, &stop, 1);  // the child counts, then stops its server: closes every socket
  read_all(from_child, &hub_stats, sizeof hub_stats);
  ::close(to_child);
  ::close(from_child);
  const int child_status = reap();
  for (auto& t : threads) t->ioc.stop();
  for (auto& r : runners) r.join();
  for (auto& c : clients) c->close();

  LatencyHistogram all;
  std::vector<std::int64_t> last(o.messages, 0);
  for (auto& t : threads) {
    all.merge(t->hist);
    for (std::size_t m = 0; m < o.messages; ++m) last[m] = std::max(last[m], t->last[m]);
  }
  std::vector<std::int64_t> sorted = last;
  std::sort(sorted.begin(), sorted.end());
  const double last_median_ms = static_cast<double>(sorted[sorted.size() / 2]) / 1e6;
  const double last_max_ms = static_cast<double>(sorted.back()) / 1e6;
  const std::uint64_t delivered = sum(&ClientThread::delivered);
  auto us = [&](double p) { return static_cast<double>(all.percentile(p)) / 1e3; };

  std::printf(
      "ws_fanout: %zu WebSocket clients on 127.0.0.1 (%u server I/O threads in a server process, "
      "%u client thread%s in another)\n",
      o.clients, o.server_threads, o.client_threads, o.client_threads == 1 ? "" : "s");
  std::printf("subscribed %llu to %s in %.2f s, %llu failed\n",
              static_cast<unsigned long long>(subscribed), kChannel, connect_s,
              static_cast<unsigned long long>(sum(&ClientThread::failed)));
  std::printf(
      "published %zu quote updates %d ms apart (%s); hub: %llu delivered, %llu conflated, %llu "
      "slow disconnects\n",
      o.messages, o.interval_ms, o.conflate ? "conflated" : "not conflated",
      static_cast<unsigned long long>(hub_stats.delivered),
      static_cast<unsigned long long>(hub_stats.conflated),
      static_cast<unsigned long long>(hub_stats.slow_disconnects));
  std::printf("received %llu of %llu (%llu malformed)\n",
              static_cast<unsigned long long>(delivered), static_cast<unsigned long long>(expected),
              static_cast<unsigned long long>(sum(&ClientThread::bad)));
  std::printf(
      "delivery latency per client per message, us: p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max "
      "%.1f\n",
      us(50), us(90), us(99), us(99.9), static_cast<double>(all.max()) / 1e3);
  std::printf("until the last subscriber has it, per message, ms: median %.2f  max %.2f\n",
              last_median_ms, last_max_ms);
  std::printf(
      "RESULT clients=%zu messages=%zu delivered=%llu expected=%llu p50_us=%.1f p90_us=%.1f "
      "p99_us=%.1f "
      "p999_us=%.1f max_us=%.1f last_median_ms=%.2f last_max_ms=%.2f connect_s=%.2f\n",
      o.clients, o.messages, static_cast<unsigned long long>(delivered),
      static_cast<unsigned long long>(expected), us(50), us(90), us(99), us(99.9),
      static_cast<double>(all.max()) / 1e3, last_median_ms, last_max_ms, connect_s);
  const bool child_ok = WIFEXITED(child_status) && WEXITSTATUS(child_status) == 0;
  if (!child_ok) std::fprintf(stderr, "bench_ws_fanout: the server process failed\n");
  return published && child_ok && delivered == expected && subscribed == o.clients ? 0 : 1;
}
