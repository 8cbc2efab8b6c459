// Replaying an ITCH feed as a live MoldUDP64 session over UDP: the `itch-send` side.
//
//   std::string error;
//   auto to = resolve_endpoint("127.0.0.1:26400", &error);
//   auto sender = UdpSender::open(*to, options, &error);       // nullopt + message on failure
//   SenderStats s = sender->send_feed(file.data(), file.size());  // blocks until done
//   or, all in one:  SenderStats s = send_itch_file(path, "127.0.0.1:26400", options);
//
// What goes out: the feed's messages (framed_source.h: true lengths, bytes unchanged), packed in
// order into data packets of at most options.max_payload bytes (default 1400) with consecutive
// sequence numbers from options.first_sequence; a heartbeat (count 0, next sequence) whenever
// nothing has been sent for options.heartbeat_interval (1 s); and at the end, even after an error
// or a stop request, options.end_of_session_repeats (3) end-of-session packets,
// options.end_of_session_interval (100 ms) apart.
//
// Pacing (options.speed):
//   1x, 10x, 0.5x ...  by the messages' ITCH timestamps (6 bytes at offset 5, ns since midnight):
//                      a message leaves when wall time since the first message reaches its
//                      timestamp's distance from the first one's, divided by the factor. Messages
//                      due together share packets; a packet is never held past its first
//                      message's due time (beyond ~100 us of batching slack). Timestamps that go
//                      backwards are treated as "now". The sample's 16-hour day takes 16 hours at
//                      1x, 1.6 at 10x.
//   max                no timestamps: packets go out in sendmmsg batches (options.batch, 32) as
//                      fast as the socket takes them. The kernel never blocks a UDP sender for a
//                      slow listener, so "max" can outrun a listener and its socket buffer drops
//                      packets (the listener reports them as gaps); options.max_packets_per_second
//                      caps the rate (a steady schedule of packet i at i / rate) when that matters.
//
// Re-request server (options.retransmit_capacity > 0, the default keeps 262,144 messages): the
// socket also reads MoldUDP64 request packets (request.h) arriving at its own address (the
// source address of every downstream packet) and answers each with one downstream packet, unicast
// to the requester, holding as many of the wanted messages as fit and are still remembered.
// Requests are served between batches, while waiting for a due time, and during the
// end-of-session phase; malformed or unanswerable requests are counted and ignored.
//
// Progress: with options.progress (default: standard error is a terminal) one line on standard
// error, updated four times a second: percent of the feed, messages, rate, feed clock.
// Stop: options.stop, when set by another thread or a signal handler, ends the replay early (the
// end-of-session packets still go out; stats.stopped says so).
// Testing: options.skip_packet(i) returning true keeps the i-th data packet (from 0) off the wire,
// although its messages are numbered and remembered for re-requests, to make gaps on purpose.
//
// Thread safety: a UdpSender is used by one thread. Errors (socket, framing) are returned in
// SenderStats::error naming the input; nothing throws.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "market/moldudp64/endpoint.h"
#include "market/moldudp64/packet.h"

namespace sp::market::moldudp64 {

struct Speed {
  double factor = 1.0;  // feed time per wall time; ignored when max
  bool max = false;
};

// "1x", "10x", "2.5x", "max" (case-insensitive). The factor must be > 0 and at most 1e6.
std::optional<Speed> parse_speed(std::string_view text, std::string* error);
std::string to_string(const Speed& s);

struct SenderOptions {
  Speed speed{};
  SessionId session = make_session("STOCKPULSE");
  std::uint64_t first_sequence = 1;
  std::size_t max_payload = kDefaultMaxPayload;  // bytes of UDP payload per packet, 64..65507
  std::uint64_t max_packets_per_second = 0;      // with max speed: 0 = no cap
  unsigned batch = 32;                           // packets per sendmmsg
  std::chrono::milliseconds heartbeat_interval{1000};
  unsigned end_of_session_repeats = 3;
  std::chrono::milliseconds end_of_session_interval{100};
  std::size_t retransmit_capacity = std::size_t{1} << 18;  // messages; 0 = no re-request server
  int send_buffer_bytes = 4 << 20;
  int multicast_ttl = 1;
  std::optional<bool> progress;  // nullopt: isatty(standard error)
  const std::atomic<bool>* stop = nullptr;
  std::function<bool(std::uint64_t packet_index)> skip_packet;  // testing only
};

struct SenderStats {
  std::uint64_t messages = 0;  // numbered and packed (skipped packets' messages included)
  std::uint64_t packets = 0;   // data packets put on the wire
  std::uint64_t bytes = 0;     // UDP payload bytes of every datagram sent
  std::uint64_t heartbeats = 0;
  std::uint64_t end_of_session = 0;
  std::uint64_t skipped_packets = 0;  // kept off the wire by skip_packet
  std::uint64_t skipped_messages = 0;
  std::uint64_t requests = 0;           // request packets answered
  std::uint64_t rejected_requests = 0;  // malformed, other session, outside the window
  std::uint64_t retransmitted_messages = 0;
  std::uint64_t send_retries = 0;   // ENOBUFS/EAGAIN waits
  std::uint64_t next_sequence = 0;  // after the last message
  double seconds = 0;               // from the first to the last data packet
  bool stopped = false;             // options.stop ended it early
  std::string error;                // empty on success
  bool ok() const { return error.empty(); }
  double messages_per_second() const { return seconds > 0 ? messages / seconds : 0; }
};

// {"messages":N, "packets":N, ... "seconds":x, "messages_per_second":x, "error":null|"..."}
std::string to_json(const SenderStats& s);

class UdpSender {
 public:
  static std::optional<UdpSender> open(const Endpoint& to, const SenderOptions& options,
                                       std::string* error);
  UdpSender(UdpSender&&) noexcept;
  UdpSender& operator=(UdpSender&&) noexcept;
  ~UdpSender();

  // Sends every message of a buffer in NASDAQ binary ITCH framing, then end of session. `name`
  // labels errors ("FILE: offset 12: ..."). Call once per sender: a session ends once.
  SenderStats send_feed(const std::uint8_t* data, std::size_t size, std::string_view name = "feed");

  const Endpoint& destination() const;
  // Where re-requests must be sent: the socket's own address (its port is the one that matters).
  Endpoint local() const;

 private:
  struct Impl;
  explicit UdpSender(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// `stockpulse itch-send FILE --to HOST:PORT`: maps FILE, resolves `to`, sends. Any failure is in
// the result's error, naming the file or the address.
SenderStats send_itch_file(const std::string& path, std::string_view to,
                           const SenderOptions& options);

}  // namespace sp::market::moldudp64
