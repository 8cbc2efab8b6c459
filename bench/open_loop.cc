// open_loop: a constant-rate (open-loop) HTTP/1.1 load generator, for "p99 at a given request
// rate" — which wrk cannot answer: wrk sends the next request only when the previous one is back,
// so a slow response delays the requests behind it and they are never measured as late
// (coordinated omission).
//
//   open_loop --url http://127.0.0.1:8080/v1/bars/AAPL?limit=37 --rate 20000 --duration 10
//             [--connections 64] [--warmup 1] [--drain 2]
//
// Model: request i is due at t0 + i/rate, whatever happened before. At its due time it goes out on
// an idle keep-alive connection (one request in flight per connection, no pipelining); with none
// idle it waits in a FIFO backlog and goes out as soon as one frees. Its latency is measured from
// the due time, not from when it was written, so queueing in the client or the server counts.
// Requests due in the first --warmup seconds are sent but not recorded. Responses need a
// Content-Length (ours and nginx's cache hits have one); anything else is counted as an error.
// One thread and epoll; waits use epoll_pwait2 with a nanosecond timeout and 1 ns timer slack, so
// sends are not batched by timer granularity. The generator shares the machine with the server:
// its own delays are part of what it measures, which errs on the side of a worse p99.
//
// Output (stdout): a human summary, then one machine-readable line
//   RESULT rate=R achieved=A sent=N completed=N errors=E unsent=U p50_us=.. p90_us=.. p99_us=..
//          p999_us=.. max_us=..
// Exit status: 0 when it ran (errors are reported, not fatal), 2 on bad arguments, 1 when it cannot
// connect. Progress each second on standard error when it is a terminal.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "latency_histogram.h"

namespace {

using sp::bench::LatencyHistogram;

std::int64_t now_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

struct Options {
  std::string url;
  double rate = 0;       // requests per second
  double duration = 10;  // seconds, warm-up included
  double warmup = 1;     // seconds not recorded
  double drain = 2;      // seconds to wait for answers after the last send
  int connections = 64;
};

struct Target {
  std::string host;
  std::string port;
  std::string path;
};

constexpr const char* kUsage =
    "usage: open_loop --url http://HOST:PORT/PATH --rate REQ_PER_S [--duration S] [--connections "
    "N]\n"
    "                 [--warmup S] [--drain S]\n";

bool parse_target(const std::string& url, Target* t) {
  constexpr std::string_view kScheme = "http://";
  if (url.rfind(kScheme, 0) != 0) return false;
  const std::string rest = url.substr(kScheme.size());
  const auto slash = rest.find('/');
  const std::string authority = rest.substr(0, slash);
  t->path = slash == std::string::npos ? "/" : rest.substr(slash);
  const auto colon = authority.rfind(':');
  t->host = authority.substr(0, colon);
  t->port = colon == std::string::npos ? "80" : authority.substr(colon + 1);
  return !t->host.empty() && !t->port.empty();
}

// One keep-alive connection with at most one request in flight.
struct Conn {
  int fd = -1;
  bool busy = false;
  std::int64_t due = 0;  // the due time of the request in flight
  std::size_t sent = 0;  // bytes of the request written so far
  std::vector<char> in;  // bytes read, not yet consumed
  std::size_t in_len = 0;
};

class Generator {
 public:
  Generator(const Options& o, const Target& t) : o_(o), t_(t) {
    request_ = "GET " + t.path + " HTTP/1.1\r\nHost: " + t.host + ":" + t.port + "\r\n\r\n";
  }

  int run() {
    addrinfo hints{};
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    if (int rc = getaddrinfo(t_.host.c_str(), t_.port.c_str(), &hints, &addr_); rc != 0) {
      std::fprintf(stderr, "open_loop: cannot resolve %s: %s\n", t_.host.c_str(), gai_strerror(rc));
      return 1;
    }
    ep_ = epoll_create1(EPOLL_CLOEXEC);
    conns_.resize(static_cast<std::size_t>(o_.connections));
    for (std::size_t i = 0; i < conns_.size(); ++i) {
      if (!open(i)) return 1;
      idle_.push_back(i);
    }
    loop();
    report();
    return 0;
  }

 private:
  bool open(std::size_t i) {
    Conn& c = conns_[i];
    c.fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    // Blocking connect: loopback, done once per connection before the clock starts (and on the
    // rare reconnect after the server closed one).
    if (c.fd < 0 || connect(c.fd, addr_->ai_addr, addr_->ai_addrlen) != 0) {
      std::fprintf(stderr, "open_loop: cannot connect to %s:%s: %s\n", t_.host.c_str(),
                   t_.port.c_str(), std::strerror(errno));
      return false;
    }
    const int one = 1;
    setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    fcntl(c.fd, F_SETFL, fcntl(c.fd, F_GETFL) | O_NONBLOCK);
    c.busy = false;
    c.sent = 0;
    c.in.resize(64 * 1024);
    c.in_len = 0;
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = i;
    epoll_ctl(ep_, EPOLL_CTL_ADD, c.fd, &ev);
    return true;
  }

  void reopen(std::size_t i) {
    Conn& c = conns_[i];
    if (c.busy) fail(c);
    epoll_ctl(ep_, EPOLL_CTL_DEL, c.fd, nullptr);
    close(c.fd);
    if (!open(i)) std::exit(1);
    ++reconnects_;
    make_idle(i);
  }

  void fail(Conn& c) {
    if (c.due >= record_from_) ++errors_;
    c.busy = false;
  }

  void dispatch(std::int64_t due) {
    ++sent_;
    if (idle_.empty()) {
      backlog_.push_back(due);
      return;
    }
    const std::size_t i = idle_.front();
    idle_.pop_front();
    start(i, due);
  }

  void start(std::size_t i, std::int64_t due) {
    Conn& c = conns_[i];
    c.busy = true;
    c.due = due;
    c.sent = 0;
    write_more(i);
  }

  void write_more(std::size_t i) {
    Conn& c = conns_[i];
    while (c.sent < request_.size()) {
      const ssize_t n =
          send(c.fd, request_.data() + c.sent, request_.size() - c.sent, MSG_NOSIGNAL);
      if (n > 0) {
        c.sent += static_cast<std::size_t>(n);
        continue;
      }
      if (n < 0 && errno == EAGAIN) {  // rare with a ~100-byte request: wait for room
        epoll_event ev{};
        ev.events = EPOLLIN | EPOLLOUT;
        ev.data.u64 = i;
        epoll_ctl(ep_, EPOLL_CTL_MOD, c.fd, &ev);
        return;
      }
      return reopen(i);
    }
  }

  void make_idle(std::size_t i) {
    if (!backlog_.empty()) {
      const std::int64_t due = backlog_.front();
      backlog_.pop_front();
      return start(i, due);
    }
    idle_.push_back(i);
  }

  // Consumes the response to the request in flight once it is complete. Returns false when the
  // bytes make no sense (no Content-Length, e.g. chunked; garbage; bytes nobody asked for).
  bool parse(std::size_t i, std::int64_t now) {
    Conn& c = conns_[i];
    {
      const std::string_view buf(c.in.data(), c.in_len);
      const auto head_end = buf.find("\r\n\r\n");
      if (head_end == std::string_view::npos) return c.busy || c.in_len == 0;
      const std::string_view head = buf.substr(0, head_end + 2);
      std::size_t length = 0;
      bool have_length = false;
      for (std::size_t p = head.find("\r\n"); p != std::string_view::npos;
           p = head.find("\r\n", p + 2)) {
        constexpr std::string_view kName = "content-length:";
        if (head.size() - p - 2 < kName.size()) break;
        if (strncasecmp(head.data() + p + 2, kName.data(), kName.size()) != 0) continue;
        std::size_t v = p + 2 + kName.size();
        while (v < head.size() && head[v] == ' ') ++v;
        have_length =
            std::from_chars(head.data() + v, head.data() + head.size(), length).ec == std::errc();
        break;
      }
      if (!have_length || head.size() < 12 || !c.busy) return false;
      const std::size_t total = head_end + 4 + length;
      if (c.in_len < total) {
        if (c.in.size() < total) c.in.resize(total);
        return true;
      }
      if (c.in_len > total) return false;  // one request in flight: nothing may follow its answer
      const bool ok = head[9] == '2';
      c.busy = false;
      c.in_len = 0;
      if (c.due >= record_from_) {
        if (ok)
          hist_.record(now - c.due);
        else
          ++errors_;
        ++completed_;
      }
      return true;
    }
  }

  void on_event(const epoll_event& ev, std::int64_t now) {
    const std::size_t i = ev.data.u64;
    Conn& c = conns_[i];
    if (ev.events & EPOLLOUT) {
      epoll_event mod{};
      mod.events = EPOLLIN;
      mod.data.u64 = i;
      epoll_ctl(ep_, EPOLL_CTL_MOD, c.fd, &mod);
      write_more(i);
    }
    if (!(ev.events & (EPOLLIN | EPOLLERR | EPOLLHUP))) return;
    bool closed = false;
    for (;;) {
      if (c.in_len == c.in.size()) c.in.resize(c.in.size() * 2);
      const ssize_t n = recv(c.fd, c.in.data() + c.in_len, c.in.size() - c.in_len, 0);
      if (n > 0) {
        c.in_len += static_cast<std::size_t>(n);
        continue;
      }
      closed = !(n < 0 && errno == EAGAIN);  // closed by the server (Connection: close) or an error
      break;
    }
    // An answer followed by the close still counts; the connection is then replaced.
    if (!parse(i, now)) {
      ++bad_responses_;
      return reopen(i);
    }
    if (closed) return reopen(i);
    if (!c.busy) make_idle(i);
  }

  void loop() {
    prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
    const std::int64_t t0 = now_ns() + 1'000'000;
    const auto total_ns = static_cast<std::int64_t>(o_.duration * 1e9);
    record_from_ = t0 + static_cast<std::int64_t>(o_.warmup * 1e9);
    const std::int64_t end = t0 + total_ns;
    const std::int64_t give_up = end + static_cast<std::int64_t>(o_.drain * 1e9);
    const bool progress = isatty(STDERR_FILENO);
    std::int64_t next_report = t0 + 1'000'000'000;
    std::uint64_t i = 0;
    std::vector<epoll_event> events(256);
    auto due_of = [&](std::uint64_t k) {
      return t0 + static_cast<std::int64_t>(static_cast<double>(k) * 1e9 / o_.rate);
    };
    for (;;) {
      std::int64_t now = now_ns();
      for (std::int64_t due = due_of(i); due <= now && due < end; due = due_of(++i)) dispatch(due);
      const bool sending = due_of(i) < end;
      if (!sending && backlog_.empty() && busy() == 0) break;
      if (!sending && now >= give_up) break;
      if (progress && now >= next_report) {
        std::fprintf(stderr, "\ropen_loop: %.0f s, %llu sent, %zu waiting for a connection   ",
                     static_cast<double>(now - t0) / 1e9, static_cast<unsigned long long>(sent_),
                     backlog_.size());
        next_report += 1'000'000'000;
      }
      const std::int64_t wait = sending ? std::max<std::int64_t>(0, due_of(i) - now) : 10'000'000;
      const timespec ts{static_cast<time_t>(wait / 1'000'000'000),
                        static_cast<long>(wait % 1'000'000'000)};
      const int n = epoll_pwait2(ep_, events.data(), static_cast<int>(events.size()), &ts, nullptr);
      now = now_ns();
      for (int k = 0; k < n; ++k) on_event(events[static_cast<std::size_t>(k)], now);
    }
    if (progress) std::fprintf(stderr, "\n");
    elapsed_s_ = static_cast<double>(end - record_from_) / 1e9;
  }

  std::size_t busy() const {
    std::size_t n = 0;
    for (const Conn& c : conns_) n += c.busy;
    return n;
  }

  void report() {
    const std::uint64_t in_flight = busy();
    const std::uint64_t unsent = backlog_.size();
    auto us = [&](double p) { return static_cast<double>(hist_.percentile(p)) / 1e3; };
    const double achieved = elapsed_s_ > 0 ? static_cast<double>(hist_.count()) / elapsed_s_ : 0;
    std::printf(
        "open_loop: %s at %.0f req/s for %.1f s (%.1f s warm-up not recorded) over %d keep-alive "
        "connections\n",
        o_.url.c_str(), o_.rate, o_.duration, o_.warmup, o_.connections);
    std::printf(
        "recorded %llu ok responses (%.0f req/s), %llu errors, %llu bad responses, %llu "
        "reconnects, "
        "%llu unanswered, %llu never sent\n",
        static_cast<unsigned long long>(hist_.count()), achieved,
        static_cast<unsigned long long>(errors_), static_cast<unsigned long long>(bad_responses_),
        static_cast<unsigned long long>(reconnects_), static_cast<unsigned long long>(in_flight),
        static_cast<unsigned long long>(unsent));
    std::printf("latency from the intended send time (coordinated omission corrected), us:\n");
    std::printf("  p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f\n", us(50), us(90), us(99),
                us(99.9), static_cast<double>(hist_.max()) / 1e3);
    std::printf(
        "RESULT rate=%.0f achieved=%.1f sent=%llu completed=%llu errors=%llu unsent=%llu "
        "p50_us=%.1f "
        "p90_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f\n",
        o_.rate, achieved, static_cast<unsigned long long>(sent_),
        static_cast<unsigned long long>(completed_),
        static_cast<unsigned long long>(errors_ + bad_responses_ + in_flight),
        static_cast<unsigned long long>(unsent), us(50), us(90), us(99), us(99.9),
        static_cast<double>(hist_.max()) / 1e3);
  }

  Options o_;
  Target t_;
  std::string request_;
  addrinfo* addr_ = nullptr;
  int ep_ = -1;
  std::vector<Conn> conns_;
  std::deque<std::size_t> idle_;      // FIFO: spread requests over every connection
  std::deque<std::int64_t> backlog_;  // due times of requests waiting for a connection
  std::int64_t record_from_ = 0;
  double elapsed_s_ = 0;
  LatencyHistogram hist_;
  std::uint64_t sent_ = 0, completed_ = 0, errors_ = 0, bad_responses_ = 0, reconnects_ = 0;
};

bool parse_number(const char* flag, const char* text, double lo, double hi, double* out) {
  char* end = nullptr;
  const double v = std::strtod(text, &end);
  if (end == text || *end || !(v >= lo && v <= hi)) {
    std::fprintf(stderr, "open_loop: %s '%s' is not a number in [%g, %g]\n", flag, text, lo, hi);
    return false;
  }
  *out = v;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int a = 1; a < argc; ++a) {
    const std::string flag = argv[a];
    if (flag == "-h" || flag == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (a + 1 >= argc) {
      std::fprintf(stderr, "open_loop: %s needs a value\n%s", flag.c_str(), kUsage);
      return 2;
    }
    const char* v = argv[++a];
    double n = 0;
    bool ok = true;
    if (flag == "--url")
      o.url = v;
    else if (flag == "--rate")
      ok = parse_number("--rate", v, 1, 1e7, &o.rate);
    else if (flag == "--duration")
      ok = parse_number("--duration", v, 0.01, 86400, &o.duration);
    else if (flag == "--warmup")
      ok = parse_number("--warmup", v, 0, 86400, &o.warmup);
    else if (flag == "--drain")
      ok = parse_number("--drain", v, 0, 3600, &o.drain);
    else if (flag == "--connections")
      ok = parse_number("--connections", v, 1, 10000, &n), o.connections = static_cast<int>(n);
    else {
      std::fprintf(stderr, "open_loop: unknown option %s\n%s", flag.c_str(), kUsage);
      return 2;
    }
    if (!ok) return 2;
  }
  Target t;
  if (o.url.empty() || o.rate <= 0 || !parse_target(o.url, &t)) {
    std::fprintf(stderr, "open_loop: give --url http://HOST:PORT/PATH and --rate\n%s", kUsage);
    return 2;
  }
  if (o.warmup >= o.duration) {
    std::fprintf(stderr, "open_loop: --warmup %.3g must be shorter than --duration %.3g\n",
                 o.warmup, o.duration);
    return 2;
  }
  return Generator(o, t).run();
}
