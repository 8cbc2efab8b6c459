// JsonWriter: a streaming JSON writer over a BufferedWriter, for the command line's --format json.
//
// It places the commas and colons itself, so a caller only says what comes next:
//
//   JsonWriter j(out, JsonWriter::kPretty);
//   j.begin_object();
//   j.key("assets"); j.begin_array(); j.string("SPY"); j.end_array();
//   j.key("var");    j.number(0.031);
//   j.end_object();
//
// Strings are escaped per RFC 8259 (quote, backslash, control characters as \n, \t or \u00XX);
// bytes that are not valid UTF-8 become U+FFFD, so the output is always valid JSON. Numbers use the
// shortest round-trip form; NaN and infinities, which JSON cannot express, are written as null.
// kPretty puts each object member, and each object or array inside an array, on its own indented
// line, and keeps arrays of scalars on one line; kCompact writes no whitespace at all. REQUIRES
// (unchecked): calls nest properly and every object value is preceded by key(). Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/output.h"

namespace sp::app {

class JsonWriter {
 public:
  enum Style { kCompact, kPretty };

  explicit JsonWriter(BufferedWriter& out, Style style = kCompact) : out_(out), style_(style) {}

  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  void key(std::string_view k);
  void string(std::string_view s);
  void number(double v);  // null when not finite
  void integer(std::int64_t v);
  void unsigned_integer(std::uint64_t v);
  void boolean(bool b);
  void null();

  // Convenience: an array of numbers (null for NaN) or of strings.
  void numbers(const double* v, std::size_t n);
  void numbers(const std::vector<double>& v) { numbers(v.data(), v.size()); }

 private:
  struct Level {
    bool object;
    bool empty;
    bool broken;  // kPretty: an element went on its own line, so the closing bracket does too
  };
  void before_value(bool container);
  void newline_indent(std::size_t depth);

  BufferedWriter& out_;
  Style style_;
  std::vector<Level> stack_;
  bool after_key_ = false;
};

}  // namespace sp::app
