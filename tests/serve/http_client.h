// A blocking HTTP/1.1 test client on raw POSIX sockets: it sends exactly the bytes a test gives
// (malformed ones included) and parses just enough of the answer (status, headers, Content-Length
// body) to assert on. Not a general client: no chunked bodies, no TLS.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace sp::serve::testing {

struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

class HttpConnection {
 public:
  explicit HttpConnection(std::uint16_t port, const char* host = "127.0.0.1") {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    ::inet_pton(AF_INET, host, &a.sin_addr);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~HttpConnection() {
    if (fd_ >= 0) ::close(fd_);
  }
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  bool connected() const { return fd_ >= 0; }

  bool send_raw(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // Reads one response; nullopt if the connection closes or nothing complete arrives in time.
  std::optional<HttpReply> read_reply(bool head_request = false, int timeout_ms = 5000) {
    for (;;) {
      const std::size_t end = buf_.find("\r\n\r\n");
      if (end != std::string::npos) {
        HttpReply r;
        std::string_view head(buf_.data(), end);
        const std::size_t eol = head.find("\r\n");
        const std::string_view status_line = head.substr(0, eol);
        if (status_line.size() < 12) return std::nullopt;
        r.status = std::stoi(std::string(status_line.substr(9, 3)));
        std::size_t pos = eol;
        while (pos != std::string_view::npos && pos < head.size()) {
          const std::size_t start = pos + 2;
          const std::size_t next = head.find("\r\n", start);
          std::string_view line =
              head.substr(start, next == std::string_view::npos ? head.npos : next - start);
          const std::size_t colon = line.find(':');
          if (colon != std::string_view::npos) {
            std::string name(line.substr(0, colon));
            for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            std::string_view v = line.substr(colon + 1);
            while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
            r.headers[name] = std::string(v);
          }
          pos = next;
        }
        std::size_t length = 0;
        if (!head_request && r.headers.count("content-length"))
          length = std::stoul(r.headers["content-length"]);
        while (buf_.size() < end + 4 + length) {
          if (!fill(timeout_ms)) return std::nullopt;
        }
        r.body = buf_.substr(end + 4, length);
        buf_.erase(0, end + 4 + length);
        return r;
      }
      if (!fill(timeout_ms)) return std::nullopt;
    }
  }

  std::optional<HttpReply> get(std::string_view target, std::string_view extra_headers = "") {
    std::string req = "GET " + std::string(target) + " HTTP/1.1\r\nHost: test\r\n" +
                      std::string(extra_headers) + "\r\n";
    if (!send_raw(req)) return std::nullopt;
    return read_reply();
  }

  // True when the server has closed the connection (reads EOF within the timeout).
  bool closed_by_peer(int timeout_ms = 3000) {
    while (fill(timeout_ms)) {
    }
    return eof_;
  }

 private:
  bool fill(int timeout_ms) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) return false;
    char tmp[16384];
    const ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
    if (n <= 0) {
      eof_ = true;
      return false;
    }
    buf_.append(tmp, static_cast<std::size_t>(n));
    return true;
  }

  int fd_ = -1;
  std::string buf_;
  bool eof_ = false;
};

}  // namespace sp::serve::testing
