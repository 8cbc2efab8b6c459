// A UDP endpoint named on a command line: "HOST:PORT", resolved to a socket address.
//
//   std::string error;
//   std::optional<Endpoint> e = resolve_endpoint("127.0.0.1:26400", &error);
//
// Accepted forms: "127.0.0.1:26400", "localhost:26400", "[::1]:26400", ":26400" or "*:26400"
// (every local address, for a listener). PORT is decimal 0..65535; 0 lets a listener take any
// free port (a sender refuses it). A name that resolves to both families gives the IPv4 address,
// so "localhost" means the same on both ends. The error names the text and what is wrong.
// Resolution may block on DNS for a host name; numeric addresses never do.
//
// Thread safety: resolve_endpoint is safe to call from any thread (getaddrinfo).
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sp::market::moldudp64 {

struct Endpoint {
  sockaddr_storage address{};
  socklen_t length = 0;

  int family() const { return address.ss_family; }
  std::uint16_t port() const;
  bool is_multicast() const;
  bool is_wildcard() const;  // 0.0.0.0 or ::
  // "127.0.0.1:26400", "[::1]:26400".
  std::string text() const;
  const sockaddr* sockaddr_ptr() const { return reinterpret_cast<const sockaddr*>(&address); }
};

std::optional<Endpoint> resolve_endpoint(std::string_view host_port, std::string* error);

// The endpoint a socket is bound to (after bind, to learn an ephemeral port).
std::optional<Endpoint> local_endpoint(int fd);

}  // namespace sp::market::moldudp64
