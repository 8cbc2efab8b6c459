// libFuzzer target: the MoldUDP64 packet parser and the listener's session, fed arbitrary
// datagrams.
//
// The input is read two ways:
//  1. whole, as one datagram: parse_packet, describe, parse_request, and the sender's frame walk
//     (FramedSource) over the same bytes;
//  2. as a run of datagrams, each prefixed by a 2-byte big-endian length (a short tail is the last
//     datagram), all fed to one Session whose handler decodes every message as ITCH and checks
//     the session's promises: messages arrive with consecutive sequence numbers except across a
//     reported gap, each inside its own datagram, and next_sequence() agrees with what was seen.
// A broken promise traps; ASan/UBSan catch the rest. Each datagram is copied into its own heap
// buffer so that a read past its end is caught even when more input follows.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>

#include "market/itch/decoder.h"
#include "market/itch/feed_stats.h"
#include "market/moldudp64/framed_source.h"
#include "market/moldudp64/itch_session_handler.h"
#include "market/moldudp64/packet.h"
#include "market/moldudp64/request.h"
#include "market/moldudp64/session.h"

namespace {

using namespace sp::market;
using namespace sp::market::moldudp64;

#define CHECK(cond)                \
  do {                             \
    if (!(cond)) __builtin_trap(); \
  } while (0)

struct Checked : ItchSessionHandler<itch::NullHandler> {
  using ItchSessionHandler::ItchSessionHandler;
  const std::uint8_t* begin = nullptr;
  const std::uint8_t* end = nullptr;
  bool started = false;
  std::uint64_t expect = 0;

  void on_message(std::uint64_t seq, const std::uint8_t* data, std::size_t len) {
    CHECK(started && seq == expect);
    CHECK(data >= begin && data + len <= end);
    ++expect;
    ItchSessionHandler::on_message(seq, data, len);
  }
  void on_gap(std::uint64_t first, std::uint64_t count) {
    CHECK(started && first == expect && count > 0);
    expect = first + count;
  }
  void on_session(const SessionId&, std::uint64_t first) {
    started = true;
    expect = first;
  }
  void on_malformed(const ParseResult& r) { CHECK(!r.ok() && !describe(r).empty()); }
};

void whole(const std::uint8_t* data, std::size_t size) {
  const ParseResult r = parse_packet(data, size);
  (void)describe(r);
  if (r.ok()) {
    std::size_t n = 0, bytes = 0;
    for (Message m : r.packet.messages()) {
      CHECK(m.data >= data && m.data + m.length <= data + size);
      ++n;
      bytes += 2 + m.length;
    }
    CHECK(n == r.packet.header.message_count());
    CHECK(kHeaderLength + bytes == size);
  } else {
    CHECK(r.offset <= size);
  }
  if (parse_request(data, size)) CHECK(size == kRequestLength);

  FramedSource src(data, size);
  Message m;
  while (src.next(m)) CHECK(m.data > data && m.data + m.length <= data + size);
  CHECK(src.position() <= size);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  whole(data, size);

  itch::NullHandler sink;
  itch::FeedStats feed;
  Checked h(sink, feed);
  Session session;
  std::size_t pos = 0;
  while (pos < size) {
    std::size_t len = size - pos;
    const std::uint8_t* p = data + pos;
    if (len >= 2) {
      len = std::min<std::size_t>((std::size_t{p[0]} << 8) | p[1], len - 2);
      p += 2;
      pos += 2;
    }
    auto copy = std::make_unique<std::uint8_t[]>(len ? len : 1);
    if (len) std::memcpy(copy.get(), p, len);
    h.begin = copy.get();
    h.end = copy.get() + len;
    session.on_datagram(copy.get(), len, h);
    CHECK(session.started() == h.started);
    if (session.started()) CHECK(session.next_sequence() == h.expect);
    pos += len;
  }
  const SessionStats& s = session.stats();
  // Every delivered message was decoded, skipped as unknown, or reported as malformed.
  CHECK(s.messages == feed.messages + feed.unknown + feed.malformed);
  return 0;
}
