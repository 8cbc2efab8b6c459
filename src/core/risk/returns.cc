#include "core/risk/returns.h"

#include <cassert>
#include <cmath>
#include <string>

#include "core/risk/validate.h"

namespace sp::core::risk {

void simple_returns(std::span<const double> prices, std::span<double> out) {
  assert(!prices.empty() && out.size() == prices.size() - 1);
  for (std::size_t t = 1; t < prices.size(); ++t) out[t - 1] = prices[t] / prices[t - 1] - 1.0;
}

void log_returns(std::span<const double> prices, std::span<double> out) {
  assert(!prices.empty() && out.size() == prices.size() - 1);
  for (std::size_t t = 1; t < prices.size(); ++t) out[t - 1] = std::log(prices[t] / prices[t - 1]);
}

std::string check_prices(std::span<const double> prices, const char* what) {
  if (auto e = check_count(prices.size(), 2, what); !e.empty()) return e;
  if (auto e = check_finite(prices, what); !e.empty()) return e;
  for (std::size_t i = 0; i < prices.size(); ++i) {
    if (!(prices[i] > 0)) {
      return std::string(what) + "[" + std::to_string(i) + "] is " + format_number(prices[i]) +
             "; prices must be positive";
    }
  }
  return {};
}

Result<std::vector<double>> simple_returns(std::span<const double> prices) {
  if (auto e = check_prices(prices); !e.empty()) return Error{e};
  std::vector<double> out(prices.size() - 1);
  simple_returns(prices, out);
  return out;
}

Result<std::vector<double>> log_returns(std::span<const double> prices) {
  if (auto e = check_prices(prices); !e.empty()) return Error{e};
  std::vector<double> out(prices.size() - 1);
  log_returns(prices, out);
  return out;
}

void equity_curve(std::span<const double> returns, std::span<double> out, double start) {
  assert(out.size() == returns.size() + 1);
  out[0] = start;
  for (std::size_t t = 0; t < returns.size(); ++t) out[t + 1] = out[t] * (1.0 + returns[t]);
}

std::vector<double> equity_curve(std::span<const double> returns, double start) {
  std::vector<double> out(returns.size() + 1);
  equity_curve(returns, out, start);
  return out;
}

}  // namespace sp::core::risk
