// Walking a buffer of framed ITCH 5.0 messages, decoding each to a handler.
//
//   ReadResult read_framed(const uint8_t* data, size_t size, Handler& h, FeedStats& stats,
//                          ReadOptions options = {});
//
// Framing: each message is preceded by its length, 2 bytes big-endian, not counting itself. This is
// NASDAQ's binary file format and also the message-block framing inside a MoldUDP64 packet, so the
// same walker serves both. The buffer is only read, never copied; handlers get structs (decoder.h).
//
// Rules, in order, for the frame at offset o with length prefix L and type byte t:
//  1. Fewer than 3 bytes left, or fewer than the frame needs: the data ends inside this frame. With
//     options.final (the default) that is counted and reported as truncated at o; otherwise it is
//     not an error (more data may follow) and the walk stops with ReadStop::incomplete, `consumed`
//     telling where to resume.
//  2. L == 0 and t is a known type: the message has t's spec length. (Some tools write zero
//     prefixes; the shared sample ex20101224.TEST_ITCH_50 has nothing else.)
//  3. L == 0 and t is unknown: there is no way to know where the next frame starts, so this is
//     reported as malformed (unsynchronised) and the walk stops (ReadStop::unsynchronised).
//  4. L != 0 and t is unknown: skipped by L and counted in stats.unknown.
//  5. L != 0, t known, L < spec length: reported as malformed (short_length), skipped by L. The
//     framing is trusted over the type byte for finding the next frame; the message is not
//     delivered because its fields would run into the next frame.
//  6. L > spec length: the message is delivered (decoded from its first spec-length bytes: a later
//     revision may append fields) and the frame is reported as oversized; the walk goes on at
//     o+2+L.
//  7. Otherwise decode(); a malformed result (decoder.h) is counted and reported, and the walk goes
//     on: one bad field never costs the rest of the feed.
// Offsets in reports are options.base_offset + the frame's position in `data`.
//
// Cost: per message one 2-byte load, one spec-length table look-up, two predictable compares,
// one jump through the type table (visit_type), the field loads the handler uses, and one counter;
// no allocation, no virtual call. While at least the longest frame plus 3 bytes remain (every frame
// but the last few), there is no per-frame bounds check, and the next frame's prefix and type byte
// are loaded before the jump: after a mispredicted jump (the type mix of a real feed is random)
// only the jump-table load is left before the next jump. Frames off that path (unknown type, a
// prefix neither 0 nor the spec length, the end of data) take the careful path, rules 1-7 as
// above, one frame at a time. Measured on the simulated 20M-message day (45 % A, 38 % D, random):
// 6.2 ns a message with an empty handler, 7.2 before this split (GCC 12 -O3, 2-core build
// machine). A handler's own dispatch on the type costs nothing more: its on() is inlined into that
// jump.
//
// Look-ahead: a handler with a member `prefetch(const uint8_t* msg)` (BookSet has one) is also
// shown each message kPrefetchDistance frames before it is delivered (msg at its type byte, its
// spec length readable), so that it can start the cache misses the message will cost while earlier
// messages are handled. It is a hint: a second cursor walks the frames ahead by their length
// prefixes (the spec length for a zero prefix), stops at anything it cannot walk (unknown type
// with a zero prefix, the end of data), and never changes what is delivered or counted.
//
// Thread safety: none needed; it touches only its arguments. Never reads outside [data, data+size).
#pragma once

#include <cstddef>
#include <cstdint>

#include "market/itch/big_endian.h"
#include "market/itch/decoder.h"
#include "market/itch/feed_stats.h"
#include "market/itch/messages.h"

namespace sp::market::itch {

struct ReadOptions {
  std::uint64_t base_offset = 0;  // added to every reported offset (position of `data` in the feed)
  bool final = true;              // false: an incomplete last frame is not an error (see rule 1)
};

enum class ReadStop : std::uint8_t {
  end,             // every byte was walked
  incomplete,      // !final and the data ends inside a frame: resume from `consumed`
  truncated,       // final and the data ends inside a frame (reported)
  unsynchronised,  // rule 3 (reported)
};

struct ReadResult {
  std::size_t consumed = 0;  // bytes of whole frames walked
  ReadStop stop = ReadStop::end;
};

// How many frames ahead a handler's prefetch() sees a message (see the look-ahead note above).
inline constexpr int kPrefetchDistance = 24;

template <class Handler>
concept PrefetchingHandler = requires(Handler& h, const std::uint8_t* p) {
  h.prefetch(p);
};

namespace detail {
// The look-ahead cursor: the next frame it has not yet shown to the handler.
struct AheadCursor {
  std::size_t pos = 0;

  // Shows the frame at pos to h (if it is whole and known) and steps over it; false when it cannot.
  template <class Handler>
  bool step(const std::uint8_t* data, std::size_t size, Handler& h) {
    if (pos > size || size - pos < 3) return false;
    const std::uint8_t* p = data + pos;
    const std::size_t spec = message_length(static_cast<char>(p[2]));
    std::size_t n = load_be16(p);
    if (n == 0) n = spec;
    if (n == 0 || n > size - pos - 2) return false;
    if (spec != 0 && n >= spec) h.prefetch(p + 2);
    pos += 2 + n;
    return true;
  }
};
}  // namespace detail

template <class Handler>
ReadResult read_framed(const std::uint8_t* data, std::size_t size, Handler& h, FeedStats& stats,
                       ReadOptions options = {}) {
  std::size_t pos = 0;
  std::uint64_t delivered = 0;
  ReadStop stop = ReadStop::end;

  auto report = [&](FeedErrorKind kind, const std::uint8_t* p, std::size_t left) {
    FeedError e;
    e.offset = options.base_offset + pos;
    e.kind = kind;
    e.type = left >= 3 ? static_cast<char>(p[2]) : 0;
    e.framed_length = left >= 2 ? load_be16(p) : 0;
    e.available = static_cast<std::uint32_t>(left >= 2 ? left - 2 : 0);
    stats.record(e);
  };
  auto ends_inside = [&](const std::uint8_t* p, std::size_t left) {
    if (options.final) {
      report(FeedErrorKind::truncated, p, left);
      stop = ReadStop::truncated;
    } else {
      stop = ReadStop::incomplete;
    }
  };

  [[maybe_unused]] detail::AheadCursor ahead;
  [[maybe_unused]] bool ahead_ok = true;
  if constexpr (PrefetchingHandler<Handler>) {
    for (int i = 0; i < kPrefetchDistance && ahead_ok; ++i) ahead_ok = ahead.step(data, size, h);
  }

  // Hot loop: while the longest frame plus the next frame's prefix and type fit in what is left,
  // no bounds check is needed per frame. The next frame's prefix and type are loaded before the
  // jump, so after a mispredicted jump only the jump itself waits. Anything off the common case
  // (unknown type, a prefix that is neither 0 nor the spec length) leaves to the careful loop
  // below, which handles that one frame and comes back. A type with a spec length is always a
  // case of visit_type (both come from the same 23 types), so the unknown arm cannot be reached.
  constexpr std::size_t kFastMargin = 2 + kMaxMessageLength + 3;
  const std::uint8_t* const fast_end = size >= kFastMargin ? data + (size - kFastMargin) : nullptr;

  while (pos < size) {
    if (fast_end != nullptr && data + pos <= fast_end) {
      const std::uint8_t* p = data + pos;
      std::size_t framed = load_be16(p);
      unsigned type = p[2];
      for (;;) {
        const std::size_t spec = detail::kLengthTable.length[type];
        if (spec == 0 || (framed != 0 && framed != spec)) [[unlikely]]
          break;
        if constexpr (PrefetchingHandler<Handler>) {
          if (ahead_ok) [[likely]]
            ahead_ok = ahead.step(data, size, h);
        }
        const std::uint8_t* const next = p + 2 + spec;
        const std::size_t next_framed = load_be16(next);
        const unsigned next_type = next[2];
        visit_type(
            static_cast<char>(type),
            [&]<class M>() SP_ITCH_ALWAYS_INLINE {
              if (detail::deliver<M>(p + 2, h)) [[likely]] {
                ++stats.by_type[static_cast<unsigned char>(M::kType)];
                ++delivered;
              } else {
                pos = static_cast<std::size_t>(p - data);
                report(FeedErrorKind::invalid_field, p, size - pos);
              }
            },
            [] { __builtin_unreachable(); });
        p = next;
        framed = next_framed;
        type = next_type;
        if (p > fast_end) [[unlikely]]
          break;
      }
      pos = static_cast<std::size_t>(p - data);
    }
    if constexpr (PrefetchingHandler<Handler>) {
      if (ahead_ok) [[likely]]
        ahead_ok = ahead.step(data, size, h);
    }
    const std::uint8_t* p = data + pos;
    const std::size_t left = size - pos;
    if (left < 3) [[unlikely]] {
      ends_inside(p, left);
      break;
    }
    const std::size_t framed = load_be16(p);
    const char type = static_cast<char>(p[2]);

    // Fast path: a known type, framed with its spec length or with 0, wholly present. Inside the
    // visitor the length is a constant, so the next frame's offset does not wait on a table
    // look-up: with the type predicted, the loop runs ahead.
    const bool done = visit_type(
        type,
        [&]<class M>() SP_ITCH_ALWAYS_INLINE {
          if ((framed != 0 && framed != M::kLength) || left - 2 < M::kLength) [[unlikely]]
            return false;
          if (detail::deliver<M>(p + 2, h)) [[likely]] {
            ++stats.by_type[static_cast<unsigned char>(M::kType)];
            ++delivered;
          } else {
            report(FeedErrorKind::invalid_field, p, left);
          }
          pos += 2 + M::kLength;
          return true;
        },
        [] { return false; });
    if (done) [[likely]]
      continue;

    // Slow path: unknown type, a length prefix that disagrees with the spec, or the end of data.
    const std::size_t spec = message_length(type);
    const std::size_t n = framed != 0 ? framed : spec;
    if (n == 0) {  // rule 3
      report(FeedErrorKind::unsynchronised, p, left);
      stop = ReadStop::unsynchronised;
      break;
    }
    if (n > left - 2) {  // rule 1
      ends_inside(p, left);
      break;
    }
    if (spec == 0) {  // rule 4
      ++stats.unknown;
      pos += 2 + n;
      continue;
    }
    if (n < spec) {  // rule 5
      report(FeedErrorKind::short_length, p, left);
      pos += 2 + n;
      continue;
    }
    report(FeedErrorKind::long_length, p, left);  // rule 6
    if (decode(p + 2, n, h) == DecodeResult::ok) {
      ++stats.by_type[static_cast<unsigned char>(type)];
      ++delivered;
    } else {
      report(FeedErrorKind::invalid_field, p, left);
    }
    pos += 2 + n;
  }

  stats.messages += delivered;
  stats.bytes += pos;
  return {pos, stop};
}

}  // namespace sp::market::itch
