// The close-only trend indicators computed in place (the output array is the close array, which the
// WebAssembly API allows) give what they give out of place. Their batch kernels read earlier closes
// back from the input, so in place they must fall back to the streaming arithmetic (drive_batch).
#include <gtest/gtest.h>

#include "core/indicators/factories.h"
#include "support/in_place_check.h"

namespace sp::core {
namespace {

using sp::testing::expect_in_place_matches;
constexpr std::uint64_t kSeed = 11;

TEST(InPlace, CloseOnlyTrendIndicators) {
  expect_in_place_matches("roc", factory::batch_roc, {10}, 1, kSeed);
  expect_in_place_matches("mom", factory::batch_mom, {10}, 1, kSeed);
  expect_in_place_matches("trix", factory::batch_trix, {30}, 1, kSeed);
  expect_in_place_matches("apo", factory::batch_apo, {12, 26, 1}, 1, kSeed);
  expect_in_place_matches("ppo", factory::batch_ppo, {12, 26, 1}, 1, kSeed);
}

}  // namespace
}  // namespace sp::core
