#include "market/book/snapshot.h"

#include <cstdio>

#include "core/json_string.h"
#include "market/book/book_set.h"
#include "market/itch/big_endian.h"
#include "market/itch/feed_file.h"
#include "market/itch/messages.h"
#include "market/itch/stream_reader.h"

namespace sp::market::book {
namespace {

// Bytes taken by the first `n` frames of data (the framing rules of stream_reader.h: a zero
// length prefix means the type's spec length). Stops early where the reader would stop.
std::size_t bytes_of_first(const std::uint8_t* data, std::size_t size, std::uint64_t n) {
  std::size_t pos = 0;
  for (std::uint64_t i = 0; i < n && pos + 3 <= size; ++i) {
    const std::size_t framed = itch::load_be16(data + pos);
    const std::size_t len =
        framed != 0 ? framed : itch::message_length(static_cast<char>(data[pos + 2]));
    if (len == 0 || pos + 2 + len > size) return size;  // the reader reports and stops there
    pos += 2 + len;
  }
  return pos;
}

// Collects the stock directory of the rest of a file, to tell "not yet listed" from "unknown".
struct DirectoryScan : itch::NullHandler {
  using NullHandler::on;
  std::string_view wanted;
  bool found = false;
  std::uint16_t locate = 0;
  void on(const itch::StockDirectory& m) {
    if (!found && itch::trimmed(m.stock) == wanted) {
      found = true;
      locate = m.stock_locate;
    }
  }
};

void append_side(std::string& out, const std::vector<LevelInfo>& levels) {
  out += '[';
  for (std::size_t i = 0; i < levels.size(); ++i) {
    if (i) out += ", ";
    out += '[';
    out += format_price(levels[i].price);
    out += ", ";
    out += std::to_string(levels[i].shares);
    out += ", ";
    out += std::to_string(levels[i].orders);
    out += ']';
  }
  out += ']';
}

}  // namespace

std::string format_price(std::uint32_t price) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%u.%04u", price / itch::kPriceScale, price % itch::kPriceScale);
  return buf;
}

std::string to_json(const BookSnapshot& s) {
  std::string out = "{\"symbol\": ";
  core::append_json_string(out, s.symbol);
  out += ", \"bids\": ";
  append_side(out, s.bids);
  out += ", \"asks\": ";
  append_side(out, s.asks);
  out += '}';
  return out;
}

std::optional<BookSnapshot> snapshot_after(const std::string& file, std::string_view symbol,
                                           std::optional<std::uint64_t> after, int depth,
                                           std::string* error) {
  std::string open_error;
  auto feed = itch::FeedFile::open(file, &open_error);
  if (!feed) {
    if (error) *error = open_error;
    return std::nullopt;
  }
  while (!symbol.empty() && symbol.back() == ' ') symbol.remove_suffix(1);
  const std::size_t end = after ? bytes_of_first(feed->data(), feed->size(), *after) : feed->size();

  BookSet<> books(nullptr, 1 << 16);  // the map grows if the file needs more
  itch::FeedStats stats;
  itch::read_framed(feed->data(), end, books, stats);

  BookSnapshot snap;
  snap.symbol = std::string(symbol);
  snap.messages_applied = stats.messages;
  if (auto loc = books.locate_of(symbol)) {
    snap.locate = *loc;
    const long n = depth <= 0 ? -1 : depth;
    snap.bids = books.depth(*loc, Side::buy, n);
    snap.asks = books.depth(*loc, Side::sell, n);
    return snap;
  }
  DirectoryScan scan;
  scan.wanted = symbol;
  itch::FeedStats rest;
  itch::read_framed(feed->data() + end, feed->size() - end, scan, rest);
  if (scan.found) {
    snap.locate = scan.locate;
    return snap;  // listed later in the file: nothing on its book yet
  }
  if (error) {
    *error = "unknown symbol '" + std::string(symbol) + "': " + file +
             " has no stock directory entry for it";
  }
  return std::nullopt;
}

}  // namespace sp::market::book
