// Streaming covariance and correlation matrices of N assets, one observation (a row of N returns)
// at a time.
//
// StreamingCovariance: equal weights, Welford's online update generalised to co-moments
// (Welford 1962; Chan, Golub & LeVeque 1983). For observation x (count n after it):
//   d = x - mean_old;  mean += d / n;  C_ij += d_i * (x_j - mean_new_j)
// which is numerically stable (no sum-of-products cancellation: it matches the two-pass formula
// to rounding even when the means dwarf the spread). Covariance = C / (n - 1) (sample, default) or
// C / n (population); correlation_ij = C_ij / sqrt(C_ii C_jj).
//
// EwmaCovariance: RiskMetrics exponential weights around a zero mean,
//   S = lambda S + (1 - lambda) x x^T,
// seeded, like EwmaVolatility, with the mean of x x^T over the first `seed_window` observations
// (default 20); its diagonal is EwmaVolatility's variance for each asset. NaN before the seed.
//
// LAYOUT AND COST: the co-moment matrix is one contiguous row-major N x N array; an update touches
// only the upper triangle (j >= i), row by row, so the inner loop is a unit-stride
// `row[j] += d_i * e[j]` that the compiler vectorises; O(N^2 / 2) multiply-adds and no allocation
// per update (scratch vectors are sized at construction). Readers mirror the triangle, so the
// matrices they write are exactly symmetric. Output matrices are N x N row-major.
//
// REQUIRES (update): x.size() == assets(), finite values; the caller checks (portfolio.h does).
// Not thread-safe; copyable.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace sp::core::risk {

class StreamingCovariance {
 public:
  explicit StreamingCovariance(std::size_t assets);

  std::size_t assets() const { return n_; }
  std::size_t count() const { return count_; }

  void update(std::span<const double> x);
  void reset();

  std::span<const double> mean() const { return mean_; }
  // NaN when count() < 2 (sample) or count() < 1 (population).
  double covariance(std::size_t i, std::size_t j, bool sample = true) const;
  // NaN when count() < 2 or either variance is zero. The diagonal is exactly 1.
  double correlation(std::size_t i, std::size_t j) const;
  // REQUIRE out.size() == assets() * assets().
  void covariance_matrix(std::span<double> out, bool sample = true) const;
  void correlation_matrix(std::span<double> out) const;
  std::vector<double> covariance_matrix(bool sample = true) const;
  std::vector<double> correlation_matrix() const;

 private:
  double comoment(std::size_t i, std::size_t j) const {
    return i <= j ? comoment_[i * n_ + j] : comoment_[j * n_ + i];
  }

  std::size_t n_;
  std::size_t count_ = 0;
  std::vector<double> mean_;
  std::vector<double> delta_;     // scratch: x - mean before the update
  std::vector<double> residual_;  // scratch: x - mean after the update
  std::vector<double> comoment_;  // N x N row-major; upper triangle used
};

class EwmaCovariance {
 public:
  // REQUIRES 0 < lambda < 1, seed_window >= 1.
  explicit EwmaCovariance(std::size_t assets, double lambda = 0.94, int seed_window = 20);

  std::size_t assets() const { return n_; }
  bool ready() const { return count_ >= seed_window_; }

  void update(std::span<const double> x);
  void reset();

  // Per-period covariance; NaN while warming up.
  double covariance(std::size_t i, std::size_t j) const;
  double correlation(std::size_t i, std::size_t j) const;
  void covariance_matrix(std::span<double> out) const;
  void correlation_matrix(std::span<double> out) const;

 private:
  double at(std::size_t i, std::size_t j) const { return i <= j ? s_[i * n_ + j] : s_[j * n_ + i]; }

  std::size_t n_;
  double lambda_;
  int seed_window_;
  int count_ = 0;
  std::vector<double> s_;  // N x N row-major, upper triangle; the running sum while seeding
};

// correlation_ij = cov_ij / sqrt(cov_ii cov_jj) for an N x N row-major covariance matrix; NaN where
// a variance is not positive, exactly 1 on the diagonal otherwise. REQUIRES sizes n * n.
void correlation_from_covariance(std::span<const double> covariance, std::size_t n,
                                 std::span<double> out);

}  // namespace sp::core::risk
