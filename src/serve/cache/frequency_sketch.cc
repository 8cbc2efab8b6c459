#include "serve/cache/frequency_sketch.h"

#include <algorithm>
#include <bit>

namespace sp::serve::cache {

namespace {

constexpr std::uint64_t kLowBits = 0x1111111111111111ULL;   // the lowest bit of each counter
constexpr std::uint64_t kHalfMask = 0x7777777777777777ULL;  // what survives a right shift by one
constexpr int kWordsPerBlock = 8;
constexpr int kRows = 4;

// Where row `row` keeps the counter of a spread hash `h`: word within the block, counter within
// the word. Row r owns words 2r and 2r+1 and reads five bits of the low half of h; the block comes
// from the high half.
struct Slot {
  unsigned word;
  unsigned shift;
};
inline Slot slot(std::uint64_t h, int row) {
  const unsigned bits = static_cast<unsigned>(h >> (row * 8));
  return Slot{static_cast<unsigned>(row * 2) + (bits & 1u), ((bits >> 1) & 15u) * 4u};
}

}  // namespace

FrequencySketch::FrequencySketch(std::uint64_t expected_entries) {
  ensure_capacity(expected_entries);
}

void FrequencySketch::ensure_capacity(std::uint64_t expected_entries) {
  expected_entries = std::clamp<std::uint64_t>(expected_entries, 8, std::uint64_t{1} << 40);
  if (expected_entries <= expected_entries_) return;
  expected_entries_ = expected_entries;
  sample_size_ = 10 * expected_entries;
  // One word (16 counters) per expected entry, as a power of two number of 8-word blocks.
  const std::uint64_t words = std::bit_ceil(expected_entries);
  const std::uint64_t blocks = std::max<std::uint64_t>(1, words / kWordsPerBlock);
  if (blocks <= block_mask_ + 1 && !table_.empty()) return;  // the table is already big enough
  // A key's block is the low bits of its spread hash's high half, so in a table with k times the
  // blocks it lands on its old block's index plus a multiple of the old size: tiling the old
  // table k times keeps every key's counters (and its estimate) as they were.
  const std::vector<std::uint64_t> old = std::move(table_);
  table_.assign(blocks * kWordsPerBlock, 0);
  for (std::size_t i = 0; i < table_.size() && !old.empty(); ++i) table_[i] = old[i % old.size()];
  block_mask_ = blocks - 1;
}

void FrequencySketch::increment(std::uint64_t hash) {
  const std::uint64_t h = mix64(hash);
  std::uint64_t* block = &table_[((h >> 32) & block_mask_) * kWordsPerBlock];
  bool added = false;
  for (int row = 0; row < kRows; ++row) {
    const Slot s = slot(h, row);
    const std::uint64_t mask = std::uint64_t{15} << s.shift;
    if ((block[s.word] & mask) != mask) {
      block[s.word] += std::uint64_t{1} << s.shift;
      added = true;
    }
  }
  if (added && ++additions_ >= sample_size_) age();
}

unsigned FrequencySketch::frequency(std::uint64_t hash) const {
  const std::uint64_t h = mix64(hash);
  const std::uint64_t* block = &table_[((h >> 32) & block_mask_) * kWordsPerBlock];
  unsigned f = 15;
  for (int row = 0; row < kRows; ++row) {
    const Slot s = slot(h, row);
    f = std::min(f, static_cast<unsigned>((block[s.word] >> s.shift) & 15u));
  }
  return f;
}

void FrequencySketch::age() {
  std::uint64_t odd = 0;
  for (std::uint64_t& w : table_) {
    odd += static_cast<std::uint64_t>(std::popcount(w & kLowBits));
    w = (w >> 1) & kHalfMask;
  }
  // Each counted increment raised four counters; the halving truncated `odd` half-units.
  additions_ = (additions_ - std::min(additions_, odd / 4)) / 2;
  ++agings_;
}

}  // namespace sp::serve::cache
