// Request: what a filter or a handler sees of one HTTP request — a read-only view over the message
// the server parsed, valid only during the call it is passed to.
//
// The target is split into path and query without decoding; query_param()/query_params() decode
// percent-escapes and '+' (HTML form encoding) on the way out, so `spec=macd%3A12%2C26%2C9` reads
// as "macd:12,26,9". Header lookup is case-insensitive (RFC 9110). Nothing here allocates except
// the decoded query values.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sp::serve::http {

class Request {
 public:
  // Header lookup: the first field with this name, or nullopt.
  using HeaderLookup = std::optional<std::string_view> (*)(const void* fields,
                                                           std::string_view name);

  Request(std::string_view method, std::string_view target, std::string_view body,
          std::string_view client, const void* fields, HeaderLookup lookup);

  std::string_view method() const { return method_; }
  std::string_view target() const { return target_; }
  std::string_view path() const { return path_; }
  std::string_view query() const { return query_; }
  std::string_view body() const { return body_; }
  // The peer's address, e.g. "127.0.0.1" (no port): the rate limiter's key when there is no API
  // key.
  std::string_view client() const { return client_; }

  std::optional<std::string_view> header(std::string_view name) const {
    return lookup_(fields_, name);
  }

  // The first value of a query parameter, decoded; nullopt when absent. A malformed escape (a '%'
  // not followed by two hex digits) is kept as typed.
  std::optional<std::string> query_param(std::string_view name) const;
  // Every value of a repeated parameter (`spec=a&spec=b`), decoded, in order.
  std::vector<std::string> query_params(std::string_view name) const;

 private:
  std::string_view method_, target_, path_, query_, body_, client_;
  const void* fields_;
  HeaderLookup lookup_;
};

// Percent-decoding of a query component ('+' is a space).
std::string decode_query_component(std::string_view s);

}  // namespace sp::serve::http
