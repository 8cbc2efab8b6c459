#include "market/moldudp64/endpoint.h"

#include <arpa/inet.h>
#include <netdb.h>

#include <cstring>

namespace sp::market::moldudp64 {

std::uint16_t Endpoint::port() const {
  if (family() == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in*>(&address)->sin_port);
  if (family() == AF_INET6)
    return ntohs(reinterpret_cast<const sockaddr_in6*>(&address)->sin6_port);
  return 0;
}

bool Endpoint::is_multicast() const {
  if (family() == AF_INET) {
    const auto a = ntohl(reinterpret_cast<const sockaddr_in*>(&address)->sin_addr.s_addr);
    return (a >> 28) == 0xE;  // 224.0.0.0/4
  }
  if (family() == AF_INET6) {
    return reinterpret_cast<const sockaddr_in6*>(&address)->sin6_addr.s6_addr[0] == 0xFF;
  }
  return false;
}

bool Endpoint::is_wildcard() const {
  if (family() == AF_INET) {
    return reinterpret_cast<const sockaddr_in*>(&address)->sin_addr.s_addr == htonl(INADDR_ANY);
  }
  if (family() == AF_INET6) {
    return IN6_IS_ADDR_UNSPECIFIED(&reinterpret_cast<const sockaddr_in6*>(&address)->sin6_addr);
  }
  return false;
}

std::string Endpoint::text() const {
  char host[INET6_ADDRSTRLEN] = "?";
  if (family() == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&address)->sin_addr, host,
              sizeof host);
    return std::string(host) + ":" + std::to_string(port());
  }
  if (family() == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(&address)->sin6_addr, host,
              sizeof host);
    return "[" + std::string(host) + "]:" + std::to_string(port());
  }
  return "?";
}

std::optional<Endpoint> resolve_endpoint(std::string_view text, std::string* error) {
  auto fail = [&](const std::string& what) -> std::optional<Endpoint> {
    if (error) *error = "'" + std::string(text) + "': " + what;
    return std::nullopt;
  };
  std::string_view host, port;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return fail("expected [IPv6]:PORT");
    }
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) return fail("expected HOST:PORT");
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (host.find(':') != std::string_view::npos)
      return fail("write an IPv6 address as [ADDR]:PORT");
  }
  if (port.empty() || port.size() > 5) return fail("the port must be a number from 0 to 65535");
  unsigned value = 0;
  for (char c : port) {
    if (c < '0' || c > '9') return fail("the port must be a number from 0 to 65535");
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (value > 65535) return fail("the port must be a number from 0 to 65535");

  Endpoint e;
  if (host.empty() || host == "*") {
    auto* a = reinterpret_cast<sockaddr_in*>(&e.address);
    a->sin_family = AF_INET;
    a->sin_addr.s_addr = htonl(INADDR_ANY);
    a->sin_port = htons(static_cast<std::uint16_t>(value));
    e.length = sizeof(sockaddr_in);
    return e;
  }

  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_DGRAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* list = nullptr;
  const std::string host_s(host), port_s(port);
  const int rc = getaddrinfo(host_s.c_str(), port_s.c_str(), &hints, &list);
  if (rc != 0) return fail(std::string("cannot resolve host: ") + gai_strerror(rc));
  const addrinfo* pick = nullptr;
  for (const addrinfo* ai = list; ai; ai = ai->ai_next) {
    if (ai->ai_family == AF_INET) {
      pick = ai;
      break;
    }
    if (ai->ai_family == AF_INET6 && !pick) pick = ai;
  }
  if (!pick || pick->ai_addrlen > sizeof e.address) {
    freeaddrinfo(list);
    return fail("no IPv4 or IPv6 address for this host");
  }
  std::memcpy(&e.address, pick->ai_addr, pick->ai_addrlen);
  e.length = pick->ai_addrlen;
  freeaddrinfo(list);
  return e;
}

std::optional<Endpoint> local_endpoint(int fd) {
  Endpoint e;
  e.length = sizeof e.address;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&e.address), &e.length) != 0) return std::nullopt;
  return e;
}

}  // namespace sp::market::moldudp64
