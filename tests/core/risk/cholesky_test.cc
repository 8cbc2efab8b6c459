// Cholesky: a textbook factor, L L^T reproducing random SPD matrices, and the failures.
#include "core/risk/cholesky.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

namespace sp::core::risk {
namespace {

TEST(Cholesky, TextbookExample) {
  const std::vector<double> a = {4, 12, -16, 12, 37, -43, -16, -43, 98};
  auto l = cholesky(a, 3);
  ASSERT_TRUE(l) << l.error();
  const std::vector<double> want = {2, 0, 0, 6, 1, 0, -8, 5, 3};
  for (std::size_t i = 0; i < 9; ++i) EXPECT_DOUBLE_EQ((*l)[i], want[i]) << i;
}

TEST(Cholesky, LTimesLTransposeReproducesTheMatrix) {
  std::mt19937_64 g(99);
  for (const std::size_t n : {1u, 2u, 5u, 17u, 40u}) {
    // A = B B^T + n I is symmetric positive definite.
    std::vector<double> b(n * n), a(n * n, 0.0);
    for (auto& x : b) x = static_cast<double>(g() >> 11) * 0x1.0p-53 - 0.5;
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j) {
        for (std::size_t k = 0; k < n; ++k) a[i * n + j] += b[i * n + k] * b[j * n + k];
        if (i == j) a[i * n + j] += n;
      }
    auto l = cholesky(a, n);
    ASSERT_TRUE(l) << l.error();
    for (std::size_t i = 0; i < n; ++i) {
      EXPECT_GT((*l)[i * n + i], 0);
      for (std::size_t j = i + 1; j < n; ++j) EXPECT_EQ((*l)[i * n + j], 0.0);
      for (std::size_t j = 0; j < n; ++j) {
        double s = 0;
        for (std::size_t k = 0; k < n; ++k) s += (*l)[i * n + k] * (*l)[j * n + k];
        EXPECT_NEAR(s, a[i * n + j], 1e-12 * n) << n << " (" << i << ", " << j << ")";
      }
    }
  }
}

TEST(Cholesky, RejectsWhatIsNotPositiveDefinite) {
  auto indefinite = cholesky(std::vector<double>{1, 2, 2, 1}, 2);
  ASSERT_FALSE(indefinite);
  EXPECT_NE(indefinite.error().find("not positive definite: pivot 1"), std::string::npos)
      << indefinite.error();
  // Perfectly correlated assets: singular to within rounding.
  EXPECT_FALSE(cholesky(std::vector<double>{0.04, 0.02, 0.02, 0.01}, 2));
  EXPECT_FALSE(cholesky(std::vector<double>{0, 0, 0, 1}, 2));
  auto asym = cholesky(std::vector<double>{2, 1, 0.5, 2}, 2);
  ASSERT_FALSE(asym);
  EXPECT_NE(asym.error().find("not symmetric"), std::string::npos) << asym.error();
  EXPECT_FALSE(cholesky(std::vector<double>{1, 0, 0}, 2));
  EXPECT_FALSE(cholesky(std::vector<double>{1, 0, 0, NAN}, 2));
}

}  // namespace
}  // namespace sp::core::risk
