#include "core/risk/cholesky.h"

#include <cmath>
#include <limits>
#include <string>

#include "core/risk/validate.h"

namespace sp::core::risk {

Result<std::vector<double>> cholesky(std::span<const double> a, std::size_t n) {
  if (n == 0) return Error{"cholesky: the matrix is empty"};
  if (a.size() != n * n) {
    return Error{"cholesky: expected a " + std::to_string(n) + " x " + std::to_string(n) +
                 " matrix (" + std::to_string(n * n) + " values), got " + std::to_string(a.size())};
  }
  if (auto e = check_finite(a, "covariance matrix"); !e.empty()) return Error{e};
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      const double scale = std::sqrt(std::fabs(a[i * n + i] * a[j * n + j]));
      if (std::fabs(a[i * n + j] - a[j * n + i]) > 1e-10 * scale) {
        return Error{"covariance matrix is not symmetric: element (" + std::to_string(i) + ", " +
                     std::to_string(j) + ") is " + format_number(a[i * n + j]) + " but (" +
                     std::to_string(j) + ", " + std::to_string(i) + ") is " +
                     format_number(a[j * n + i])};
      }
    }
  }

  constexpr double kEps = std::numeric_limits<double>::epsilon();
  std::vector<double> l(n * n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const double* li = &l[i * n];
    for (std::size_t j = 0; j <= i; ++j) {
      const double* lj = &l[j * n];
      double dot = 0;
      for (std::size_t k = 0; k < j; ++k) dot += li[k] * lj[k];
      const double s = a[i * n + j] - dot;
      if (i == j) {
        if (!(s > static_cast<double>(n) * kEps * a[i * n + i])) {
          return Error{"covariance matrix is not positive definite: pivot " + std::to_string(i) +
                       " is " + format_number(s) + " (diagonal " + format_number(a[i * n + i]) +
                       "); asset " + std::to_string(i) +
                       " has zero variance or is a linear combination of the assets before it"};
        }
        l[i * n + i] = std::sqrt(s);
      } else {
        l[i * n + j] = s / l[j * n + j];
      }
    }
  }
  return l;
}

}  // namespace sp::core::risk
