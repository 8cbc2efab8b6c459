// SampleMoments: the first four moments of a sample, as the risk measures use them.
//
// Conventions (those of R's PerformanceAnalytics, whose "modified VaR" is our Cornish-Fisher VaR):
//   mean             = sum(x) / n
//   variance         = sum((x - mean)^2) / (n - 1)      the unbiased sample variance
//   stdev            = sqrt(variance)
//   skewness         = m3 / m2^(3/2)                    moment estimator, m_k = sum((x-mean)^k) / n
//   excess_kurtosis  = m4 / m2^2 - 3                    0 for a normal distribution
// Computed in two passes (mean first, then centred sums), which is exact to rounding for any
// offset of the data. When all values are equal (m2 = 0) skewness and excess kurtosis are reported
// as 0, the values of a degenerate (normal with zero variance) distribution, so that Cornish-Fisher
// falls back to Gaussian rather than to NaN.
#pragma once

#include <cstddef>
#include <span>

#include "core/risk/result.h"

namespace sp::core::risk {

struct SampleMoments {
  std::size_t count = 0;
  double mean = 0;
  double variance = 0;
  double stdev = 0;
  double skewness = 0;
  double excess_kurtosis = 0;
};

// Fails when `values` has fewer than 2 elements or a non-finite one. `what` names the series in
// the message ("returns", "portfolio returns").
Result<SampleMoments> sample_moments(std::span<const double> values, const char* what = "returns");

// Arithmetic mean and unbiased sample variance, unchecked, two passes.
// REQUIRES: values.size() >= 2 for the variance; finite values.
double mean_of(std::span<const double> values);
double sample_variance_of(std::span<const double> values, double mean);

}  // namespace sp::core::risk
