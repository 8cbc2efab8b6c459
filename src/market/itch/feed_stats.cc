#include "market/itch/feed_stats.h"

#include <cstdio>

#include "market/itch/messages.h"

namespace sp::market::itch {
namespace {

std::string type_text(char t) {
  char buf[48];
  const auto u = static_cast<unsigned char>(t);
  if (u >= 0x21 && u < 0x7f) {
    std::snprintf(buf, sizeof buf, "'%c'", t);
  } else {
    std::snprintf(buf, sizeof buf, "0x%02x", u);
  }
  std::string s = buf;
  if (message_length(t) != 0) {
    s += " (";
    s += message_name(t);
    s += ")";
  } else {
    s += " (unknown type)";
  }
  return s;
}

}  // namespace

std::string describe(const FeedError& e) {
  std::string s = "offset " + std::to_string(e.offset) + ": ";
  const std::size_t spec = message_length(e.type);
  switch (e.kind) {
    case FeedErrorKind::truncated:
      s += "truncated: ";
      if (e.available == 0 && e.type == 0) {
        s += "the data ends inside the 2-byte length prefix or right after it";
      } else {
        const std::size_t need = e.framed_length != 0 ? e.framed_length : spec;
        s += type_text(e.type) + " needs " + std::to_string(need) + " bytes, " +
             std::to_string(e.available) + " present";
      }
      break;
    case FeedErrorKind::short_length:
      s += "malformed: " + type_text(e.type) + " framed as " + std::to_string(e.framed_length) +
           " bytes, spec length " + std::to_string(spec) + "; skipped";
      break;
    case FeedErrorKind::invalid_field:
      s += "malformed: " + type_text(e.type);
      if (e.type == 'C') {
        s += ": printable flag is not Y or N";
      } else if (e.type == 'A' || e.type == 'F' || e.type == 'P') {
        s += ": buy/sell indicator is not B or S";
      } else {
        s += ": a field holds a value the spec forbids";
      }
      s += "; skipped";
      break;
    case FeedErrorKind::unsynchronised:
      s += "malformed: zero length prefix before " + type_text(e.type) +
           ": the next message cannot be found; stopped here";
      break;
    case FeedErrorKind::long_length:
      s += "oversized: " + type_text(e.type) + " framed as " + std::to_string(e.framed_length) +
           " bytes, spec length " + std::to_string(spec) + "; decoded the first " +
           std::to_string(spec) + ", skipped the rest";
      break;
  }
  return s;
}

}  // namespace sp::market::itch
