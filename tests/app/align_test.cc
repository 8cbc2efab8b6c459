// sp::market::align_closes: the inner join `stockpulse risk` aligns its inputs with.
#include "market/align.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace sp::market {
namespace {

OhlcvTable table(const std::string& text) {
  auto r = parse_ohlcv(text, "t");
  EXPECT_TRUE(r.ok()) << r.error;
  return r.table;
}

AlignedCloses align(const std::vector<const OhlcvTable*>& tables) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < tables.size(); ++i) names.push_back("in" + std::to_string(i));
  return align_closes(tables, names);
}

TEST(AlignCloses, InnerJoinSortedWithMissingClosesDropped) {
  const OhlcvTable a =
      table("date,close\n2020-01-05,5\n2020-01-01,1\n2020-01-02,2\n2020-01-03,3\n2020-01-04,4\n");
  const OhlcvTable b = table(
      "date,close\n2020-01-02,20\n2020-01-03,\n2020-01-04,40\n2020-01-05,50\n2020-01-06,60\n");
  const OhlcvTable c =
      table("date,close\n2019-12-31,0.5\n2020-01-02,200\n2020-01-03,300\n2020-01-05,500\n");
  const auto r = align({&a, &b, &c});
  ASSERT_TRUE(r.ok()) << r.error;
  ASSERT_EQ(r.time_ms.size(), 2u);  // 01-02 and 01-05; 01-03 dropped (b missing), 01-04 not in c
  EXPECT_EQ(r.dropped_missing, 1u);
  EXPECT_EQ(r.closes[0], (std::vector<double>{2, 5}));
  EXPECT_EQ(r.closes[1], (std::vector<double>{20, 50}));
  EXPECT_EQ(r.closes[2], (std::vector<double>{200, 500}));
  EXPECT_EQ(a.time_text[r.rows[0][0]], "2020-01-02");
  EXPECT_EQ(a.time_text[r.rows[0][1]], "2020-01-05");
  EXPECT_LT(r.time_ms[0], r.time_ms[1]);
}

TEST(AlignCloses, OneTablePassesThroughSorted) {
  const OhlcvTable a = table("close\n3\nNaN\n1\n");
  const auto r = align({&a});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.closes[0], (std::vector<double>{3, 1}));  // row order (row numbers are the times)
  EXPECT_EQ(r.dropped_missing, 1u);
}

TEST(AlignCloses, DifferentTimeFormatsMeetOnTheSameInstant) {
  const OhlcvTable a = table("date,close\n2016-04-15,1\n2016-04-16,2\n");
  const OhlcvTable b = table("timestamp,close\n1460678400000,10\n1460764800000,20\n");
  const auto r = align({&a, &b});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.closes[1], (std::vector<double>{10, 20}));
}

TEST(AlignCloses, Errors) {
  const OhlcvTable ok = table("date,close\n2020-01-01,1\n");
  const OhlcvTable dup = table("date,close\n2020-01-01,1\n2020-01-01,2\n");
  const OhlcvTable no_close = table("date,open\n2020-01-01,1\n");
  const OhlcvTable no_time = table("close\n1\n");
  EXPECT_EQ(align({&ok, &dup}).error,
            "in1: time '2020-01-01' appears twice (rows 1 and 2 after the header)");
  EXPECT_EQ(align({&ok, &no_close}).error, "in1: no close column");
  EXPECT_EQ(align({&ok, &no_time}).error,
            "in1: no time column (date, time, timestamp or datetime) to align on");
  EXPECT_TRUE(align({}).ok());
}

}  // namespace
}  // namespace sp::market
