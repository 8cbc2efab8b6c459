#include "market/moldudp64/udp_sender.h"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "core/json_string.h"
#include "market/itch/feed_file.h"
#include "market/moldudp64/framed_source.h"
#include "market/moldudp64/progress_line.h"
#include "market/moldudp64/request.h"
#include "market/moldudp64/retransmit_buffer.h"

namespace sp::market::moldudp64 {

using Clock = std::chrono::steady_clock;

std::optional<Speed> parse_speed(std::string_view text, std::string* error) {
  std::string t(text);
  for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (t == "max") return Speed{1.0, true};
  auto fail = [&]() -> std::optional<Speed> {
    if (error) *error = "'" + std::string(text) + "': expected a speed like 1x, 10x, 0.5x or max";
    return std::nullopt;
  };
  if (t.size() < 2 || t.back() != 'x') return fail();
  t.pop_back();
  char* end = nullptr;
  errno = 0;
  const double f = std::strtod(t.c_str(), &end);
  if (errno != 0 || end != t.c_str() + t.size() || !(f > 0) || f > 1e6) return fail();
  return Speed{f, false};
}

std::string to_string(const Speed& s) {
  if (s.max) return "max";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%gx", s.factor);
  return buf;
}

namespace {

std::string clock_text(std::uint64_t ns_since_midnight) {
  const std::uint64_t s = ns_since_midnight / 1'000'000'000;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02u:%02u:%02u", static_cast<unsigned>(s / 3600 % 100),
                static_cast<unsigned>(s / 60 % 60), static_cast<unsigned>(s % 60));
  return buf;
}

}  // namespace

std::string to_json(const SenderStats& s) {
  char buf[768];
  std::snprintf(
      buf, sizeof buf,
      "{\"messages\":%llu,\"packets\":%llu,\"bytes\":%llu,\"heartbeats\":%llu,"
      "\"end_of_session\":%llu,\"skipped_packets\":%llu,\"requests\":%llu,"
      "\"rejected_requests\":%llu,\"retransmitted_messages\":%llu,\"send_retries\":%llu,"
      "\"next_sequence\":%llu,\"seconds\":%.6f,\"messages_per_second\":%.1f,\"stopped\":%s,"
      "\"error\":",
      static_cast<unsigned long long>(s.messages), static_cast<unsigned long long>(s.packets),
      static_cast<unsigned long long>(s.bytes), static_cast<unsigned long long>(s.heartbeats),
      static_cast<unsigned long long>(s.end_of_session),
      static_cast<unsigned long long>(s.skipped_packets),
      static_cast<unsigned long long>(s.requests),
      static_cast<unsigned long long>(s.rejected_requests),
      static_cast<unsigned long long>(s.retransmitted_messages),
      static_cast<unsigned long long>(s.send_retries),
      static_cast<unsigned long long>(s.next_sequence), s.seconds, s.messages_per_second(),
      s.stopped ? "true" : "false");
  return std::string(buf) + (s.ok() ? "null" : core::json_string(s.error)) + "}";
}

// ---------------------------------------------------------------------------------------------

struct UdpSender::Impl {
  int fd = -1;
  Endpoint to;
  SenderOptions opt;
  RetransmitBuffer retransmit;
  ProgressLine progress;

  // The batch: `batch` packet slots of max_payload bytes, sent with one sendmmsg.
  std::vector<std::uint8_t> arena;
  std::vector<iovec> iov;
  std::vector<mmsghdr> msgs;
  unsigned pending = 0;
  std::vector<std::uint8_t> scratch;  // control and retransmission packets

  SenderStats stats;
  Clock::time_point last_send;
  bool ending = false;  // end-of-session phase: no heartbeats
  std::uint64_t next_seq = 1;
  std::uint64_t packet_index = 0;
  // For progress.
  Clock::time_point started;
  std::size_t feed_pos = 0, feed_size = 0;
  std::uint64_t feed_clock = 0;
  bool have_clock = false;

  Impl(const Endpoint& e, const SenderOptions& o)
      : to(e), opt(o), retransmit(o.retransmit_capacity), progress(o.progress) {}
  ~Impl() {
    if (fd >= 0) ::close(fd);
  }

  bool stop_requested() const { return opt.stop && opt.stop->load(std::memory_order_relaxed); }

  std::uint8_t* slot(unsigned i) { return arena.data() + std::size_t{i} * opt.max_payload; }

  bool fail(const std::string& what) {
    if (stats.error.empty()) stats.error = what;
    return false;
  }

  // Sends the batched packets. False on a socket error (recorded).
  bool flush() {
    unsigned done = 0;
    while (done < pending) {
      const int r = ::sendmmsg(fd, msgs.data() + done, pending - done, 0);
      if (r < 0) {
        if (errno == EINTR) continue;
        if (errno == ENOBUFS || errno == EAGAIN || errno == EWOULDBLOCK) {
          ++stats.send_retries;
          pollfd p{fd, POLLOUT, 0};
          ::poll(&p, 1, 1);
          continue;
        }
        pending = 0;
        return fail("sending to " + to.text() + ": " + std::strerror(errno));
      }
      for (int i = 0; i < r; ++i) stats.bytes += msgs[done + i].msg_hdr.msg_iov->iov_len;
      done += static_cast<unsigned>(r);
    }
    if (pending) last_send = Clock::now();
    pending = 0;
    return true;
  }

  bool send_one(const std::uint8_t* data, std::size_t size, const sockaddr* addr, socklen_t len) {
    for (;;) {
      const ssize_t r = ::sendto(fd, data, size, 0, addr, len);
      if (r >= 0) {
        stats.bytes += static_cast<std::uint64_t>(r);
        return true;
      }
      if (errno == EINTR) continue;
      if (errno == ENOBUFS || errno == EAGAIN || errno == EWOULDBLOCK) {
        ++stats.send_retries;
        pollfd p{fd, POLLOUT, 0};
        ::poll(&p, 1, 1);
        continue;
      }
      return fail("sending to " + to.text() + ": " + std::strerror(errno));
    }
  }

  bool send_control(bool end_of_session) {
    const std::size_t n = end_of_session ? write_end_of_session(scratch, opt.session, next_seq)
                                         : write_heartbeat(scratch, opt.session, next_seq);
    if (!flush() || !send_one(scratch.data(), n, to.sockaddr_ptr(), to.length)) return false;
    last_send = Clock::now();
    ++(end_of_session ? stats.end_of_session : stats.heartbeats);
    return true;
  }

  // Reads and answers whatever requests are waiting (at most 64 at a time, so a flood of them
  // cannot stall the feed).
  void serve_requests() {
    for (int i = 0; i < 64; ++i) {
      std::uint8_t buf[64];
      sockaddr_storage from{};
      socklen_t from_len = sizeof from;
      const ssize_t r = ::recvfrom(fd, buf, sizeof buf, MSG_DONTWAIT | MSG_TRUNC,
                                   reinterpret_cast<sockaddr*>(&from), &from_len);
      if (r < 0) return;  // EAGAIN: none left (other errors: nothing to answer either)
      const auto req = parse_request(buf, static_cast<std::size_t>(r));
      if (!req || !retransmit.enabled()) {
        ++stats.rejected_requests;
        continue;
      }
      PacketWriter w(scratch, opt.session, req->sequence);
      const std::uint16_t n = retransmit.fill(w, *req, opt.session);
      if (n == 0) {
        ++stats.rejected_requests;
        continue;
      }
      const auto packet = w.finish();
      if (!send_one(packet.data(), packet.size(), reinterpret_cast<sockaddr*>(&from), from_len)) {
        return;
      }
      ++stats.requests;
      stats.retransmitted_messages += n;
    }
  }

  void show_progress() {
    if (!progress.due()) return;
    const double secs = std::chrono::duration<double>(Clock::now() - started).count();
    const double pct = feed_size ? 100.0 * static_cast<double>(feed_pos) / feed_size : 100.0;
    char buf[256];
    std::snprintf(
        buf, sizeof buf, "itch-send %s -> %s: %5.1f%%  %s messages  %s msg/s%s%s",
        to_string(opt.speed).c_str(), to.text().c_str(), pct, with_commas(stats.messages).c_str(),
        short_number(secs > 0 ? stats.messages / secs : 0).c_str(),
        have_clock ? "  feed clock " : "", have_clock ? clock_text(feed_clock).c_str() : "");
    progress.show(buf);
  }

  // Waits until `due`, serving requests and sending heartbeats meanwhile. False if stopped or
  // on a socket error.
  bool wait_until(Clock::time_point due) {
    if (!flush()) return false;
    for (;;) {
      if (stop_requested()) {
        stats.stopped = true;
        return false;
      }
      const auto now = Clock::now();
      if (now >= due) return true;
      const auto next_heartbeat = last_send + opt.heartbeat_interval;
      if (!ending && now >= next_heartbeat) {
        if (!send_control(false)) return false;
        continue;
      }
      auto wake = std::min(due, now + std::chrono::milliseconds(250));
      if (!ending) wake = std::min(wake, next_heartbeat);
      const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(wake - now).count();
      timespec ts{static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
      pollfd p{fd, POLLIN, 0};
      const int r = ::ppoll(&p, 1, &ts, nullptr);
      if (r > 0 && (p.revents & POLLIN)) serve_requests();
      show_progress();
    }
  }

  // Closes the packet being filled in slot `pending`: queues it (or skips it, for tests), and
  // sends the batch when it is full.
  bool close_packet(std::optional<PacketWriter>& w) {
    if (!w || w->empty()) return true;
    const auto packet = w->finish();
    stats.messages += w->count();
    const bool skip = opt.skip_packet && opt.skip_packet(packet_index);
    ++packet_index;
    if (skip) {
      ++stats.skipped_packets;
      stats.skipped_messages += w->count();
    } else {
      iov[pending].iov_len = packet.size();
      ++pending;
      ++stats.packets;
    }
    w.reset();
    if (pending == opt.batch) {
      if (!flush()) return false;
      serve_requests();
      show_progress();
      if (stop_requested()) {
        stats.stopped = true;
        return false;
      }
    }
    return true;
  }

  void run(const std::uint8_t* data, std::size_t size, std::string_view name) {
    FramedSource src(data, size);
    feed_size = size;
    started = Clock::now();
    last_send = started;
    next_seq = opt.first_sequence;

    const bool paced = !opt.speed.max;
    const double ns_per_feed_ns = paced ? 1.0 / opt.speed.factor : 0.0;
    const auto slack = std::chrono::microseconds(100);
    const double ns_per_packet = !paced && opt.max_packets_per_second
                                     ? 1e9 / static_cast<double>(opt.max_packets_per_second)
                                     : 0;
    std::uint64_t first_ts = 0, last_ts = 0;
    bool have_ts = false;
    Clock::time_point now_cached = started;
    Clock::time_point last_data = started;

    std::optional<PacketWriter> w;
    Message m;
    while (src.next(m)) {
      if (paced) {
        if (auto ts = itch_timestamp(m)) {
          if (!have_ts) {
            first_ts = last_ts = *ts;
            have_ts = true;
          }
          last_ts = std::max(last_ts, *ts);
          feed_clock = last_ts;
          have_clock = true;
          const auto due = started + std::chrono::nanoseconds(static_cast<std::int64_t>(
                                         static_cast<double>(last_ts - first_ts) * ns_per_feed_ns));
          if (due > now_cached) {
            now_cached = Clock::now();
            if (due > now_cached + slack) {
              feed_pos = src.position();
              if (!close_packet(w) || !wait_until(due)) break;
              now_cached = Clock::now();
            }
          }
        }
      }
      if (!w || !w->fits(m.length)) {
        if (w && !close_packet(w)) break;
        if (ns_per_packet > 0) {
          const auto due = started + std::chrono::nanoseconds(static_cast<std::int64_t>(
                                         static_cast<double>(packet_index) * ns_per_packet));
          if (due > Clock::now() && !wait_until(due)) break;
        }
        w.emplace(std::span<std::uint8_t>(slot(pending), opt.max_payload), opt.session, next_seq);
        if (!w->fits(m.length)) {
          fail(std::string(name) + ": offset " + std::to_string(src.position() - m.length - 2) +
               ": a message of " + std::to_string(m.length) +
               " bytes does not fit in a packet of " + std::to_string(opt.max_payload) + " bytes");
          w.reset();
          break;
        }
      }
      w->add(m.bytes());
      retransmit.record(next_seq, m);
      ++next_seq;
      feed_pos = src.position();
    }
    if (!src.error().empty()) fail(std::string(name) + ": " + src.error());
    if (close_packet(w)) flush();
    last_data = Clock::now();
    stats.seconds = std::chrono::duration<double>(last_data - started).count();
    feed_pos = src.position();
    stats.next_sequence = next_seq;

    // End of session, repeated, serving re-requests in between (the listener's last chance).
    ending = true;
    const bool was_stopped = stats.stopped;
    for (unsigned i = 0; i < opt.end_of_session_repeats; ++i) {
      if (!send_control(true)) break;
      if (!wait_until(Clock::now() + opt.end_of_session_interval)) {
        if (!stats.error.empty()) break;
        // A stop request during the end phase only shortens the waits.
        stats.stopped = true;
      }
    }
    stats.stopped = stats.stopped || was_stopped;
    if (progress.enabled()) {
      char buf[256];
      std::snprintf(
          buf, sizeof buf, "itch-send %s -> %s: %s messages in %.2f s (%s msg/s), %s packets%s",
          to_string(opt.speed).c_str(), to.text().c_str(), with_commas(stats.messages).c_str(),
          stats.seconds, short_number(stats.messages_per_second()).c_str(),
          with_commas(stats.packets).c_str(), stats.stopped ? ", stopped" : "");
      progress.show(buf);
      progress.finish();
    }
  }
};

UdpSender::UdpSender(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
UdpSender::UdpSender(UdpSender&&) noexcept = default;
UdpSender& UdpSender::operator=(UdpSender&&) noexcept = default;
UdpSender::~UdpSender() = default;

const Endpoint& UdpSender::destination() const {
  return impl_->to;
}

Endpoint UdpSender::local() const {
  return local_endpoint(impl_->fd).value_or(Endpoint{});
}

std::optional<UdpSender> UdpSender::open(const Endpoint& to, const SenderOptions& options,
                                         std::string* error) {
  auto fail = [&](const std::string& what) -> std::optional<UdpSender> {
    if (error) *error = what;
    return std::nullopt;
  };
  if (to.port() == 0) return fail(to.text() + ": a destination needs a port other than 0");
  if (to.is_wildcard()) return fail(to.text() + ": a destination needs an address, not 'any'");
  if (options.max_payload < 64 || options.max_payload > kMaxUdpPayload) {
    return fail("the packet payload limit must be from 64 to 65507 bytes");
  }
  if (options.batch == 0 || options.batch > 1024) return fail("the batch must be from 1 to 1024");
  if (!options.speed.max && !(options.speed.factor > 0)) return fail("the speed must be > 0");

  auto impl = std::make_unique<Impl>(to, options);
  impl->fd = ::socket(to.family(), SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (impl->fd < 0) {
    return fail(to.text() + ": cannot open a UDP socket: " + std::strerror(errno));
  }
  const int fd = impl->fd;
  if (options.send_buffer_bytes > 0) {
    ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &options.send_buffer_bytes, sizeof(int));
  }
  if (to.is_multicast()) {
    const int ttl = options.multicast_ttl, loop = 1;
    if (to.family() == AF_INET) {
      ::setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof ttl);
      ::setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &loop, sizeof loop);
    } else {
      ::setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &ttl, sizeof ttl);
      ::setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &loop, sizeof loop);
    }
  }
  // Bound now (any address, a free port) so that re-requests have a fixed address to go to.
  sockaddr_storage any{};
  any.ss_family = static_cast<sa_family_t>(to.family());
  const socklen_t any_len = to.family() == AF_INET ? sizeof(sockaddr_in) : sizeof(sockaddr_in6);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&any), any_len) != 0) {
    return fail(to.text() + ": cannot bind the sending socket: " + std::strerror(errno));
  }

  impl->arena.resize(std::size_t{options.batch} * options.max_payload);
  impl->scratch.resize(options.max_payload);
  impl->iov.resize(options.batch);
  impl->msgs.resize(options.batch);
  for (unsigned i = 0; i < options.batch; ++i) {
    impl->iov[i].iov_base = impl->slot(i);
    impl->iov[i].iov_len = 0;
    msghdr& h = impl->msgs[i].msg_hdr;
    h = msghdr{};
    h.msg_name = const_cast<sockaddr*>(impl->to.sockaddr_ptr());
    h.msg_namelen = impl->to.length;
    h.msg_iov = &impl->iov[i];
    h.msg_iovlen = 1;
  }
  return UdpSender(std::move(impl));
}

SenderStats UdpSender::send_feed(const std::uint8_t* data, std::size_t size,
                                 std::string_view name) {
  impl_->run(data, size, name);
  return impl_->stats;
}

SenderStats send_itch_file(const std::string& path, std::string_view to,
                           const SenderOptions& options) {
  SenderStats s;
  std::string error;
  auto file = itch::FeedFile::open(path, &error);
  if (!file) {
    s.error = error;
    return s;
  }
  auto endpoint = resolve_endpoint(to, &error);
  if (!endpoint) {
    s.error = error;
    return s;
  }
  auto sender = UdpSender::open(*endpoint, options, &error);
  if (!sender) {
    s.error = error;
    return s;
  }
  return sender->send_feed(file->data(), file->size(), path);
}

}  // namespace sp::market::moldudp64
