// A MoldUDP64 listener's view of one session: which messages are new, which were missed.
//
//   Session s;                                      // expects sequence 1 first (see
//   SessionOptions) PacketOutcome o = s.on_datagram(data, size, handler);
//
// Feed it every datagram in arrival order. It delivers each message exactly once, in sequence
// order, to handler.on_message(sequence, data, length) (pointers into the datagram, valid during
// the call), and reports what else it sees through the handler. Rules, for a well-formed packet
// of the current session carrying sequences [seq, seq + n):
//   - seq == expected: all n delivered; expected += n.
//   - seq >  expected: on_gap(expected, seq - expected) first (the messages in between are lost
//                      to this listener, counted in gaps / missing_messages), then all n delivered.
//   - seq + n <= expected: a duplicate (a repeat, or a late packet after a gap was reported):
//                      nothing delivered, n counted in duplicates.
//   - seq < expected < seq + n: overlap; the first expected - seq are duplicates, the rest are
//                      delivered.
//   - heartbeat (count 0): liveness only; its sequence is the next message the server will send,
//                      so seq > expected reports a gap exactly as a data packet would.
//   - end of session (count 0xFFFF): as a heartbeat for gaps, then on_end_of_session(seq) once;
//                      later repeats are counted, not reported again. ended() turns true.
// The session name: the first packet sets it (on_session). A packet from another session while
// this one has not ended is dropped, counted in foreign_packets, and reported by
// on_foreign_session once per run of packets from that other session. After end of session, a
// packet from a different session starts that new session (on_session again, session_changes
// counted, expected back to SessionOptions::first_sequence). Malformed datagrams (packet.h) are
// counted and passed to on_malformed; they change no state.
//
// Handler: derive from NullSessionHandler and override what you need (write
// `using NullSessionHandler::...;` only if you overload a name). Static dispatch, no allocation,
// no virtual call per message: the per-message cost is the block walk and your on_message.
//
// Thread safety: none; one Session per receiving thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "market/moldudp64/packet.h"

namespace sp::market::moldudp64 {

struct NullSessionHandler {
  void on_message(std::uint64_t /*sequence*/, const std::uint8_t* /*data*/, std::size_t /*len*/) {}
  void on_gap(std::uint64_t /*first*/, std::uint64_t /*count*/) {}
  void on_session(const SessionId& /*session*/, std::uint64_t /*first_sequence*/) {}
  void on_foreign_session(const SessionId& /*current*/, const SessionId& /*other*/) {}
  void on_end_of_session(std::uint64_t /*next_sequence*/) {}
  void on_malformed(const ParseResult& /*r*/) {}
};

struct SessionOptions {
  // The sequence number expected first. With std::nullopt, the first packet's sequence is taken as
  // the start (a listener joining a session late reports no gap for what it never wanted).
  std::optional<std::uint64_t> first_sequence = 1;
};

struct SessionStats {
  std::uint64_t packets = 0;            // well-formed datagrams of this session (all kinds)
  std::uint64_t data_packets = 0;       // ... carrying messages
  std::uint64_t messages = 0;           // delivered to on_message
  std::uint64_t gaps = 0;               // on_gap calls
  std::uint64_t missing_messages = 0;   // sum of the gaps' counts
  std::uint64_t duplicates = 0;         // messages received again (not delivered)
  std::uint64_t duplicate_packets = 0;  // data packets with nothing new in them
  std::uint64_t heartbeats = 0;
  std::uint64_t end_of_session = 0;   // end-of-session packets (repeats included)
  std::uint64_t malformed = 0;        // datagrams parse_packet rejected
  std::uint64_t foreign_packets = 0;  // packets of another session, dropped
  std::uint64_t session_changes = 0;  // sessions started after the first
};

enum class PacketOutcome : std::uint8_t {
  delivered,  // every message in the packet was new
  partial,    // overlap: some were duplicates, the rest delivered
  duplicate,  // nothing new
  heartbeat,
  end_of_session,
  foreign_session,  // dropped
  malformed,        // dropped
};

class Session {
 public:
  explicit Session(SessionOptions options = {}) : options_(options) {}

  template <class Handler>
  PacketOutcome on_datagram(const std::uint8_t* data, std::size_t size, Handler& h) {
    const ParseResult r = parse_packet(data, size);
    if (!r.ok()) [[unlikely]] {
      ++stats_.malformed;
      h.on_malformed(r);
      return PacketOutcome::malformed;
    }
    return on_packet(r.packet, h);
  }

  // REQUIRES: p came from a successful parse_packet.
  template <class Handler>
  PacketOutcome on_packet(const Packet& p, Handler& h) {
    const PacketHeader& hd = p.header;
    if (!started_ || hd.session != session_) [[unlikely]] {
      if (started_ && !ended_) {
        ++stats_.foreign_packets;
        if (!foreign_reported_ || hd.session != last_foreign_) {
          foreign_reported_ = true;
          last_foreign_ = hd.session;
          h.on_foreign_session(session_, hd.session);
        }
        return PacketOutcome::foreign_session;
      }
      start(hd, h);
    }
    foreign_reported_ = false;
    ++stats_.packets;

    const std::uint64_t seq = hd.sequence;
    switch (hd.kind()) {
      case PacketKind::heartbeat:
        ++stats_.heartbeats;
        if (seq > expected_) gap(seq, h);
        return PacketOutcome::heartbeat;
      case PacketKind::end_of_session:
        ++stats_.end_of_session;
        if (seq > expected_) gap(seq, h);
        if (!ended_) {
          ended_ = true;
          h.on_end_of_session(seq);
        }
        return PacketOutcome::end_of_session;
      case PacketKind::data:
        break;
    }

    ++stats_.data_packets;
    const std::uint64_t n = hd.count;  // parse_packet checked seq + n fits
    if (seq > expected_) [[unlikely]]
      gap(seq, h);
    if (seq + (n - 1) < expected_) [[unlikely]] {
      ++stats_.duplicate_packets;
      stats_.duplicates += n;
      return PacketOutcome::duplicate;
    }
    const std::uint64_t skip = expected_ - seq;  // 0 unless overlapping
    std::uint64_t s = seq;
    for (Message m : p.messages()) {
      if (s >= expected_) [[likely]]
        h.on_message(s, m.data, m.length);
      ++s;
    }
    stats_.duplicates += skip;
    stats_.messages += n - skip;
    expected_ = s;  // seq + n, which parse_packet checked fits in 64 bits
    return skip == 0 ? PacketOutcome::delivered : PacketOutcome::partial;
  }

  bool started() const { return started_; }
  bool ended() const { return ended_; }
  const SessionId& session() const { return session_; }
  // The next sequence number this listener has not had (delivered or given up as a gap).
  std::uint64_t next_sequence() const { return expected_; }
  const SessionStats& stats() const { return stats_; }

 private:
  template <class Handler>
  void start(const PacketHeader& hd, Handler& h) {
    if (started_) ++stats_.session_changes;
    started_ = true;
    ended_ = false;
    session_ = hd.session;
    expected_ = options_.first_sequence.value_or(hd.sequence);
    h.on_session(session_, expected_);
  }

  template <class Handler>
  void gap(std::uint64_t seq, Handler& h) {
    const std::uint64_t missing = seq - expected_;
    ++stats_.gaps;
    stats_.missing_messages += missing;
    h.on_gap(expected_, missing);
    expected_ = seq;
  }

  SessionOptions options_;
  SessionStats stats_;
  SessionId session_{};
  SessionId last_foreign_{};
  std::uint64_t expected_ = 1;
  bool started_ = false;
  bool ended_ = false;
  bool foreign_reported_ = false;
};

}  // namespace sp::market::moldudp64
