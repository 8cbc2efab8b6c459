#include "core/risk/volatility.h"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "core/indicator.h"
#include "core/risk/moments.h"
#include "core/risk/validate.h"

namespace sp::core::risk {

// ---- RollingVolatility
// ---------------------------------------------------------------------------

RollingVolatility::RollingVolatility(int window, double periods_per_year)
    : window_(window),
      scale_(std::sqrt(periods_per_year)),
      ring_(static_cast<std::size_t>(window)) {
  assert(window >= 2 && periods_per_year > 0);
}

RollingVolatility::State RollingVolatility::next(double r) const {
  State s = s_;
  if (s.count < window_) {  // growing: Welford's insertion
    ++s.count;
    const double d = r - s.mean;
    s.mean += d / s.count;
    s.m2 += d * (r - s.mean);
  } else {  // sliding: replace the oldest value in one step
    const double old = ring_[static_cast<std::size_t>(head_)];
    const double old_mean = s.mean;
    s.mean += (r - old) / window_;
    s.m2 += (r - old) * ((r - s.mean) + (old - old_mean));
  }
  return s;
}

double RollingVolatility::annualise(const State& s) const {
  if (s.count < window_) return kNaN;
  // Rounding can leave a tiny negative sum of squares for a constant window.
  return std::sqrt(std::max(s.m2, 0.0) / (window_ - 1)) * scale_;
}

double RollingVolatility::update(double r) {
  s_ = next(r);
  ring_[static_cast<std::size_t>(head_)] = r;
  if (++head_ == window_) head_ = 0;
  return annualise(s_);
}

double RollingVolatility::peek(double r) const {
  return annualise(next(r));
}

void RollingVolatility::reset() {
  head_ = 0;
  s_ = State{0, 0.0, 0.0};
}

double RollingVolatility::value() const {
  return annualise(s_);
}

// ---- EwmaVolatility
// ------------------------------------------------------------------------------

EwmaVolatility::EwmaVolatility(double lambda, double periods_per_year, int seed_window)
    : lambda_(lambda), scale_(std::sqrt(periods_per_year)), seed_window_(seed_window) {
  assert(lambda > 0 && lambda < 1 && periods_per_year > 0 && seed_window >= 1);
}

double EwmaVolatility::next_variance(double r) const {
  if (count_ >= seed_window_) return lambda_ * variance_ + (1.0 - lambda_) * (r * r);
  if (count_ + 1 < seed_window_) return kNaN;
  return (variance_ + r * r) / seed_window_;
}

double EwmaVolatility::update(double r) {
  if (count_ >= seed_window_) {
    variance_ = next_variance(r);
  } else {
    variance_ += r * r;
    if (++count_ == seed_window_) variance_ /= seed_window_;
  }
  return value();
}

double EwmaVolatility::peek(double r) const {
  return std::sqrt(next_variance(r)) * scale_;
}

void EwmaVolatility::reset() {
  count_ = 0;
  variance_ = 0;
}

double EwmaVolatility::variance() const {
  return ready() ? variance_ : kNaN;
}

double EwmaVolatility::value() const {
  return ready() ? std::sqrt(variance_) * scale_ : kNaN;
}

// ---- Batch
// ---------------------------------------------------------------------------------------

void rolling_volatility(std::span<const double> returns, std::span<double> out, int window,
                        double periods_per_year) {
  assert(out.size() == returns.size());
  RollingVolatility v(window, periods_per_year);
  for (std::size_t i = 0; i < returns.size(); ++i) out[i] = v.update(returns[i]);
}

void ewma_volatility(std::span<const double> returns, std::span<double> out, double lambda,
                     double periods_per_year, int seed_window) {
  assert(out.size() == returns.size());
  EwmaVolatility v(lambda, periods_per_year, seed_window);
  for (std::size_t i = 0; i < returns.size(); ++i) out[i] = v.update(returns[i]);
}

namespace {

std::string check_periods_per_year(double periods_per_year) {
  if (!(periods_per_year > 0) || !std::isfinite(periods_per_year)) {
    return "periods_per_year " + format_number(periods_per_year) +
           " must be positive (252 for daily)";
  }
  return {};
}

}  // namespace

Result<std::vector<double>> rolling_volatility(std::span<const double> returns, int window,
                                               double periods_per_year) {
  if (window < 2)
    return Error{"rolling volatility window " + std::to_string(window) + " must be >= 2"};
  if (auto e = check_periods_per_year(periods_per_year); !e.empty()) return Error{e};
  if (auto e = check_finite(returns, "returns"); !e.empty()) return Error{e};
  std::vector<double> out(returns.size());
  rolling_volatility(returns, out, window, periods_per_year);
  return out;
}

Result<std::vector<double>> ewma_volatility(std::span<const double> returns, double lambda,
                                            double periods_per_year, int seed_window) {
  if (!(lambda > 0 && lambda < 1)) {
    return Error{"EWMA lambda " + format_number(lambda) +
                 " is outside (0, 1); RiskMetrics uses 0.94"};
  }
  if (seed_window < 1)
    return Error{"EWMA seed window " + std::to_string(seed_window) + " must be >= 1"};
  if (auto e = check_periods_per_year(periods_per_year); !e.empty()) return Error{e};
  if (auto e = check_finite(returns, "returns"); !e.empty()) return Error{e};
  std::vector<double> out(returns.size());
  ewma_volatility(returns, out, lambda, periods_per_year, seed_window);
  return out;
}

Result<double> annualised_volatility(std::span<const double> returns, double periods_per_year) {
  if (auto e = check_periods_per_year(periods_per_year); !e.empty()) return Error{e};
  auto m = sample_moments(returns, "returns");
  if (!m) return Error{m.error()};
  return m->stdev * std::sqrt(periods_per_year);
}

}  // namespace sp::core::risk
