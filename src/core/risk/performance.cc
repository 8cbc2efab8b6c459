#include "core/risk/performance.h"

#include <cmath>
#include <string>

#include "core/risk/moments.h"
#include "core/risk/validate.h"

namespace sp::core::risk {

namespace {

std::string check_series(std::span<const double> r, const char* what) {
  if (auto e = check_count(r.size(), 2, what); !e.empty()) return e;
  return check_finite(r, what);
}

std::string check_periods(double periods_per_year) {
  if (!(periods_per_year > 0) || !std::isfinite(periods_per_year)) {
    return "periods_per_year " + format_number(periods_per_year) +
           " must be positive (252 for daily)";
  }
  return {};
}

}  // namespace

Result<double> beta(std::span<const double> asset, std::span<const double> market) {
  if (asset.size() != market.size()) {
    return Error{"beta: asset has " + std::to_string(asset.size()) + " returns but market has " +
                 std::to_string(market.size()) + "; align the series first"};
  }
  if (auto e = check_series(asset, "asset returns"); !e.empty()) return Error{e};
  if (auto e = check_series(market, "market returns"); !e.empty()) return Error{e};
  const double ma = mean_of(asset);
  const double mm = mean_of(market);
  double sam = 0, smm = 0;
  for (std::size_t i = 0; i < asset.size(); ++i) {
    const double dm = market[i] - mm;
    sam += (asset[i] - ma) * dm;
    smm += dm * dm;
  }
  if (!(smm > 0)) return Error{"beta: the market returns have zero variance"};
  return sam / smm;
}

Result<double> sharpe_ratio(std::span<const double> returns, double risk_free_rate,
                            double periods_per_year) {
  if (auto e = check_periods(periods_per_year); !e.empty()) return Error{e};
  if (!std::isfinite(risk_free_rate)) return Error{"risk-free rate must be finite"};
  if (auto e = check_series(returns, "returns"); !e.empty()) return Error{e};
  // The excess mean is the mean minus rf; the stdev of r - rf is the stdev of r: a constant shift.
  const double mu = mean_of(returns);
  const double sd = std::sqrt(sample_variance_of(returns, mu));
  return (mu - risk_free_rate / periods_per_year) / sd * std::sqrt(periods_per_year);
}

double downside_deviation(std::span<const double> returns, double target_per_period) {
  double s = 0;
  for (const double r : returns) {
    const double d = std::fmin(r - target_per_period, 0.0);
    s += d * d;
  }
  return std::sqrt(s / static_cast<double>(returns.size()));
}

Result<double> sortino_ratio(std::span<const double> returns, double target,
                             double periods_per_year) {
  if (auto e = check_periods(periods_per_year); !e.empty()) return Error{e};
  if (!std::isfinite(target)) return Error{"Sortino target (MAR) must be finite"};
  if (auto e = check_series(returns, "returns"); !e.empty()) return Error{e};
  const double t = target / periods_per_year;
  const double dd = downside_deviation(returns, t);
  return (mean_of(returns) - t) / dd * std::sqrt(periods_per_year);
}

Result<Drawdown> maximum_drawdown(std::span<const double> curve) {
  if (auto e = check_count(curve.size(), 1, "curve"); !e.empty()) return Error{e};
  if (auto e = check_finite(curve, "curve"); !e.empty()) return Error{e};
  for (std::size_t i = 0; i < curve.size(); ++i) {
    if (!(curve[i] > 0)) {
      return Error{"curve[" + std::to_string(i) + "] is " + format_number(curve[i]) +
                   "; a drawdown needs positive prices or equity"};
    }
  }
  Drawdown worst;
  std::size_t peak = 0;
  for (std::size_t i = 1; i < curve.size(); ++i) {
    if (curve[i] > curve[peak]) {
      peak = i;
      continue;
    }
    const double depth = (curve[peak] - curve[i]) / curve[peak];
    if (depth > worst.depth) {
      worst.depth = depth;
      worst.peak = peak;
      worst.trough = i;
    }
  }
  if (worst.depth > 0) {
    for (std::size_t i = worst.trough + 1; i < curve.size(); ++i) {
      if (curve[i] >= curve[worst.peak]) {
        worst.recovery = i;
        break;
      }
    }
  }
  return worst;
}

}  // namespace sp::core::risk
