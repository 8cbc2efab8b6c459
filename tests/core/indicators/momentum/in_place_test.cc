// The close-only momentum indicators computed in place (the output array is the close array, which
// the WebAssembly API allows) give what they give out of place. Their batch kernels read earlier
// closes back from the input, so in place they must fall back to the streaming arithmetic.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "core/indicators/factories.h"
#include "support/series_match.h"

namespace sp::core {
namespace {

std::vector<double> random_walk(std::size_t n) {
  std::mt19937_64 rng(13);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  std::vector<double> x(n);
  double p = 100;
  for (double& v : x) v = p *= 1.0 + 0.01 * u(rng);
  return x;
}

using Batch = void (*)(std::span<const double>, const OhlcvView&, double* const*);

// Output 0 in place over the close; any other outputs in their own arrays.
void expect_in_place_matches(const char* name, Batch batch, const std::vector<double>& opts,
                             int outputs) {
  const std::vector<double> close = random_walk(3000);
  OhlcvView view;
  view.close = close.data();
  view.size = close.size();
  std::vector<std::vector<double>> apart(outputs, std::vector<double>(close.size()));
  std::vector<std::vector<double>> same(outputs, std::vector<double>(close.size()));
  std::vector<double*> p_apart, p_same;
  for (int k = 0; k < outputs; ++k) p_apart.push_back(apart[k].data());
  batch(opts, view, p_apart.data());
  same[0] = close;
  for (int k = 0; k < outputs; ++k) p_same.push_back(same[k].data());
  view.close = same[0].data();
  batch(opts, view, p_same.data());
  for (int k = 0; k < outputs; ++k) {
    EXPECT_TRUE(sp::testing::series_match(same[k], apart[k], 1e-12)) << name << " output " << k;
  }
}

TEST(InPlace, CloseOnlyMomentumIndicators) {
  expect_in_place_matches("rsi", factory::batch_rsi, {14}, 1);
  expect_in_place_matches("cmo", factory::batch_cmo, {14}, 1);
  expect_in_place_matches("macd", factory::batch_macd, {12, 26, 9}, 3);
}

}  // namespace
}  // namespace sp::core
