#include "core/risk/var.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/risk/cholesky.h"
#include "core/risk/moments.h"
#include "core/risk/normal.h"
#include "core/risk/normal_generator.h"
#include "core/risk/validate.h"

namespace sp::core::risk {

std::string_view to_string(VarMethod method) {
  switch (method) {
    case VarMethod::kHistorical:
      return "historical";
    case VarMethod::kParametric:
      return "parametric";
    case VarMethod::kCornishFisher:
      return "cornish-fisher";
    case VarMethod::kMonteCarlo:
      return "montecarlo";
  }
  return "unknown";
}

std::optional<VarMethod> parse_var_method(std::string_view name) {
  if (name == "historical") return VarMethod::kHistorical;
  if (name == "parametric") return VarMethod::kParametric;
  if (name == "cornish-fisher" || name == "modified") return VarMethod::kCornishFisher;
  if (name == "montecarlo" || name == "monte-carlo") return VarMethod::kMonteCarlo;
  return std::nullopt;
}

// ---- Kernels
// -------------------------------------------------------------------------------------

TailRisk gaussian_tail_risk(double mean, double stdev, double confidence) {
  const double z = inverse_normal_cdf(confidence);
  const double alpha = 1.0 - confidence;
  return {z * stdev - mean, stdev * normal_pdf(z) / alpha - mean};
}

double cornish_fisher_quantile(double z, double s, double k) {
  const double z2 = z * z;
  const double z3 = z2 * z;
  return z + (z2 - 1.0) * s / 6.0 + (z3 - 3.0 * z) * k / 24.0 - (2.0 * z3 - 5.0 * z) * s * s / 36.0;
}

TailRisk cornish_fisher_tail_risk(double mean, double stdev, double s, double k,
                                  double confidence) {
  const double alpha = 1.0 - confidence;
  const double z = inverse_normal_cdf(alpha);
  const double q = cornish_fisher_quantile(z, s, k);
  // q(t) = c0 + c1 t + c2 t^2 + c3 t^3; its integral against phi over (-inf, z], divided by alpha.
  const double c0 = -s / 6.0;
  const double c1 = 1.0 - k / 8.0 + 5.0 * s * s / 36.0;
  const double c2 = s / 6.0;
  const double c3 = k / 24.0 - s * s / 18.0;
  const double pdf = normal_pdf(z);
  const double i0 = alpha;  // Phi(z)
  const double i1 = -pdf;
  const double i2 = alpha - z * pdf;
  const double i3 = -(z * z + 2.0) * pdf;
  const double tail_mean_q = (c0 * i0 + c1 * i1 + c2 * i2 + c3 * i3) / alpha;
  return {-(mean + stdev * q), -(mean + stdev * tail_mean_q)};
}

TailRisk empirical_tail_risk(std::span<double> returns, double confidence) {
  const std::size_t n = returns.size();
  for (double& r : returns) r = -r;  // now losses
  double nc = static_cast<double>(n) * confidence;
  const double nearest = std::round(nc);
  if (std::fabs(nc - nearest) <= 1e-9) nc = nearest;
  std::size_t m = static_cast<std::size_t>(std::ceil(nc));  // 1-based rank of the VaR
  m = std::clamp<std::size_t>(m, 1, n);
  const auto var_it = returns.begin() + static_cast<std::ptrdiff_t>(m - 1);
  std::nth_element(returns.begin(), var_it, returns.end());
  const double var = *var_it;
  double beyond = 0;
  for (auto it = var_it + 1; it != returns.end(); ++it) beyond += *it;
  const double tail_mass = static_cast<double>(n) * (1.0 - confidence);  // n alpha
  const double es = ((static_cast<double>(m) - nc) * var + beyond) / tail_mass;
  return {var, es};
}

// ---- Checked entry points
// ------------------------------------------------------------------------

namespace {

std::string check_common(std::span<const double> returns, double confidence, int horizon_days) {
  if (auto e = check_confidence(confidence); !e.empty()) return e;
  if (horizon_days < 1) return "horizon " + std::to_string(horizon_days) + " days must be >= 1";
  if (auto e = check_count(returns.size(), 2, "returns"); !e.empty()) return e;
  return check_finite(returns, "returns");
}

}  // namespace

Result<TailRisk> historical_var(std::span<const double> returns, double confidence,
                                int horizon_days) {
  if (auto e = check_common(returns, confidence, horizon_days); !e.empty()) return Error{e};
  const auto h = static_cast<std::size_t>(horizon_days);
  if (returns.size() < h) {
    return Error{"returns has " + std::to_string(returns.size()) + " values, fewer than the " +
                 std::to_string(h) + "-day horizon of historical VaR"};
  }
  std::vector<double> sums(returns.size() - h + 1);
  for (std::size_t t = 0; t < sums.size(); ++t) {
    double s = 0;
    for (std::size_t k = 0; k < h; ++k) s += returns[t + k];
    sums[t] = s;
  }
  return empirical_tail_risk(sums, confidence);
}

Result<TailRisk> parametric_var(std::span<const double> returns, double confidence,
                                int horizon_days) {
  if (auto e = check_common(returns, confidence, horizon_days); !e.empty()) return Error{e};
  const double h = horizon_days;
  const double mu = mean_of(returns);
  const double sigma = std::sqrt(sample_variance_of(returns, mu));
  return gaussian_tail_risk(h * mu, std::sqrt(h) * sigma, confidence);
}

Result<TailRisk> cornish_fisher_var(std::span<const double> returns, double confidence,
                                    int horizon_days) {
  if (auto e = check_common(returns, confidence, horizon_days); !e.empty()) return Error{e};
  const auto m = sample_moments(returns, "returns");
  if (!m) return Error{m.error()};
  const double h = horizon_days;
  return cornish_fisher_tail_risk(h * m->mean, std::sqrt(h) * m->stdev, m->skewness / std::sqrt(h),
                                  m->excess_kurtosis / h, confidence);
}

Result<TailRisk> monte_carlo_var(std::span<const double> mean, std::span<const double> covariance,
                                 std::span<const double> weights, double confidence,
                                 int horizon_days, std::size_t paths, std::uint64_t seed) {
  if (auto e = check_confidence(confidence); !e.empty()) return Error{e};
  if (horizon_days < 1)
    return Error{"horizon " + std::to_string(horizon_days) + " days must be >= 1"};
  const std::size_t n = mean.size();
  if (n == 0) return Error{"Monte Carlo VaR: no assets"};
  if (weights.size() != n) {
    return Error{"Monte Carlo VaR: " + std::to_string(weights.size()) + " weights for " +
                 std::to_string(n) + " assets"};
  }
  if (auto e = check_finite(mean, "mean returns"); !e.empty()) return Error{e};
  if (auto e = check_finite(weights, "weights"); !e.empty()) return Error{e};
  if (!(static_cast<double>(paths) * (1.0 - confidence) >= 1.0)) {
    return Error{"Monte Carlo VaR: " + std::to_string(paths) + " paths leave no path in the " +
                 format_number(1.0 - confidence) + " tail; use at least " +
                 std::to_string(static_cast<std::size_t>(std::ceil(1.0 / (1.0 - confidence)))) +
                 " (100000 is the default)"};
  }
  auto chol = cholesky(covariance, n);
  if (!chol) return Error{chol.error()};
  const std::vector<double>& l = *chol;

  // Portfolio return per path: w.mu h + sqrt(h) (L^T w).z, with v = L^T w computed once.
  const double h = horizon_days;
  double drift = 0;
  for (std::size_t i = 0; i < n; ++i) drift += weights[i] * mean[i];
  drift *= h;
  std::vector<double> v(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j <= i; ++j) v[j] += l[i * n + j] * weights[i];
  }
  const double root_h = std::sqrt(h);
  for (double& x : v) x *= root_h;

  NormalGenerator gen(seed);
  std::vector<double> simulated(paths);
  for (std::size_t p = 0; p < paths; ++p) {
    double r = drift;
    for (std::size_t j = 0; j < n; ++j) r += v[j] * gen.next();
    simulated[p] = r;
  }
  return empirical_tail_risk(simulated, confidence);
}

Result<TailRisk> value_at_risk(std::span<const double> returns, const VarOptions& o) {
  switch (o.method) {
    case VarMethod::kHistorical:
      return historical_var(returns, o.confidence, o.horizon_days);
    case VarMethod::kParametric:
      return parametric_var(returns, o.confidence, o.horizon_days);
    case VarMethod::kCornishFisher:
      return cornish_fisher_var(returns, o.confidence, o.horizon_days);
    case VarMethod::kMonteCarlo: {
      if (auto e = check_common(returns, o.confidence, o.horizon_days); !e.empty()) return Error{e};
      const double mu = mean_of(returns);
      const double var = sample_variance_of(returns, mu);
      const double one = 1.0;
      return monte_carlo_var(std::span<const double>(&mu, 1), std::span<const double>(&var, 1),
                             std::span<const double>(&one, 1), o.confidence, o.horizon_days,
                             o.mc_paths, o.seed);
    }
  }
  return Error{"unknown VaR method"};
}

}  // namespace sp::core::risk
