#include "serve/api/json_out.h"

#include <charconv>
#include <cmath>

namespace sp::serve::api {

void JsonOut::separate() {
  if (after_key_) {
    after_key_ = false;
  } else if (!first_) {
    out_ += ',';
  }
  first_ = false;
}

JsonOut& JsonOut::open(char c) {
  separate();
  out_ += c;
  first_ = true;
  return *this;
}

JsonOut& JsonOut::close(char c) {
  out_ += c;
  first_ = false;
  return *this;
}

JsonOut& JsonOut::key(std::string_view k) {
  separate();
  append_json_string(out_, k);
  out_ += ':';
  after_key_ = true;
  return *this;
}

JsonOut& JsonOut::string(std::string_view s) {
  separate();
  append_json_string(out_, s);
  return *this;
}

JsonOut& JsonOut::number(double v) {
  separate();
  if (!std::isfinite(v)) {
    out_ += "null";
    return *this;
  }
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out_.append(buf, r.ptr);
  return *this;
}

JsonOut& JsonOut::integer(std::int64_t v) {
  separate();
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out_.append(buf, r.ptr);
  return *this;
}

JsonOut& JsonOut::fixed4(std::int64_t p) {
  separate();
  if (p < 0) {
    out_ += '-';
    p = -p;
  }
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, p / 10000);
  out_.append(buf, r.ptr);
  const auto frac = static_cast<int>(p % 10000);
  out_ += '.';
  out_ += static_cast<char>('0' + frac / 1000);
  out_ += static_cast<char>('0' + frac / 100 % 10);
  out_ += static_cast<char>('0' + frac / 10 % 10);
  out_ += static_cast<char>('0' + frac % 10);
  return *this;
}

JsonOut& JsonOut::boolean(bool b) {
  separate();
  out_ += b ? "true" : "false";
  return *this;
}

JsonOut& JsonOut::null() {
  separate();
  out_ += "null";
  return *this;
}

JsonOut& JsonOut::raw(std::string_view json) {
  separate();
  out_ += json;
  return *this;
}

}  // namespace sp::serve::api
