// walk_feed: read_framed() (itch/stream_reader.h) over a whole buffer in chunks, so that a long
// job can report progress (or stop) between chunks without a check per message.
//
//   itch::FeedStats stats;
//   walk_feed(file.data(), file.size(), handler, stats,
//             [&](std::uint64_t bytes_done) { progress.update(bytes_done); return keep_going; });
//
// The result is the same as one read_framed() over the whole buffer: every chunk but the last is
// read with final = false and the walk resumes at the first frame the chunk did not hold whole,
// with offsets from the start of the buffer. `between(bytes_done)` is called after each chunk,
// and once more with bytes_done == size when the walk is over (at the end, or stopped by an
// unsynchronised frame: nothing after it can be read); returning false from a call before that
// stops the walk there (ReadStop::incomplete, `consumed` says how far it got).
// REQUIRES: chunk_bytes > 65,537 (the longest frame), so every chunk holds a whole frame.
//
// feed_damage(path, stats): "" for a walk whose data a job can trust, else one sentence naming the
// file, the first problem and its offset. Truncated and malformed frames are damage (a job that
// stores or prints what it built from the feed would silently leave out what they held); unknown
// types are not (the spec says to skip them) and neither are oversized frames (delivered whole; a
// later spec revision may append fields).
// Nothing is allocated by walk_feed; thread safety as read_framed().
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "market/itch/feed_stats.h"
#include "market/itch/stream_reader.h"

namespace sp::market::bars {

// 4 MiB: about 100,000 messages, a few milliseconds of decoding; the bookkeeping between chunks
// costs nothing next to it, and a progress line refreshed every 200 ms sees several chunks.
inline constexpr std::size_t kWalkChunkBytes = std::size_t{4} << 20;

template <class Handler, class Between>
itch::ReadResult walk_feed(const std::uint8_t* data, std::size_t size, Handler& h,
                           itch::FeedStats& stats, Between&& between,
                           std::size_t chunk_bytes = kWalkChunkBytes) {
  std::size_t pos = 0;
  for (;;) {
    const std::size_t left = size - pos;
    const bool last = left <= chunk_bytes;
    itch::ReadOptions options;
    options.base_offset = pos;
    options.final = last;
    const itch::ReadResult r =
        itch::read_framed(data + pos, last ? left : chunk_bytes, h, stats, options);
    pos += r.consumed;
    if (last || r.stop == itch::ReadStop::unsynchronised) {
      between(static_cast<std::uint64_t>(size));
      return {pos, r.stop};
    }
    // A chunk that ends inside a frame: the frame is read again from its start with the next one.
    // A frame longer than a whole chunk cannot exist (lengths are 16 bits), so this always moves.
    if (!between(static_cast<std::uint64_t>(pos))) return {pos, itch::ReadStop::incomplete};
  }
}

inline std::string feed_damage(const std::string& path, const itch::FeedStats& stats) {
  const std::uint64_t bad = stats.truncated + stats.malformed;
  if (bad == 0) return {};
  std::string out = path + ": damaged ITCH data";
  for (const itch::FeedError& e : stats.error_list()) {
    if (e.kind == itch::FeedErrorKind::long_length) continue;
    out += " at " + itch::describe(e);  // "offset N: truncated: ..." / "offset N: malformed: ..."
    break;
  }
  if (bad > 1) out += " (" + std::to_string(bad) + " problems in all)";
  return out;
}

}  // namespace sp::market::bars
