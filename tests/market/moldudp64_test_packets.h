// Building MoldUDP64 datagrams byte by byte for the tests, independently of PacketWriter, so a
// field the parser or the writer puts at the wrong offset shows up instead of agreeing with itself.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sp::market::moldudp64::testing {

using Bytes = std::vector<std::uint8_t>;

inline void put_be(Bytes& b, std::uint64_t v, int width) {
  for (int i = width - 1; i >= 0; --i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

inline Bytes header(std::string_view session, std::uint64_t seq, std::uint16_t count) {
  Bytes b;
  for (std::size_t i = 0; i < 10; ++i) b.push_back(i < session.size() ? session[i] : ' ');
  put_be(b, seq, 8);
  put_be(b, count, 2);
  return b;
}

// A data packet carrying `messages` (count = their number unless given).
inline Bytes packet(std::string_view session, std::uint64_t seq, const std::vector<Bytes>& messages,
                    int count = -1) {
  Bytes b = header(session, seq, static_cast<std::uint16_t>(count < 0 ? messages.size() : count));
  for (const Bytes& m : messages) {
    put_be(b, m.size(), 2);
    b.insert(b.end(), m.begin(), m.end());
  }
  return b;
}

inline Bytes heartbeat(std::string_view session, std::uint64_t next) {
  return header(session, next, 0);
}
inline Bytes end_of_session(std::string_view session, std::uint64_t next) {
  return header(session, next, 0xFFFF);
}

// A message whose bytes say which sequence it is meant to carry: "m<seq>" padded with dots to
// `len` (longer when the number needs it).
inline Bytes msg(std::uint64_t seq, std::size_t len = 8) {
  std::string s = "m" + std::to_string(seq);
  if (s.size() < len) s.resize(len, '.');
  return Bytes(s.begin(), s.end());
}

// An ITCH-shaped message (type, locate, tracking, 6-byte timestamp, then filler) of `len` bytes,
// framed with its 2-byte length, appended to a feed.
inline void append_itch(Bytes& feed, char type, std::uint64_t ts_ns, std::size_t len,
                        std::uint8_t fill) {
  put_be(feed, len, 2);
  feed.push_back(static_cast<std::uint8_t>(type));
  put_be(feed, 1, 2);
  put_be(feed, 0, 2);
  put_be(feed, ts_ns, 6);
  for (std::size_t i = 11; i < len; ++i) feed.push_back(fill);
}

}  // namespace sp::market::moldudp64::testing
