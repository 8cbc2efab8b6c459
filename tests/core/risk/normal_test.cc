// The standard normal functions against published quantiles (15+ significant digits) and against
// each other.
#include "core/risk/normal.h"

#include <gtest/gtest.h>

#include <cmath>

namespace sp::core::risk {
namespace {

struct Known {
  double p;
  double z;
};

TEST(InverseNormalCdf, MatchesKnownQuantiles) {
  // Values from tables of Phi^{-1} to 16 digits (e.g. R qnorm, mpmath).
  const Known known[] = {
      {0.5, 0.0},
      {0.975, 1.959963984540054},
      {0.99, 2.326347874040841},
      {0.995, 2.575829303548901},
      {0.999, 3.090232306167814},
      {0.9, 1.2815515655446004},
      {0.95, 1.6448536269514722},
      {0.025, -1.959963984540054},
      {0.01, -2.326347874040841},
      {1e-6, -4.753424308822899},
      {1e-10, -6.361340902404056},
      {1e-20, -9.262340089798408},
  };
  for (const auto& k : known) {
    const double z = inverse_normal_cdf(k.p);
    // 2e-15 relative: the approximation's error plus the rounding of p to a double.
    EXPECT_NEAR(z, k.z, 2e-15 * std::fmax(1.0, std::fabs(k.z))) << "p = " << k.p;
  }
}

TEST(InverseNormalCdf, IsAntisymmetricAndInvertsTheCdf) {
  for (int i = 1; i < 1000; ++i) {
    const double p = i / 1000.0;
    EXPECT_NEAR(inverse_normal_cdf(p), -inverse_normal_cdf(1.0 - p), 1e-13) << p;
    EXPECT_NEAR(normal_cdf(inverse_normal_cdf(p)), p, 1e-15 * std::fmax(p, 1.0)) << p;
  }
  // Far lower tail, where 1 - p would lose everything: relative accuracy in p. A relative error e
  // in z becomes about z^2 e in p (d ln Phi / dz ~ -z), hence the z^2 in the tolerance.
  for (double p = 1e-300; p < 1e-3; p *= 1e3) {
    const double z = inverse_normal_cdf(p);
    EXPECT_NEAR(normal_cdf(z) / p, 1.0, 2e-15 * z * z) << p;
  }
}

TEST(InverseNormalCdf, EdgeCases) {
  EXPECT_EQ(inverse_normal_cdf(0.0), -INFINITY);
  EXPECT_EQ(inverse_normal_cdf(1.0), INFINITY);
  EXPECT_TRUE(std::isnan(inverse_normal_cdf(-0.1)));
  EXPECT_TRUE(std::isnan(inverse_normal_cdf(1.1)));
  EXPECT_TRUE(std::isnan(inverse_normal_cdf(NAN)));
}

TEST(NormalCdf, KnownValues) {
  EXPECT_DOUBLE_EQ(normal_cdf(0.0), 0.5);
  EXPECT_NEAR(normal_cdf(1.0), 0.8413447460685429, 3e-16);
  EXPECT_NEAR(normal_cdf(-1.959963984540054), 0.025, 1e-16);
  EXPECT_NEAR(normal_pdf(0.0), 0.3989422804014327, 1e-16);
  EXPECT_NEAR(normal_pdf(1.0), 0.24197072451914337, 1e-16);
}

}  // namespace
}  // namespace sp::core::risk
