// What a walk over an ITCH feed saw: counts per message type and the problems, with offsets.
//
// FeedStats is filled by read_framed() (stream_reader.h) and may be carried across several calls
// (one per packet or per chunk of a file): it only ever adds. It is a fixed-size value (about 2.5
// KB) that allocates nothing, so it can live on the hot path.
//
// Counts:
//  - messages: delivered to the handler; by_type[type byte] splits them (sum(by_type) == messages).
//  - unknown:   skipped by their framed length, their type byte not being in the spec. Expected
//               (NASDAQ may add types); not an error and not in `errors`.
//  - truncated: the data ended inside a length prefix or a message.
//  - malformed: a complete frame that could not be delivered: framed length shorter than the
//               type's spec length, a field with a value the spec forbids (decoder.h), or a zero
//               length before an unknown type, after which the stream cannot be followed.
//  - oversized: framed length longer than the type's spec length; the message WAS delivered
//               (its first spec-length bytes), the rest skipped, and the frame reported.
// `errors` keeps the first kMaxErrors problems (truncated, malformed, oversized), each with the
// offset of its frame (of the 2-byte length prefix); `first_error_offset` is the first one's, -1 if
// there was none. Later problems are counted but not listed.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>

namespace sp::market::itch {

enum class FeedErrorKind : std::uint8_t {
  truncated,       // the data ends inside this frame
  short_length,    // framed length < the type's spec length (malformed)
  invalid_field,   // a field holds a value the spec forbids (malformed)
  unsynchronised,  // zero length prefix and an unknown type: no way to find the next message
  long_length,     // framed length > the type's spec length (oversized; delivered)
};

struct FeedError {
  std::uint64_t offset = 0;  // of the frame's length prefix, from the start of the feed
  FeedErrorKind kind = FeedErrorKind::truncated;
  char type = 0;                    // the type byte, 0 if the data ended before it
  std::uint16_t framed_length = 0;  // the length prefix as read (0 if the data ended before it)
  std::uint32_t available = 0;      // for truncated: bytes of the frame present after its prefix
};

// "offset 1234: Add Order (A) framed as 30 bytes, spec length 36" and the like.
std::string describe(const FeedError& e);

struct FeedStats {
  static constexpr std::size_t kMaxErrors = 16;

  std::uint64_t messages = 0;
  std::array<std::uint64_t, 256> by_type{};
  std::uint64_t unknown = 0;
  std::uint64_t truncated = 0;
  std::uint64_t malformed = 0;
  std::uint64_t oversized = 0;
  std::uint64_t bytes = 0;  // bytes walked (framing included)
  std::int64_t first_error_offset = -1;
  std::array<FeedError, kMaxErrors> errors{};
  std::uint32_t error_count = 0;  // entries used in `errors`

  std::uint64_t count(char type) const { return by_type[static_cast<unsigned char>(type)]; }
  std::span<const FeedError> error_list() const { return {errors.data(), error_count}; }
  // Problems of every kind (truncated + malformed + oversized); 0 for a clean feed.
  std::uint64_t problems() const { return truncated + malformed + oversized; }

  // Counts `e` under its kind and lists it if there is room. Not on the hot path.
  void record(const FeedError& e) {
    switch (e.kind) {
      case FeedErrorKind::truncated:
        ++truncated;
        break;
      case FeedErrorKind::long_length:
        ++oversized;
        break;
      default:
        ++malformed;
        break;
    }
    if (first_error_offset < 0) first_error_offset = static_cast<std::int64_t>(e.offset);
    if (error_count < kMaxErrors) errors[error_count++] = e;
  }
};

}  // namespace sp::market::itch
