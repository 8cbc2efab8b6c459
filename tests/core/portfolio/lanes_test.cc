// The building blocks of the banks: SoaArray's layout and column rotation, sqrt_lanes, and the
// lockstep sliding extremes against SlidingExtreme, both methods, including re-labelling.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "core/indicators/overlap/sliding_extreme.h"
#include "core/portfolio/sliding_extreme_lanes.h"
#include "core/portfolio/soa_array.h"
#include "core/portfolio/sqrt_lanes.h"

namespace sp::core {
namespace {

TEST(SoaArray, RowsAreAlignedAndPadded) {
  SoaArray a(5, 13, 1.5);
  for (std::size_t r = 0; r < 5; ++r) {
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(a.row(r)) % 64, 0u);
    for (std::size_t s = 0; s < 13; ++s) EXPECT_EQ(a.at(r, s), 1.5);
  }
  EXPECT_EQ(a.row(1) - a.row(0), 16);
}

TEST(SoaArray, RotateColumnMovesOnlyThatColumn) {
  for (std::size_t rows : {1, 2, 5, 6, 12}) {
    for (std::size_t shift = 0; shift < 2 * rows + 1; ++shift) {
      SoaArray a(rows, 3);
      for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t s = 0; s < 3; ++s) a.at(r, s) = static_cast<double>(100 * s + r);
      }
      a.rotate_column(1, shift);
      for (std::size_t r = 0; r < rows; ++r) {
        EXPECT_EQ(a.at((r + shift) % rows, 1), static_cast<double>(100 + r));
        EXPECT_EQ(a.at(r, 0), static_cast<double>(r));
        EXPECT_EQ(a.at(r, 2), static_cast<double>(200 + r));
      }
    }
  }
}

TEST(SqrtLanes, CorrectlyRoundedLikeStdSqrt) {
  std::mt19937_64 rng(3);
  std::vector<double> x(1003), y(1003);
  for (double& v : x)
    v = std::ldexp(static_cast<double>(rng() >> 11), static_cast<int>(rng() % 80) - 90);
  x[0] = 0;
  x[1] = -0.0;
  x[2] = 1e-300;
  x[3] = 4;
  x[4] = -1;
  sqrt_lanes(x.data(), y.data(), x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double want = std::sqrt(x[i]);
    if (std::isnan(want)) {
      EXPECT_TRUE(std::isnan(y[i]));
    } else {
      EXPECT_EQ(std::bit_cast<std::uint64_t>(y[i]), std::bit_cast<std::uint64_t>(want)) << i;
    }
  }
  sqrt_lanes(x.data() + 5, x.data() + 5, 998);  // in place
  for (std::size_t i = 5; i < x.size(); ++i) EXPECT_EQ(x[i], y[i]);
}

template <class Lanes, class Scalar>
void expect_extremes(ExtremeMethod method, int window) {
  constexpr std::size_t kSymbols = 11;
  Lanes lanes(kSymbols, window, method);
  std::vector<Scalar> scalars(kSymbols, Scalar(window));
  std::mt19937_64 rng(static_cast<std::uint64_t>(window));
  std::uniform_int_distribution<int> level(0, 20);  // few levels: many ties
  std::vector<double> x(kSymbols), out(kSymbols), peeked(kSymbols);
  for (std::uint64_t t = 0; t < 500; ++t) {
    for (double& v : x) v = level(rng);
    lanes.template push<false>(0, kSymbols, t, x.data(), peeked.data());
    lanes.template push<true>(0, kSymbols, t, x.data(), out.data());
    for (std::size_t s = 0; s < kSymbols; ++s) {
      ASSERT_EQ(peeked[s], scalars[s].peek(x[s])) << "t " << t << " s " << s;
      scalars[s].push(x[s]);
      ASSERT_EQ(out[s], scalars[s].value()) << "t " << t << " s " << s;
    }
  }
}

TEST(SlidingExtremeLanes, MatchSlidingExtremeBothMethods) {
  for (ExtremeMethod m : {ExtremeMethod::kRescan, ExtremeMethod::kBlocks}) {
    for (int window : {1, 2, 3, 5, 8, 14, 30}) {
      SCOPED_TRACE(::testing::Message()
                   << "method " << static_cast<int>(m) << " window " << window);
      expect_extremes<SlidingMaxLanes, SlidingMax>(m, window);
      expect_extremes<SlidingMinLanes, SlidingMin>(m, window);
    }
  }
}

// A series pushed on its own clock, then re-labelled to a later clock, continues as if nothing
// had happened.
TEST(SlidingExtremeLanes, RealignKeepsTheWindow) {
  for (ExtremeMethod m : {ExtremeMethod::kRescan, ExtremeMethod::kBlocks}) {
    for (int window : {1, 3, 5, 7}) {
      for (std::uint64_t lag = 1; lag < 12; ++lag) {
        SlidingMaxLanes lanes(1, window, m);
        SlidingMax scalar(window);
        std::mt19937_64 rng(lag * 31 + static_cast<std::uint64_t>(window));
        double x, out;
        std::uint64_t t = 0;
        for (; t < 40; ++t) {
          x = static_cast<double>(rng() % 50);
          lanes.push<true>(0, 1, t, &x, &out);
          scalar.push(x);
        }
        lanes.realign(0, t, t + lag);
        for (std::uint64_t u = t + lag; u < t + lag + 40; ++u) {
          x = static_cast<double>(rng() % 50);
          double peeked;
          lanes.push<false>(0, 1, u, &x, &peeked);
          ASSERT_EQ(peeked, scalar.peek(x));
          lanes.push<true>(0, 1, u, &x, &out);
          scalar.push(x);
          ASSERT_EQ(out, scalar.value())
              << "method " << static_cast<int>(m) << " window " << window << " lag " << lag;
        }
      }
    }
  }
}

}  // namespace
}  // namespace sp::core
