// The WebAssembly build's C interface to the risk library (src/core/risk): series in, numbers out,
// through the checked forms, so bad input gives the library's own message and never aborts.
// Conventions as core_exports.cc: arrays are byte offsets into the module's memory, the caller
// owns every array, a failing function returns non-zero and sp_last_error() says why.
#include <emscripten/emscripten.h>

#include <algorithm>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "core/risk/moments.h"
#include "core/risk/normal.h"
#include "core/risk/performance.h"
#include "core/risk/returns.h"
#include "core/risk/var.h"
#include "core/risk/volatility.h"

namespace {

namespace risk = sp::core::risk;

std::string g_risk_error;

std::span<const double> in(const double* p, std::size_t n) {
  return {p, n};
}

template <class T>
bool failed(const risk::Result<T>& r) {
  if (r) return false;
  g_risk_error = r.error();
  return true;
}

// Copies a vector result into the caller's `out` (room for `room` doubles).
int copy_series(const risk::Result<std::vector<double>>& r, double* out, std::size_t room) {
  if (failed(r)) return 1;
  if (r->size() > room) {
    g_risk_error = "internal: result has " + std::to_string(r->size()) + " values, room for " +
                   std::to_string(room);
    return 1;
  }
  std::copy(r->begin(), r->end(), out);
  return 0;
}

}  // namespace

extern "C" {

// The message of the last failing sp_risk_* call.
EMSCRIPTEN_KEEPALIVE const char* sp_risk_last_error() {
  return g_risk_error.c_str();
}

// n prices -> n-1 returns in out.
EMSCRIPTEN_KEEPALIVE int sp_risk_simple_returns(const double* prices, std::size_t n, double* out) {
  return copy_series(risk::simple_returns(in(prices, n)), out, n ? n - 1 : 0);
}
EMSCRIPTEN_KEEPALIVE int sp_risk_log_returns(const double* prices, std::size_t n, double* out) {
  return copy_series(risk::log_returns(in(prices, n)), out, n ? n - 1 : 0);
}
// n returns -> n+1 curve values; out[0] = start.
EMSCRIPTEN_KEEPALIVE int sp_risk_equity_curve(const double* returns, std::size_t n, double start,
                                              double* out) {
  risk::equity_curve(in(returns, n), std::span<double>(out, n + 1), start);
  return 0;
}

// out: count, mean, variance, stdev, skewness, excess_kurtosis.
EMSCRIPTEN_KEEPALIVE int sp_risk_moments(const double* values, std::size_t n, double* out) {
  auto r = risk::sample_moments(in(values, n));
  if (failed(r)) return 1;
  out[0] = static_cast<double>(r->count);
  out[1] = r->mean;
  out[2] = r->variance;
  out[3] = r->stdev;
  out[4] = r->skewness;
  out[5] = r->excess_kurtosis;
  return 0;
}

EMSCRIPTEN_KEEPALIVE int sp_risk_rolling_volatility(const double* returns, std::size_t n,
                                                    int window, double periods_per_year,
                                                    double* out) {
  return copy_series(risk::rolling_volatility(in(returns, n), window, periods_per_year), out, n);
}
EMSCRIPTEN_KEEPALIVE int sp_risk_ewma_volatility(const double* returns, std::size_t n,
                                                 double lambda, double periods_per_year,
                                                 int seed_window, double* out) {
  return copy_series(risk::ewma_volatility(in(returns, n), lambda, periods_per_year, seed_window),
                     out, n);
}
EMSCRIPTEN_KEEPALIVE int sp_risk_annualised_volatility(const double* returns, std::size_t n,
                                                       double periods_per_year, double* out) {
  auto r = risk::annualised_volatility(in(returns, n), periods_per_year);
  if (failed(r)) return 1;
  *out = *r;
  return 0;
}

// method: 0 historical, 1 parametric, 2 Cornish-Fisher, 3 Monte Carlo (var.h). out: VaR, ES.
EMSCRIPTEN_KEEPALIVE int sp_risk_value_at_risk(const double* returns, std::size_t n,
                                               double confidence, int horizon_days, int method,
                                               double paths, double seed, double* out) {
  if (method < 0 || method > 3) {
    g_risk_error = "unknown VaR method " + std::to_string(method);
    return 1;
  }
  risk::VarOptions o;
  o.confidence = confidence;
  o.horizon_days = horizon_days;
  o.method = static_cast<risk::VarMethod>(method);
  o.mc_paths = paths > 0 ? static_cast<std::size_t>(paths) : 0;
  o.seed = seed > 0 ? static_cast<std::uint64_t>(seed) : 0;
  auto r = risk::value_at_risk(in(returns, n), o);
  if (failed(r)) return 1;
  out[0] = r->value_at_risk;
  out[1] = r->expected_shortfall;
  return 0;
}

EMSCRIPTEN_KEEPALIVE int sp_risk_sharpe_ratio(const double* returns, std::size_t n,
                                              double risk_free_rate, double periods_per_year,
                                              double* out) {
  auto r = risk::sharpe_ratio(in(returns, n), risk_free_rate, periods_per_year);
  if (failed(r)) return 1;
  *out = *r;
  return 0;
}
EMSCRIPTEN_KEEPALIVE int sp_risk_sortino_ratio(const double* returns, std::size_t n, double target,
                                               double periods_per_year, double* out) {
  auto r = risk::sortino_ratio(in(returns, n), target, periods_per_year);
  if (failed(r)) return 1;
  *out = *r;
  return 0;
}
EMSCRIPTEN_KEEPALIVE int sp_risk_beta(const double* asset, std::size_t n, const double* market,
                                      std::size_t m, double* out) {
  auto r = risk::beta(in(asset, n), in(market, m));
  if (failed(r)) return 1;
  *out = *r;
  return 0;
}
// out: depth, peak, trough, recovery (-1 when the curve never recovered).
EMSCRIPTEN_KEEPALIVE int sp_risk_maximum_drawdown(const double* curve, std::size_t n, double* out) {
  auto r = risk::maximum_drawdown(in(curve, n));
  if (failed(r)) return 1;
  out[0] = r->depth;
  out[1] = static_cast<double>(r->peak);
  out[2] = static_cast<double>(r->trough);
  out[3] = r->recovery == risk::Drawdown::npos ? -1.0 : static_cast<double>(r->recovery);
  return 0;
}

EMSCRIPTEN_KEEPALIVE double sp_risk_normal_cdf(double x) {
  return risk::normal_cdf(x);
}
EMSCRIPTEN_KEEPALIVE double sp_risk_inverse_normal_cdf(double p) {
  return risk::inverse_normal_cdf(p);
}

}  // extern "C"
