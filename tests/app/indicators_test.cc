// `stockpulse indicators` end to end: the binary run on temporary and real files, its output read
// back and compared with sp::core::compute in this process, bit for bit.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "app/cli_run.h"
#include "core/registry.h"
#include "market/ohlcv_file.h"
#include "support/shared_data.h"

namespace sp::testing {
namespace {

// n bars of a deterministic walk with every column, one per day from 2020-01-01 (no weekends
// skipped: the reader does not care), in the given layout.
std::string bars(int n, const std::string& header = "date,open,high,low,close,volume",
                 char sep = ',') {
  std::string s = header + "\n";
  double p = 100;
  for (int i = 0; i < n; ++i) {
    const double next = p * (1 + 0.01 * std::sin(i * 0.7) + 0.004 * std::cos(i * 1.3));
    const double hi = std::max(p, next) * 1.004, lo = std::min(p, next) * 0.996;
    char date[32];
    const std::int64_t ms = (18262 + i) * 86400000LL;  // 2020-01-01 + i days
    std::snprintf(date, sizeof date, "%s", market::format_time(ms).substr(0, 10).c_str());
    char row[256];
    std::snprintf(row, sizeof row, "%s%c%.4f%c%.4f%c%.4f%c%.4f%c%d\n", date, sep, p, sep, hi, sep,
                  lo, sep, next, sep, 1000 + (i * 37) % 500);
    s += row;
    p = next;
  }
  return s;
}

// True when the indicator has landed: the registry still links pending ones to scaffolding that
// aborts, so ask the binary (once per name) rather than abort this test process.
bool implemented(const std::string& name) {
  static std::map<std::string, bool> cache;
  if (auto it = cache.find(name); it != cache.end()) return it->second;
  static TempDir dir;
  static const std::string file = dir.file("probe.csv", bars(80));
  const CliResult r = run_cli({"indicators", "--input", file, "--indicator", name});
  const bool ok = r.signal == 0;
  if (!ok) {
    EXPECT_NE(r.err.find("not implemented yet"), std::string::npos) << describe(r);
  }
  return cache[name] = ok;
}

std::string spec_name(const std::string& spec) {
  return spec.substr(0, spec.find(':'));
}

// The in-process reference: sp::core::compute on the same table.
std::vector<std::vector<double>> compute_in_process(const core::IndicatorSpec& spec,
                                                    const market::OhlcvTable& t) {
  std::vector<std::vector<double>> outs(spec.info->outputs.size(), std::vector<double>(t.size()));
  std::vector<double*> ptrs;
  for (auto& o : outs) ptrs.push_back(o.data());
  core::compute(spec, t.view(), ptrs.data());
  return outs;
}

void expect_usage_error(const CliResult& r, const std::string& needle) {
  EXPECT_EQ(r.code, 2) << describe(r);
  EXPECT_EQ(r.err.rfind("stockpulse indicators: ", 0), 0u) << describe(r);
  EXPECT_NE(r.err.find(needle), std::string::npos) << "expected '" << needle << "' in\n"
                                                   << describe(r);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one line:\n" << r.err;
  EXPECT_TRUE(r.out.empty()) << describe(r);
}

void expect_input_error(const CliResult& r, const std::string& needle) {
  EXPECT_EQ(r.code, 1) << describe(r);
  EXPECT_EQ(r.err.rfind("stockpulse indicators: ", 0), 0u) << describe(r);
  EXPECT_NE(r.err.find(needle), std::string::npos) << "expected '" << needle << "' in\n"
                                                   << describe(r);
  EXPECT_TRUE(r.out.empty()) << describe(r);
}

// ---- The column-naming contract
// ------------------------------------------------------------------

struct NamingCase {
  std::string spec;
  std::vector<std::string> columns;
};

void PrintTo(const NamingCase& c, std::ostream* os) {
  *os << c.spec;
}

class ColumnNaming : public ::testing::TestWithParam<NamingCase> {};

TEST_P(ColumnNaming, RegistryAndHeaderUseTheExactNames) {
  const NamingCase& c = GetParam();
  const auto parsed = core::parse_spec(c.spec);
  ASSERT_TRUE(parsed.ok()) << parsed.error;
  EXPECT_EQ(parsed.spec.output_columns(), c.columns);
  if (!implemented(spec_name(c.spec)))
    GTEST_SKIP() << spec_name(c.spec) << " is not implemented yet";
  TempDir dir;
  const CliResult r =
      run_cli({"indicators", "--input", dir.file("b.csv", bars(60)), "--indicator", c.spec});
  ASSERT_EQ(r.code, 0) << describe(r);
  std::string expected = "time";
  for (const auto& col : c.columns) expected += "," + col;
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')), expected);
}

INSTANTIATE_TEST_SUITE_P(
    Contract, ColumnNaming,
    ::testing::Values(
        NamingCase{"rsi:14", {"rsi_14"}}, NamingCase{"rsi", {"rsi"}},
        NamingCase{"sma:5", {"sma_5"}}, NamingCase{"ema", {"ema"}},
        NamingCase{"macd:12,26,9",
                   {"macd_12_26_9.macd", "macd_12_26_9.macdsignal", "macd_12_26_9.macdhist"}},
        NamingCase{
            "bbands:20,2,2",
            {"bbands_20_2_2.upperband", "bbands_20_2_2.middleband", "bbands_20_2_2.lowerband"}},
        NamingCase{"aroon:14", {"aroon_14.aroondown", "aroon_14.aroonup"}},
        NamingCase{"aroon", {"aroon.aroondown", "aroon.aroonup"}},
        NamingCase{"stoch:5,3,0,3,0", {"stoch_5_3_0_3_0.slowk", "stoch_5_3_0_3_0.slowd"}},
        NamingCase{"t3:5,0.7", {"t3_5_0.7"}}),
    [](const ::testing::TestParamInfo<NamingCase>& info) {
      std::string s = info.param.spec;
      for (char& ch : s) {
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
      }
      return s;
    });

TEST(Indicators, SeveralIndicatorsKeepTheirOrder) {
  TempDir dir;
  const CliResult r = run_cli({"indicators", "--input", dir.file("b.csv", bars(50)), "--indicator",
                               "ema:3", "--indicator", "sma:5", "--indicator", "ema:4"});
  ASSERT_EQ(r.code, 0) << describe(r);
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')), "time,ema_3,sma_5,ema_4");
  EXPECT_EQ(split_lines(r.out).size(), 51u);
}

// ---- Values: warm-up, round trip ---------------------------------------------------------------

// Every implemented indicator with its defaults, plus a few explicit option sets.
std::vector<std::string> implemented_specs(unsigned columns) {
  std::vector<std::string> specs;
  for (const core::IndicatorInfo& info : core::indicators()) {
    if ((info.inputs & columns) != info.inputs) continue;
    if (implemented(std::string(info.name))) specs.emplace_back(info.name);
  }
  for (const char* s : {"sma:2", "ema:200", "rsi:2", "macd:5,35,5", "bbands:20,2,2", "aroon:25"}) {
    if (implemented(spec_name(s))) {
      const std::string spec = s;
      if (std::find(specs.begin(), specs.end(), spec) == specs.end()) specs.push_back(spec);
    }
  }
  return specs;
}

TEST(Indicators, RoundTripsBitExactlyOnRealData) {
  SP_REQUIRE_SHARED_DATA();
  for (const auto& file : market_files()) {
    SCOPED_TRACE(file.string());
    const market::OhlcvTable t = load_market_file(file);
    const auto specs = implemented_specs(t.columns);
    ASSERT_FALSE(specs.empty());
    std::vector<std::string> args = {"indicators", "--input", file.string()};
    for (const auto& s : specs) {
      args.push_back("--indicator");
      args.push_back(s);
    }
    for (const std::string format : {"csv", "json"}) {
      SCOPED_TRACE(format);
      std::vector<std::string> a = args;
      a.push_back("--format");
      a.push_back(format);
      const CliResult r = run_cli(a);
      ASSERT_EQ(r.code, 0) << describe(r);
      ASSERT_TRUE(r.err.empty()) << r.err;
      Csv csv;
      Json json;
      if (format == "csv") {
        csv = parse_csv(r.out);
        ASSERT_EQ(csv.rows.size(), t.size());
        ASSERT_EQ(csv.header[0], "time");
        for (std::size_t i = 0; i < t.size(); ++i) ASSERT_EQ(csv.rows[i][0], t.time_text[i]) << i;
      } else {
        ASSERT_NO_THROW(json = JsonParser::parse(r.out));
        ASSERT_EQ(json.type, Json::kObject);
        ASSERT_EQ(json.object[0].first, "time");
        ASSERT_EQ(json["time"].array.size(), t.size());
        for (std::size_t i = 0; i < t.size(); ++i)
          ASSERT_EQ(json["time"][i].string, t.time_text[i]) << i;
      }
      std::size_t col = 1;
      for (const auto& s : specs) {
        const auto parsed = core::parse_spec(s);
        ASSERT_TRUE(parsed.ok());
        const auto expected = compute_in_process(parsed.spec, t);
        const auto names = parsed.spec.output_columns();
        for (std::size_t k = 0; k < names.size(); ++k, ++col) {
          std::size_t mismatches = 0;
          if (format == "csv") {
            ASSERT_EQ(csv.header[col], names[k]);
            for (std::size_t i = 0; i < t.size(); ++i) {
              const double got = parse_field(csv.rows[i][col]);
              if (!same_double(got, expected[k][i]) && mismatches++ < 3) {
                ADD_FAILURE() << names[k] << " row " << i << ": printed '" << csv.rows[i][col]
                              << "' for " << expected[k][i];
              }
            }
          } else {
            ASSERT_EQ(json.object[col].first, names[k]);
            const Json& arr = json.object[col].second;
            ASSERT_EQ(arr.array.size(), t.size());
            for (std::size_t i = 0; i < t.size(); ++i) {
              const double want = std::isfinite(expected[k][i]) ? expected[k][i] : std::nan("");
              if (!same_double(arr[i].num(), want) && mismatches++ < 3) {
                ADD_FAILURE() << names[k] << " row " << i << ": " << arr[i].num() << " for "
                              << want;
              }
            }
          }
          EXPECT_EQ(mismatches, 0u) << names[k];
        }
      }
      EXPECT_EQ(col, format == "csv" ? csv.header.size() : json.object.size());
    }
  }
}

TEST(Indicators, FieldsAreEmptyExactlyDuringWarmUp) {
  SP_REQUIRE_SHARED_DATA();
  const auto file = shared_data_dir() / "market" / "SPY_daily_2008-2017.csv";
  for (const std::string spec : {"sma:30", "ema:10", "rsi:14", "macd:12,26,9", "bbands:20,2,2",
                                 "aroon:14", "stoch:5,3,0,3,0", "atr:14"}) {
    SCOPED_TRACE(spec);
    if (!implemented(spec_name(spec))) continue;
    const auto parsed = core::parse_spec(spec);
    ASSERT_TRUE(parsed.ok());
    const int lookback = parsed.spec.lookback();
    const CliResult r = run_cli({"indicators", "--input", file.string(), "--indicator", spec});
    ASSERT_EQ(r.code, 0) << describe(r);
    const Csv csv = parse_csv(r.out);
    ASSERT_GT(csv.rows.size(), static_cast<std::size_t>(lookback) + 1);
    for (std::size_t col = 1; col < csv.header.size(); ++col) {
      for (int i = 0; i < lookback; ++i)
        EXPECT_EQ(csv.rows[i][col], "") << csv.header[col] << " row " << i;
      EXPECT_NE(csv.rows[lookback][col], "") << csv.header[col] << " row " << lookback;
    }
  }
}

TEST(Indicators, MissingValueGivesAnEmptyFieldAndIsSkipped) {
  TempDir dir;
  const std::string f =
      dir.file("gap.csv",
               "date,close\n2020-01-01,1\n2020-01-02,2\n2020-01-03,\n2020-01-04,NaN\n"
               "2020-01-05,4\n2020-01-06,5\n");
  const CliResult r = run_cli({"indicators", "--input", f, "--indicator", "sma:2"});
  ASSERT_EQ(r.code, 0) << describe(r);
  // The missing bars do not count: sma:2 over 1, 2, 4, 5.
  EXPECT_EQ(r.out,
            "time,sma_2\n2020-01-01,\n2020-01-02,1.5\n2020-01-03,\n2020-01-04,\n2020-01-05,3\n"
            "2020-01-06,4.5\n");
}

TEST(Indicators, PrintsShortestRoundTripNumbers) {
  TempDir dir;
  // Two bars each, so that sma:2's one value is (a + b) / 2 whatever the kernel's running sums do.
  const std::pair<const char*, const char*> cases[] = {
      {"0.1\n2020-01-02,0.2", "0.15000000000000002"},  // 0.30000000000000004 / 2
      {"1e-7\n2020-01-02,1e-7", "1e-07"},
      {"3e20\n2020-01-02,3e20", "3e+20"},
      {"2\n2020-01-02,5", "3.5"},
      {"123456789012\n2020-01-02,123456789012", "123456789012"},
  };
  for (const auto& [rows, want] : cases) {
    const std::string f = dir.file("p.csv", std::string("date,close\n2020-01-01,") + rows + "\n");
    const CliResult r = run_cli({"indicators", "--input", f, "--indicator", "sma:2"});
    ASSERT_EQ(r.code, 0) << describe(r);
    EXPECT_EQ(r.out, std::string("time,sma_2\n2020-01-01,\n2020-01-02,") + want + "\n");
  }
}

// ---- Input layouts
// -------------------------------------------------------------------------------

TEST(Indicators, InputLayoutsGiveTheSameOutput) {
  TempDir dir;
  const std::string base_text = bars(40);
  const std::string base = dir.file("base.csv", base_text);
  std::vector<std::string> variants;
  // TSV.
  variants.push_back(dir.file("tab.tsv", bars(40, "date\topen\thigh\tlow\tclose\tvolume", '\t')));
  // Upper/mixed case header, an unnamed leading index column and an extra Adj Close column.
  {
    std::string t = ",DATE,Open,HIGH,low,Close,Adj Close,VOLUME\n";
    const auto lines = split_lines(base_text);
    for (std::size_t i = 1; i < lines.size(); ++i) {
      auto f = split_fields(lines[i]);
      t += std::to_string(i - 1) + "," + f[0] + "," + f[1] + "," + f[2] + "," + f[3] + "," + f[4] +
           ",1.5," + f[5] + "\n";
    }
    variants.push_back(dir.file("index.csv", t));
  }
  // Columns in another order, CRLF line endings and a UTF-8 byte order mark.
  {
    std::string t = "\xEF\xBB\xBFvolume,close,low,high,open,Date\r\n";
    const auto lines = split_lines(base_text);
    for (std::size_t i = 1; i < lines.size(); ++i) {
      auto f = split_fields(lines[i]);
      t += f[5] + "," + f[4] + "," + f[3] + "," + f[2] + "," + f[1] + "," + f[0] + "\r\n";
    }
    variants.push_back(dir.file("crlf.csv", t));
  }
  const std::vector<std::string> tail = {"--indicator", "sma:5",       "--indicator",
                                         "ema:3",       "--indicator", "rsi:4"};
  auto run_on = [&](const std::string& input, const CliOptions& opt = {}) {
    std::vector<std::string> a = {"indicators", "--input", input};
    a.insert(a.end(), tail.begin(), tail.end());
    return run_cli(a, opt);
  };
  const CliResult want = run_on(base);
  ASSERT_EQ(want.code, 0) << describe(want);
  ASSERT_EQ(split_lines(want.out).size(), 41u);
  for (const auto& v : variants) {
    const CliResult got = run_on(v);
    ASSERT_EQ(got.code, 0) << v << "\n" << describe(got);
    EXPECT_EQ(got.out, want.out) << v;
  }
  // Standard input.
  const CliResult piped = run_on("-", CliOptions{base, ""});
  ASSERT_EQ(piped.code, 0) << describe(piped);
  EXPECT_EQ(piped.out, want.out);
}

TEST(Indicators, EchoesEpochMillisecondTimes) {
  TempDir dir;
  const std::string f = dir.file("ms.tsv",
                                 "timestamp\tclose\n1460727000000\t1\n1460727060000\t2\n"
                                 "1460727120000\t4\n");
  const CliResult r = run_cli({"indicators", "--input", f, "--indicator", "sma:2"});
  ASSERT_EQ(r.code, 0) << describe(r);
  EXPECT_EQ(r.out, "time,sma_2\n1460727000000,\n1460727060000,1.5\n1460727120000,3\n");
}

TEST(Indicators, RowNumbersStandInForAMissingTimeColumn) {
  TempDir dir;
  const CliResult r = run_cli(
      {"indicators", "--input", dir.file("nt.csv", "close\n1\n2\n3\n"), "--indicator", "sma:2"});
  ASSERT_EQ(r.code, 0) << describe(r);
  EXPECT_EQ(r.out, "time,sma_2\n0,\n1,1.5\n2,2.5\n");
}

TEST(Indicators, RealTsvAndIndexedFilesEchoTheirTimes) {
  SP_REQUIRE_SHARED_DATA();
  const auto dir = shared_data_dir() / "market";
  {
    const CliResult r = run_cli({"indicators", "--input", (dir / "MSFT_1min_2016-04.tsv").string(),
                                 "--indicator", "ema:10"});
    ASSERT_EQ(r.code, 0) << describe(r);
    const auto lines = split_lines(r.out);
    ASSERT_GT(lines.size(), 11u);
    EXPECT_EQ(lines[1], "1460727000000,");
    EXPECT_EQ(lines[10].substr(0, 14), "1460727540000,");
    EXPECT_GT(lines[10].size(), 14u);
  }
  {
    const CliResult r =
        run_cli({"indicators", "--input", (dir / "SPY_daily_1999-2020.csv").string(), "--indicator",
                 "sma:3"});
    ASSERT_EQ(r.code, 0) << describe(r);
    const auto lines = split_lines(r.out);
    EXPECT_EQ(lines[0], "time,sma_3");
    EXPECT_EQ(lines[1], "1999-11-01,");
    EXPECT_EQ(lines.back().substr(0, 11), "2020-08-28,");
  }
}

TEST(Indicators, HeaderOnlyFileGivesHeaderOnly) {
  TempDir dir;
  const std::string f = dir.file("h.csv", "date,open,high,low,close,volume\n");
  CliResult r = run_cli({"indicators", "--input", f, "--indicator", "sma:5"});
  ASSERT_EQ(r.code, 0) << describe(r);
  EXPECT_EQ(r.out, "time,sma_5\n");
  r = run_cli({"indicators", "--input", f, "--indicator", "sma:5", "--format", "json"});
  ASSERT_EQ(r.code, 0) << describe(r);
  EXPECT_EQ(r.out, "{\"time\":[],\"sma_5\":[]}\n");
}

TEST(Indicators, JsonIsValidWithNullsForWarmUp) {
  TempDir dir;
  const CliResult r = run_cli({"indicators", "--input", dir.file("b.csv", bars(10)), "--indicator",
                               "sma:3", "--indicator", "ema:2", "--format=json"});
  ASSERT_EQ(r.code, 0) << describe(r);
  Json j;
  ASSERT_NO_THROW(j = JsonParser::parse(r.out)) << r.out;
  ASSERT_EQ(j.object.size(), 3u);
  EXPECT_EQ(j.object[1].first, "sma_3");
  EXPECT_EQ(j["time"][0].string, "2020-01-01");
  EXPECT_TRUE(j["sma_3"][0].is_null());
  EXPECT_TRUE(j["sma_3"][1].is_null());
  EXPECT_EQ(j["sma_3"][2].type, Json::kNumber);
  EXPECT_TRUE(j["ema_2"][0].is_null());
  EXPECT_EQ(j["ema_2"][1].type, Json::kNumber);
}

// ---- --list ------------------------------------------------------------------------------------

TEST(Indicators, ListShowsEveryIndicatorWithOptionsInputsOutputs) {
  const CliResult r = run_cli({"indicators", "--list"});
  ASSERT_EQ(r.code, 0) << describe(r);
  for (const core::IndicatorInfo& info : core::indicators()) {
    EXPECT_NE(r.out.find("\n  " + std::string(info.name) + " "), std::string::npos) << info.name;
  }
  EXPECT_NE(r.out.find("timeperiod=14"), std::string::npos);
  EXPECT_NE(r.out.find("fastperiod=12"), std::string::npos);
  EXPECT_NE(r.out.find("outputs: aroondown, aroonup"), std::string::npos);
  EXPECT_NE(r.out.find("outputs: macd, macdsignal, macdhist"), std::string::npos);
  EXPECT_NE(r.out.find("inputs:  high, low, close"), std::string::npos);
  EXPECT_EQ(r.out.find("1e+05"), std::string::npos) << "whole numbers print in full";
}

TEST(Indicators, ListJsonMatchesTheRegistry) {
  const CliResult r = run_cli({"indicators", "--list", "--format", "json"});
  ASSERT_EQ(r.code, 0) << describe(r);
  Json j;
  ASSERT_NO_THROW(j = JsonParser::parse(r.out));
  const Json& list = j["indicators"];
  const auto all = core::indicators();
  ASSERT_EQ(list.array.size(), all.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    const Json& e = list[i];
    EXPECT_EQ(e["name"].string, all[i].name);
    EXPECT_EQ(e["title"].string, all[i].title);
    EXPECT_EQ(e["in_talib"].boolean, all[i].in_talib);
    ASSERT_EQ(e["options"].array.size(), all[i].options.size()) << all[i].name;
    for (std::size_t k = 0; k < all[i].options.size(); ++k) {
      EXPECT_EQ(e["options"][k]["name"].string, all[i].options[k].name);
      EXPECT_TRUE(same_double(e["options"][k]["default"].num(), all[i].options[k].default_value));
      EXPECT_TRUE(same_double(e["options"][k]["min"].num(), all[i].options[k].min));
      EXPECT_TRUE(same_double(e["options"][k]["max"].num(), all[i].options[k].max));
      EXPECT_EQ(e["options"][k]["integer"].boolean, all[i].options[k].integer);
    }
    ASSERT_EQ(e["outputs"].array.size(), all[i].outputs.size());
    for (std::size_t k = 0; k < all[i].outputs.size(); ++k) {
      EXPECT_EQ(e["outputs"][k].string, all[i].outputs[k]);
    }
    EXPECT_FALSE(e["inputs"].array.empty());
  }
  const Json* aroon = nullptr;
  for (const auto& e : list.array) {
    if (e["name"].string == "aroon") aroon = &e;
  }
  ASSERT_NE(aroon, nullptr);
  EXPECT_EQ((*aroon)["outputs"][0].string, "aroondown");
  EXPECT_EQ((*aroon)["outputs"][1].string, "aroonup");
  EXPECT_EQ((*aroon)["inputs"][0].string, "high");
  EXPECT_EQ((*aroon)["inputs"][1].string, "low");
}

// ---- Errors
// --------------------------------------------------------------------------------------

class IndicatorErrors : public ::testing::Test {
 protected:
  TempDir dir;
  std::string good = dir.file("good.csv", bars(30));
};

TEST_F(IndicatorErrors, UsageErrorsExitTwo) {
  expect_usage_error(run_cli({"indicators", "--bogus"}), "unknown option '--bogus'");
  expect_usage_error(run_cli({"indicators", "--input", good, "--indicator", "sma", "--bogus=1"}),
                     "unknown option '--bogus'");
  expect_usage_error(run_cli({"indicators", "-x"}), "unknown option '-x'");
  expect_usage_error(run_cli({"indicators", "--input", good, "--indicator", "nosuch"}),
                     "unknown indicator 'nosuch'");
  expect_usage_error(run_cli({"indicators", "--input", good, "--indicator", "rsi:abc"}),
                     "'abc' is not a number");
  expect_usage_error(run_cli({"indicators", "--input", good, "--indicator", "rsi:1"}),
                     "timeperiod = 1 is out of range");
  expect_usage_error(run_cli({"indicators", "--input", good, "--indicator", "rsi:14.5"}),
                     "whole number");
  expect_usage_error(run_cli({"indicators", "--input", good, "--indicator", "rsi:14,3"}),
                     "too many options");
  expect_usage_error(run_cli({"indicators", "--input", good, "--indicator", "rsi:"}),
                     "not a number");
  expect_usage_error(
      run_cli({"indicators", "--input", good, "--indicator", "sma:5", "--indicator", "sma:5"}),
      "second time");
  expect_usage_error(run_cli({"indicators", "--input"}), "--input needs a value");
  expect_usage_error(run_cli({"indicators", "--input", "--indicator", "sma"}),
                     "--input needs a value");
  expect_usage_error(run_cli({"indicators", "--input", good, "--indicator"}),
                     "--indicator needs a value");
  expect_usage_error(
      run_cli({"indicators", "--input", good, "--indicator", "sma", "--format", "xml"}),
      "--format 'xml' is not one of csv, json");
  expect_usage_error(run_cli({"indicators", "--indicator", "sma"}), "--input");
  expect_usage_error(run_cli({"indicators", "--input", good}), "--indicator");
  expect_usage_error(
      run_cli({"indicators", "--input", good, "--input", good, "--indicator", "sma"}),
      "--input is given twice");
  expect_usage_error(run_cli({"indicators", "--list", "--input", good}), "--list takes no");
  expect_usage_error(run_cli({"indicators", "--list=yes"}), "--list is a flag");
  expect_usage_error(run_cli({"indicators", "--list", "--format", "csv"}), "not one of text, json");
  expect_usage_error(run_cli({"indicators", good}), "unexpected argument");
  // A usage error is reported before the input is touched.
  expect_usage_error(
      run_cli({"indicators", "--input", "/no/such/file.csv", "--indicator", "nosuch"}), "nosuch");
}

TEST_F(IndicatorErrors, InputErrorsExitOneAndNameTheInput) {
  const std::string missing = (dir.path() / "missing.csv").string();
  expect_input_error(run_cli({"indicators", "--input", missing, "--indicator", "sma"}),
                     missing + ": cannot open (No such file or directory)");
  expect_input_error(run_cli({"indicators", "--input", dir.path().string(), "--indicator", "sma"}),
                     dir.path().string() + ": cannot read (Is a directory)");
  if (std::filesystem::exists("/proc/self/mem")) {  // opens, then fails to read (EIO)
    expect_input_error(run_cli({"indicators", "--input", "/proc/self/mem", "--indicator", "sma"}),
                       "/proc/self/mem: cannot read (Input/output error)");
  }
  const std::string bad = dir.file("bad.csv", "date,close\n2020-01-01,1\n2020-01-02,abc\n");
  expect_input_error(run_cli({"indicators", "--input", bad, "--indicator", "sma"}),
                     bad + ":3: close 'abc' is not a number");
  const std::string bad_tsv =
      dir.file("bad.tsv", "date\tclose\n\n2020-01-01\t1\n2020-01-02\t1.2.3\n");
  expect_input_error(run_cli({"indicators", "--input", bad_tsv, "--indicator", "sma"}),
                     bad_tsv + ":4: close '1.2.3' is not a number");
  const std::string bad_time = dir.file("bad_time.csv", "date,close\n2020-13-01,1\n");
  expect_input_error(run_cli({"indicators", "--input", bad_time, "--indicator", "sma"}),
                     bad_time + ":2: time '2020-13-01'");
  const std::string short_row = dir.file("short.csv", "date,open,close\n2020-01-01,1\n");
  expect_input_error(run_cli({"indicators", "--input", short_row, "--indicator", "sma"}),
                     short_row + ":2: missing");
  const std::string empty = dir.file("empty.csv", "");
  expect_input_error(run_cli({"indicators", "--input", empty, "--indicator", "sma"}),
                     empty + ": empty file");
  const std::string blank = dir.file("blank.csv", "\n  \n\n");
  expect_input_error(run_cli({"indicators", "--input", blank, "--indicator", "sma"}),
                     blank + ": empty file");
  const std::string no_prices = dir.file("np.csv", "date,price\n2020-01-01,1\n");
  expect_input_error(run_cli({"indicators", "--input", no_prices, "--indicator", "sma"}),
                     no_prices + ":1: no open, high, low, close or volume column");
  const std::string close_only = dir.file("close_only.csv", "date,close\n2020-01-01,1\n");
  expect_input_error(run_cli({"indicators", "--input", close_only, "--indicator", "aroon"}),
                     close_only +
                         ": indicator 'aroon' needs the high, low columns, which the file lacks "
                         "(it has close, time)");
  expect_input_error(
      run_cli({"indicators", "--input", close_only, "--indicator", "sma", "--indicator", "obv"}),
      "indicator 'obv' needs the volume column");
  const std::string no_time = dir.file("no_time.csv", "high,low,close,volume\n2,1,1.5,10\n");
  expect_input_error(run_cli({"indicators", "--input", no_time, "--indicator", "vwap"}),
                     "indicator 'vwap' needs the time column");
  const CliResult r =
      run_cli({"indicators", "--input", "-", "--indicator", "sma"}, CliOptions{bad, ""});
  expect_input_error(r, "<stdin>:3: close 'abc' is not a number");
}

TEST_F(IndicatorErrors, UnreadableFile) {
  if (::geteuid() == 0) GTEST_SKIP() << "running as root: permissions do not stop reading";
  const std::string f = dir.file("locked.csv", bars(5));
  ::chmod(f.c_str(), 0);
  expect_input_error(run_cli({"indicators", "--input", f, "--indicator", "sma"}),
                     f + ": cannot open (Permission denied)");
}

TEST_F(IndicatorErrors, WriteFailureIsReported) {
  if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  const CliResult r =
      run_cli({"indicators", "--input", good, "--indicator", "sma:3"}, CliOptions{"", "/dev/full"});
  EXPECT_EQ(r.code, 1) << describe(r);
  EXPECT_NE(r.err.find("stockpulse indicators: <stdout>: write failed (No space left on device)"),
            std::string::npos)
      << r.err;
}

// ---- Scale
// ---------------------------------------------------------------------------------------

TEST(Indicators, MillionRowsQuickly) {
  TempDir dir;
  const std::size_t n = 1'000'000;
  std::string text = "time,close\n";
  text.reserve(n * 24);
  char row[64];
  double p = 100;
  for (std::size_t i = 0; i < n; ++i) {
    p *= 1 + 0.001 * std::sin(static_cast<double>(i) * 0.37);
    const int len = std::snprintf(row, sizeof row, "%lld,%.6f\n",
                                  1600000000000LL + static_cast<long long>(i) * 60000, p);
    text.append(row, static_cast<std::size_t>(len));
  }
  const std::string f = dir.file("big.csv", text);
  const auto start = std::chrono::steady_clock::now();
  const CliResult r =
      run_cli({"indicators", "--input", f, "--indicator", "sma:20", "--indicator", "ema:50"});
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(r.code, 0) << describe(r);
  const auto lines = split_lines(r.out);
  ASSERT_EQ(lines.size(), n + 1);
  // The last row against the in-process computation.
  const auto table = market::read_ohlcv_file(f);
  ASSERT_TRUE(table.ok());
  const auto sma = core::parse_spec("sma:20"), ema = core::parse_spec("ema:50");
  const double want_sma = compute_in_process(sma.spec, table.table)[0].back();
  const double want_ema = compute_in_process(ema.spec, table.table)[0].back();
  const auto last = split_fields(lines.back());
  EXPECT_TRUE(same_double(parse_field(last[1]), want_sma));
  EXPECT_TRUE(same_double(parse_field(last[2]), want_ema));
  // Generous: about a second on an idle machine; the bound only catches per-value I/O.
  EXPECT_LT(seconds, 30.0);
  std::printf("[          ] 1M rows, 2 indicators: %.2f s\n", seconds);
}

}  // namespace
}  // namespace sp::testing
