#include "app/json_writer.h"

#include <cmath>

namespace sp::app {
namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 if the bytes there are not one
// (overlong forms, surrogates and code points above U+10FFFF are invalid).
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  std::size_t len = 0;
  unsigned lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  if (b(i + 1) < lo || b(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < len; ++k) {
    if (b(i + k) < 0x80 || b(i + k) > 0xBF) return 0;
  }
  return len;
}

}  // namespace

void append_json_string(std::string_view s, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"':
          out->append("\\\"");
          break;
        case '\\':
          out->append("\\\\");
          break;
        case '\n':
          out->append("\\n");
          break;
        case '\r':
          out->append("\\r");
          break;
        case '\t':
          out->append("\\t");
          break;
        case '\b':
          out->append("\\b");
          break;
        case '\f':
          out->append("\\f");
          break;
        default:
          if (c < 0x20) {
            out->append("\\u00");
            out->push_back(kHex[c >> 4]);
            out->push_back(kHex[c & 15]);
          } else {
            out->push_back(static_cast<char>(c));
          }
      }
      ++i;
      continue;
    }
    if (const std::size_t len = utf8_sequence(s, i)) {
      out->append(s.substr(i, len));
      i += len;
    } else {
      out->append("\xEF\xBF\xBD");  // U+FFFD REPLACEMENT CHARACTER
      ++i;
    }
  }
  out->push_back('"');
}

void JsonWriter::newline_indent(std::size_t depth) {
  out_.put('\n');
  for (std::size_t i = 0; i < depth; ++i) out_.write("  ");
}

void JsonWriter::before_value(bool container) {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (stack_.empty()) return;
  Level& top = stack_.back();
  if (!top.empty) out_.put(',');
  if (style_ == kPretty && !top.object) {
    // Scalars share the array's line; objects and arrays inside an array get a line each.
    if (container) {
      newline_indent(stack_.size());
      top.broken = true;
    } else if (!top.empty) {
      out_.put(' ');
    }
  }
  top.empty = false;
}

void JsonWriter::begin_object() {
  before_value(true);
  out_.put('{');
  stack_.push_back({true, true, false});
}

void JsonWriter::end_object() {
  const bool empty = stack_.back().empty;
  stack_.pop_back();
  if (style_ == kPretty && !empty) newline_indent(stack_.size());
  out_.put('}');
  if (stack_.empty() && style_ == kPretty) out_.put('\n');
}

void JsonWriter::begin_array() {
  before_value(true);
  out_.put('[');
  stack_.push_back({false, true, false});
}

void JsonWriter::end_array() {
  const bool broken = stack_.back().broken;
  stack_.pop_back();
  if (style_ == kPretty && broken) newline_indent(stack_.size());
  out_.put(']');
  if (stack_.empty() && style_ == kPretty) out_.put('\n');
}

void JsonWriter::key(std::string_view k) {
  Level& top = stack_.back();
  if (!top.empty) out_.put(',');
  top.empty = false;
  if (style_ == kPretty) newline_indent(stack_.size());
  std::string lit;
  append_json_string(k, &lit);
  out_.write(lit);
  out_.write(style_ == kPretty ? ": " : ":");
  after_key_ = true;
}

void JsonWriter::string(std::string_view s) {
  before_value(false);
  std::string lit;
  lit.reserve(s.size() + 2);
  append_json_string(s, &lit);
  out_.write(lit);
}

void JsonWriter::number(double v) {
  before_value(false);
  if (std::isfinite(v)) {
    out_.number(v);
  } else {
    out_.write("null");
  }
}

void JsonWriter::integer(std::int64_t v) {
  before_value(false);
  out_.integer(v);
}

void JsonWriter::unsigned_integer(std::uint64_t v) {
  before_value(false);
  out_.unsigned_integer(v);
}

void JsonWriter::boolean(bool b) {
  before_value(false);
  out_.write(b ? "true" : "false");
}

void JsonWriter::null() {
  before_value(false);
  out_.write("null");
}

void JsonWriter::numbers(const double* v, std::size_t n) {
  begin_array();
  for (std::size_t i = 0; i < n; ++i) number(v[i]);
  end_array();
}

}  // namespace sp::app
