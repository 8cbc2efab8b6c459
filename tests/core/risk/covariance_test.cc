// Streaming covariance and correlation against the two-pass batch formulas; EWMA covariance against
// the recursion written out and against EwmaVolatility.
#include "core/risk/covariance.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "core/risk/volatility.h"

namespace sp::core::risk {
namespace {

// T x N row-major observations with correlated columns and a per-column offset.
std::vector<double> observations(std::size_t t, std::size_t n, double offset, std::uint64_t seed) {
  std::mt19937_64 g(seed);
  auto u = [&] { return static_cast<double>(g() >> 11) * 0x1.0p-53 - 0.5; };
  std::vector<double> x(t * n);
  for (std::size_t r = 0; r < t; ++r) {
    const double common = u();
    for (std::size_t c = 0; c < n; ++c)
      x[r * n + c] = offset * (c + 1) + 0.02 * (common * (c % 3) + u());
  }
  return x;
}

std::vector<double> two_pass_covariance(const std::vector<double>& x, std::size_t t, std::size_t n,
                                        bool sample) {
  std::vector<double> mean(n, 0.0), cov(n * n, 0.0);
  for (std::size_t r = 0; r < t; ++r)
    for (std::size_t c = 0; c < n; ++c) mean[c] += x[r * n + c];
  for (auto& m : mean) m /= t;
  for (std::size_t r = 0; r < t; ++r)
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j)
        cov[i * n + j] += (x[r * n + i] - mean[i]) * (x[r * n + j] - mean[j]);
  for (auto& v : cov) v /= sample ? t - 1 : t;
  return cov;
}

TEST(StreamingCovariance, EqualsTwoPassBatch) {
  // Offset 1 puts the means 50 to 350 standard deviations from zero, where the one-pass formula
  // sum(x y) / n - mean(x) mean(y) loses about 5 digits; Welford's update loses none.
  for (const double offset : {0.0, 1.0}) {
    const std::size_t t = 2000, n = 7;
    const auto x = observations(t, n, offset, 4);
    StreamingCovariance sc(n);
    for (std::size_t r = 0; r < t; ++r) sc.update(std::span<const double>(&x[r * n], n));
    EXPECT_EQ(sc.count(), t);
    for (const bool sample : {true, false}) {
      const auto want = two_pass_covariance(x, t, n, sample);
      const auto got = sc.covariance_matrix(sample);
      // 1e-12 relative to the scale sqrt(var_i var_j) of entry (i, j): a covariance near zero
      // cannot be relatively accurate, in either computation.
      for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) {
          const double scale = std::sqrt(want[i * n + i] * want[j * n + j]);
          EXPECT_NEAR(got[i * n + j], want[i * n + j], 1e-12 * scale)
              << "offset " << offset << " (" << i << ", " << j << ")";
        }
    }
    const auto cov = two_pass_covariance(x, t, n, true);
    const auto corr = sc.correlation_matrix();
    for (std::size_t i = 0; i < n; ++i) {
      EXPECT_EQ(corr[i * n + i], 1.0);
      for (std::size_t j = 0; j < n; ++j) {
        EXPECT_EQ(corr[i * n + j], corr[j * n + i]);  // exactly symmetric
        EXPECT_NEAR(corr[i * n + j], cov[i * n + j] / std::sqrt(cov[i * n + i] * cov[j * n + j]),
                    1e-12);
      }
    }
    for (std::size_t c = 0; c < n; ++c) {
      double m = 0;
      for (std::size_t r = 0; r < t; ++r) m += x[r * n + c];
      EXPECT_NEAR(sc.mean()[c], m / t, 1e-12 * (1 + std::fabs(m / t)));
    }
  }
}

TEST(StreamingCovariance, WarmUpResetAndDegenerate) {
  StreamingCovariance sc(2);
  EXPECT_TRUE(std::isnan(sc.covariance(0, 1)));
  const double a[] = {1.0, 5.0};
  sc.update(a);
  EXPECT_TRUE(std::isnan(sc.covariance(0, 0)));  // sample needs 2
  EXPECT_EQ(sc.covariance(0, 0, false), 0.0);
  const double b[] = {3.0, 5.0};
  sc.update(b);
  EXPECT_DOUBLE_EQ(sc.covariance(0, 0), 2.0);
  EXPECT_EQ(sc.covariance(0, 1), 0.0);
  EXPECT_TRUE(std::isnan(sc.correlation(0, 1)));  // asset 1 never moved
  sc.reset();
  EXPECT_EQ(sc.count(), 0u);
  EXPECT_TRUE(std::isnan(sc.covariance(0, 0)));
}

TEST(EwmaCovariance, MatchesTheRecursionAndEwmaVolatility) {
  const std::size_t t = 300, n = 4;
  const auto x = observations(t, n, 0.0, 8);
  const double lambda = 0.94;
  const int seed = 20;
  EwmaCovariance ec(n, lambda, seed);
  std::vector<EwmaVolatility> vols(n, EwmaVolatility(lambda, 1.0, seed));
  std::vector<double> s(n * n, 0.0);
  for (std::size_t r = 0; r < t; ++r) {
    const double* row = &x[r * n];
    ec.update(std::span<const double>(row, n));
    for (std::size_t c = 0; c < n; ++c) vols[c].update(row[c]);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j) {
        if (r < static_cast<std::size_t>(seed)) {
          s[i * n + j] += row[i] * row[j] / seed;
        } else {
          s[i * n + j] = lambda * s[i * n + j] + (1 - lambda) * row[i] * row[j];
        }
      }
    if (r + 1 < static_cast<std::size_t>(seed)) {
      EXPECT_FALSE(ec.ready());
      EXPECT_TRUE(std::isnan(ec.covariance(0, 0)));
      continue;
    }
    for (std::size_t i = 0; i < n; ++i) {
      EXPECT_NEAR(ec.covariance(i, i), vols[i].variance(), 1e-15);
      for (std::size_t j = 0; j < n; ++j) EXPECT_NEAR(ec.covariance(i, j), s[i * n + j], 1e-15);
    }
  }
  std::vector<double> cov(n * n), corr(n * n), corr2(n * n);
  ec.covariance_matrix(cov);
  ec.correlation_matrix(corr);
  correlation_from_covariance(cov, n, corr2);
  for (std::size_t k = 0; k < n * n; ++k) EXPECT_NEAR(corr[k], corr2[k], 1e-15);
}

}  // namespace
}  // namespace sp::core::risk
