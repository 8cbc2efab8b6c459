// libFuzzer target: arbitrary bytes through the ITCH 5.0 stream reader and decoder.
//
// Beyond "no crash, no sanitizer report", it checks what must hold for any input:
//  - every delivered message re-encodes and re-parses to itself (which reads every field);
//  - a message decoded from the raw input re-encodes to the input's own bytes;
//  - the walk's accounting: consumed <= size, all of it when it ended normally, bytes == consumed,
//    sum(by_type) == messages, the error list bounded and its offsets inside the input;
//  - walking in two pieces (the first not final, then the rest from `consumed`) gives the same
//    counts as walking in one, so a socket reader can resume anywhere.
// Build and run: fuzz/build.sh run itch_decoder [SECONDS] (see fuzz/README.md).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <numeric>
#include <vector>

#include "market/itch/decoder.h"
#include "market/itch/encoder.h"
#include "market/itch/feed_stats.h"
#include "market/itch/stream_reader.h"

namespace {

using namespace sp::market::itch;

#define CHECK(cond)                \
  do {                             \
    if (!(cond)) __builtin_trap(); \
  } while (0)

struct RoundTrip {
  std::uint64_t sink = 0;
  template <class M>
  void on(const M& m) {
    std::uint8_t buf[M::kLength];
    CHECK(encode(m, buf) == M::kLength);
    CHECK(buf[0] == static_cast<std::uint8_t>(M::kType));
    CHECK(parse<M>(buf) == m);
    for (std::uint8_t b : buf) sink += b;
  }
};

// Checks that the message decoded from `raw` is exactly raw's first kLength bytes.
struct SameBytes {
  const std::uint8_t* raw;
  int delivered = 0;
  template <class M>
  void on(const M& m) {
    const auto bytes = to_bytes(m);
    CHECK(std::memcmp(bytes.data(), raw, M::kLength) == 0);
    ++delivered;
  }
};

void check_accounting(const FeedStats& s, const ReadResult& r, std::size_t size) {
  CHECK(r.consumed <= size);
  if (r.stop == ReadStop::end) CHECK(r.consumed == size);
  CHECK(s.bytes == r.consumed);
  CHECK(std::accumulate(s.by_type.begin(), s.by_type.end(), std::uint64_t{0}) == s.messages);
  CHECK(s.error_count <= FeedStats::kMaxErrors);
  CHECK(s.error_count <= s.problems());
  CHECK((s.first_error_offset < 0) == (s.error_count == 0));
  for (const FeedError& e : s.error_list()) {
    CHECK(e.offset < size);
    CHECK(!describe(e).empty());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // 1. The whole input as a framed stream.
  RoundTrip h;
  FeedStats whole;
  const ReadResult r = read_framed(data, size, h, whole);
  check_accounting(whole, r, size);

  // 2. The same stream in two pieces, split at a point the input chooses.
  if (size > 0) {
    const std::size_t split = data[0] % (size + 1);
    RoundTrip h2;
    FeedStats parts;
    // Its own heap copy, so that reading past the split is caught by ASan.
    const std::vector<std::uint8_t> head(data, data + split);
    const ReadResult first = read_framed(head.data(), head.size(), h2, parts, {0, false});
    CHECK(first.consumed <= split);
    if (first.stop != ReadStop::unsynchronised) {
      const ReadResult rest = read_framed(data + first.consumed, size - first.consumed, h2, parts,
                                          {first.consumed, true});
      CHECK(first.consumed + rest.consumed == r.consumed);
      CHECK(parts.messages == whole.messages);
      CHECK(parts.by_type == whole.by_type);
      CHECK(parts.unknown == whole.unknown);
      CHECK(parts.malformed == whole.malformed);
      CHECK(parts.truncated == whole.truncated);
      CHECK(parts.oversized == whole.oversized);
      CHECK(parts.first_error_offset == whole.first_error_offset);
      CHECK(h2.sink == h.sink);
    }
  }

  // 3. The input as one unframed message.
  SameBytes same{data};
  const DecodeResult d = decode(data, size, same);
  CHECK((d == DecodeResult::ok) == (same.delivered == 1));
  if (size > 0 && d == DecodeResult::unknown_type)
    CHECK(message_length(static_cast<char>(data[0])) == 0);
  if (d == DecodeResult::truncated)
    CHECK(size < message_length(size ? static_cast<char>(data[0]) : 'A') || size == 0);
  return 0;
}
