// Server: the HTTP/1.1 listener of `stockpulse serve`, on Boost.Beast's parser and Boost.Asio.
//
//   ServerConfig config;                 // 127.0.0.1:8080, one I/O thread per core
//   auto server = Server::start(config, [](const Request& r) { return respond(r); });
//   if (!server) fail(server.error);     // e.g. "cannot listen on 127.0.0.1:8080: Address in use"
//   server.server->port();               // the bound port (useful with port 0)
//   server.server->stop();               // or let the destructor do it
//
// Model: `threads` I/O threads, each with its own event loop. One listening socket (on thread 0)
// accepts; each new connection goes to the thread with the fewest connections (SO_REUSEPORT's
// hashing split a benchmark's 64 connections 1:2 between two threads) and lives on it for its
// whole life: after the hand-off, no lock or cross-thread step per request. Per request: the
// socket is read until drained and the bytes fed to Beast's parser; the limits are checked, the
// body is read (answering `Expect: 100-continue`), the handler is called on the I/O thread and
// returns a PreparedResponse, which is written with one gather write, tried at once (the shared
// bytes, a per-second Date line, `Connection: close` when closing) — no serialiser and no copy of
// the body. A readiness wait is queued only after a read found the socket empty: a keep-alive
// request costs one recv(), one sendmsg(), the wait's re-arm (epoll_ctl) and a share of an
// epoll_wait(). Pipelined requests are answered in order. HEAD gets the same headers without the
// body.
//
// Limits and the answers to bad input (the connection is then closed; the server keeps serving):
//   malformed request line or header       400 {"error":{"code":"bad_request",...}}
//   target longer than max_target_bytes    414
//   header block over max_header_bytes or
//   more than max_header_fields fields     431
//   body over max_body_bytes               413
//   handler throws                         500 (logged to stderr; the connection stays usable)
// Idle connections (no complete request for idle_timeout, including one trickling its header
// in slowly) are closed by a coarse sweep once per sweep_interval, not a timer per request.
//
// WebSocket: with an UpgradeHook, `Upgrade: websocket` requests for paths it accepts leave the HTTP
// path and are handed over with their socket (serve/ws/ runs them).
//
// Thread safety: start/stop/port/stats/post may be called from any thread. The handler is called
// concurrently from every I/O thread and must be thread-safe. It must not block for long: it runs
// on the I/O thread, and the other connections of that thread wait meanwhile.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "serve/http/prepared_response.h"
#include "serve/http/request.h"

namespace sp::serve::http {

struct ServerLimits {
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_header_fields = 100;
  std::size_t max_target_bytes = 4096;
  std::size_t max_body_bytes = 1024 * 1024;
  std::chrono::milliseconds idle_timeout{30'000};
  std::chrono::milliseconds sweep_interval{1'000};
};

struct ServerConfig {
  std::string host = "127.0.0.1";  // an IP address or "localhost"
  std::uint16_t port = 8080;       // 0: any free port (see Server::port)
  unsigned threads = 0;            // 0: one per hardware thread
  ServerLimits limits;
};

// A WebSocket upgrade handed over by the server (serve/http/upgrade.h defines it: the socket, the
// parsed request and the index of the I/O thread that owns the socket).
struct Upgrade;

// Decides which requests may upgrade and takes them over. accepts() is asked on the I/O thread for
// every request carrying `Upgrade: websocket`; when it says no the request goes to the handler as
// usual. take() then owns the connection (it must keep using the socket on that thread's executor).
struct UpgradeHook {
  std::function<bool(std::string_view path)> accepts;
  std::function<void(Upgrade& upgrade)> take;
};

struct ServerStats {
  std::uint64_t connections_accepted = 0;
  std::uint64_t connections_open = 0;
  std::uint64_t requests = 0;
  std::uint64_t bad_requests = 0;  // answered 400/413/414/431 by the server itself
  std::uint64_t idle_closed = 0;
};

class Server {
 public:
  using Handler = std::function<std::shared_ptr<const PreparedResponse>(const Request&)>;

  struct Started {
    std::unique_ptr<Server> server;  // null on failure
    std::string error;               // why, naming the address
  };
  static Started start(const ServerConfig& config, Handler handler, UpgradeHook upgrades = {});

  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  std::uint16_t port() const;
  unsigned threads() const;
  ServerStats stats() const;
  // Runs f on I/O thread `thread` (0 <= thread < threads()), soon; used to fan messages out to the
  // connections a thread owns without locks. Safe from any thread; dropped once stopped.
  void post(unsigned thread, std::function<void()> f);
  // Stops accepting, closes every connection, joins the threads. Idempotent.
  void stop();

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sp::serve::http
