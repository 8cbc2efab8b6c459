// expect_in_place_matches: a close-only batch indicator computed in place (output 0 is the close
// array, which the WebAssembly API allows) gives what it gives out of place, within 1e-12, on a
// seeded 3,000-bar random walk. Batch kernels that read earlier closes back from the input must
// notice the overlap and fall back to the streaming arithmetic; this is the check that they do.
// Outputs other than 0 go to their own arrays in both runs.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <span>
#include <vector>

#include "core/bar.h"
#include "support/series_match.h"

namespace sp::testing {

// Closes of a seeded multiplicative random walk from 100, steps within ±1 %.
inline std::vector<double> close_random_walk(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  std::vector<double> x(n);
  double p = 100;
  for (double& v : x) v = p *= 1.0 + 0.01 * u(rng);
  return x;
}

using BatchFn = void (*)(std::span<const double>, const core::OhlcvView&, double* const*);

inline void expect_in_place_matches(const char* name, BatchFn batch,
                                    const std::vector<double>& opts, int outputs,
                                    std::uint64_t seed) {
  const std::vector<double> close = close_random_walk(3000, seed);
  core::OhlcvView view;
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
    EXPECT_TRUE(series_match(same[k], apart[k], 1e-12)) << name << " output " << k;
  }
}

}  // namespace sp::testing
