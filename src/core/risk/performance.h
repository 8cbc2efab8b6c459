// Risk-adjusted performance: beta, Sharpe ratio, Sortino ratio, maximum drawdown.
//
//  * beta = cov(asset, market) / var(market), both with divisor n - 1 (the ratio does not care).
//  * Sharpe ratio (annualised) = mean(r - rf) / stdev(r - rf) * sqrt(P), with the per-period
//    risk-free rate rf = risk_free_rate / P (annual rate, simple division), P = periods_per_year,
//    stdev the sample one (n - 1). (Sharpe 1994, the ex-post ratio.)
//  * Sortino ratio (annualised) = (mean(r) - t) / DD * sqrt(P), with the per-period target
//    t = target / P (the annual minimum acceptable return, MAR, default 0) and the downside
//    deviation DD = sqrt( sum over ALL n periods of min(0, r - t)^2 / n ) (Sortino & Price 1994;
//    periods above the target count as zeros, not as missing).
//    A zero denominator (no variation; no period below the target) follows IEEE division:
//    +infinity for a positive numerator, -infinity for a negative one, NaN for 0 / 0.
//  * maximum drawdown of a price or equity curve: the largest fall from a running peak,
//    depth = (peak - trough) / peak as a positive fraction (0.5 = lost half), with the indices of
//    that peak and trough and of the recovery (the first later point at or above the peak; npos if
//    the curve never got back, or if there was no fall). Ties keep the earliest peak and trough. A
//    curve that never falls has depth 0 and peak = trough = 0. Build an equity curve from returns
//    with equity_curve().
//
// INPUT: finite values (NaN rejected with the index), at least 2 returns (1 point for a
// drawdown), equal lengths for beta, positive curve values for drawdowns. Pure; thread-safe.
#pragma once

#include <cstddef>
#include <span>

#include "core/risk/result.h"
#include "core/risk/volatility.h"

namespace sp::core::risk {

Result<double> beta(std::span<const double> asset_returns, std::span<const double> market_returns);

Result<double> sharpe_ratio(std::span<const double> returns, double risk_free_rate = 0.0,
                            double periods_per_year = kTradingDaysPerYear);

Result<double> sortino_ratio(std::span<const double> returns, double target = 0.0,
                             double periods_per_year = kTradingDaysPerYear);

// Downside deviation per period (not annualised) about the per-period target `target_per_period`.
// REQUIRES non-empty, finite.
double downside_deviation(std::span<const double> returns, double target_per_period);

struct Drawdown {
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  double depth = 0;             // (peak - trough) / peak, >= 0
  std::size_t peak = 0;         // index of the running maximum the fall started from
  std::size_t trough = 0;       // index of the lowest point of that fall
  std::size_t recovery = npos;  // first index after trough with value >= the peak's, or npos
};

Result<Drawdown> maximum_drawdown(std::span<const double> curve);

}  // namespace sp::core::risk
