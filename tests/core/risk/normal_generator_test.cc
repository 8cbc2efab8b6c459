// NormalGenerator: reproducible, and standard normal to within sampling error.
#include "core/risk/normal_generator.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace sp::core::risk {
namespace {

TEST(NormalGenerator, TheEngineIsTheStandardOne) {
  // The standard fixes mt19937_64's sequence: its 10000th output from the default seed is this.
  std::mt19937_64 e;
  e.discard(9999);
  EXPECT_EQ(e(), 9981545732273789042ull);
}

TEST(NormalGenerator, SameSeedSameStreamAndCopiesContinueIt) {
  NormalGenerator a(2024), b(2024), c(2025);
  for (int i = 0; i < 1001; ++i) EXPECT_EQ(a.next(), b.next());
  NormalGenerator copy = a;
  for (int i = 0; i < 10; ++i) EXPECT_EQ(a.next(), copy.next());
  int same = 0;
  for (int i = 0; i < 100; ++i) same += b.next() == c.next();
  EXPECT_LT(same, 3);
}

TEST(NormalGenerator, MomentsAndTailFrequency) {
  NormalGenerator g(1);
  const int n = 1000000;
  double s1 = 0, s2 = 0, s3 = 0, s4 = 0;
  int below = 0;
  for (int i = 0; i < n; ++i) {
    const double z = g.next();
    s1 += z;
    s2 += z * z;
    s3 += z * z * z;
    s4 += z * z * z * z;
    below += z < -1.959963984540054;
  }
  // Five standard errors: mean 1/sqrt(n), E z^2 sqrt(2/n), E z^3 sqrt(15/n), E z^4 sqrt(96/n).
  EXPECT_NEAR(s1 / n, 0.0, 5 / std::sqrt(n));
  EXPECT_NEAR(s2 / n, 1.0, 5 * std::sqrt(2.0 / n));
  EXPECT_NEAR(s3 / n, 0.0, 5 * std::sqrt(15.0 / n));
  EXPECT_NEAR(s4 / n, 3.0, 5 * std::sqrt(96.0 / n));
  EXPECT_NEAR(static_cast<double>(below) / n, 0.025, 5 * std::sqrt(0.025 * 0.975 / n));
}

}  // namespace
}  // namespace sp::core::risk
