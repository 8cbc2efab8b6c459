// Rolling and EWMA volatility against independent computations: a two-pass standard deviation over
// each window, and the RiskMetrics recursion written out (and as an explicit weighted sum).
#include "core/risk/volatility.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

namespace sp::core::risk {
namespace {

std::vector<double> noisy_returns(std::size_t n, double offset, std::uint64_t seed) {
  std::mt19937_64 g(seed);
  std::vector<double> r(n);
  for (auto& x : r) x = offset + (static_cast<double>(g() >> 11) * 0x1.0p-53 - 0.5) * 0.04;
  return r;
}

double two_pass_stdev(const double* x, std::size_t n) {
  double m = 0;
  for (std::size_t i = 0; i < n; ++i) m += x[i];
  m /= n;
  double s = 0;
  for (std::size_t i = 0; i < n; ++i) s += (x[i] - m) * (x[i] - m);
  return std::sqrt(s / (n - 1));
}

TEST(RollingVolatility, MatchesTwoPassOverEachWindow) {
  for (const double offset : {0.0, 0.5}) {  // a large mean tests the stability of the slide
    const auto r = noisy_returns(3000, offset, 7);
    const int w = 21;
    auto v = rolling_volatility(r, w, 252);
    ASSERT_TRUE(v) << v.error();
    for (std::size_t i = 0; i < r.size(); ++i) {
      if (i + 1 < static_cast<std::size_t>(w)) {
        EXPECT_TRUE(std::isnan((*v)[i])) << i;
        continue;
      }
      const double expect = two_pass_stdev(&r[i + 1 - w], w) * std::sqrt(252.0);
      EXPECT_NEAR((*v)[i], expect, 1e-12 * expect) << "offset " << offset << " at " << i;
    }
  }
}

TEST(RollingVolatility, PeekResetAndConstantWindow) {
  RollingVolatility v(3, 1.0);
  EXPECT_EQ(v.lookback(), 2);
  EXPECT_TRUE(std::isnan(v.update(0.01)));
  EXPECT_TRUE(std::isnan(v.peek(0.02)));
  v.update(0.02);
  const double peeked = v.peek(0.03);
  EXPECT_DOUBLE_EQ(peeked, 0.01);  // stdev of {0.01, 0.02, 0.03}
  EXPECT_DOUBLE_EQ(v.update(0.03), peeked);
  EXPECT_TRUE(v.ready());
  for (int i = 0; i < 5; ++i) v.update(0.07);
  EXPECT_EQ(v.value(), 0.0);  // a constant window has no volatility (and no negative rounding)
  v.reset();
  EXPECT_FALSE(v.ready());
  EXPECT_TRUE(std::isnan(v.value()));
}

TEST(EwmaVolatility, MatchesTheRecursionWrittenOut) {
  const auto r = noisy_returns(500, 0.001, 11);
  const double lambda = 0.94;
  const int seed = 20;
  auto v = ewma_volatility(r, lambda, 252, seed);
  ASSERT_TRUE(v) << v.error();
  double var = 0;
  for (int i = 0; i < seed; ++i) var += r[i] * r[i] / seed;
  for (std::size_t t = 0; t < r.size(); ++t) {
    if (t + 1 < static_cast<std::size_t>(seed)) {
      EXPECT_TRUE(std::isnan((*v)[t]));
      continue;
    }
    if (t + 1 > static_cast<std::size_t>(seed)) var = lambda * var + (1 - lambda) * r[t] * r[t];
    EXPECT_NEAR((*v)[t], std::sqrt(var * 252), 1e-13) << t;
  }
  // The same value as an explicit weighted sum: lambda^k on the seed, (1 - lambda) lambda^j on r^2.
  const std::size_t last = r.size() - 1;
  double seed_var = 0;
  for (int i = 0; i < seed; ++i) seed_var += r[i] * r[i];
  seed_var /= seed;
  const std::size_t k = last - (seed - 1);
  double sum = std::pow(lambda, static_cast<double>(k)) * seed_var;
  for (std::size_t j = seed; j <= last; ++j) {
    sum += (1 - lambda) * std::pow(lambda, static_cast<double>(last - j)) * r[j] * r[j];
  }
  EXPECT_NEAR((*v)[last], std::sqrt(sum * 252), 1e-12);
}

TEST(EwmaVolatility, ConstantMagnitudeGivesThatVolatility) {
  EwmaVolatility v(0.94, 252, 5);
  double out = 0;
  for (int i = 0; i < 200; ++i) out = v.update(i % 2 ? 0.01 : -0.01);
  EXPECT_NEAR(out, 0.01 * std::sqrt(252.0), 1e-15);
  EXPECT_NEAR(v.variance(), 1e-4, 1e-18);
  EXPECT_DOUBLE_EQ(v.peek(0.01), v.value());
}

TEST(Volatility, AnnualisedAndErrors) {
  const std::vector<double> r = {0.01, -0.01, 0.02, -0.02};
  auto a = annualised_volatility(r, 252);
  ASSERT_TRUE(a);
  EXPECT_NEAR(*a, two_pass_stdev(r.data(), r.size()) * std::sqrt(252.0), 1e-15);

  EXPECT_FALSE(rolling_volatility(r, 1));
  EXPECT_FALSE(ewma_volatility(r, 1.0));
  EXPECT_FALSE(ewma_volatility(r, 0.94, 252, 0));
  EXPECT_FALSE(annualised_volatility(r, 0));
  const std::vector<double> bad = {0.01, INFINITY};
  auto e = rolling_volatility(bad, 2);
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().find("returns[1] is +infinity"), std::string::npos) << e.error();
}

}  // namespace
}  // namespace sp::core::risk
