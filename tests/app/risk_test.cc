// `stockpulse risk` end to end: the JSON report's shape, sane numbers on real data, alignment, and
// every usage and input error.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "app/cli_run.h"
#include "core/risk/portfolio.h"
#include "support/shared_data.h"

namespace sp::testing {
namespace {

std::string spy() {
  return (shared_data_dir() / "market" / "SPY_daily_2008-2017.csv").string();
}
std::string spy_long() {
  return (shared_data_dir() / "market" / "SPY_daily_1999-2020.csv").string();
}

Json run_ok(const std::vector<std::string>& args) {
  std::vector<std::string> a = {"risk"};
  a.insert(a.end(), args.begin(), args.end());
  const CliResult r = run_cli(a);
  EXPECT_EQ(r.code, 0) << describe(r);
  EXPECT_TRUE(r.err.empty()) << r.err;
  try {
    return JsonParser::parse(r.out);
  } catch (const std::exception& e) {
    ADD_FAILURE() << e.what() << "\n" << r.out;
    return Json{};
  }
}

void expect_error(const std::vector<std::string>& args, int code, const std::string& needle) {
  std::vector<std::string> a = {"risk"};
  a.insert(a.end(), args.begin(), args.end());
  const CliResult r = run_cli(a);
  EXPECT_EQ(r.code, code) << describe(r);
  EXPECT_EQ(r.err.rfind("stockpulse risk: ", 0), 0u) << describe(r);
  EXPECT_NE(r.err.find(needle), std::string::npos) << "expected '" << needle << "' in\n"
                                                   << describe(r);
  EXPECT_TRUE(r.out.empty()) << describe(r);
}

TEST(Risk, ReportHasEveryFieldAndSaneNumbersForSpy) {
  SP_REQUIRE_SHARED_DATA();
  const Json j = run_ok({"--input", spy()});
  ASSERT_EQ(j.type, Json::kObject);
  for (const char* key :
       {"inputs", "assets", "benchmark", "alignment", "periods_per_year", "returns", "volatility",
        "tail_risk", "beta", "sharpe_ratio", "sortino_ratio", "risk_free_rate", "max_drawdown",
        "covariance", "correlation"}) {
    EXPECT_TRUE(j.has(key)) << key;
  }
  EXPECT_EQ(j["assets"][0]["name"].string, "SPY_daily_2008-2017");
  EXPECT_EQ(j["assets"][0]["weight"].num(), 1.0);
  EXPECT_EQ(j["benchmark"].string, "SPY_daily_2008-2017");
  EXPECT_EQ(j["alignment"]["prices"].num(), 2519);
  EXPECT_EQ(j["alignment"]["first"].string, "2007-12-31");
  EXPECT_EQ(j["alignment"]["last"].string, "2017-12-29");
  EXPECT_EQ(j["returns"]["count"].num(), 2518);
  for (const char* key :
       {"mean", "mean_annualised", "stdev", "skewness", "excess_kurtosis", "min", "max", "total"}) {
    EXPECT_TRUE(std::isfinite(j["returns"][key].num())) << key;
  }
  EXPECT_LT(j["returns"]["min"].num(), 0);
  EXPECT_GT(j["returns"]["max"].num(), 0);
  const Json& vol = j["volatility"];
  for (const char* key : {"annualised", "rolling_21", "ewma"}) {
    EXPECT_GT(vol[key].num(), 0.01) << key;
    EXPECT_LT(vol[key].num(), 1.0) << key;
  }
  const Json& tail = j["tail_risk"];
  EXPECT_EQ(tail["method"].string, "historical");
  EXPECT_EQ(tail["confidence"].num(), 0.99);
  EXPECT_EQ(tail["horizon_days"].num(), 1);
  const double var99 = tail["value_at_risk"].num(), es99 = tail["expected_shortfall"].num();
  EXPECT_GT(var99, 0);
  EXPECT_LT(var99, 0.2);
  EXPECT_GE(es99, var99);
  EXPECT_LT(es99, 0.3);
  EXPECT_EQ(j["beta"].num(), 1.0);  // one input: its own benchmark
  EXPECT_TRUE(std::isfinite(j["sharpe_ratio"].num()));
  EXPECT_TRUE(std::isfinite(j["sortino_ratio"].num()));
  const Json& dd = j["max_drawdown"];
  EXPECT_GT(dd["depth"].num(), 0.3);  // 2008-2009
  EXPECT_LT(dd["depth"].num(), 0.7);
  EXPECT_EQ(dd["trough"].string.substr(0, 4), "2009");
  EXPECT_EQ(dd["recovery"].type, Json::kString);
  ASSERT_EQ(j["covariance"].array.size(), 1u);
  ASSERT_EQ(j["covariance"][0].array.size(), 1u);
  EXPECT_NEAR(std::sqrt(j["covariance"][0][0].num() * 252), vol["annualised"].num(), 1e-12);
  EXPECT_EQ(j["correlation"][0][0].num(), 1.0);
}

TEST(Risk, NumbersMatchTheLibraryCalledInProcess) {
  SP_REQUIRE_SHARED_DATA();
  const Json j = run_ok(
      {"--input", spy(), "--method", "parametric", "--confidence", "0.95", "--horizon", "5"});
  const market::OhlcvTable t = load_market_file(spy());
  core::risk::RiskOptions o;
  o.method = core::risk::VarMethod::kParametric;
  o.confidence = 0.95;
  o.horizon_days = 5;
  const std::vector<std::vector<double>> prices = {t.close};
  const auto rep = core::risk::risk_report(prices, o);
  ASSERT_TRUE(rep.ok()) << rep.error();
  EXPECT_TRUE(same_double(j["tail_risk"]["value_at_risk"].num(), rep->tail_risk.value_at_risk));
  EXPECT_TRUE(
      same_double(j["tail_risk"]["expected_shortfall"].num(), rep->tail_risk.expected_shortfall));
  EXPECT_TRUE(same_double(j["volatility"]["annualised"].num(), rep->volatility));
  EXPECT_TRUE(same_double(j["volatility"]["ewma"].num(), rep->ewma_volatility));
  EXPECT_TRUE(same_double(j["sharpe_ratio"].num(), rep->sharpe_ratio));
  EXPECT_TRUE(same_double(j["max_drawdown"]["depth"].num(), rep->max_drawdown.depth));
  EXPECT_EQ(j["tail_risk"]["horizon_days"].num(), 5);
}

TEST(Risk, EveryMethodRunsAndMonteCarloIsSeeded) {
  SP_REQUIRE_SHARED_DATA();
  for (const std::string method : {"historical", "parametric", "cornish-fisher", "montecarlo"}) {
    SCOPED_TRACE(method);
    const Json j = run_ok({"--input", spy(), "--method", method, "--paths", "20000"});
    EXPECT_EQ(j["tail_risk"]["method"].string, method);
    const double var99 = j["tail_risk"]["value_at_risk"].num();
    EXPECT_GT(var99, 0);
    EXPECT_LT(var99, 0.2);
    EXPECT_GE(j["tail_risk"]["expected_shortfall"].num(), var99 * 0.999);
  }
  const auto once = run_cli(
      {"risk", "--input", spy(), "--method", "montecarlo", "--paths", "5000", "--seed", "7"});
  const auto twice = run_cli(
      {"risk", "--input", spy(), "--method", "montecarlo", "--paths", "5000", "--seed", "7"});
  const auto other = run_cli(
      {"risk", "--input", spy(), "--method", "montecarlo", "--paths", "5000", "--seed", "8"});
  ASSERT_EQ(once.code, 0) << describe(once);
  EXPECT_EQ(once.out, twice.out);
  EXPECT_NE(once.out, other.out);
  const Json j = JsonParser::parse(once.out);
  EXPECT_EQ(j["tail_risk"]["paths"].num(), 5000);
  EXPECT_EQ(j["tail_risk"]["seed"].num(), 7);
}

TEST(Risk, LongerHorizonMeansLargerParametricVar) {
  SP_REQUIRE_SHARED_DATA();
  const Json one = run_ok({"--input", spy(), "--method", "parametric"});
  const Json ten = run_ok({"--input", spy(), "--method", "parametric", "--horizon", "10"});
  EXPECT_GT(ten["tail_risk"]["value_at_risk"].num(), 2.5 * one["tail_risk"]["value_at_risk"].num());
}

TEST(Risk, TwoAssetsAlignOnTime) {
  SP_REQUIRE_SHARED_DATA();
  const Json j = run_ok({"--input", spy_long(), "--input", spy(), "--weights", "0.25,0.75"});
  // The long file covers 2008-2017 entirely: the join is the short file's dates.
  EXPECT_EQ(j["alignment"]["prices"].num(), 2519);
  EXPECT_EQ(j["alignment"]["first"].string, "2007-12-31");
  EXPECT_EQ(j["assets"][0]["name"].string, "SPY_daily_1999-2020");
  EXPECT_EQ(j["assets"][1]["name"].string, "SPY_daily_2008-2017");
  EXPECT_EQ(j["assets"][0]["weight"].num(), 0.25);
  EXPECT_EQ(j["assets"][1]["weight"].num(), 0.75);
  ASSERT_EQ(j["correlation"].array.size(), 2u);
  EXPECT_GT(j["correlation"][0][1].num(), 0.99);  // the same fund from two sources
  EXPECT_EQ(j["correlation"][0][1].num(), j["correlation"][1][0].num());
  EXPECT_NEAR(j["beta"].num(), 1.0, 0.02);
}

TEST(Risk, InnerJoinOnSmallFiles) {
  TempDir dir;
  // a: 6 days, newest first; b: days 2..7 in TSV with epoch-free ISO times, day 4's close missing.
  const std::string a =
      dir.file("a.csv",
               "date,close\n2020-01-06,106\n2020-01-05,105\n2020-01-04,104\n2020-01-03,103\n"
               "2020-01-02,102\n2020-01-01,101\n");
  const std::string b =
      dir.file("b.tsv",
               "Date\tOpen\tClose\n2020-01-02\t1\t50\n2020-01-03\t1\t51\n2020-01-04\t1\t\n"
               "2020-01-05\t1\t49\n2020-01-06\t1\t52\n2020-01-07\t1\t53\n");
  const Json j = run_ok({"--input", a, "--input", b});
  EXPECT_EQ(j["alignment"]["prices"].num(), 4);  // 01-02, 01-03, 01-05, 01-06
  EXPECT_EQ(j["alignment"]["dropped_missing_close"].num(), 1);
  EXPECT_EQ(j["alignment"]["first"].string, "2020-01-02");
  EXPECT_EQ(j["alignment"]["last"].string, "2020-01-06");
  EXPECT_EQ(j["returns"]["count"].num(), 3);
  EXPECT_EQ(j["assets"][0]["name"].string, "a");
  EXPECT_EQ(j["assets"][1]["name"].string, "b");
  // Asset a's mean return over 102, 103, 105, 106 (ascending, despite the file's order).
  const double want = ((103.0 / 102 - 1) + (105.0 / 103 - 1) + (106.0 / 105 - 1)) / 3;
  EXPECT_NEAR(j["assets"][0]["mean_return"].num(), want, 1e-15);
}

TEST(Risk, NamesAreEscapedInJson) {
  TempDir dir;
  const std::string odd = dir.file("we\"ird\\name\t1.csv",
                                   "date,close\n2020-01-01,1\n2020-01-02,1.1\n2020-01-03,1.05\n");
  const Json j = run_ok({"--input", odd});
  EXPECT_EQ(j["inputs"][0].string, odd);
  EXPECT_EQ(j["assets"][0]["name"].string, "we\"ird\\name\t1");
}

TEST(Risk, UsageErrorsExitTwo) {
  TempDir dir;
  const std::string f =
      dir.file("f.csv", "date,close\n2020-01-01,1\n2020-01-02,1.1\n2020-01-03,1.05\n");
  expect_error({}, 2, "--input");
  expect_error({"--input", f, "--weights", "0.5,0.5"}, 2, "--weights has 2 weights for 1 input");
  expect_error({"--input", f, "--input", f, "--weights", "1"}, 2,
               "--weights has 1 weight for 2 inputs");
  expect_error({"--input", f, "--weights", "0.5,x"}, 2, "item 2 'x' is not a number");
  expect_error({"--input", f, "--weights", ""}, 2, "is not a number");
  expect_error({"--input", f, "--confidence", "1.5"}, 2, "--confidence 1.5 is outside (0, 1)");
  expect_error({"--input", f, "--confidence", "0"}, 2, "--confidence 0 is outside (0, 1)");
  expect_error({"--input", f, "--confidence", "1"}, 2, "outside (0, 1)");
  expect_error({"--input", f, "--confidence", "abc"}, 2, "--confidence 'abc' is not a number");
  expect_error({"--input", f, "--confidence", "nan"}, 2, "is not a number");
  expect_error({"--input", f, "--confidence"}, 2, "--confidence needs a value");
  expect_error({"--input", f, "--horizon", "0"}, 2, "--horizon 0 is out of range");
  expect_error({"--input", f, "--horizon", "1.5"}, 2, "--horizon '1.5' is not a whole number");
  expect_error({"--input", f, "--horizon", "99999999999999999999"}, 2, "out of range");
  expect_error({"--input", f, "--method", "magic"}, 2, "--method 'magic' is not one of");
  expect_error({"--input", f, "--paths", "0"}, 2, "--paths 0 is out of range");
  expect_error({"--input", f, "--method", "montecarlo", "--paths", "10"}, 2,
               "--paths 10 is too few for --confidence 0.99: no path would fall in the tail; use "
               "at least 100");
  expect_error({"--input", f, "--seed", "-1"}, 2, "--seed '-1' is not a whole number");
  expect_error({"--input", f, "--periods-per-year", "0"}, 2, "must be positive");
  expect_error({"--input", f, "--bogus"}, 2, "unknown option '--bogus'");
  expect_error({"--input", f, "--confidence", "0.9", "--confidence", "0.95"}, 2, "given twice");
  expect_error({"--input", "-", "--input", "-"}, 2, "standard input");
}

TEST(Risk, InputErrorsExitOne) {
  TempDir dir;
  const std::string f =
      dir.file("f.csv", "date,close\n2020-01-01,1\n2020-01-02,1.1\n2020-01-03,1.05\n");
  const std::string missing = (dir.path() / "missing.csv").string();
  expect_error({"--input", f, "--input", missing}, 1, missing + ": cannot open");
  const std::string bad = dir.file("bad.csv", "date,close\n2020-01-01,1\n2020-01-02,x\n");
  expect_error({"--input", bad}, 1, bad + ":3: close 'x' is not a number");
  const std::string no_close =
      dir.file("nc.csv", "date,open\n2020-01-01,1\n2020-01-02,2\n2020-01-03,3\n");
  expect_error({"--input", no_close}, 1, no_close + ": no close column");
  const std::string later =
      dir.file("later.csv", "date,close\n2021-01-01,1\n2021-01-02,1.1\n2021-01-03,1.05\n");
  expect_error({"--input", f, "--input", later}, 1,
               "the inputs share 0 times with a close; at least 3 are needed");
  const std::string two = dir.file("two.csv", "date,close\n2020-01-01,1\n2020-01-02,1.1\n");
  expect_error({"--input", two}, 1, two + " has 2 times with a close; at least 3 are needed");
  const std::string dup = dir.file(
      "dup.csv", "date,close\n2020-01-01,1\n2020-01-02,1.1\n2020-01-02,1.2\n2020-01-03,1\n");
  expect_error({"--input", f, "--input", dup}, 1, dup + ": time '2020-01-02' appears twice");
  const std::string no_time = dir.file("nt.csv", "close\n1\n2\n3\n");
  expect_error({"--input", f, "--input", no_time}, 1, no_time + ": no time column");
  const std::string zero =
      dir.file("zero.csv", "date,close\n2020-01-01,1\n2020-01-02,0\n2020-01-03,1.05\n");
  expect_error({"--input", zero}, 1, zero + ": close 0 at time '2020-01-02' is not positive");
  const std::string empty = dir.file("empty.csv", "");
  expect_error({"--input", empty}, 1, empty + ": empty file");
  // Historical VaR over a horizon longer than the data: the library's message, exit 1.
  expect_error({"--input", f, "--horizon", "50"}, 1, "");
}

TEST(Risk, SingleFileWithoutTimeColumnAndStdin) {
  TempDir dir;
  const std::string text = "close\n100\n101\n99\n102\n103\n";
  const std::string f = dir.file("nt.csv", text);
  const Json j = run_ok({"--input", f, "--method", "parametric"});
  EXPECT_EQ(j["alignment"]["prices"].num(), 5);
  EXPECT_EQ(j["alignment"]["first"].string, "0");
  const CliResult piped =
      run_cli({"risk", "--input", "-", "--method", "parametric"}, CliOptions{f, ""});
  ASSERT_EQ(piped.code, 0) << describe(piped);
  const Json p = JsonParser::parse(piped.out);
  EXPECT_EQ(p["assets"][0]["name"].string, "stdin");
  EXPECT_EQ(p["inputs"][0].string, "<stdin>");
  EXPECT_TRUE(
      same_double(p["tail_risk"]["value_at_risk"].num(), j["tail_risk"]["value_at_risk"].num()));
}

}  // namespace
}  // namespace sp::testing
