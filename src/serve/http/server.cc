#include "serve/http/server.h"

#include <sys/socket.h>

#include <array>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <cstdio>
#include <cstring>
#include <optional>
#include <span>
#include <thread>
#include <vector>

#include "serve/http/upgrade.h"

namespace sp::serve::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kConnectionClose = "Connection: close\r\n";
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

std::optional<std::string_view> beast_header(const void* fields, std::string_view name) {
  const auto& f = *static_cast<const bhttp::fields*>(fields);
  auto it = f.find(beast::string_view(name.data(), name.size()));
  if (it == f.end()) return std::nullopt;
  const auto v = it->value();
  return std::string_view(v.data(), v.size());
}

struct Counters {
  std::atomic<std::uint64_t> accepted{0}, open{0}, requests{0}, bad{0}, idle_closed{0};
};

class Connection;

// One I/O thread: its event loop, its listening socket, its connections and its Date line.
struct Worker {
  Worker(const ServerConfig& c, const Server::Handler& h, const UpgradeHook& u, Counters& k,
         unsigned i, const std::vector<std::unique_ptr<Worker>>& all)
      : config(c),
        handler(h),
        upgrades(u),
        counters(k),
        index(i),
        peers(&all),
        acceptor(ioc),
        sweep(ioc) {}

  void accept();
  void schedule_sweep();

  const ServerConfig& config;
  const Server::Handler& handler;
  const UpgradeHook& upgrades;
  Counters& counters;
  unsigned index;
  const std::vector<std::unique_ptr<Worker>>* peers;  // every worker, this one included
  std::size_t next_peer = 0;                          // accepting worker only
  std::atomic<unsigned> load{0};  // connections handed to this worker and not yet closed
  // Declared before the event loop: connections still queued in it when it is destroyed unlink
  // themselves from this list.
  Connection* head = nullptr;  // intrusive list of this thread's live connections
  asio::io_context ioc{1};
  tcp::acceptor acceptor;
  asio::steady_timer sweep;
  DateLine date;
  std::thread thread;
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(Worker& w, tcp::socket s) : w_(w), socket_(std::move(s)) {
    beast::error_code ec;
    const auto ep = socket_.remote_endpoint(ec);
    client_ = ec ? std::string("unknown") : ep.address().to_string();
    // Linked in on the worker's thread, unlinked in the destructor on the same thread.
    next_ = w_.head;
    if (next_) next_->prev_ = this;
    w_.head = this;
    w_.counters.open.fetch_add(1, std::memory_order_relaxed);
    last_active_ = Clock::now();
  }
  ~Connection() {
    if (prev_)
      prev_->next_ = next_;
    else
      w_.head = next_;
    if (next_) next_->prev_ = prev_;
    w_.counters.open.fetch_sub(1, std::memory_order_relaxed);
    w_.load.fetch_sub(1, std::memory_order_relaxed);
  }

  void start() {
    beast::error_code ec;
    socket_.set_option(tcp::no_delay(true), ec);
    // Reads and the first attempt at each write are direct non-blocking calls (see on_readable).
    socket_.non_blocking(true, ec);
    if (ec) return close();
    new_request();
    on_readable();  // the request may be there already (a client writes as soon as it connects)
  }

  // Closes the socket; pending operations finish with operation_aborted and release the object.
  void close() {
    beast::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
  }
  bool idle_since(Clock::time_point cutoff) const { return !busy_ && last_active_ < cutoff; }
  Connection* next() const { return next_; }

 private:
  // The read side: the socket is read (non-blocking) until it is drained — a short read or
  // EAGAIN — and the bytes fed to Beast's parser; each complete request is answered and written
  // in the same handler, and only then is a wait for readability queued. Asio's composed reads
  // instead try a recv() before waiting, which on a keep-alive connection mostly finds nothing
  // (the client is still reading our last answer). Asio 1.74 re-arms the descriptor with one
  // epoll_ctl for a wait that does not try first, which measured the same as that recv(), so the
  // syscall count is the same; what this saves is Beast's composed read operation and a posted
  // write completion per request. A wait queued with no read in between could in principle miss
  // an edge-triggered event; Asio's re-arm is what makes it safe.
  void new_request() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(w_.config.limits.max_header_bytes));
    parser_->body_limit(w_.config.limits.max_body_bytes);
    header_checked_ = false;
  }

  void wait_readable() {
    socket_.async_wait(tcp::socket::wait_read, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return self->on_error(ec);
      self->on_readable();
    });
  }

  // Parses what is buffered, reading more while the parser wants it; answers each complete request.
  void on_readable() {
    bool drained = false;
    for (int reads = 0;;) {
      if (buffer_.size() > 0) {
        beast::error_code ec;
        const std::size_t used = parser_->put(buffer_.data(), ec);
        buffer_.consume(used);
        if (ec && ec != bhttp::error::need_more) return on_error(ec);
        if (!ec && parser_->is_header_done() && !header_checked_) {
          header_checked_ = true;
          if (!check_header()) return;
          if (!parser_->is_done()) {
            // A body follows. Answer `Expect: 100-continue` first, or a careful client waits for
            // it.
            const auto& msg = parser_->get();
            auto expect = msg.find(bhttp::field::expect);
            if (expect != msg.end() && beast::iequals(expect->value(), "100-continue"))
              return send_continue();
          }
        }
        if (!ec && parser_->is_done()) return on_request();
        if (!ec && used > 0)
          continue;  // the header is done and checked; the body is next in the buffer
      }
      // The parser needs more bytes.
      if (drained) return wait_readable();
      if (++reads > 16) {
        // A client sending without pause: let the thread's other connections have a turn.
        return asio::post(socket_.get_executor(),
                          [self = shared_from_this()] { self->on_readable(); });
      }
      const std::size_t want = std::max<std::size_t>(4096, buffer_.capacity() - buffer_.size());
      beast::error_code ec;
      const std::size_t n = socket_.read_some(buffer_.prepare(want), ec);
      if (ec == asio::error::would_block || ec == asio::error::try_again) return wait_readable();
      if (ec)
        return on_error(buffer_.size() > 0 || parser_->got_some() ? bhttp::error::partial_message
                                                                  : ec);
      buffer_.commit(n);
      drained = n < want;
    }
  }

  // The limits the parser does not check itself; false when the request was rejected.
  bool check_header() {
    const auto& msg = parser_->get();
    const ServerLimits& lim = w_.config.limits;
    if (msg.target().size() > lim.max_target_bytes) {
      reject(414, "uri_too_long",
             "request target is " + std::to_string(msg.target().size()) + " bytes; the limit is " +
                 std::to_string(lim.max_target_bytes));
      return false;
    }
    std::size_t fields = 0;
    for (auto it = msg.begin(); it != msg.end(); ++it) ++fields;
    if (fields > lim.max_header_fields) {
      reject(431, "header_fields_too_large",
             "request has " + std::to_string(fields) + " header fields; the limit is " +
                 std::to_string(lim.max_header_fields));
      return false;
    }
    return true;
  }

  void send_continue() {
    busy_ = true;
    asio::async_write(socket_, asio::buffer(kContinue.data(), kContinue.size()),
                      [self = shared_from_this()](beast::error_code e, std::size_t) {
                        self->busy_ = false;
                        if (e) return self->close();
                        self->on_readable();  // another handler: read before waiting
                      });
  }

  void on_error(beast::error_code ec) {
    if (ec == asio::error::operation_aborted) return;  // closed by the sweep or by stop()
    if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
        ec == asio::error::eof || ec == asio::error::connection_reset ||
        ec == asio::error::broken_pipe) {
      return close();  // the peer went away; nobody to answer
    }
    if (ec == bhttp::error::header_limit) {
      return reject(431, "header_fields_too_large",
                    "request header block exceeds " +
                        std::to_string(w_.config.limits.max_header_bytes) + " bytes");
    }
    if (ec == bhttp::error::body_limit) {
      return reject(
          413, "content_too_large",
          "request body exceeds " + std::to_string(w_.config.limits.max_body_bytes) + " bytes");
    }
    reject(400, "bad_request", "malformed HTTP request: " + ec.message());
  }

  void reject(int status, std::string_view code, const std::string& message) {
    w_.counters.bad.fetch_add(1, std::memory_order_relaxed);
    write(error_response(status, code, message), false, true);
  }

  void on_request() {
    w_.counters.requests.fetch_add(1, std::memory_order_relaxed);
    auto& msg = parser_->get();
    if (w_.upgrades.take && beast::websocket::is_upgrade(msg)) {
      const auto t = msg.target();
      const std::string_view path = std::string_view(t.data(), t.size())
                                        .substr(0, std::string_view(t.data(), t.size()).find('?'));
      if (w_.upgrades.accepts(path)) {
        beast::error_code ec;
        socket_.non_blocking(false, ec);  // as a fresh socket, for whoever takes it
        Upgrade up{std::move(socket_), parser_->release(), w_.index};
        w_.upgrades.take(up);
        return;  // the socket has moved on; this object ends with the last handler holding it
      }
    }
    const auto method = msg.method_string();
    const auto target = msg.target();
    const Request request(std::string_view(method.data(), method.size()),
                          std::string_view(target.data(), target.size()), msg.body(), client_,
                          static_cast<const bhttp::fields*>(&msg), &beast_header);
    std::shared_ptr<const PreparedResponse> response;
    try {
      response = w_.handler(request);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "stockpulse serve: handler failed on %s %s: %s\n",
                   std::string(method).c_str(), std::string(target).c_str(), e.what());
    }
    if (!response)
      response = error_response(500, "internal", "the server failed to answer this request");
    write(std::move(response), msg.method() == bhttp::verb::head, !msg.keep_alive());
  }

  // One gather write: tried at once (it nearly always completes: a cached answer is a few KiB);
  // what the socket does not take goes out asynchronously.
  void write(std::shared_ptr<const PreparedResponse> r, bool head_only, bool close_after) {
    response_ = std::move(r);
    close_after_ = close_after;
    const std::string& wire = response_->wire();
    const std::string_view date = w_.date.now();
    // Copied: the worker's Date text may change (next second) while an asynchronous write is in
    // flight.
    date_size_ = std::min(date.size(), sizeof date_);
    std::memcpy(date_, date.data(), date_size_);
    std::size_t n = 0;
    buffers_[n++] = asio::buffer(wire.data(), response_->head_end());
    buffers_[n++] = asio::buffer(date_, date_size_);
    if (close_after) buffers_[n++] = asio::buffer(kConnectionClose.data(), kConnectionClose.size());
    const std::size_t end = head_only ? response_->body_begin() : wire.size();
    buffers_[n++] = asio::buffer(wire.data() + response_->head_end(), end - response_->head_end());
    beast::error_code ec;
    std::size_t sent = socket_.write_some(std::span(buffers_.data(), n), ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) {
      ec = {};
      sent = 0;
    }
    if (ec) return on_written(ec, false);
    // Drop what was sent from the front of the buffers.
    std::size_t first = 0;
    while (first < n && sent >= buffers_[first].size()) sent -= buffers_[first++].size();
    if (first == n) return on_written({}, true);
    buffers_[first] += sent;
    busy_ = true;
    asio::async_write(socket_, std::span(buffers_.data() + first, n - first),
                      [self = shared_from_this()](beast::error_code e, std::size_t) {
                        self->on_written(e, false);
                      });
  }

  // `same_handler`: the write completed in the handler that drained the socket, so waiting for
  // readiness is safe; otherwise read first.
  void on_written(beast::error_code ec, bool same_handler) {
    busy_ = false;
    response_.reset();
    if (ec || close_after_) {
      if (!ec) {
        beast::error_code ignored;
        socket_.shutdown(tcp::socket::shutdown_send, ignored);
      }
      return close();
    }
    last_active_ = Clock::now();
    new_request();
    if (!same_handler)
      return on_readable();  // a completion handler of its own: read before waiting
    if (buffer_.size() > 0) {
      // Pipelined requests already buffered: the next one in a handler of its own, so that a
      // burst of them does not recurse (on_readable reads before it waits).
      return asio::post(socket_.get_executor(),
                        [self = shared_from_this()] { self->on_readable(); });
    }
    wait_readable();
  }

  Worker& w_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  bool header_checked_ = false;
  std::shared_ptr<const PreparedResponse> response_;
  std::array<asio::const_buffer, 4> buffers_;
  char date_[64];
  std::size_t date_size_ = 0;
  bool close_after_ = false;
  bool busy_ = false;  // writing: the sweep leaves it alone
  Clock::time_point last_active_;
  std::string client_;
  Connection* prev_ = nullptr;
  Connection* next_ = nullptr;
};

// Connections are accepted on one listening socket (worker 0's) and handed to the worker with the
// fewest (ties: the next in turn). SO_REUSEPORT with a listener per thread was tried first: the
// kernel hashes connections to listeners, and a benchmark's 64 connections were split 1:2 as
// often as not, leaving one thread saturated and the other idle. Accepting costs a cross-thread
// post per connection, nothing per request.
void Worker::accept() {
  // The least loaded worker, starting the search at the next in turn.
  const std::size_t n = peers->size();
  const std::size_t from = next_peer++ % n;
  Worker* target = (*peers)[from].get();
  for (std::size_t k = 1; k < n; ++k) {
    Worker* w = (*peers)[(from + k) % n].get();
    if (w->load.load(std::memory_order_relaxed) < target->load.load(std::memory_order_relaxed))
      target = w;
  }
  // The socket is made on the target's event loop; the Connection is made on its thread.
  acceptor.async_accept(
      target->ioc.get_executor(), [this, target](beast::error_code ec, auto accepted) {
        if (ec == asio::error::operation_aborted) return;
        if (!ec) {
          counters.accepted.fetch_add(1, std::memory_order_relaxed);
          target->load.fetch_add(1, std::memory_order_relaxed);
          if (target == this) {
            std::make_shared<Connection>(*this, tcp::socket(std::move(accepted)))->start();
          } else {
            asio::post(target->ioc,
                       [target, sock = std::make_shared<tcp::socket>(std::move(accepted))] {
                         std::make_shared<Connection>(*target, std::move(*sock))->start();
                       });
          }
        }
        // Errors such as EMFILE leave the acceptor usable; keep accepting.
        accept();
      });
}

void Worker::schedule_sweep() {
  sweep.expires_after(config.limits.sweep_interval);
  sweep.async_wait([this](beast::error_code ec) {
    if (ec) return;
    const auto cutoff = Clock::now() - config.limits.idle_timeout;
    for (Connection* c = head; c; c = c->next()) {
      if (c->idle_since(cutoff)) {
        counters.idle_closed.fetch_add(1, std::memory_order_relaxed);
        c->close();
      }
    }
    schedule_sweep();
  });
}

}  // namespace

struct Server::Impl {
  ServerConfig config;
  Handler handler;
  UpgradeHook upgrades;
  Counters counters;
  std::vector<std::unique_ptr<Worker>> workers;
  std::uint16_t port = 0;
  std::atomic<bool> stopped{false};
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() {
  stop();
}

Server::Started Server::start(const ServerConfig& config, Handler handler, UpgradeHook upgrades) {
  auto impl = std::make_unique<Impl>();
  impl->config = config;
  impl->handler = std::move(handler);
  impl->upgrades = std::move(upgrades);
  unsigned threads =
      config.threads ? config.threads : std::max(1u, std::thread::hardware_concurrency());
  const std::string where = config.host + ":" + std::to_string(config.port);

  beast::error_code ec;
  const std::string host = config.host == "localhost" ? "127.0.0.1" : config.host;
  const auto address = asio::ip::make_address(host, ec);
  if (ec)
    return {nullptr, "cannot listen on " + where + ": '" + config.host + "' is not an IP address"};

  for (unsigned i = 0; i < threads; ++i) {
    impl->workers.push_back(std::make_unique<Worker>(impl->config, impl->handler, impl->upgrades,
                                                     impl->counters, i, impl->workers));
  }
  // One listening socket, on worker 0 (see Worker::accept).
  Worker& first = *impl->workers.front();
  auto fail = [&](const char* what) -> Started {
    return {nullptr, "cannot listen on " + where + ": " + what + ": " + ec.message()};
  };
  first.acceptor.open(address.is_v6() ? tcp::v6() : tcp::v4(), ec);
  if (ec) return fail("socket");
  first.acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  first.acceptor.bind(tcp::endpoint(address, config.port), ec);
  if (ec) return fail("bind");
  first.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return fail("listen");
  impl->port = first.acceptor.local_endpoint().port();
  first.accept();
  for (auto& w : impl->workers) {
    Worker* raw = w.get();
    raw->schedule_sweep();
    raw->thread = std::thread([raw] { raw->ioc.run(); });
  }
  return {std::unique_ptr<Server>(new Server(std::move(impl))), {}};
}

std::uint16_t Server::port() const {
  return impl_->port;
}
unsigned Server::threads() const {
  return static_cast<unsigned>(impl_->workers.size());
}

ServerStats Server::stats() const {
  const Counters& c = impl_->counters;
  return {c.accepted.load(), c.open.load(), c.requests.load(), c.bad.load(), c.idle_closed.load()};
}

void Server::post(unsigned thread, std::function<void()> f) {
  if (impl_->stopped.load() || thread >= impl_->workers.size()) return;
  asio::post(impl_->workers[thread]->ioc, std::move(f));
}

void Server::stop() {
  if (!impl_ || impl_->stopped.exchange(true)) return;
  for (auto& w : impl_->workers) {
    Worker* raw = w.get();
    asio::post(raw->ioc, [raw] {
      beast::error_code ec;
      raw->acceptor.close(ec);
      raw->sweep.cancel();
      for (Connection* c = raw->head; c; c = c->next()) c->close();
      // Connections handed over (WebSockets) are not in the list and may still be reading:
      // stop the loop rather than wait for them.
      raw->ioc.stop();
    });
  }
  for (auto& w : impl_->workers) {
    if (w->thread.joinable()) w->thread.join();
    // Let the aborted operations finish on this thread, so connections end the normal way; what
    // is still pending (handed-over sockets) is destroyed with the loop.
    w->ioc.restart();
    w->ioc.poll();
  }
}

}  // namespace sp::serve::http
