#include "core/risk/portfolio.h"

#include <cmath>
#include <limits>
#include <string>

#include "core/risk/covariance.h"
#include "core/risk/moments.h"
#include "core/risk/returns.h"
#include "core/risk/validate.h"

namespace sp::core::risk {

namespace {

std::string check_options(const RiskOptions& o, std::size_t assets) {
  if (auto e = check_confidence(o.confidence); !e.empty()) return e;
  if (o.horizon_days < 1) return "horizon " + std::to_string(o.horizon_days) + " days must be >= 1";
  if (!(o.periods_per_year > 0) || !std::isfinite(o.periods_per_year)) {
    return "periods_per_year " + format_number(o.periods_per_year) + " must be positive";
  }
  if (!std::isfinite(o.risk_free_rate)) return "risk-free rate must be finite";
  if (!std::isfinite(o.sortino_target)) return "Sortino target must be finite";
  if (!(o.ewma_lambda > 0 && o.ewma_lambda < 1)) {
    return "EWMA lambda " + format_number(o.ewma_lambda) + " is outside (0, 1)";
  }
  if (!o.weights.empty() && o.weights.size() != assets) {
    return std::to_string(o.weights.size()) + " weights for " + std::to_string(assets) +
           " inputs; give one weight per input (or none for equal weights)";
  }
  return check_finite(o.weights, "weights");
}

}  // namespace

Result<RiskReport> risk_report(std::span<const std::vector<double>> prices, const RiskOptions& o) {
  const std::size_t n = prices.size();
  if (n == 0) return Error{"no price series given"};
  if (auto e = check_options(o, n); !e.empty()) return Error{e};
  for (std::size_t a = 0; a < n; ++a) {
    const std::string what = "prices of input " + std::to_string(a);
    if (prices[a].size() != prices[0].size()) {
      return Error{what + " has " + std::to_string(prices[a].size()) + " values but input 0 has " +
                   std::to_string(prices[0].size()) + "; the series must be aligned by date"};
    }
    if (auto e = check_count(prices[a].size(), 3, what); !e.empty()) return Error{e};
    if (auto e = check_prices(prices[a], what.c_str()); !e.empty()) return Error{e};
  }

  RiskReport r;
  r.assets = n;
  r.observations = prices[0].size() - 1;
  const std::size_t t_count = r.observations;
  r.weights = o.weights.empty() ? std::vector<double>(n, 1.0 / static_cast<double>(n)) : o.weights;
  r.method = o.method;
  r.confidence = o.confidence;
  r.horizon_days = o.horizon_days;

  // Per-asset returns, the portfolio's, and the covariance (one observation row at a time).
  r.asset_returns.resize(n);
  for (std::size_t a = 0; a < n; ++a) {
    r.asset_returns[a].resize(t_count);
    simple_returns(prices[a], r.asset_returns[a]);
  }
  r.portfolio_returns.assign(t_count, 0.0);
  StreamingCovariance cov(n);
  std::vector<double> row(n);
  for (std::size_t t = 0; t < t_count; ++t) {
    double rp = 0;
    for (std::size_t a = 0; a < n; ++a) {
      row[a] = r.asset_returns[a][t];
      rp += r.weights[a] * row[a];
    }
    r.portfolio_returns[t] = rp;
    cov.update(row);
  }
  r.covariance = cov.covariance_matrix(true);
  r.correlation = cov.correlation_matrix();
  const double root_p = std::sqrt(o.periods_per_year);
  r.asset_mean_returns.assign(cov.mean().begin(), cov.mean().end());
  r.asset_volatilities.resize(n);
  for (std::size_t a = 0; a < n; ++a) {
    r.asset_volatilities[a] = std::sqrt(r.covariance[a * n + a]) * root_p;
  }

  // The portfolio's volatility, tail risk and performance.
  const std::span<const double> rp = r.portfolio_returns;
  r.mean_return = mean_of(rp);
  r.volatility = std::sqrt(sample_variance_of(rp, r.mean_return)) * root_p;
  EwmaVolatility ewma(o.ewma_lambda, o.periods_per_year);
  for (const double x : rp) ewma.update(x);
  r.ewma_volatility = ewma.value();  // NaN when there are fewer returns than the seed window

  Result<TailRisk> tail = Error{"unset"};
  if (o.method == VarMethod::kMonteCarlo) {
    tail = monte_carlo_var(r.asset_mean_returns, r.covariance, r.weights, o.confidence,
                           o.horizon_days, o.mc_paths, o.seed);
  } else {
    tail =
        value_at_risk(rp, VarOptions{o.confidence, o.horizon_days, o.method, o.mc_paths, o.seed});
  }
  if (!tail) return Error{std::string(to_string(o.method)) + " VaR: " + tail.error()};
  r.tail_risk = *tail;

  auto sharpe = sharpe_ratio(rp, o.risk_free_rate, o.periods_per_year);
  auto sortino = sortino_ratio(rp, o.sortino_target, o.periods_per_year);
  if (!sharpe) return Error{sharpe.error()};
  if (!sortino) return Error{sortino.error()};
  r.sharpe_ratio = *sharpe;
  r.sortino_ratio = *sortino;

  const std::vector<double> equity = equity_curve(rp);
  auto dd = maximum_drawdown(equity);
  if (!dd) return Error{"maximum drawdown of the portfolio: " + dd.error()};
  r.max_drawdown = *dd;

  auto b = beta(rp, r.asset_returns[0]);
  r.beta = b ? *b : std::numeric_limits<double>::quiet_NaN();
  return r;
}

}  // namespace sp::core::risk
