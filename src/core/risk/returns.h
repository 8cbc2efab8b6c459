// Returns from prices, and the equity curve back from returns.
//
//   simple return  r_t = p_t / p_{t-1} - 1     (aggregates across assets: portfolio r = sum w_i
//   r_i) log return     l_t = ln(p_t / p_{t-1})     (aggregates across time: h-day l = sum of daily
//   l)
// n prices give n - 1 returns; returns[t - 1] is the return from price t-1 to price t.
//
// Two forms each, as everywhere in core:
//   * unchecked, into caller storage, no allocation: REQUIRES out.size() == prices.size() - 1 and
//     finite, positive prices (a zero or negative price has no return);
//   * checked, returning a Result<std::vector<double>>: fails with a message naming the first bad
//     index when a price is non-finite or not positive, or when there are fewer than 2 prices.
// Pure functions; thread-safe.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/risk/result.h"

namespace sp::core::risk {

void simple_returns(std::span<const double> prices, std::span<double> out);
void log_returns(std::span<const double> prices, std::span<double> out);

Result<std::vector<double>> simple_returns(std::span<const double> prices);
Result<std::vector<double>> log_returns(std::span<const double> prices);

// The value of 1 invested at the start (times `start`) and compounded by simple returns:
// n returns give n + 1 values, curve[0] = start, curve[t] = curve[t-1] * (1 + r[t-1]).
// REQUIRES out.size() == returns.size() + 1.
void equity_curve(std::span<const double> returns, std::span<double> out, double start = 1.0);
std::vector<double> equity_curve(std::span<const double> returns, double start = 1.0);

// "" when `prices` are at least two finite, positive values; otherwise the message.
std::string check_prices(std::span<const double> prices, const char* what = "prices");

}  // namespace sp::core::risk
