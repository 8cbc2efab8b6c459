// risk_report: every risk measure of a portfolio in one call, the single entry point of the
// `stockpulse risk` command (the command line parses flags into RiskOptions, loads and aligns the
// price files, calls risk_report and prints the RiskReport as JSON; core does no I/O).
//
// INPUT: one price series per asset (closes), ALIGNED by the caller: the same length, element t of
// every series from the same date. Each needs at least 3 finite, positive prices (2 returns), and
// at least horizon_days + 1 for historical VaR. Bad input fails with a message naming the input
// ("prices of input 2[17] is NaN", "3 weights for 2 inputs").
//
// CONVENTIONS:
//  * Returns are SIMPLE returns, because they aggregate across assets: the portfolio return is
//    r_p = sum_i w_i r_i, i.e. a portfolio rebalanced to constant weights every period.
//  * Weights are used as given (not normalised; shorts and leverage allowed); empty means equal
//    weights 1/N. The report echoes the weights used.
//  * volatility: sample stdev of r_p times sqrt(periods_per_year); ewma_volatility: the latest
//    RiskMetrics estimate (lambda 0.94, seeded over 20 returns, volatility.h; NaN with fewer than
//    20 returns); both annualised.
//  * tail_risk: VaR and ES of r_p by options.method at options.confidence over horizon_days
//    (var.h for the quantile convention and horizon scaling). Monte Carlo simulates the assets
//    jointly from N(asset_mean_returns, covariance) via its Cholesky factor, then weights them.
//  * sharpe_ratio, sortino_ratio: annualised, performance.h (risk-free rate and target annual).
//  * max_drawdown: of the portfolio's equity curve, 1 compounded by r_p (index 0 = the start,
//    index t = after return t, i.e. the date of price t).
//  * beta: of the portfolio to the FIRST input, the benchmark (put SPY first; give it weight 0 to
//    keep it out of the portfolio: --weights 0,0.5,0.5). NaN when the benchmark never moves. With
//    one input it is 1 by construction.
//  * covariance, correlation: N x N row-major, of the assets' simple returns per period (not
//    annualised), sample (n - 1) covariance, from StreamingCovariance.
// Pure function; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/risk/performance.h"
#include "core/risk/result.h"
#include "core/risk/var.h"
#include "core/risk/volatility.h"

namespace sp::core::risk {

struct RiskOptions {
  std::vector<double> weights;  // one per input; empty = equal weights
  double confidence = 0.99;
  int horizon_days = 1;
  VarMethod method = VarMethod::kHistorical;
  double periods_per_year = kTradingDaysPerYear;
  std::size_t mc_paths = 100000;
  std::uint64_t seed = 42;
  double risk_free_rate = 0;  // annual, for the Sharpe ratio
  double sortino_target = 0;  // annual minimum acceptable return, for the Sortino ratio
  double ewma_lambda = 0.94;
};

struct RiskReport {
  std::size_t assets = 0;
  std::size_t observations = 0;  // returns per asset (prices - 1)
  std::vector<double> weights;   // as used

  // Per asset, in input order.
  std::vector<std::vector<double>> asset_returns;  // simple returns
  std::vector<double> asset_mean_returns;          // per period
  std::vector<double> asset_volatilities;          // annualised

  // The portfolio.
  std::vector<double> portfolio_returns;  // r_p per period
  double mean_return = 0;                 // per period
  double volatility = 0;                  // annualised
  double ewma_volatility = 0;             // annualised, latest
  VarMethod method = VarMethod::kHistorical;
  double confidence = 0;
  int horizon_days = 0;
  TailRisk tail_risk;
  double sharpe_ratio = 0;
  double sortino_ratio = 0;
  Drawdown max_drawdown;
  double beta = 0;  // to the first input

  std::vector<double> covariance;   // N x N row-major, per period, sample
  std::vector<double> correlation;  // N x N row-major
};

Result<RiskReport> risk_report(std::span<const std::vector<double>> prices,
                               const RiskOptions& options = {});

}  // namespace sp::core::risk
