// MoldUDP64 request packets: a listener asking a re-request server to send messages again.
//
// Wire format (20 bytes, big-endian): Session (10), Sequence Number (8, the first message wanted),
// Requested Message Count (2). The answer is an ordinary downstream packet (packet.h) unicast to
// the requester's address, holding as many of the wanted messages as fit in one packet; the
// listener asks again for the rest.
//
//   std::optional<Request> r = parse_request(data, size);  // nullopt unless exactly 20 bytes
//   write_request(out, Request{session, 1000, 25});
//
// A count of 0 or 0xFFFF asks for nothing (0xFFFF would read as end of session): parse_request
// accepts the datagram (the server decides) but RetransmitBuffer ignores it.
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "market/moldudp64/packet.h"

namespace sp::market::moldudp64 {

inline constexpr std::size_t kRequestLength = 20;

struct Request {
  SessionId session{};
  std::uint64_t sequence = 0;
  std::uint16_t count = 0;
  bool operator==(const Request&) const = default;
};

std::optional<Request> parse_request(const std::uint8_t* data, std::size_t size);

// REQUIRES: out.size() >= kRequestLength. Returns kRequestLength.
std::size_t write_request(std::span<std::uint8_t> out, const Request& r);

}  // namespace sp::market::moldudp64
