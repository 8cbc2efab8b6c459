// Listening to a live MoldUDP64 session over UDP: the `itch --udp HOST:PORT` side.
//
//   std::string error;
//   auto at = resolve_endpoint("127.0.0.1:26400", &error);      // port 0: any free port
//   auto rx = UdpReceiver::open(*at, options, &error);           // nullopt + message on failure
//   MyHandler h;                                                 // a session.h handler
//   ReceiverStats s = rx->run(h);                                // blocks until it stops
//
// The socket is bound to HOST:PORT (for a multicast HOST: bound to the port on every address and
// joined to the group on the default interface), its receive buffer raised to
// options.receive_buffer_bytes (the kernel caps it at net.core.rmem_max; the granted size is in
// the stats), and read with recvmmsg, options.batch datagrams a call. Every datagram goes to a
// Session (session.h), which delivers the messages in order to the handler and reports gaps,
// duplicates, heartbeats, other sessions and malformed datagrams.
//
// run() stops, and says why in stats.stop:
//   end_of_session  the session's first end-of-session packet (options.stop_at_end_of_session);
//   idle_timeout    no datagram at all for options.idle_timeout (0 = wait forever); heartbeats
//                   count, so a live but quiet session does not time out;
//   stopped         options.stop was set (by another thread or a signal handler; checked at
//                   least every 250 ms);
//   error           the socket failed (stats.error says how).
// A datagram longer than options.max_datagram (64 KiB by default, the UDP maximum) is counted in
// `truncated` and dropped whole. kernel_drops is the socket's own count of datagrams the kernel
// dropped for want of buffer space (SO_RXQ_OVFL) while it was open: what "max" speed costs.
//
// Progress: with options.progress (default: standard error is a terminal) one line on standard
// error, four times a second: messages, rate, gaps, missing, duplicates.
//
// No re-requests: a gap is reported and counted, and the listener moves on (a retransmission
// arriving later is a duplicate). The sender does serve re-requests (udp_sender.h); a listener
// that asks for them and holds later packets back until they come is not written yet.
//
// Cost: per datagram one parse (a walk over the block lengths) and the session's checks; no
// allocation after open(). Thread safety: one thread runs a receiver.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "market/moldudp64/endpoint.h"
#include "market/moldudp64/request.h"
#include "market/moldudp64/session.h"

namespace sp::market::moldudp64 {

struct ReceiverOptions {
  std::chrono::milliseconds idle_timeout{5000};
  bool stop_at_end_of_session = true;
  int receive_buffer_bytes = 4 << 20;
  unsigned batch = 32;
  std::size_t max_datagram = 65536;
  SessionOptions session;
  std::optional<bool> progress;  // nullopt: isatty(standard error)
  const std::atomic<bool>* stop = nullptr;
};

enum class StopReason : std::uint8_t { end_of_session, idle_timeout, stopped, error };
std::string_view to_string(StopReason r);

struct ReceiverStats {
  SessionStats session;         // packets, messages, gaps, missing, duplicates, ...
  std::uint64_t datagrams = 0;  // read from the socket
  std::uint64_t bytes = 0;
  std::uint64_t truncated = 0;      // longer than max_datagram, dropped
  std::uint64_t kernel_drops = 0;   // dropped by the kernel before we could read them
  int receive_buffer_bytes = 0;     // as granted (Linux reports twice the requested size)
  double seconds = 0;               // first datagram to the stop
  std::string session_name;         // session_text() of the session, "" if none seen
  std::uint64_t next_sequence = 0;  // the session's next expected sequence at the stop
  StopReason stop = StopReason::idle_timeout;
  std::string error;
  bool ok() const { return error.empty(); }
  double messages_per_second() const { return seconds > 0 ? session.messages / seconds : 0; }
};

// {"session":"...", "stop":"end of session", "datagrams":N, "packets":N, "messages":N, "gaps":N,
//  "missing_messages":N, "duplicates":N, "heartbeats":N, "malformed":N, ..., "error":null|"..."}
std::string to_json(const ReceiverStats& s);

class UdpReceiver {
 public:
  static std::optional<UdpReceiver> open(const Endpoint& at, const ReceiverOptions& options,
                                         std::string* error);
  UdpReceiver(UdpReceiver&&) noexcept;
  UdpReceiver& operator=(UdpReceiver&&) noexcept;
  ~UdpReceiver();

  // The bound address (with the real port when opened on port 0).
  Endpoint local() const;

  // Sends a request packet from this socket, so that the answer comes back to it (MoldUDP64's
  // design: one socket for the stream and its retransmissions). False on a socket error.
  bool send_request(const Endpoint& server, const Request& r);

  template <class Handler>
  ReceiverStats run(Handler& h);

 private:
  struct Impl;
  explicit UdpReceiver(std::unique_ptr<Impl> impl);

  // Waits up to timeout_ms for datagrams and reads up to a batch: their count, 0 on timeout,
  // -1 on a socket error (recorded in stats_.error).
  int receive(int timeout_ms);
  std::span<const std::uint8_t> datagram(int i) const;
  bool truncated(int i) const;
  bool stop_requested() const;
  void show_progress(const Session& s, bool final);
  void finish_stats(const Session& s);

  std::unique_ptr<Impl> impl_;
  const ReceiverOptions* options_ = nullptr;  // impl_'s copy
  ReceiverStats* stats_ = nullptr;            // impl_'s
};

template <class Handler>
ReceiverStats UdpReceiver::run(Handler& h) {
  using Clock = std::chrono::steady_clock;
  Session session(options_->session);
  ReceiverStats& st = *stats_;
  auto first = Clock::time_point{};
  auto last = Clock::now();
  bool have_first = false;
  for (;;) {
    if (stop_requested()) {
      st.stop = StopReason::stopped;
      break;
    }
    int timeout_ms = 250;
    if (options_->idle_timeout.count() > 0) {
      const auto left = options_->idle_timeout -
                        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - last);
      if (left.count() <= 0) {
        st.stop = StopReason::idle_timeout;
        break;
      }
      timeout_ms = static_cast<int>(std::min<std::int64_t>(timeout_ms, left.count()));
    }
    const int n = receive(timeout_ms);
    if (n < 0) {
      st.stop = StopReason::error;
      break;
    }
    if (n == 0) {
      show_progress(session, false);
      continue;
    }
    last = Clock::now();
    if (!have_first) {
      first = last;
      have_first = true;
    }
    bool done = false;
    for (int i = 0; i < n && !done; ++i) {
      const auto d = datagram(i);
      ++st.datagrams;
      st.bytes += d.size();
      if (truncated(i)) [[unlikely]] {
        ++st.truncated;
        continue;
      }
      session.on_datagram(d.data(), d.size(), h);
      done = session.ended() && options_->stop_at_end_of_session;
    }
    show_progress(session, false);
    if (done) {
      st.stop = StopReason::end_of_session;
      break;
    }
  }
  if (have_first) st.seconds = std::chrono::duration<double>(last - first).count();
  finish_stats(session);
  show_progress(session, true);
  return st;
}

}  // namespace sp::market::moldudp64
