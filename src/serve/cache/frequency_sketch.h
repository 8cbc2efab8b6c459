// FrequencySketch: a count-min sketch of 4-bit counters that estimates how often a key was seen
// recently, the "TinyLFU" history that the W-TinyLFU policy (wtinylfu_policy.h) consults when it
// decides whether a newcomer deserves a place in the main space more than the entry it would push
// out.
//
// Contract:
// - Keys are identified by a 64-bit hash only; the sketch spreads it again (mix64), so any
//   reasonable hash (std::hash, a key id) will do. It stores no keys and never allocates after
//   construction, except in ensure_capacity().
// - increment(h) counts one occurrence; frequency(h) returns an estimate in [0, 15] that is never
//   below the true count of occurrences since the last aging step (capped at 15), and above it only
//   when other keys collide in all four rows.
// - Aging: after sample_size() counted increments (10 x the expected number of entries), every
//   counter is halved. Old popularity therefore fades, which keeps the sketch about the recent
//   past and bounds its counters; the count of increments is halved too (less what the halving
//   truncated), so the next aging comes after about half a sample.
// - Layout: one 64-byte block (eight words of sixteen 4-bit counters) per key; each of the four
//   rows owns two of the block's words, so the four counters of a key never coincide and cost one
//   cache line.
// - No doorkeeper: a Bloom filter in front would save sketch memory for one-hit wonders, but the
//   whole sketch is 8 bytes per expected entry, next to entries of kilobytes, and Caffeine ships
//   without one for the same reason.
// - Not thread-safe: the owner (a cache shard) serialises calls.
#pragma once

#include <cstdint>
#include <vector>

namespace sp::serve::cache {

// A 64-bit finaliser (MurmurHash3's fmix64): every input bit affects every output bit.
constexpr std::uint64_t mix64(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

class FrequencySketch {
 public:
  // Sized for about `expected_entries` distinct keys in the cache (at least 8).
  explicit FrequencySketch(std::uint64_t expected_entries = 8);

  // Sizes for `expected_entries` when that exceeds what it was sized for: the aging period becomes
  // 10 x that, and the table, if it needs more blocks, grows by a power of two and keeps every
  // count (the old table is tiled over the new one, and a key's block index only gains high bits,
  // so each estimate is what it was). Shrinking never happens.
  void ensure_capacity(std::uint64_t expected_entries);

  void increment(std::uint64_t hash);
  unsigned frequency(std::uint64_t hash) const;

  std::uint64_t expected_entries() const { return expected_entries_; }
  std::uint64_t sample_size() const { return sample_size_; }
  // Counted increments since the last aging step (as adjusted by it).
  std::uint64_t additions() const { return additions_; }
  std::uint64_t agings() const { return agings_; }

 private:
  void age();

  std::vector<std::uint64_t> table_;  // blocks of 8 words
  std::uint64_t block_mask_ = 0;
  std::uint64_t expected_entries_ = 0;
  std::uint64_t sample_size_ = 0;
  std::uint64_t additions_ = 0;
  std::uint64_t agings_ = 0;
};

}  // namespace sp::serve::cache
