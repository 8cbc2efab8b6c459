// PreparedResponse: an HTTP/1.1 response serialised once — status line, headers and body in one
// buffer — and written many times with one gather write. This is what the gateway's cache holds
// (one per content encoding), so a cache hit costs no formatting, no allocation and no copy.
//
// The wire bytes are kept in two parts around the point where per-write lines go:
//   wire()[0, head_end())   status line and the fixed headers, each ending in CRLF
//   <per-write lines>       Date (HTTP requires it from a server with a clock; DateLine caches it
//                           per second) and, when the connection is closing, Connection: close
//   wire()[head_end(), end) the CRLF that ends the header block, then the body
// so a HEAD response is the same object written without its body.
//
//   ResponseBuilder b(200);
//   b.header("Content-Type", "application/json").header("ETag", "\"abc\"");
//   std::shared_ptr<const PreparedResponse> r = std::move(b).body(json).build();
//
// Contract: immutable once built, so one object is safely shared by every thread and connection.
// Content-Length is always set by build() from the body (never by the caller); header names and
// values are written as given and must not contain CR or LF (build() throws std::invalid_argument
// if one does, because a header injected from request text would split the response).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sp::serve::http {

class PreparedResponse {
 public:
  int status() const { return status_; }
  const std::string& wire() const { return wire_; }
  std::size_t head_end() const { return head_end_; }
  std::size_t body_begin() const { return body_begin_; }
  std::string_view body() const { return std::string_view(wire_).substr(body_begin_); }
  // The value of a header set by the builder, or "" (linear scan; for tests and filters, not hot
  // paths).
  std::string_view header(std::string_view name) const;

 private:
  friend class ResponseBuilder;
  int status_ = 200;
  std::string wire_;
  std::size_t head_end_ = 0;
  std::size_t body_begin_ = 0;
};

class ResponseBuilder {
 public:
  explicit ResponseBuilder(int status) : status_(status) {}
  ResponseBuilder& header(std::string_view name, std::string_view value);
  ResponseBuilder& body(std::string b) {
    body_ = std::move(b);
    return *this;
  }
  std::shared_ptr<const PreparedResponse> build() const;

 private:
  int status_;
  std::vector<std::pair<std::string, std::string>> headers_;
  std::string body_;
};

// "OK", "Not Found", ...: the reason phrase for a status code ("" when unknown).
std::string_view reason_phrase(int status);

// The JSON error body every endpoint uses: {"error":{"code":CODE,"message":MESSAGE}}, with the
// Content-Type set, and `extra` headers (e.g. Retry-After) added.
std::shared_ptr<const PreparedResponse> error_response(
    int status, std::string_view code, std::string_view message,
    const std::vector<std::pair<std::string, std::string>>& extra = {});

// "Date: Tue, 24 Nov 2026 04:10:00 GMT\r\n" for the current second, formatted at most once a
// second per thread. Thread safety: one object per thread (the server keeps one per I/O thread).
class DateLine {
 public:
  std::string_view now();

 private:
  std::int64_t second_ = -1;
  char text_[64] = {};
  std::size_t size_ = 0;
};

}  // namespace sp::serve::http
