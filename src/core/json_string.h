// append_json_string: the JSON string literal of a byte string, for every layer that writes JSON
// (the CLI's writer, the book snapshot, the feed statistics, the API's responses and errors).
//
//   std::string out;
//   sp::core::append_json_string(out, "AAPL \"x\"");   // out == "\"AAPL \\\"x\\\"\""
//
// Contract (RFC 8259, section 7):
//  - The result is always valid JSON and valid UTF-8, whatever the input bytes: `"` and `\`
//    are escaped, control characters below U+0020 become \n \r \t \b \f or \u00XX; valid UTF-8
//    sequences pass through unchanged; a byte that does not start a valid sequence (a stray
//    continuation byte, an overlong form, a surrogate, a code point above U+10FFFF, a sequence
//    cut short) becomes U+FFFD, so echoing untrusted input (a request parameter, a file name)
//    can never produce a document a client fails to parse.
//  - DEL (0x7f) and `/` are not escaped (JSON does not require it).
// Appends to `out`; allocates only as `out` grows. Pure, thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace sp::core {

void append_json_string(std::string& out, std::string_view s);

// The literal as a new string.
inline std::string json_string(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

}  // namespace sp::core
