// Session VWAP (not in TA-Lib): against StockCharts' worksheet, a hand-built two-session example,
// an independent recomputation on every real OHLCV file, and the usual stream/batch/peek/reset and
// non-finite checks.
#include "core/indicators/overlap/vwap.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/indicators/factories.h"
#include "support/indicator_check.h"
#include "support/series_match.h"
#include "support/shared_data.h"

namespace sp::core {
namespace {

using sp::testing::check_indicator;
using sp::testing::IndicatorUnderTest;

const IndicatorUnderTest kVwap{"vwap", factory::make_vwap, factory::batch_vwap, 1};

constexpr std::int64_t kMinute = 60000;
constexpr std::int64_t kDay = 86400000;

// The definition, written plainly: sessions by floor((t + offset) / day), tp = (h+l+c)/3.
std::vector<double> naive_vwap(const market::OhlcvTable& t, int offset_minutes) {
  std::vector<double> out(t.size());
  double pv = 0, v = 0;
  std::int64_t day = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const std::int64_t shifted = t.time_ms[i] + offset_minutes * kMinute;
    const std::int64_t d = shifted >= 0 ? shifted / kDay : -((-shifted + kDay - 1) / kDay);
    if (i == 0 || d != day) pv = v = 0;
    day = d;
    const double tp = (t.high[i] + t.low[i] + t.close[i]) / 3.0;
    pv += tp * t.volume[i];
    v += t.volume[i];
    out[i] = v != 0 ? pv / v : tp;
  }
  return out;
}

TEST(Vwap, MatchesDefinitionOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  for (const auto& file : sp::testing::market_files()) {
    const auto t = sp::testing::load_market_file(file);
    // 0: UTC days; -240: New York (EDT) days; 1440: the same days shifted by a whole day.
    for (int offset : {0, -240, 1440}) {
      const std::vector<std::vector<double>> ref = {naive_vwap(t, offset)};
      EXPECT_TRUE(check_indicator(kVwap, {double(offset)}, t.view(), ref, 0)) << file;
    }
    EXPECT_TRUE(sp::testing::check_nonfinite_policy(kVwap, {-240}, t)) << file;
  }
}

// StockCharts' VWAP worksheet (bukosabino/ta test data). Columns: ,Date,High,Low,Close,Typical
// Price,Volume,vwap. Its vwap column is NOT a cumulative VWAP over the whole sheet: it is ta's
// 14-bar rolling VWAP (window 14, shorter at the start), which equals the cumulative one only on
// the first 14 rows (checked below: from row 14 on the cumulative figure is off by up to 0.4).
// So: the first 14 rows against one continuous session, and every row against a session made of
// that row and the 13 before it, which is exactly a 14-bar rolling VWAP.
struct WorksheetRow {
  Bar bar;
  double vwap;
};

std::vector<WorksheetRow> read_vwap_worksheet() {
  const auto path =
      sp::testing::shared_data_dir() / "market" / "stockcharts-oracles" / "cs-vwap.csv";
  std::vector<WorksheetRow> rows;
  std::ifstream in(path);
  EXPECT_TRUE(in) << "cannot open " << path;
  std::string line;
  if (!std::getline(in, line)) return rows;
  EXPECT_EQ(line, ",Date,High,Low,Close,Typical Price,Volume,vwap");
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, ',');) f.push_back(cell);
    EXPECT_EQ(f.size(), 8u) << line;
    if (f.size() != 8) continue;
    WorksheetRow r;
    r.bar.time_ms = 0;  // every bar in one session
    r.bar.high = std::stod(f[2]);
    r.bar.low = std::stod(f[3]);
    r.bar.close = std::stod(f[4]);
    r.bar.volume = std::stod(f[6]);
    r.vwap = std::stod(f[7]);
    rows.push_back(r);
  }
  return rows;
}

TEST(Vwap, MatchesStockChartsWorksheet) {
  SP_REQUIRE_SHARED_DATA();
  const auto rows = read_vwap_worksheet();
  ASSERT_EQ(rows.size(), 30u);
  constexpr std::size_t kWindow = 14;
  // Cumulative over one session: the sheet's first 14 rows.
  Vwap cumulative(0);
  std::vector<double> ours, want;
  for (const auto& r : rows) {
    double out;
    cumulative.update(r.bar, &out);
    ours.push_back(out);
    want.push_back(r.vwap);
  }
  EXPECT_TRUE(sp::testing::series_match(std::vector<double>(ours.begin(), ours.begin() + kWindow),
                                        std::vector<double>(want.begin(), want.begin() + kWindow),
                                        1e-9));
  EXPECT_GT(std::fabs(ours.back() - want.back()), 0.1)
      << "the sheet became cumulative: simplify this test";
  // Every row: a session of the last 14 bars (fewer at the start).
  Vwap rolling(0);
  std::vector<double> windowed;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    rolling.reset();
    double out = 0;
    for (std::size_t j = i + 1 > kWindow ? i + 1 - kWindow : 0; j <= i; ++j)
      rolling.update(rows[j].bar, &out);
    windowed.push_back(out);
  }
  EXPECT_TRUE(sp::testing::series_match(windowed, want, 1e-9));
}

// Two sessions by hand: the second restarts the weighting. With offset -300 (UTC-5), 04:59 UTC is
// the previous day's session and 05:00 UTC starts a new one.
TEST(Vwap, ResetsAtEachSession) {
  Vwap vwap(-300);
  const std::int64_t day = 19000 * kDay;  // some UTC midnight
  auto bar = [](std::int64_t t, double h, double l, double c, double v) {
    Bar b;
    b.time_ms = t;
    b.high = h;
    b.low = l;
    b.close = c;
    b.volume = v;
    return b;
  };
  double out;
  vwap.update(bar(day + 4 * 60 * kMinute, 12, 9, 9, 100), &out);  // tp 10
  EXPECT_DOUBLE_EQ(out, 10);
  vwap.update(bar(day + 4 * 60 * kMinute + 59 * kMinute, 21, 19, 20, 300), &out);  // tp 20
  EXPECT_DOUBLE_EQ(out, (10 * 100 + 20 * 300) / 400.0);
  const Bar first_of_day2 = bar(day + 5 * 60 * kMinute, 31, 29, 30, 50);  // tp 30, new session
  vwap.peek(first_of_day2, &out);
  EXPECT_DOUBLE_EQ(out, 30);
  vwap.update(first_of_day2, &out);
  EXPECT_DOUBLE_EQ(out, 30);
  vwap.update(bar(day + 6 * 60 * kMinute, 42, 39, 39, 150), &out);  // tp 40
  EXPECT_DOUBLE_EQ(out, (30 * 50 + 40 * 150) / 200.0);
  // Without the offset all four bars are one UTC day.
  Vwap utc(0);
  utc.update(bar(day + 4 * 60 * kMinute, 12, 9, 9, 100), &out);
  utc.update(bar(day + 4 * 60 * kMinute + 59 * kMinute, 21, 19, 20, 300), &out);
  utc.update(bar(day + 5 * 60 * kMinute, 31, 29, 30, 50), &out);
  EXPECT_DOUBLE_EQ(out, (10 * 100 + 20 * 300 + 30 * 50) / 450.0);
}

// Before any volume trades in a session the output is the bar's typical price; zero-volume bars
// after that do not move the VWAP.
TEST(Vwap, ZeroVolume) {
  Vwap vwap(0);
  Bar b;
  b.high = 3;
  b.low = 1;
  b.close = 2;
  b.volume = 0;
  double out;
  vwap.update(b, &out);
  EXPECT_DOUBLE_EQ(out, 2);
  b.high = 6;
  b.low = 3;
  b.close = 3;
  vwap.update(b, &out);
  EXPECT_DOUBLE_EQ(out, 4);  // still no volume: this bar's typical price
  b.volume = 10;
  vwap.update(b, &out);
  EXPECT_DOUBLE_EQ(out, 4);
  b.high = b.low = b.close = 100;
  b.volume = 0;
  vwap.update(b, &out);
  EXPECT_DOUBLE_EQ(out, 4);
}

// Sessions before 1970 are floored, not truncated toward zero.
TEST(Vwap, SessionDayBeforeEpoch) {
  Vwap vwap(0);
  Bar b;
  b.high = b.low = b.close = 10;
  b.volume = 1;
  b.time_ms = -1;  // 1969-12-31T23:59:59.999Z
  double out;
  vwap.update(b, &out);
  b.time_ms = 0;  // a new day
  b.high = b.low = b.close = 20;
  vwap.update(b, &out);
  EXPECT_DOUBLE_EQ(out, 20);
}

}  // namespace
}  // namespace sp::core
