#include "market/moldudp64/request.h"

#include <cstring>

#include "market/itch/big_endian.h"

namespace sp::market::moldudp64 {

std::optional<Request> parse_request(const std::uint8_t* data, std::size_t size) {
  if (size != kRequestLength) return std::nullopt;
  Request r;
  std::memcpy(r.session.data(), data, kSessionLength);
  r.sequence = itch::load_be64(data + 10);
  r.count = itch::load_be16(data + 18);
  return r;
}

std::size_t write_request(std::span<std::uint8_t> out, const Request& r) {
  std::memcpy(out.data(), r.session.data(), kSessionLength);
  itch::store_be64(out.data() + 10, r.sequence);
  itch::store_be16(out.data() + 18, r.count);
  return kRequestLength;
}

}  // namespace sp::market::moldudp64
