// The batch kernels of src/core/kernels/ on synthetic series against the serial loops they
// replace: every length around the vector steps' boundaries, periods from 1 to 200, and the
// non-finite report with one bad value at every position.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "core/indicators/overlap/dema.h"
#include "core/indicators/overlap/t3.h"
#include "core/indicators/overlap/tema.h"
#include "core/kernels/ema_cascade.h"
#include "core/kernels/ema_kernel.h"
#include "core/kernels/window_sum.h"
#include "support/series_match.h"

namespace sp::core {
namespace {

std::vector<double> walk(std::size_t n, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  std::vector<double> x(n);
  double p = 100;
  for (auto& v : x) v = p *= 1 + 0.01 * u(rng);
  return x;
}

// TA-Lib's loop, the reference.
std::vector<double> serial(const std::vector<double>& x, int period, double k) {
  std::vector<double> out(x.size(), std::numeric_limits<double>::quiet_NaN());
  if (x.size() < static_cast<std::size_t>(period)) return out;
  double e = 0;
  for (int i = 0; i < period; ++i) e += x[i];
  e /= period;
  out[period - 1] = e;
  for (std::size_t i = period; i < x.size(); ++i) out[i] = e = (x[i] - e) * k + e;
  return out;
}

TEST(EmaKernel, MatchesTheSerialLoop) {
  for (int period : {1, 2, 3, 4, 5, 9, 20, 200}) {
    for (double k : {2.0 / (period + 1), 1.0 / period}) {
      for (std::size_t n : {0,  1,  2,  3,   5,    8,    11,   12,   13,   19,   20,
                            21, 27, 64, 211, 1000, 1033, 1040, 2100, 5003, 30001}) {
        const auto x = walk(n, n * 31 + period);
        std::vector<double> out(n, 12345.0);
        EXPECT_TRUE(kernels::ema_batch(x.data(), n, period, k, out.data()));
        EXPECT_TRUE(sp::testing::series_match(out, serial(x, period, k), 1e-14))
            << "period " << period << " k " << k << " n " << n;
      }
    }
  }
}

TEST(EmaKernel, ReportsEveryNonFiniteInput) {
  const double bads[] = {std::numeric_limits<double>::quiet_NaN(),
                         std::numeric_limits<double>::infinity(),
                         -std::numeric_limits<double>::infinity()};
  for (int period : {1, 2, 5, 20}) {
    const std::size_t n = 53;
    for (std::size_t at = 0; at < n; ++at) {
      for (double bad : bads) {
        auto x = walk(n, 7);
        x[at] = bad;
        std::vector<double> out(n);
        EXPECT_FALSE(kernels::ema_batch(x.data(), n, period, 2.0 / (period + 1), out.data()))
            << "period " << period << " bad " << bad << " at " << at;
      }
    }
  }
}

// The definition, each window summed afresh (TA-Lib's running sum drifts by more than 1e-14 over
// 30000 bars; the kernels re-seed theirs).
std::vector<double> direct_mean(const std::vector<double>& x, int period) {
  std::vector<double> out(x.size(), std::numeric_limits<double>::quiet_NaN());
  for (std::size_t i = period - 1; i < x.size() && period <= static_cast<int>(x.size()); ++i) {
    double sum = 0;
    for (int j = 0; j < period; ++j) sum += x[i - j];
    out[i] = sum / period;
  }
  return out;
}

TEST(WindowMean, MatchesTheDefinition) {
  for (int period : {1, 2, 3, 4, 5, 8, 9, 20, 200}) {
    for (std::size_t n : {0,  1,  2,  3,   5,    8,    11,   12,   13,   19,   20,
                          21, 27, 64, 211, 1000, 1033, 1040, 2100, 5003, 30001}) {
      const auto x = walk(n, n * 31 + period);
      std::vector<double> out(n, 12345.0);
      EXPECT_TRUE(kernels::window_mean(x.data(), n, period, out.data()));
      EXPECT_TRUE(sp::testing::series_match(out, direct_mean(x, period), 1e-14))
          << "period " << period << " n " << n;
    }
  }
}

std::vector<double> serial_wma(const std::vector<double>& x, int period) {
  std::vector<double> out(x.size(), std::numeric_limits<double>::quiet_NaN());
  for (std::size_t i = period - 1; i < x.size() && period <= static_cast<int>(x.size()); ++i) {
    double w = 0;
    for (int j = 0; j < period; ++j) w += (period - j) * x[i - j];
    out[i] = w / (period * (period + 1) / 2.0);
  }
  return out;
}

// 5e-14: the weighted sum adds up the plain sum's rounding between re-seeds (window_sum.h).
TEST(WindowWeightedMean, MatchesTheDefinition) {
  for (int period : {1, 2, 3, 4, 5, 8, 9, 20, 200}) {
    for (std::size_t n : {0,  1,  2,  3,   5,    8,    11,   12,   13,   19,   20,
                          21, 27, 64, 211, 1000, 1033, 1040, 2100, 5003, 30001}) {
      const auto x = walk(n, n * 31 + period);
      std::vector<double> out(n, 12345.0);
      EXPECT_TRUE(kernels::window_weighted_mean(x.data(), n, period, out.data()));
      EXPECT_TRUE(sp::testing::series_match(out, serial_wma(x, period), 5e-14))
          << "period " << period << " n " << n;
    }
  }
}

TEST(WindowMean, ReportsEveryNonFiniteInput) {
  const double bads[] = {std::numeric_limits<double>::quiet_NaN(),
                         std::numeric_limits<double>::infinity(),
                         -std::numeric_limits<double>::infinity()};
  for (int period : {1, 2, 5, 20}) {
    const std::size_t n = 53;
    for (std::size_t at = 0; at < n; ++at) {
      for (double bad : bads) {
        auto x = walk(n, 7);
        x[at] = bad;
        std::vector<double> out(n);
        EXPECT_FALSE(kernels::window_mean(x.data(), n, period, out.data()))
            << "period " << period << " at " << at;
        EXPECT_FALSE(kernels::window_weighted_mean(x.data(), n, period, out.data()))
            << "period " << period << " at " << at;
      }
    }
  }
}

template <class T>
std::vector<double> stream_over(T ind, const std::vector<double>& x) {
  std::vector<double> out;
  for (double v : x) out.push_back(ind.update(v));
  return out;
}

TEST(EmaCascade, MatchesDemaTemaT3) {
  for (int period : {1, 2, 3, 5, 9, 20, 70}) {
    const double k = 2.0 / (period + 1.0);
    for (std::size_t n :
         {0, 1, 2, 5, 13, 20, 40, 63, 64, 65, 127, 128, 130, 200, 211, 500, 1000, 5003}) {
      const auto x = walk(n, n * 7 + period);
      std::vector<double> out(n, 12345.0);
      if (period >= 2) {
        EXPECT_TRUE(kernels::ema_cascade<2>(x.data(), n, period, k, {2.0, -1.0}, out.data()));
        EXPECT_TRUE(sp::testing::series_match(out, stream_over(Dema(period), x), 1e-13))
            << "dema " << period << " n " << n;
        EXPECT_TRUE(kernels::ema_cascade<3>(x.data(), n, period, k, {3.0, -3.0, 1.0}, out.data()));
        EXPECT_TRUE(sp::testing::series_match(out, stream_over(Tema(period), x), 1e-13))
            << "tema " << period << " n " << n;
        const T3 t3(period, 0.7);
        const auto c = t3.coefficients();
        EXPECT_TRUE(kernels::ema_cascade<6>(x.data(), n, period, k, {0, 0, c.c4, c.c3, c.c2, c.c1},
                                            out.data()));
        EXPECT_TRUE(sp::testing::series_match(out, stream_over(t3, x), 1e-13))
            << "t3 " << period << " n " << n;
      }
      EXPECT_TRUE(kernels::ema_cascade<1>(x.data(), n, period, k, {1.0}, out.data()));
      EXPECT_TRUE(sp::testing::series_match(out, serial(x, period, k), 1e-14))
          << "ema " << period << " n " << n;
    }
  }
}

TEST(EmaCascade, ReportsEveryNonFiniteInput) {
  const double bads[] = {std::numeric_limits<double>::quiet_NaN(),
                         std::numeric_limits<double>::infinity(),
                         -std::numeric_limits<double>::infinity()};
  for (int period : {2, 5, 20}) {
    const std::size_t n = 150;
    for (std::size_t at = 0; at < n; ++at) {
      for (double bad : bads) {
        auto x = walk(n, 7);
        x[at] = bad;
        std::vector<double> out(n);
        EXPECT_FALSE(kernels::ema_cascade<3>(x.data(), n, period, 2.0 / (period + 1),
                                             {3.0, -3.0, 1.0}, out.data()))
            << "period " << period << " at " << at;
      }
    }
  }
}

}  // namespace
}  // namespace sp::core
