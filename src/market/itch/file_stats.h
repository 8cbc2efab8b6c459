// What an ITCH file holds, in numbers: the data behind `stockpulse itch FILE --stats`.
//
//   FileStats s = itch_file_stats(path);
//   if (!s.ok()) ... s.error names the file and what went wrong (cannot open, not a file...)
//   std::string json = to_json(s);
//
// The file is mapped and walked once with read_framed() (stream_reader.h rules). A file that
// opens but holds bad frames is still ok(): its problems are in s.feed (counts, offsets). `symbols`
// is the number of distinct stock locates that have a Stock Directory (R) message. `seconds` is
// the wall time of the walk alone (opening and mapping excluded; the pages are faulted in when
// mapped), and ns_per_message is that time over the messages delivered: a parse-only figure, as
// the handler does next to nothing.
//
// to_json writes one object:
//   {"file":..., "bytes":N, "messages":N, "by_type":{"S":N, ... every spec type, spec order},
//    "unknown":N, "truncated":N, "malformed":N, "oversized":N, "symbols":N,
//    "seconds":x, "ns_per_message":x, "first_error_offset":N|null,
//    "errors":[{"offset":N, "kind":"...", "what":"..."}, ...]}   (at most FeedStats::kMaxErrors)
// or {"file":..., "error":"..."} when !ok(). Nothing here throws.
#pragma once

#include <cstdint>
#include <string>

#include "market/itch/feed_stats.h"

namespace sp::market::itch {

struct FileStats {
  std::string path;
  std::string error;  // empty on success
  std::uint64_t file_bytes = 0;
  FeedStats feed;
  std::uint64_t symbols = 0;
  double seconds = 0;
  double ns_per_message = 0;
  bool ok() const { return error.empty(); }
};

FileStats itch_file_stats(const std::string& path);

std::string to_json(const FileStats& s);

}  // namespace sp::market::itch
