// Value at risk (VaR) and expected shortfall (ES) of a return series or of a portfolio.
//
// SIGN: both are LOSSES reported as positive fractions of value: VaR 0.025 at 99% means "on 99% of
// horizons the loss is at most 2.5%"; ES is the mean loss on the remaining 1%. Either can come out
// negative when the mean return is large against the volatility; it is reported as computed.
// `confidence` c is in (0, 1), e.g. 0.99; alpha = 1 - c is the tail probability.
//
// METHODS (VarMethod):
//  * kHistorical: the empirical distribution of the returns (or of the h-day sums, below).
//    QUANTILE CONVENTION: losses L = -r sorted ascending L(1) <= ... <= L(n); m = ceil(n c);
//      VaR = L(m)  (the inverse of the empirical CDF, Hyndman-Fan / R type 1: no interpolation)
//      ES  = (1/alpha) * integral_c^1 of the empirical quantile
//          = ( (m - n c) L(m) + sum_{j > m} L(j) ) / (n alpha),
//    which is the mean of the n alpha worst losses whenever n alpha is an integer (n = 1000,
//    c = 0.99: VaR is the 11th worst loss, ES the mean of the 10 worst), and is always >= VaR.
//    n c is snapped to the nearest integer when within 1e-9 of it, so 1000 * 0.99 counts as 990.
//  * kParametric: normal returns with the sample mean mu and sample stdev sigma (n - 1):
//      VaR = z_c sigma - mu,  ES = sigma phi(z_c) / alpha - mu,  z_c = Phi^{-1}(c).
//  * kCornishFisher ("modified VaR", Favre & Galeano 2002; PerformanceAnalytics' "modified"):
//    the normal quantile z = Phi^{-1}(alpha) adjusted by the sample skewness S and excess kurtosis
//    K (moments.h):
//      q = z + (z^2 - 1) S / 6 + (z^3 - 3 z) K / 24 - (2 z^3 - 5 z) S^2 / 36,  VaR = -(mu + sigma
//      q).
//    ES = -(mu + sigma E[q(Z) | Z < z]), the tail average of the Cornish-Fisher quantile function
//    (1/alpha) integral_0^alpha q(Phi^{-1}(u)) du. Because q is a cubic in z, the integral has the
//    closed form used here, with integral_{-inf}^z t^k phi(t) dt = Phi(z), -phi(z),
//    Phi(z) - z phi(z), -(z^2 + 2) phi(z) for k = 0..3 (the tests check it against quadrature).
//    With S = K = 0 it is the parametric method exactly. Outside its domain of validity (roughly
//    |S| > 1 or K > 6 for daily data) the expansion is not monotone; it is still evaluated as is.
//  * kMonteCarlo: paths drawn from a (multivariate) normal fitted to the data; the VaR and ES of
//    the simulated portfolio returns follow the historical convention above. For one series the
//    normal is N(mu, sigma^2). The generator is NormalGenerator (mt19937_64 + polar Box-Muller), so
//    a seed gives the same numbers on every platform. A portfolio's return w . (mu + L z), with
//    L L^T = covariance (cholesky.h), is computed as w.mu + (L^T w) . z: the same random variable,
//    O(n) per path instead of O(n^2).
//
// HORIZON h (days, >= 1):
//  * kHistorical: OVERLAPPING h-day sums r_t + ... + r_{t+h-1} (n - h + 1 of them), the h-day
//    return exactly for log returns and to first order for simple ones. It keeps the data's own
//    autocorrelation and fat tails rather than assuming i.i.d. returns; note the overlapping
//    windows are not independent, so the estimate is noisier than its count suggests.
//  * kParametric, kMonteCarlo: i.i.d. scaling, mu_h = h mu, sigma_h = sqrt(h) sigma.
//  * kCornishFisher: the same, plus the cumulant scaling of a sum of h i.i.d. terms,
//    S_h = S / sqrt(h), K_h = K / h (the tails become more normal as h grows).
//
// INPUT: at least 2 finite returns (NaN/infinity rejected, the message names the index),
// confidence in (0, 1), horizon >= 1, at least h returns for historical; Monte Carlo needs
// paths * alpha >= 1 so that the tail holds a path. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "core/risk/result.h"

namespace sp::core::risk {

enum class VarMethod { kHistorical, kParametric, kCornishFisher, kMonteCarlo };

// "historical", "parametric", "cornish-fisher", "montecarlo": the command line's spellings.
std::string_view to_string(VarMethod method);
// The inverse of to_string; also accepts "monte-carlo" and "modified" (for Cornish-Fisher).
std::optional<VarMethod> parse_var_method(std::string_view name);

struct TailRisk {
  double value_at_risk = 0;       // loss at the confidence level, as a positive fraction
  double expected_shortfall = 0;  // mean loss beyond the VaR, as a positive fraction
};

struct VarOptions {
  double confidence = 0.99;
  int horizon_days = 1;
  VarMethod method = VarMethod::kHistorical;
  std::size_t mc_paths = 100000;  // Monte Carlo only
  std::uint64_t seed = 42;        // Monte Carlo only
};

// VaR and ES of a return series by any method: the single entry point.
Result<TailRisk> value_at_risk(std::span<const double> returns, const VarOptions& options = {});

Result<TailRisk> historical_var(std::span<const double> returns, double confidence,
                                int horizon_days = 1);
Result<TailRisk> parametric_var(std::span<const double> returns, double confidence,
                                int horizon_days = 1);
Result<TailRisk> cornish_fisher_var(std::span<const double> returns, double confidence,
                                    int horizon_days = 1);

// Monte Carlo VaR of the portfolio `weights` over assets with one-period returns
// ~ N(mean, covariance) (covariance n x n row-major, e.g. from StreamingCovariance). Fails on
// mismatched sizes, non-finite values, a covariance that is not positive definite, or too few
// paths.
Result<TailRisk> monte_carlo_var(std::span<const double> mean, std::span<const double> covariance,
                                 std::span<const double> weights, double confidence,
                                 int horizon_days = 1, std::size_t paths = 100000,
                                 std::uint64_t seed = 42);

// ---- Closed forms and kernels (unchecked: REQUIRE valid, finite arguments) ---------------------

// Gaussian VaR/ES of one period with mean `mean` and standard deviation `stdev`.
TailRisk gaussian_tail_risk(double mean, double stdev, double confidence);

// The Cornish-Fisher adjusted quantile q(z) (formula above).
double cornish_fisher_quantile(double z, double skewness, double excess_kurtosis);

// Cornish-Fisher VaR/ES of one period with the given moments.
TailRisk cornish_fisher_tail_risk(double mean, double stdev, double skewness,
                                  double excess_kurtosis, double confidence);

// Empirical VaR/ES of `returns` by the historical convention above. Reorders `returns` in place
// (partial selection, O(n)). REQUIRES non-empty, finite.
TailRisk empirical_tail_risk(std::span<double> returns, double confidence);

}  // namespace sp::core::risk
