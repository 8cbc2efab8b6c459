#include "core/risk/moments.h"

#include <cmath>

#include "core/risk/validate.h"

namespace sp::core::risk {

double mean_of(std::span<const double> values) {
  double sum = 0;
  for (const double x : values) sum += x;
  return values.empty() ? 0.0 : sum / static_cast<double>(values.size());
}

double sample_variance_of(std::span<const double> values, double mean) {
  double m2 = 0;
  for (const double x : values) {
    const double d = x - mean;
    m2 += d * d;
  }
  return values.size() < 2 ? 0.0 : m2 / static_cast<double>(values.size() - 1);
}

Result<SampleMoments> sample_moments(std::span<const double> values, const char* what) {
  if (auto e = check_count(values.size(), 2, what); !e.empty()) return Error{e};
  if (auto e = check_finite(values, what); !e.empty()) return Error{e};

  SampleMoments m;
  m.count = values.size();
  m.mean = mean_of(values);
  double s2 = 0, s3 = 0, s4 = 0;
  for (const double x : values) {
    const double d = x - m.mean;
    const double d2 = d * d;
    s2 += d2;
    s3 += d2 * d;
    s4 += d2 * d2;
  }
  const double n = static_cast<double>(m.count);
  m.variance = s2 / (n - 1);
  m.stdev = std::sqrt(m.variance);
  const double m2 = s2 / n;
  if (m2 > 0) {
    m.skewness = (s3 / n) / (m2 * std::sqrt(m2));
    m.excess_kurtosis = (s4 / n) / (m2 * m2) - 3.0;
  }
  return m;
}

}  // namespace sp::core::risk
