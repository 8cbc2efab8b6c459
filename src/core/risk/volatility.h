// Volatility of a return series, annualised: rolling (equal weights over a window) and EWMA
// (RiskMetrics exponential weights), each as a streaming class and a batch function that runs the
// streaming class (so both give the same numbers to the last bit).
//
// ROLLING: the unbiased sample standard deviation of the last `window` returns (divisor window -
// 1), times sqrt(periods_per_year). The window's mean and centred sum of squares are kept by
// Welford's update, and a sliding step replaces the oldest value in one stable update (no
// sum-of-squares cancellation). NaN until `window` returns have been seen (lookback window - 1).
//
// EWMA (J.P. Morgan RiskMetrics, 1996): variance_t = lambda * variance_{t-1} + (1 - lambda) *
// r_t^2, around a zero mean as RiskMetrics does for daily returns. SEED: the recursion starts from
// the mean of the squared first `seed_window` returns (default 20, about 1 / (1 - 0.94) = 16.7
// days, the effective memory of lambda = 0.94); the seed's weight has decayed below 1% after 75
// more days. NaN before that (lookback seed_window - 1). The value after return r_t is the forecast
// of the volatility of r_{t+1}.
//
// Streaming contract (as the indicators', core/indicator.h): update commits one return and gives
// the value, peek gives the value as if committed, reset restores the constructed state; O(1), no
// allocation after construction. REQUIRES: finite returns (the batch functions check). Not
// thread-safe; copyable.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/risk/result.h"

namespace sp::core::risk {

inline constexpr double kTradingDaysPerYear = 252;

class RollingVolatility {
 public:
  // REQUIRES window >= 2, periods_per_year > 0.
  explicit RollingVolatility(int window = 21, double periods_per_year = kTradingDaysPerYear);

  int lookback() const { return window_ - 1; }
  double update(double r);
  double peek(double r) const;
  void reset();
  bool ready() const { return s_.count >= window_; }
  double value() const;  // annualised; NaN while warming up

 private:
  struct State {
    int count;
    double mean;
    double m2;
  };
  State next(double r) const;
  double annualise(const State& s) const;

  int window_;
  double scale_;  // sqrt(periods_per_year)
  std::vector<double> ring_;
  int head_ = 0;  // the oldest value once the window is full; the next slot to write
  State s_{0, 0.0, 0.0};
};

class EwmaVolatility {
 public:
  // REQUIRES 0 < lambda < 1, periods_per_year > 0, seed_window >= 1.
  explicit EwmaVolatility(double lambda = 0.94, double periods_per_year = kTradingDaysPerYear,
                          int seed_window = 20);

  int lookback() const { return seed_window_ - 1; }
  double update(double r);
  double peek(double r) const;
  void reset();
  bool ready() const { return count_ >= seed_window_; }
  double value() const;     // annualised volatility; NaN while warming up
  double variance() const;  // per-period variance; NaN while warming up

 private:
  double next_variance(double r) const;  // NaN until the seed is complete

  double lambda_;
  double scale_;
  int seed_window_;
  int count_ = 0;
  double variance_ = 0;  // while seeding: the running sum of squares
};

// Batch forms: one output per return, NaN during warm-up. The checked forms fail on a bad option
// (message names it) or a non-finite return (message names the index). The unchecked forms
// REQUIRE out.size() == returns.size(), valid options and finite returns.
void rolling_volatility(std::span<const double> returns, std::span<double> out, int window,
                        double periods_per_year = kTradingDaysPerYear);
void ewma_volatility(std::span<const double> returns, std::span<double> out, double lambda,
                     double periods_per_year = kTradingDaysPerYear, int seed_window = 20);
Result<std::vector<double>> rolling_volatility(std::span<const double> returns, int window = 21,
                                               double periods_per_year = kTradingDaysPerYear);
Result<std::vector<double>> ewma_volatility(std::span<const double> returns, double lambda = 0.94,
                                            double periods_per_year = kTradingDaysPerYear,
                                            int seed_window = 20);

// Volatility of the whole series: sample stdev times sqrt(periods_per_year). Needs 2 returns.
Result<double> annualised_volatility(std::span<const double> returns,
                                     double periods_per_year = kTradingDaysPerYear);

}  // namespace sp::core::risk
