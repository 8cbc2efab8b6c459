// The messages of a NASDAQ binary ITCH feed (a file's bytes), one span at a time, for sending.
//
//   FramedSource src(file.data(), file.size());
//   Message m;
//   while (src.next(m)) send(m);          // m points into the buffer, without its length prefix
//   if (!src.error().empty()) ...         // "offset 1234: ..." when the walk could not go on
//
// A transport forwards frames; it does not decode them. Frame boundaries follow rules 1-3 of
// itch/stream_reader.h: a 2-byte big-endian length before each message, and a zero length means
// the spec length of the message's type (the shared sample is written that way). What goes on the
// wire is the message with its true length, so a MoldUDP64 listener never sees a zero-length
// stand-in. A zero length before an unknown type, or a buffer ending inside a frame, stops the
// walk with an error naming the offset. Unknown types with a real length, and messages whose
// fields the decoder would reject, are forwarded unchanged: the listener's decoder judges them.
//
// itch_timestamp(m): the 6-byte timestamp at offset 5 (nanoseconds since midnight) that every
// ITCH 5.0 message carries; nullopt for a message shorter than 11 bytes.
//
// Nothing is copied or allocated per message. The buffer must outlive the source and every
// Message taken from it. Thread safety: none needed beyond the object's own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "market/itch/big_endian.h"
#include "market/itch/messages.h"
#include "market/moldudp64/packet.h"

namespace sp::market::moldudp64 {

class FramedSource {
 public:
  FramedSource(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

  bool next(Message& out) {
    const std::size_t left = size_ - pos_;
    if (left == 0 || !error_.empty()) return false;
    if (left < 3) return fail("the feed ends inside a length prefix");
    std::size_t n = itch::load_be16(data_ + pos_);
    if (n == 0) {
      n = itch::message_length(static_cast<char>(data_[pos_ + 2]));
      if (n == 0)
        return fail("zero length before an unknown message type; cannot find the next one");
    }
    if (n > left - 2) return fail("the feed ends inside a message");
    out.data = data_ + pos_ + 2;
    out.length = static_cast<std::uint16_t>(n);
    pos_ += 2 + n;
    ++count_;
    return true;
  }

  std::size_t position() const { return pos_; }  // bytes walked
  std::size_t size() const { return size_; }
  std::uint64_t count() const { return count_; }  // messages handed out
  const std::string& error() const { return error_; }

 private:
  bool fail(const char* what) {
    error_ = "offset " + std::to_string(pos_) + ": " + what;
    return false;
  }

  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
  std::uint64_t count_ = 0;
  std::string error_;
};

inline std::optional<std::uint64_t> itch_timestamp(const Message& m) {
  if (m.length < 11) return std::nullopt;
  return itch::load_be48(m.data + 5);
}

}  // namespace sp::market::moldudp64
