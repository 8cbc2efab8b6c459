#include "core/risk/covariance.h"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "core/indicator.h"

namespace sp::core::risk {

// ---- StreamingCovariance
// -------------------------------------------------------------------------

StreamingCovariance::StreamingCovariance(std::size_t assets)
    : n_(assets),
      mean_(assets, 0.0),
      delta_(assets),
      residual_(assets),
      comoment_(assets * assets, 0.0) {}

void StreamingCovariance::update(std::span<const double> x) {
  assert(x.size() == n_);
  ++count_;
  const double inv_n = 1.0 / static_cast<double>(count_);
  double* mean = mean_.data();
  double* delta = delta_.data();
  double* residual = residual_.data();
  for (std::size_t i = 0; i < n_; ++i) {
    delta[i] = x[i] - mean[i];
    mean[i] += delta[i] * inv_n;
    residual[i] = x[i] - mean[i];
  }
  for (std::size_t i = 0; i < n_; ++i) {
    const double di = delta[i];
    double* row = comoment_.data() + i * n_;
    for (std::size_t j = i; j < n_; ++j) row[j] += di * residual[j];
  }
}

void StreamingCovariance::reset() {
  count_ = 0;
  std::fill(mean_.begin(), mean_.end(), 0.0);
  std::fill(comoment_.begin(), comoment_.end(), 0.0);
}

double StreamingCovariance::covariance(std::size_t i, std::size_t j, bool sample) const {
  const std::size_t min_count = sample ? 2 : 1;
  if (count_ < min_count) return kNaN;
  return comoment(i, j) / static_cast<double>(sample ? count_ - 1 : count_);
}

double StreamingCovariance::correlation(std::size_t i, std::size_t j) const {
  if (count_ < 2) return kNaN;
  const double cii = comoment(i, i);
  const double cjj = comoment(j, j);
  if (!(cii > 0 && cjj > 0)) return kNaN;
  if (i == j) return 1.0;
  return comoment(i, j) / std::sqrt(cii * cjj);
}

void StreamingCovariance::covariance_matrix(std::span<double> out, bool sample) const {
  assert(out.size() == n_ * n_);
  for (std::size_t i = 0; i < n_; ++i) {
    for (std::size_t j = 0; j < n_; ++j) out[i * n_ + j] = covariance(i, j, sample);
  }
}

void StreamingCovariance::correlation_matrix(std::span<double> out) const {
  assert(out.size() == n_ * n_);
  for (std::size_t i = 0; i < n_; ++i) {
    for (std::size_t j = 0; j < n_; ++j) out[i * n_ + j] = correlation(i, j);
  }
}

std::vector<double> StreamingCovariance::covariance_matrix(bool sample) const {
  std::vector<double> out(n_ * n_);
  covariance_matrix(out, sample);
  return out;
}

std::vector<double> StreamingCovariance::correlation_matrix() const {
  std::vector<double> out(n_ * n_);
  correlation_matrix(out);
  return out;
}

// ---- EwmaCovariance
// ------------------------------------------------------------------------------

EwmaCovariance::EwmaCovariance(std::size_t assets, double lambda, int seed_window)
    : n_(assets), lambda_(lambda), seed_window_(seed_window), s_(assets * assets, 0.0) {
  assert(lambda > 0 && lambda < 1 && seed_window >= 1);
}

void EwmaCovariance::update(std::span<const double> x) {
  assert(x.size() == n_);
  if (count_ >= seed_window_) {
    const double w = 1.0 - lambda_;
    for (std::size_t i = 0; i < n_; ++i) {
      const double wxi = w * x[i];
      double* row = s_.data() + i * n_;
      for (std::size_t j = i; j < n_; ++j) row[j] = lambda_ * row[j] + wxi * x[j];
    }
    return;
  }
  for (std::size_t i = 0; i < n_; ++i) {
    const double xi = x[i];
    double* row = s_.data() + i * n_;
    for (std::size_t j = i; j < n_; ++j) row[j] += xi * x[j];
  }
  if (++count_ == seed_window_) {
    const double inv = 1.0 / seed_window_;
    for (double& v : s_) v *= inv;
  }
}

void EwmaCovariance::reset() {
  count_ = 0;
  std::fill(s_.begin(), s_.end(), 0.0);
}

double EwmaCovariance::covariance(std::size_t i, std::size_t j) const {
  return ready() ? at(i, j) : kNaN;
}

double EwmaCovariance::correlation(std::size_t i, std::size_t j) const {
  if (!ready()) return kNaN;
  const double sii = at(i, i);
  const double sjj = at(j, j);
  if (!(sii > 0 && sjj > 0)) return kNaN;
  if (i == j) return 1.0;
  return at(i, j) / std::sqrt(sii * sjj);
}

void EwmaCovariance::covariance_matrix(std::span<double> out) const {
  assert(out.size() == n_ * n_);
  for (std::size_t i = 0; i < n_; ++i) {
    for (std::size_t j = 0; j < n_; ++j) out[i * n_ + j] = covariance(i, j);
  }
}

void EwmaCovariance::correlation_matrix(std::span<double> out) const {
  assert(out.size() == n_ * n_);
  for (std::size_t i = 0; i < n_; ++i) {
    for (std::size_t j = 0; j < n_; ++j) out[i * n_ + j] = correlation(i, j);
  }
}

// ---- Helpers
// -------------------------------------------------------------------------------------

void correlation_from_covariance(std::span<const double> cov, std::size_t n,
                                 std::span<double> out) {
  assert(cov.size() == n * n && out.size() == n * n);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      const double cii = cov[i * n + i];
      const double cjj = cov[j * n + j];
      if (!(cii > 0 && cjj > 0)) {
        out[i * n + j] = kNaN;
      } else {
        out[i * n + j] = i == j ? 1.0 : cov[i * n + j] / std::sqrt(cii * cjj);
      }
    }
  }
}

}  // namespace sp::core::risk
