// The close-only trend indicators computed in place (the output array is the close array, which the
// WebAssembly API allows) give what they give out of place. Their batch kernels read earlier closes
// back from the input, so in place they must fall back to the streaming arithmetic (drive_batch).
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "core/indicators/factories.h"
#include "support/series_match.h"

namespace sp::core {
namespace {

std::vector<double> random_walk(std::size_t n) {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  std::vector<double> x(n);
  double p = 100;
  for (double& v : x) v = p *= 1.0 + 0.01 * u(rng);
  return x;
}

using Batch = void (*)(std::span<const double>, const OhlcvView&, double* const*);

void expect_in_place_matches(const char* name, Batch batch, const std::vector<double>& opts) {
  const std::vector<double> close = random_walk(3000);
  OhlcvView view;
  view.close = close.data();
  view.size = close.size();
  std::vector<double> apart(close.size());
  double* out_apart[1] = {apart.data()};
  batch(opts, view, out_apart);
  std::vector<double> same = close;
  view.close = same.data();
  double* out_same[1] = {same.data()};
  batch(opts, view, out_same);
  EXPECT_TRUE(sp::testing::series_match(same, apart, 1e-12)) << name;
}

TEST(InPlace, CloseOnlyTrendIndicators) {
  expect_in_place_matches("roc", factory::batch_roc, {10});
  expect_in_place_matches("mom", factory::batch_mom, {10});
  expect_in_place_matches("trix", factory::batch_trix, {30});
  expect_in_place_matches("apo", factory::batch_apo, {12, 26, 1});
  expect_in_place_matches("ppo", factory::batch_ppo, {12, 26, 1});
}

}  // namespace
}  // namespace sp::core
