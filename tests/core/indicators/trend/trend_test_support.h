// What the trend group's tests share: the data sets every indicator is checked on (each real market
// file, plus one synthetic table built to reach TA-Lib's special cases) and a loop that checks one
// indicator against its TA-Lib call at several option sets.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "market/ohlcv_file.h"
#include "support/indicator_check.h"
#include "support/shared_data.h"
#include "support/talib_ref.h"

namespace sp::testing {

// A table made to reach the branches real data rarely does: 60 all-zero bars first (zero true
// range, zero closes for ROC/TRIX/PPO), a random walk on a 0.25 grid (ties among highs and lows for
// AROON), 500 flat bars (Wilder-smoothed true range decaying below TA_IS_ZERO), another walk.
inline market::OhlcvTable edge_case_table() {
  market::OhlcvTable t;
  t.columns = core::kOpen | core::kHigh | core::kLow | core::kClose | core::kVolume;
  std::uint64_t seed = 12345;
  auto next = [&seed](int m) {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<int>((seed >> 33) % static_cast<std::uint64_t>(m));
  };
  auto add = [&t](double o, double h, double l, double c) {
    t.time_ms.push_back(static_cast<std::int64_t>(t.time_ms.size()) * 60000);
    t.time_text.push_back(std::to_string(t.time_ms.back()));
    t.open.push_back(o);
    t.high.push_back(h);
    t.low.push_back(l);
    t.close.push_back(c);
    t.volume.push_back(1000);
  };
  for (int i = 0; i < 60; ++i) add(0, 0, 0, 0);
  double close = 100;
  auto walk = [&](int bars) {
    for (int i = 0; i < bars; ++i) {
      const double open = close;
      close = open + 0.25 * (next(9) - 4);
      add(open, std::max(open, close) + 0.25 * next(3), std::min(open, close) - 0.25 * next(3),
          close);
    }
  };
  walk(140);
  for (int i = 0; i < 500; ++i) add(close, close, close, close);
  walk(300);
  return t;
}

struct DataSet {
  std::string name;
  market::OhlcvTable table;
};

// Every real market file (call SP_REQUIRE_SHARED_DATA() first).
inline std::vector<DataSet> market_data_sets() {
  std::vector<DataSet> out;
  for (const auto& file : market_files())
    out.push_back({file.filename().string(), load_market_file(file)});
  return out;
}

inline std::vector<DataSet> edge_data_sets() {
  return {{"edge_case_table", edge_case_table()}};
}

// Checks `ind` on each of `data` at every option set against `ref(table, opts)`, which returns
// TA-Lib's outputs laid out by talib_full, with `lookback(opts)` as TA-Lib's lookback; then the
// non-finite policy once per data set at the first option set.
template <int N, class Ref, class Lookback>
void check_against_talib(const std::vector<DataSet>& data, const IndicatorUnderTest& ind,
                         const std::vector<std::vector<double>>& option_sets, Ref&& ref,
                         Lookback&& lookback) {
  ASSERT_FALSE(data.empty());
  for (const auto& ds : data) {
    const market::OhlcvTable& t = ds.table;
    const int n = static_cast<int>(t.size());
    for (const auto& opts : option_sets) {
      auto expected = talib_full<N>(
          t.size(), [&](int* b, int* nb, double* const* o) { return ref(t, n, opts, b, nb, o); });
      EXPECT_TRUE(check_indicator(ind, opts, t.view(), expected, lookback(opts))) << ds.name;
    }
    EXPECT_TRUE(check_nonfinite_policy(ind, option_sets.front(), t)) << ds.name;
  }
}

inline int iopt(const std::vector<double>& o, std::size_t i) {
  return static_cast<int>(o[i]);
}

}  // namespace sp::testing
