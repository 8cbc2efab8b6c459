#include "app/json_writer.h"

#include <cmath>

#include "core/json_string.h"

namespace sp::app {
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
  core::append_json_string(lit, k);
  out_.write(lit);
  out_.write(style_ == kPretty ? ": " : ":");
  after_key_ = true;
}

void JsonWriter::string(std::string_view s) {
  before_value(false);
  std::string lit;
  lit.reserve(s.size() + 2);
  core::append_json_string(lit, s);
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
