// Decoding a MoldUDP64 session's messages as ITCH 5.0: the bridge between session.h and
// itch/decoder.h that `stockpulse itch --udp` needs.
//
//   struct Book : itch::NullHandler { using NullHandler::on; void on(const itch::AddOrder&); };
//   Book book;
//   itch::FeedStats feed;
//   ItchSessionHandler<Book> h(book, feed);
//   receiver.run(h);            // or session.on_datagram(data, size, h)
//
// Each in-order message goes to itch::decode(), and `feed` is kept exactly as read_framed()
// (itch/stream_reader.h) keeps it for a file, with one difference: an error's `offset` is the
// message's MoldUDP64 sequence number, since a live feed has no byte offsets. Per message:
//   decoded             messages and by_type counted
//   unknown type        counted in `unknown`, skipped (MoldUDP64's block length frames it)
//   shorter than spec   reported as short_length (malformed), not delivered
//   bad field           reported as invalid_field (malformed), not delivered
//   longer than spec    delivered, then reported as long_length (oversized)
// `bytes` counts message bytes plus the 2-byte block length, as a file's framing would.
//
// To see the session's events too (gaps, end of session), derive from this class and define
// on_gap and friends: the Session calls them on the type it is given. Static dispatch throughout;
// nothing allocated per message. Thread safety: that of the handler and the stats.
#pragma once

#include <cstddef>
#include <cstdint>

#include "market/itch/decoder.h"
#include "market/itch/feed_stats.h"
#include "market/itch/messages.h"
#include "market/moldudp64/session.h"

namespace sp::market::moldudp64 {

template <class ItchHandler>
class ItchSessionHandler : public NullSessionHandler {
 public:
  ItchSessionHandler(ItchHandler& handler, itch::FeedStats& stats)
      : handler_(handler), stats_(stats) {}

  void on_message(std::uint64_t sequence, const std::uint8_t* data, std::size_t length) {
    stats_.bytes += length + 2;
    const itch::DecodeResult r = itch::decode(data, length, handler_);
    if (r == itch::DecodeResult::ok) [[likely]] {
      ++stats_.messages;
      ++stats_.by_type[data[0]];
      const std::size_t spec = itch::message_length(static_cast<char>(data[0]));
      if (length > spec) [[unlikely]]
        report(itch::FeedErrorKind::long_length, sequence, data, length);
      return;
    }
    switch (r) {
      case itch::DecodeResult::unknown_type:
        ++stats_.unknown;
        break;
      case itch::DecodeResult::truncated:
        report(itch::FeedErrorKind::short_length, sequence, data, length);
        break;
      default:
        report(itch::FeedErrorKind::invalid_field, sequence, data, length);
        break;
    }
  }

  ItchHandler& itch_handler() { return handler_; }
  const itch::FeedStats& feed_stats() const { return stats_; }

 private:
  void report(itch::FeedErrorKind kind, std::uint64_t sequence, const std::uint8_t* data,
              std::size_t length) {
    itch::FeedError e;
    e.offset = sequence;
    e.kind = kind;
    e.type = length > 0 ? static_cast<char>(data[0]) : 0;
    e.framed_length = static_cast<std::uint16_t>(length);
    e.available = static_cast<std::uint32_t>(length);
    stats_.record(e);
  }

  ItchHandler& handler_;
  itch::FeedStats& stats_;
};

}  // namespace sp::market::moldudp64
