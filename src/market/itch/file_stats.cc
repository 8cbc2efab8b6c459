#include "market/itch/file_stats.h"

#include <chrono>
#include <cstdio>
#include <vector>

#include "core/json_string.h"
#include "market/itch/decoder.h"
#include "market/itch/feed_file.h"
#include "market/itch/messages.h"

namespace sp::market::itch {
namespace {

struct DirectoryCounter : NullHandler {
  using NullHandler::on;
  std::vector<std::uint8_t> seen = std::vector<std::uint8_t>(65536, 0);
  std::uint64_t distinct = 0;
  void on(const StockDirectory& m) {
    distinct += seen[m.stock_locate] == 0;
    seen[m.stock_locate] = 1;
  }
};

std::string_view kind_name(FeedErrorKind k) {
  switch (k) {
    case FeedErrorKind::truncated:
      return "truncated";
    case FeedErrorKind::short_length:
      return "short_length";
    case FeedErrorKind::invalid_field:
      return "invalid_field";
    case FeedErrorKind::unsynchronised:
      return "unsynchronised";
    case FeedErrorKind::long_length:
      return "long_length";
  }
  return "?";
}

std::string number(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}

}  // namespace

FileStats itch_file_stats(const std::string& path) {
  FileStats s;
  s.path = path;
  auto file = FeedFile::open(path, &s.error);
  if (!file) return s;
  s.file_bytes = file->size();
  DirectoryCounter counter;
  const auto t0 = std::chrono::steady_clock::now();
  file->read(counter, s.feed);
  const auto t1 = std::chrono::steady_clock::now();
  s.symbols = counter.distinct;
  s.seconds = std::chrono::duration<double>(t1 - t0).count();
  s.ns_per_message = s.feed.messages ? s.seconds * 1e9 / static_cast<double>(s.feed.messages) : 0;
  return s;
}

std::string to_json(const FileStats& s) {
  std::string out = "{\"file\":";
  core::append_json_string(out, s.path);
  if (!s.ok()) {
    out += ",\"error\":";
    core::append_json_string(out, s.error);
    out += '}';
    return out;
  }
  const FeedStats& f = s.feed;
  out += ",\"bytes\":" + std::to_string(s.file_bytes);
  out += ",\"messages\":" + std::to_string(f.messages);
  out += ",\"by_type\":{";
  bool first = true;
  for (const char t : kMessageTypes) {
    if (!first) out += ',';
    first = false;
    out += '"';
    out += t;
    out += "\":" + std::to_string(f.count(t));
  }
  out += '}';
  out += ",\"unknown\":" + std::to_string(f.unknown);
  out += ",\"truncated\":" + std::to_string(f.truncated);
  out += ",\"malformed\":" + std::to_string(f.malformed);
  out += ",\"oversized\":" + std::to_string(f.oversized);
  out += ",\"symbols\":" + std::to_string(s.symbols);
  out += ",\"seconds\":" + number(s.seconds);
  out += ",\"ns_per_message\":" + number(s.ns_per_message);
  out += ",\"first_error_offset\":";
  out += f.first_error_offset < 0 ? "null" : std::to_string(f.first_error_offset);
  out += ",\"errors\":[";
  first = true;
  for (const FeedError& e : f.error_list()) {
    if (!first) out += ',';
    first = false;
    out += "{\"offset\":" + std::to_string(e.offset) + ",\"kind\":\"";
    out += kind_name(e.kind);
    out += "\",\"what\":";
    core::append_json_string(out, describe(e));
    out += '}';
  }
  out += "]}";
  return out;
}

}  // namespace sp::market::itch
