// The close-only momentum indicators computed in place (the output array is the close array, which
// the WebAssembly API allows) give what they give out of place. Their batch kernels read earlier
// closes back from the input, so in place they must fall back to the streaming arithmetic.
#include <gtest/gtest.h>

#include "core/indicators/factories.h"
#include "support/in_place_check.h"

namespace sp::core {
namespace {

using sp::testing::expect_in_place_matches;
constexpr std::uint64_t kSeed = 13;

TEST(InPlace, CloseOnlyMomentumIndicators) {
  expect_in_place_matches("rsi", factory::batch_rsi, {14}, 1, kSeed);
  expect_in_place_matches("cmo", factory::batch_cmo, {14}, 1, kSeed);
  expect_in_place_matches("macd", factory::batch_macd, {12, 26, 9}, 3, kSeed);
}

}  // namespace
}  // namespace sp::core
