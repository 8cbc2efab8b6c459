// The `stockpulse` binary's top level: help, version, dispatch, exit codes.
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "app/cli_run.h"

namespace sp::testing {
namespace {

TEST(Cli, HelpListsExactlyTheCommandsThatExist) {
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"--help"}, {"-h"}, {"help"}}) {
    const CliResult r = run_cli(args);
    ASSERT_EQ(r.code, 0) << describe(r);
    EXPECT_TRUE(r.err.empty());
    EXPECT_NE(r.out.find("Usage: stockpulse <command>"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\n  indicators "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\n  risk "), std::string::npos) << r.out;
    for (const char* present : {"itch", "itch-send", "book", "simulate", "serve"}) {
      EXPECT_NE(r.out.find(std::string("\n  ") + present + " "), std::string::npos) << present;
    }
    for (const char* future : {"edge", "intel"}) {
      EXPECT_EQ(r.out.find(std::string("\n  ") + future + " "), std::string::npos) << future;
    }
  }
}

TEST(Cli, NoArgumentsIsAUsageError) {
  const CliResult r = run_cli({});
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(r.out.empty());
  EXPECT_NE(r.err.find("Usage: stockpulse <command>"), std::string::npos) << r.err;
}

TEST(Cli, CommandHelpThreeWays) {
  for (const std::string cmd : {"indicators", "risk"}) {
    const CliResult a = run_cli({"help", cmd});
    const CliResult b = run_cli({cmd, "--help"});
    const CliResult c = run_cli({cmd, "-h"});
    ASSERT_EQ(a.code, 0) << describe(a);
    ASSERT_EQ(b.code, 0) << describe(b);
    ASSERT_EQ(c.code, 0) << describe(c);
    EXPECT_EQ(a.out, b.out);
    EXPECT_EQ(a.out, c.out);
    EXPECT_EQ(a.out.rfind("Usage: stockpulse " + cmd + " ", 0), 0u) << a.out;
    EXPECT_NE(a.out.find("Exit status"), std::string::npos);
  }
  // --help wins over everything else on the line, even errors.
  const CliResult r = run_cli({"indicators", "--input", "/no/such", "--help"});
  EXPECT_EQ(r.code, 0) << describe(r);
}

TEST(Cli, IndicatorsHelpDocumentsTheContract) {
  const CliResult r = run_cli({"help", "indicators"});
  ASSERT_EQ(r.code, 0);
  for (const char* needle : {"--input FILE", "--indicator SPEC", "--format", "--list",
                             "macd_12_26_9.macdsignal", "bbands_20_2_2.upperband",
                             "aroon.aroondown, aroon.aroonup", "empty", "null", "\"time\":["}) {
    EXPECT_NE(r.out.find(needle), std::string::npos) << needle;
  }
}

TEST(Cli, RiskHelpDocumentsTheJoin) {
  const CliResult r = run_cli({"help", "risk"});
  ASSERT_EQ(r.code, 0);
  for (const char* needle : {"INNER JOIN", "--weights", "--confidence", "--horizon", "--method",
                             "--seed", "--paths", "cornish-fisher", "montecarlo"}) {
    EXPECT_NE(r.out.find(needle), std::string::npos) << needle;
  }
}

TEST(Cli, UnknownCommandAndOptions) {
  CliResult r = run_cli({"frobnicate"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "stockpulse: unknown command 'frobnicate' (stockpulse --help lists them)\n");
  r = run_cli({"serve", "--frobnicate"});  // a command, but not its option: nothing starts
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("unknown option '--frobnicate'"), std::string::npos) << r.err;
  r = run_cli({"help", "frobnicate"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("frobnicate"), std::string::npos);
  r = run_cli({"--frobnicate"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("unknown option '--frobnicate'"), std::string::npos);
  r = run_cli({"help", "risk", "indicators"});
  EXPECT_EQ(r.code, 2);
}

TEST(Cli, VersionMatchesCMakeProject) {
  const CliResult r = run_cli({"--version"});
  ASSERT_EQ(r.code, 0) << describe(r);
  const std::string cmake =
      read_whole_file(std::filesystem::path(SP_SOURCE_DIR) / "CMakeLists.txt");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(cmake, m, std::regex(R"(project\(stockpulse VERSION ([0-9.]+))")));
  EXPECT_EQ(r.out, "stockpulse " + m[1].str() + "\n");
}

}  // namespace
}  // namespace sp::testing
