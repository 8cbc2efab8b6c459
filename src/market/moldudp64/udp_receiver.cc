#include "market/moldudp64/udp_receiver.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "core/json_string.h"
#include "market/moldudp64/progress_line.h"

namespace sp::market::moldudp64 {

std::string_view to_string(StopReason r) {
  switch (r) {
    case StopReason::end_of_session:
      return "end of session";
    case StopReason::idle_timeout:
      return "idle timeout";
    case StopReason::stopped:
      return "stopped";
    case StopReason::error:
      return "error";
  }
  return "?";
}

std::string to_json(const ReceiverStats& s) {
  const SessionStats& x = s.session;
  auto u = [](std::uint64_t v) { return static_cast<unsigned long long>(v); };
  char buf[1024];
  std::snprintf(buf, sizeof buf,
                ",\"stop\":\"%s\",\"datagrams\":%llu,\"bytes\":%llu,\"packets\":%llu,"
                "\"data_packets\":%llu,\"messages\":%llu,\"gaps\":%llu,\"missing_messages\":%llu,"
                "\"duplicates\":%llu,\"duplicate_packets\":%llu,\"heartbeats\":%llu,"
                "\"end_of_session\":%llu,\"malformed\":%llu,\"foreign_packets\":%llu,"
                "\"session_changes\":%llu,\"truncated\":%llu,\"kernel_drops\":%llu,"
                "\"next_sequence\":%llu,\"receive_buffer_bytes\":%d,\"seconds\":%.6f,"
                "\"messages_per_second\":%.1f,\"error\":",
                std::string(to_string(s.stop)).c_str(), u(s.datagrams), u(s.bytes), u(x.packets),
                u(x.data_packets), u(x.messages), u(x.gaps), u(x.missing_messages), u(x.duplicates),
                u(x.duplicate_packets), u(x.heartbeats), u(x.end_of_session), u(x.malformed),
                u(x.foreign_packets), u(x.session_changes), u(s.truncated), u(s.kernel_drops),
                u(s.next_sequence), s.receive_buffer_bytes, s.seconds, s.messages_per_second());
  return "{\"session\":" + core::json_string(s.session_name) + buf +
         (s.ok() ? "null" : core::json_string(s.error)) + "}";
}

struct UdpReceiver::Impl {
  int fd = -1;
  Endpoint at;     // as asked for
  Endpoint bound;  // as bound (the real port when asked for 0)
  ReceiverOptions opt;
  ReceiverStats stats;
  ProgressLine progress;

  // A batch of datagram slots for recvmmsg. The arena is not zero-filled: its pages are touched
  // only as datagrams land in them.
  std::unique_ptr<std::uint8_t[]> arena;
  std::vector<iovec> iov;
  std::vector<mmsghdr> msgs;
  std::vector<std::uint8_t> control;  // one cmsg area per slot (SO_RXQ_OVFL)
  static constexpr std::size_t kControl = CMSG_SPACE(sizeof(std::uint32_t));
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();

  Impl(const Endpoint& e, const ReceiverOptions& o) : at(e), opt(o), progress(o.progress) {}
  ~Impl() {
    if (fd >= 0) ::close(fd);
  }
};

UdpReceiver::UdpReceiver(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)), options_(&impl_->opt), stats_(&impl_->stats) {}
UdpReceiver::UdpReceiver(UdpReceiver&&) noexcept = default;
UdpReceiver& UdpReceiver::operator=(UdpReceiver&&) noexcept = default;
UdpReceiver::~UdpReceiver() = default;

Endpoint UdpReceiver::local() const {
  return local_endpoint(impl_->fd).value_or(Endpoint{});
}

std::optional<UdpReceiver> UdpReceiver::open(const Endpoint& at, const ReceiverOptions& options,
                                             std::string* error) {
  auto fail = [&](const std::string& what) -> std::optional<UdpReceiver> {
    if (error) *error = at.text() + ": " + what;
    return std::nullopt;
  };
  if (options.batch == 0 || options.batch > 1024) return fail("the batch must be from 1 to 1024");
  if (options.max_datagram < kHeaderLength || options.max_datagram > 65536) {
    return fail("the datagram limit must be from 20 to 65536 bytes");
  }
  auto impl = std::make_unique<Impl>(at, options);
  impl->fd = ::socket(at.family(), SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (impl->fd < 0) return fail(std::string("cannot open a UDP socket: ") + std::strerror(errno));
  const int fd = impl->fd;
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (options.receive_buffer_bytes > 0) {
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &options.receive_buffer_bytes, sizeof(int));
  }
  int granted = 0;
  socklen_t len = sizeof granted;
  ::getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &granted, &len);
  impl->stats.receive_buffer_bytes = granted;
#ifdef SO_RXQ_OVFL
  ::setsockopt(fd, SOL_SOCKET, SO_RXQ_OVFL, &one, sizeof one);
#endif

  // A multicast group is received by binding its port on every address, then joining.
  Endpoint bind_to = at;
  if (at.is_multicast()) {
    if (at.family() == AF_INET) {
      reinterpret_cast<sockaddr_in*>(&bind_to.address)->sin_addr.s_addr = htonl(INADDR_ANY);
    } else {
      reinterpret_cast<sockaddr_in6*>(&bind_to.address)->sin6_addr = in6addr_any;
    }
  }
  if (::bind(fd, bind_to.sockaddr_ptr(), bind_to.length) != 0) {
    return fail(std::string("cannot bind: ") + std::strerror(errno));
  }
  impl->bound = local_endpoint(fd).value_or(bind_to);
  if (at.is_multicast()) {
    int rc;
    if (at.family() == AF_INET) {
      ip_mreq m{};
      m.imr_multiaddr = reinterpret_cast<const sockaddr_in*>(&at.address)->sin_addr;
      m.imr_interface.s_addr = htonl(INADDR_ANY);
      rc = ::setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &m, sizeof m);
    } else {
      ipv6_mreq m{};
      m.ipv6mr_multiaddr = reinterpret_cast<const sockaddr_in6*>(&at.address)->sin6_addr;
      m.ipv6mr_interface = 0;
      rc = ::setsockopt(fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, &m, sizeof m);
    }
    if (rc != 0)
      return fail(std::string("cannot join the multicast group: ") + std::strerror(errno));
  }

  const unsigned b = options.batch;
  impl->arena.reset(new std::uint8_t[std::size_t{b} * options.max_datagram]);
  impl->iov.resize(b);
  impl->msgs.resize(b);
  impl->control.resize(std::size_t{b} * Impl::kControl);
  for (unsigned i = 0; i < b; ++i) {
    impl->iov[i].iov_base = impl->arena.get() + std::size_t{i} * options.max_datagram;
    impl->iov[i].iov_len = options.max_datagram;
  }
  return UdpReceiver(std::move(impl));
}

bool UdpReceiver::send_request(const Endpoint& server, const Request& r) {
  std::uint8_t buf[kRequestLength];
  write_request(buf, r);
  for (;;) {
    const ssize_t n = ::sendto(impl_->fd, buf, sizeof buf, 0, server.sockaddr_ptr(), server.length);
    if (n >= 0) return true;
    if (errno != EINTR) return false;
  }
}

int UdpReceiver::receive(int timeout_ms) {
  Impl& m = *impl_;
  pollfd p{m.fd, POLLIN, 0};
  const int pr = ::poll(&p, 1, timeout_ms);
  if (pr < 0) {
    if (errno == EINTR) return 0;
    m.stats.error = m.at.text() + ": waiting for datagrams: " + std::strerror(errno);
    return -1;
  }
  if (pr == 0) return 0;
  const unsigned b = m.opt.batch;
  for (unsigned i = 0; i < b; ++i) {
    msghdr& h = m.msgs[i].msg_hdr;
    h = msghdr{};
    h.msg_iov = &m.iov[i];
    h.msg_iovlen = 1;
    h.msg_control = m.control.data() + i * Impl::kControl;
    h.msg_controllen = Impl::kControl;
    m.msgs[i].msg_len = 0;
  }
  const int n = ::recvmmsg(m.fd, m.msgs.data(), b, MSG_DONTWAIT, nullptr);
  if (n < 0) {
    if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) return 0;
    m.stats.error = m.at.text() + ": receiving: " + std::strerror(errno);
    return -1;
  }
#ifdef SO_RXQ_OVFL
  // The kernel's drop counter for this socket rides along with each datagram (cumulative).
  for (int i = 0; i < n; ++i) {
    msghdr& h = m.msgs[i].msg_hdr;
    for (cmsghdr* c = CMSG_FIRSTHDR(&h); c; c = CMSG_NXTHDR(&h, c)) {
      if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_RXQ_OVFL) {
        std::uint32_t v;
        std::memcpy(&v, CMSG_DATA(c), sizeof v);
        m.stats.kernel_drops = v;
      }
    }
  }
#endif
  return n;
}

std::span<const std::uint8_t> UdpReceiver::datagram(int i) const {
  const auto& m = impl_->msgs[static_cast<std::size_t>(i)];
  const auto len = std::min<std::size_t>(m.msg_len, impl_->opt.max_datagram);
  return {static_cast<const std::uint8_t*>(m.msg_hdr.msg_iov->iov_base), len};
}

bool UdpReceiver::truncated(int i) const {
  return (impl_->msgs[static_cast<std::size_t>(i)].msg_hdr.msg_flags & MSG_TRUNC) != 0;
}

bool UdpReceiver::stop_requested() const {
  return impl_->opt.stop && impl_->opt.stop->load(std::memory_order_relaxed);
}

void UdpReceiver::finish_stats(const Session& s) {
  ReceiverStats& st = impl_->stats;
  st.session = s.stats();
  st.session_name = s.started() ? session_text(s.session()) : "";
  st.next_sequence = s.next_sequence();
}

void UdpReceiver::show_progress(const Session& s, bool final) {
  Impl& m = *impl_;
  if (!m.progress.enabled()) return;
  if (!final && !m.progress.due()) return;
  const SessionStats& x = s.stats();
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - m.started).count();
  char buf[320];
  std::snprintf(
      buf, sizeof buf,
      "itch --udp %s: session %s  %s messages  %s msg/s  %s gaps (%s missing)  %s dup%s%s",
      (m.at.is_multicast() ? m.at : m.bound).text().c_str(),
      s.started() ? session_text(s.session()).c_str() : "-", with_commas(x.messages).c_str(),
      short_number(final ? m.stats.messages_per_second() : (secs > 0 ? x.messages / secs : 0))
          .c_str(),
      with_commas(x.gaps).c_str(), with_commas(x.missing_messages).c_str(),
      with_commas(x.duplicates).c_str(), final ? "  " : "",
      final ? std::string(to_string(m.stats.stop)).c_str() : "");
  m.progress.show(buf);
  if (final) m.progress.finish();
}

}  // namespace sp::market::moldudp64
