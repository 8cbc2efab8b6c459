// The batch kernels of TRIMA, SAR, ROC, ULTOSC, BOP and TRANGE at their edges: every length from 0
// to past a few vector steps, every alignment of the output (the kernels peel bars until the output
// is 64-byte aligned), a long series (TRIMA's re-seeds, ULTOSC's blocks), and a NaN or an infinity
// at the head, in the vector body and in the tail. Each case is checked against the streaming form
// through the registry: bit for bit for the five whose batch keeps the stream's arithmetic, within
// 1e-12 for TRIMA (README: its batch advances its sums 8 bars at a time). The real-data
// comparisons with TA-Lib live beside each indicator's own tests.
#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "core/registry.h"

namespace sp::core {
namespace {

struct Columns {
  std::vector<double> open, high, low, close;
};

// A seeded random walk with consistent bars (low <= open, close <= high).
Columns random_walk(std::size_t n, std::uint64_t seed) {
  Columns c;
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(-1.0, 1.0), spread(0.0, 1.0);
  double price = 100.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double open = price;
    price *= 1.0 + 0.01 * u(rng);
    c.open.push_back(open);
    c.close.push_back(price);
    c.high.push_back(std::max(open, price) * (1.0 + 0.004 * spread(rng)));
    c.low.push_back(std::min(open, price) * (1.0 - 0.004 * spread(rng)));
  }
  return c;
}

const char* const kSpecs[] = {
    "trima:20", "trima:7", "trima:2",        "sar:0.02,0.2", "roc:10", "roc:1", "roc:16",
    "roc:17",   "roc:40",  "ultosc:7,14,28", "ultosc:2,3,1", "bop",    "trange"};

double tolerance(const std::string& spec) {
  return spec.rfind("trima", 0) == 0 ? 1e-12 : 0.0;
}

// Batch into out[offset ..] (so the output starts at every alignment), stream bar by bar, compare.
::testing::AssertionResult batch_equals_stream(const std::string& text, const Columns& c,
                                               std::size_t offset) {
  const SpecResult parsed = parse_spec(text);
  if (!parsed.ok()) return ::testing::AssertionFailure() << parsed.error;
  const std::size_t n = c.close.size();
  std::vector<double> storage(n + 16, -1.0);
  double* out = storage.data() + offset;
  double* outs[1] = {out};
  const OhlcvView view{nullptr, c.open.data(), c.high.data(), c.low.data(), c.close.data(), nullptr,
                       n};
  compute(parsed.spec, view, outs);
  auto stream = parsed.spec.stream();
  const double tol = tolerance(text);
  for (std::size_t i = 0; i < n; ++i) {
    Bar bar;
    bar.open = c.open[i];
    bar.high = c.high[i];
    bar.low = c.low[i];
    bar.close = c.close[i];
    double s;
    stream->update(bar, &s);
    const bool same = std::isnan(s) ? std::isnan(out[i])
                                    : std::fabs(out[i] - s) <= tol * std::max(1.0, std::fabs(s));
    if (!same) {
      return ::testing::AssertionFailure() << text << " n=" << n << " offset=" << offset << " at "
                                           << i << ": batch " << out[i] << ", stream " << s;
    }
  }
  if (storage[offset + n] != -1.0) {
    return ::testing::AssertionFailure() << text << " n=" << n << ": wrote past the end";
  }
  return ::testing::AssertionSuccess();
}

TEST(BatchEdges, EveryLengthAndAlignment) {
  for (const char* spec : kSpecs) {
    for (std::size_t n = 0; n <= 80; ++n) {
      const Columns c = random_walk(n, 7 + n);
      for (std::size_t offset = 0; offset < 8; ++offset) {
        EXPECT_TRUE(batch_equals_stream(spec, c, offset));
      }
    }
  }
}

// Long enough for many TRIMA re-seeds and ULTOSC blocks, with lengths that leave tails.
TEST(BatchEdges, LongSeries) {
  for (std::size_t n : {5003u, 100'001u}) {
    const Columns c = random_walk(n, n);
    for (const char* spec : kSpecs) EXPECT_TRUE(batch_equals_stream(spec, c, 3));
  }
}

// TRIMA's running sums are re-seeded from the window; over a long series they stay close to the
// exact weighted sum (TA-Lib's serial sums drift: on 1M bars of this walk it is off by 4e-9 at
// period 20 and 3e-3 at period 7, relative).
TEST(BatchEdges, TrimaStaysExactOverALongSeries) {
  const std::size_t n = 300'000;
  const Columns c = random_walk(n, 11);
  for (int period : {7, 20, 31}) {
    const SpecResult parsed = parse_spec("trima:" + std::to_string(period));
    ASSERT_TRUE(parsed.ok());
    std::vector<double> out(n);
    double* outs[1] = {out.data()};
    const OhlcvView view{nullptr, nullptr, nullptr, nullptr, c.close.data(), nullptr, n};
    compute(parsed.spec, view, outs);
    const int m1 = period % 2 ? (period + 1) / 2 : period / 2;
    const int m2 = period % 2 ? (period + 1) / 2 : period / 2 + 1;
    double worst = 0;
    for (std::size_t i = static_cast<std::size_t>(period - 1); i < n; i += 101) {
      long double t = 0;
      for (int j = 0; j < period; ++j) {
        const int w = std::min(std::min(j + 1, period - j), std::min(m1, m2));
        t += static_cast<long double>(c.close[i - static_cast<std::size_t>(j)]) * w;
      }
      const long double exact = t / (m1 * m2);
      worst = std::max(worst, static_cast<double>(std::fabs((out[i] - exact) / exact)));
    }
    EXPECT_LT(worst, 1e-13) << "trima:" << period;
  }
}

// A NaN or an infinity in any column the indicator reads, at the head, in the vector body or in the
// tail: the batch falls back to the bar-by-bar policy and still equals the stream.
TEST(BatchEdges, NonFiniteAnywhere) {
  const double bad[] = {std::nan(""), std::numeric_limits<double>::infinity(),
                        -std::numeric_limits<double>::infinity()};
  const std::size_t n = 203;
  for (const char* spec : kSpecs) {
    for (std::size_t at : {0u, 1u, 2u, 9u, 64u, 101u, 200u, 202u}) {
      for (int column = 0; column < 4; ++column) {
        for (double v : bad) {
          Columns c = random_walk(n, 5);
          std::vector<double>* cols[] = {&c.open, &c.high, &c.low, &c.close};
          (*cols[column])[at] = v;
          EXPECT_TRUE(batch_equals_stream(spec, c, 0))
              << "bad value in column " << column << " at " << at;
        }
      }
    }
  }
}

}  // namespace
}  // namespace sp::core
