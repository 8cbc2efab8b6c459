// JsonOut: appends JSON to a std::string — the API's response bodies, built once and cached.
//
//   std::string s;
//   JsonOut j(s);
//   j.begin_object().key("symbol").string("AAPL").key("bid").fixed4(1891000).end_object();
//
// Commas and colons are placed by the writer; strings are escaped per RFC 8259 by
// core/json_string.h (control characters escaped, invalid UTF-8 replaced by U+FFFD, so an echoed
// request parameter can never break the document); numbers use the shortest
// round-trip form, and NaN or infinities, which JSON cannot express, become null. fixed4 writes an
// ITCH Price(4) integer as a decimal with exactly four places (1891000 -> 189.1000), which is how
// the API states prices. REQUIRES (unchecked): calls nest properly and object members start with
// key(). Not thread-safe; no allocation beyond the string's growth.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/json_string.h"

namespace sp::serve::api {

class JsonOut {
 public:
  explicit JsonOut(std::string& out) : out_(out) {}

  JsonOut& begin_object() { return open('{'); }
  JsonOut& end_object() { return close('}'); }
  JsonOut& begin_array() { return open('['); }
  JsonOut& end_array() { return close(']'); }
  JsonOut& key(std::string_view k);
  JsonOut& string(std::string_view s);
  JsonOut& number(double v);
  JsonOut& integer(std::int64_t v);
  JsonOut& fixed4(std::int64_t price4);
  JsonOut& boolean(bool b);
  JsonOut& null();
  // A value that is already JSON text (REQUIRES: valid JSON).
  JsonOut& raw(std::string_view json);

 private:
  JsonOut& open(char c);
  JsonOut& close(char c);
  void separate();

  std::string& out_;
  bool first_ = true;       // nothing written yet at this nesting level
  bool after_key_ = false;  // the next value follows a key: no comma
};

// The one JSON string escaper (core/json_string.h), under the name the handlers use.
using core::append_json_string;

}  // namespace sp::serve::api
