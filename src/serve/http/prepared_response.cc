#include "serve/http/prepared_response.h"

#include <strings.h>

#include <cstdio>
#include <ctime>
#include <stdexcept>

#include "serve/api/json_out.h"

namespace sp::serve::http {
namespace {

void check_field(std::string_view s, const char* what) {
  if (s.find_first_of("\r\n") != std::string_view::npos) {
    throw std::invalid_argument(std::string("HTTP header ") + what + " contains CR or LF");
  }
}

}  // namespace

std::string_view reason_phrase(int status) {
  switch (status) {
    case 101:
      return "Switching Protocols";
    case 200:
      return "OK";
    case 204:
      return "No Content";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 413:
      return "Content Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "";
  }
}

std::string_view PreparedResponse::header(std::string_view name) const {
  std::string_view head = std::string_view(wire_).substr(0, head_end_);
  std::size_t pos = head.find("\r\n");  // skip the status line
  while (pos != std::string_view::npos && pos + 2 < head.size()) {
    const std::size_t start = pos + 2;
    const std::size_t end = head.find("\r\n", start);
    const std::string_view line = head.substr(start, end - start);
    const std::size_t colon = line.find(':');
    if (colon == name.size() && strncasecmp(line.data(), name.data(), name.size()) == 0) {
      std::string_view v = line.substr(colon + 1);
      while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
      return v;
    }
    pos = end;
  }
  return {};
}

ResponseBuilder& ResponseBuilder::header(std::string_view name, std::string_view value) {
  headers_.emplace_back(std::string(name), std::string(value));
  return *this;
}

std::shared_ptr<const PreparedResponse> ResponseBuilder::build() const {
  auto r = std::make_shared<PreparedResponse>();
  r->status_ = status_;
  std::string& w = r->wire_;
  w.reserve(128 + body_.size() + 48 * headers_.size());
  w += "HTTP/1.1 ";
  w += std::to_string(status_);
  w += ' ';
  w += reason_phrase(status_);
  w += "\r\n";
  for (const auto& [name, value] : headers_) {
    check_field(name, "name");
    check_field(value, "value");
    w += name;
    w += ": ";
    w += value;
    w += "\r\n";
  }
  // 1xx, 204 and 304 carry no body and no Content-Length (RFC 9110 8.6); everything else states it,
  // which is what lets the connection stay open.
  if (!(status_ < 200 || status_ == 204 || status_ == 304)) {
    w += "Content-Length: ";
    w += std::to_string(body_.size());
    w += "\r\n";
  }
  r->head_end_ = w.size();
  w += "\r\n";
  r->body_begin_ = w.size();
  w += body_;
  return r;
}

std::shared_ptr<const PreparedResponse> error_response(
    int status, std::string_view code, std::string_view message,
    const std::vector<std::pair<std::string, std::string>>& extra) {
  std::string body = "{\"error\":{\"code\":";
  api::append_json_string(body, code);
  body += ",\"message\":";
  api::append_json_string(body, message);
  body += "}}";
  ResponseBuilder b(status);
  b.header("Content-Type", "application/json").header("Cache-Control", "no-store");
  for (const auto& [k, v] : extra) b.header(k, v);
  return b.body(std::move(body)).build();
}

std::string_view DateLine::now() {
  const std::int64_t t = std::time(nullptr);
  if (t != second_) {
    second_ = t;
    std::tm tm{};
    const std::time_t tt = static_cast<std::time_t>(t);
    gmtime_r(&tt, &tm);
    // The C locale's names are the IMF-fixdate ones; strftime would consult the global locale.
    static const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const int n = std::snprintf(
        text_, sizeof text_, "Date: %s, %02d %s %04d %02d:%02d:%02d GMT\r\n", days[tm.tm_wday],
        tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    size_ = n > 0 ? static_cast<std::size_t>(n) : 0;
  }
  return {text_, size_};
}

}  // namespace sp::serve::http
