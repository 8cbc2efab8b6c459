// The re-request server's memory: where each of the last N messages sent can be found again.
//
//   RetransmitBuffer buf(1 << 18);            // capacity rounded up to a power of two
//   buf.record(sequence, message);            // in sequence order, as messages are packed
//   std::uint16_t n = buf.fill(writer, request);   // packs what it can of the request
//
// It stores pointers, not bytes: a recorded Message must stay valid while it can still be asked
// for (the sender's messages point into the mapped feed file, which outlives the sender). Records
// must come in consecutive sequence order; the buffer holds the last `capacity` of them.
// fill() answers only requests for the session it is given, with count in 1..0xFFFE, starting
// inside the window [oldest(), next()); it adds messages from request.sequence until the count,
// the window or the packet's room runs out, and returns how many it added (0 = refused). The
// writer must have been started at request.sequence.
// Cost: one store per record, no allocation after construction. Thread safety: none.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "market/moldudp64/packet.h"
#include "market/moldudp64/request.h"

namespace sp::market::moldudp64 {

class RetransmitBuffer {
 public:
  explicit RetransmitBuffer(std::size_t capacity)
      : ring_(capacity == 0 ? 0 : std::bit_ceil(capacity)),
        mask_(ring_.empty() ? 0 : ring_.size() - 1) {}

  bool enabled() const { return !ring_.empty(); }

  void record(std::uint64_t sequence, const Message& m) {
    if (ring_.empty()) return;
    ring_[sequence & mask_] = m;
    next_ = sequence + 1;
    if (count_ < ring_.size()) ++count_;
  }

  std::uint64_t oldest() const { return next_ - count_; }
  std::uint64_t next() const { return next_; }
  std::size_t size() const { return count_; }

  std::uint16_t fill(PacketWriter& w, const Request& r, const SessionId& session) const {
    if (r.session != session || r.count == 0 || r.count == kEndOfSessionCount) return 0;
    if (count_ == 0 || r.sequence < oldest() || r.sequence >= next_) return 0;
    const std::uint64_t end = r.sequence + std::min<std::uint64_t>(r.count, next_ - r.sequence);
    std::uint16_t added = 0;
    for (std::uint64_t s = r.sequence; s < end; ++s) {
      if (!w.add(ring_[s & mask_].bytes())) break;
      ++added;
    }
    return added;
  }

 private:
  std::vector<Message> ring_;
  std::size_t mask_;
  std::size_t count_ = 0;
  std::uint64_t next_ = 0;
};

}  // namespace sp::market::moldudp64
