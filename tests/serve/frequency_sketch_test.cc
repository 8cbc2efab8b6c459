#include "serve/cache/frequency_sketch.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace sp::serve::cache {
namespace {

TEST(FrequencySketch, CountsUpToFifteen) {
  FrequencySketch sketch(1024);
  const std::uint64_t key = 42;
  EXPECT_EQ(sketch.frequency(key), 0u);
  for (unsigned i = 1; i <= 20; ++i) {
    sketch.increment(key);
    EXPECT_EQ(sketch.frequency(key), std::min(i, 15u)) << i;
  }
}

// Count-min never underestimates; with the table sized for the keys, collisions in all four rows
// are rare, so almost every estimate is exact and unseen keys read zero.
TEST(FrequencySketch, AccurateWhenSizedForTheKeys) {
  const std::uint64_t keys = 512;
  FrequencySketch sketch(keys);
  std::uint64_t increments = 0;
  for (std::uint64_t k = 0; k < keys; ++k)
    for (std::uint64_t i = 0; i < k % 8; ++i, ++increments) sketch.increment(k);
  ASSERT_LT(increments, sketch.sample_size()) << "no aging in this test";
  ASSERT_EQ(sketch.agings(), 0u);
  int exact = 0;
  for (std::uint64_t k = 0; k < keys; ++k) {
    const unsigned f = sketch.frequency(k);
    EXPECT_GE(f, k % 8) << "underestimated key " << k;
    exact += f == k % 8;
  }
  EXPECT_GE(exact, static_cast<int>(keys * 97 / 100));
  int zero = 0;
  for (std::uint64_t k = 1'000'000; k < 1'010'000; ++k) zero += sketch.frequency(k) == 0;
  EXPECT_GE(zero, 9'800);
}

// After sample_size() counted increments every counter is halved: a key that was hot fades.
TEST(FrequencySketch, AgingHalvesCounters) {
  FrequencySketch sketch(64);
  const std::uint64_t hot = 7;
  for (int i = 0; i < 15; ++i) sketch.increment(hot);
  ASSERT_EQ(sketch.frequency(hot), 15u);
  std::uint64_t other = 1'000;
  while (sketch.agings() == 0) sketch.increment(other++);
  EXPECT_EQ(sketch.frequency(hot),
            7u);  // 15 >> 1 (its counters were saturated, so collisions cannot show)
  EXPECT_LE(sketch.additions(), sketch.sample_size() / 2);
  // A second aging takes it to 3, a third to 1: popularity from long ago counts little.
  while (sketch.agings() < 3) sketch.increment(other++);
  EXPECT_LE(sketch.frequency(hot), 2u);
}

TEST(FrequencySketch, GrowingKeepsEveryEstimate) {
  FrequencySketch sketch(512);
  std::vector<unsigned> before(1'000);  // about 3,000 increments: under one aging period
  for (std::uint64_t k = 0; k < before.size(); ++k)
    for (std::uint64_t i = 0; i < k % 7; ++i) sketch.increment(k);
  ASSERT_EQ(sketch.agings(), 0u);
  for (std::uint64_t k = 0; k < before.size(); ++k) before[k] = sketch.frequency(k);
  const std::uint64_t additions = sketch.additions();

  sketch.ensure_capacity(256);  // smaller: nothing changes
  EXPECT_EQ(sketch.expected_entries(), 512u);
  sketch.ensure_capacity(8'192);
  EXPECT_EQ(sketch.expected_entries(), 8'192u);
  EXPECT_EQ(sketch.sample_size(), 81'920u);
  EXPECT_EQ(sketch.additions(), additions);
  int changed = 0;
  for (std::uint64_t k = 0; k < before.size(); ++k) changed += sketch.frequency(k) != before[k];
  EXPECT_EQ(changed, 0) << "growing must keep every estimate";

  // The copies then diverge: counting a key in the bigger table is no longer seen by the keys it
  // used to collide with, so estimates get better, never lower than the true count.
  for (std::uint64_t k = 0; k < before.size(); ++k) sketch.increment(k);
  for (std::uint64_t k = 0; k < before.size(); ++k)
    EXPECT_GE(sketch.frequency(k), std::min<unsigned>(15, k % 7 + 1)) << k;
}

// Growing within the table's power-of-two size only moves the aging period.
TEST(FrequencySketch, GrowingWithinTheTableOnlyMovesTheAgingPeriod) {
  FrequencySketch sketch(300);  // a 512-word table
  for (int i = 0; i < 5; ++i) sketch.increment(9);
  sketch.ensure_capacity(500);
  EXPECT_EQ(sketch.sample_size(), 5'000u);
  EXPECT_EQ(sketch.frequency(9), 5u);
}

}  // namespace
}  // namespace sp::serve::cache
