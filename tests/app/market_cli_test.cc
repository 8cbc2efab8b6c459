// The market-data commands end to end: simulate writes a day, itch --stats reads it back, itch-send
// replays it over MoldUDP64 to itch --udp on loopback, and bad input is reported.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <regex>
#include <sstream>
#include <string>
#include <thread>

#include "app/cli_run.h"
#include "market/book/book_set.h"
#include "market/itch/feed_file.h"
#include "support/shared_data.h"

namespace sp::app {
namespace {

using sp::testing::CliResult;
using sp::testing::run_cli;
using sp::testing::TempDir;

std::uint64_t json_number(const std::string& json, const std::string& key) {
  const std::regex re("\"" + key + "\":([0-9]+)");
  std::smatch m;
  EXPECT_TRUE(std::regex_search(json, m, re)) << key << " not in " << json;
  return m.empty() ? 0 : std::stoull(m[1]);
}

TEST(MarketCli, SimulateThenStatsAgree) {
  TempDir dir;
  const std::string file = (dir.path() / "day.itch").string();
  const CliResult sim =
      run_cli({"simulate", "--symbols", "50", "--messages", "20000", "--seed", "7", "--out", file});
  ASSERT_EQ(sim.code, 0) << sim.err;
  const std::uint64_t written = json_number(sim.out, "messages");
  EXPECT_EQ(written,
            20000u + 50u + 6u);  // flow + one directory message a symbol + six system events
  const CliResult st = run_cli({"itch", file, "--stats"});
  ASSERT_EQ(st.code, 0) << st.err;
  EXPECT_EQ(json_number(st.out, "messages"), written);
  EXPECT_EQ(json_number(st.out, "unknown"), 0u);
  EXPECT_EQ(json_number(st.out, "malformed"), 0u);
  EXPECT_EQ(json_number(st.out, "symbols"), 50u);
  // The same seed gives the same bytes.
  const std::string again = (dir.path() / "again.itch").string();
  ASSERT_EQ(
      run_cli({"simulate", "--symbols", "50", "--messages", "20000", "--seed", "7", "--out", again})
          .code,
      0);
  EXPECT_EQ(sp::testing::read_whole_file(file), sp::testing::read_whole_file(again));
}

TEST(MarketCli, BookOfASimulatedSymbol) {
  TempDir dir;
  const std::string file = (dir.path() / "day.itch").string();
  ASSERT_EQ(
      run_cli({"simulate", "--symbols", "10", "--messages", "20000", "--seed", "11", "--out", file})
          .code,
      0);
  const CliResult r =
      run_cli({"book", file, "--symbol", "AAPL", "--depth", "5", "--after", "15000"});
  ASSERT_EQ(r.code, 0) << r.err;
  ASSERT_EQ(r.out.rfind("{\"symbol\": \"AAPL\", \"bids\": [[", 0), 0u) << r.out;
  // Prices with 4 decimals; bids best (highest) first, asks best (lowest) first, not crossed.
  const std::regex level("\\[([0-9]+\\.[0-9]{4}), ([0-9]+), ([0-9]+)\\]");
  const auto asks_at = r.out.find("\"asks\"");
  ASSERT_NE(asks_at, std::string::npos);
  std::vector<double> bids, asks;
  for (auto it = std::sregex_iterator(r.out.begin(), r.out.end(), level);
       it != std::sregex_iterator(); ++it) {
    (static_cast<std::size_t>(it->position()) < asks_at ? bids : asks)
        .push_back(std::stod((*it)[1]));
    EXPECT_GT(std::stoull((*it)[2]), 0u);
    EXPECT_GT(std::stoull((*it)[3]), 0u);
  }
  ASSERT_FALSE(bids.empty());
  ASSERT_FALSE(asks.empty());
  EXPECT_LE(bids.size(), 5u);
  EXPECT_TRUE(std::is_sorted(bids.rbegin(), bids.rend()));
  EXPECT_TRUE(std::is_sorted(asks.begin(), asks.end()));
  EXPECT_LT(bids.front(), asks.front());
  const CliResult unknown = run_cli({"book", file, "--symbol", "NOPE"});
  EXPECT_EQ(unknown.code, 1);
  EXPECT_NE(unknown.err.find("NOPE"), std::string::npos) << unknown.err;
  EXPECT_EQ(run_cli({"book", file}).code, 2);
}

// The printable shares of one symbol, counted straight from the book set's trades.
std::uint64_t printable_shares(const std::string& file, std::string_view symbol) {
  struct Sum : market::book::NullBookListener {
    using market::book::NullBookListener::on_trade;
    std::string_view want;
    std::uint64_t shares = 0;
    void on_trade(const market::book::TradeEvent& t) {
      if (t.printable && market::itch::trimmed(t.symbol) == want) shares += t.shares;
    }
  } sum;
  sum.want = symbol;
  std::string error;
  auto feed = market::itch::FeedFile::open(file, &error);
  EXPECT_TRUE(feed) << error;
  if (!feed) return 0;
  market::book::BookSet<Sum> books(&sum);
  market::itch::FeedStats stats;
  feed->read(books, stats);
  return sum.shares;
}

TEST(MarketCli, BarsOfASimulatedSymbol) {
  TempDir dir;
  const std::string file = (dir.path() / "day20261124.itch").string();
  ASSERT_EQ(
      run_cli({"simulate", "--symbols", "8", "--messages", "40000", "--seed", "5", "--out", file})
          .code,
      0);
  for (const std::string tf : {"1m", "1s"}) {
    const std::string csv = (dir.path() / ("bars_" + tf + ".csv")).string();
    const CliResult r = run_cli({"itch", file, "--symbol", "AAPL", "--bars", tf, "--out", csv});
    ASSERT_EQ(r.code, 0) << r.err;
    std::istringstream in(sp::testing::read_whole_file(csv));
    std::string line;
    std::getline(in, line);
    EXPECT_EQ(line, "time,open,high,low,close,volume");
    std::uint64_t volume = 0, rows = 0;
    std::string last_time;
    const std::regex row(
        "(2026-11-24T[0-9]{2}:[0-9]{2}:[0-9]{2}),([0-9.]+),([0-9.]+),([0-9.]+),([0-9.]+),([0-9]+)");
    while (std::getline(in, line)) {
      std::smatch m;
      ASSERT_TRUE(std::regex_match(line, m, row)) << line;
      EXPECT_LT(last_time, m.str(1)) << "times must increase";
      if (tf == "1m") {
        EXPECT_EQ(m.str(1).substr(17), "00") << line;
      }
      last_time = m.str(1);
      const double open = std::stod(m.str(2)), high = std::stod(m.str(3)),
                   low = std::stod(m.str(4)), close = std::stod(m.str(5));
      EXPECT_LE(low, std::min(open, close)) << line;
      EXPECT_GE(high, std::max(open, close)) << line;
      volume += std::stoull(m.str(6));
      ++rows;
    }
    EXPECT_GT(rows, 10u);
    EXPECT_EQ(volume, printable_shares(file, "AAPL")) << tf;
  }
  EXPECT_EQ(run_cli({"itch", file, "--symbol", "NOPE", "--bars", "1m", "--out",
                     (dir.path() / "x.csv").string()})
                .code,
            1);
  EXPECT_EQ(run_cli({"itch", file, "--symbol", "AAPL", "--bars", "5m", "--out",
                     (dir.path() / "x.csv").string()})
                .code,
            2);
  EXPECT_EQ(run_cli({"itch", file, "--bars", "1m", "--out", (dir.path() / "x.csv").string()}).code,
            2);
}

TEST(MarketCli, StatsOnTheSharedSample) {
  SP_REQUIRE_SHARED_DATA();
  const auto sample =
      (sp::testing::shared_data_dir() / "itch" / "ex20101224.TEST_ITCH_50").string();
  const CliResult st = run_cli({"itch", sample, "--stats"});
  ASSERT_EQ(st.code, 0) << st.err;
  EXPECT_EQ(json_number(st.out, "messages"), 12012u);
  EXPECT_NE(st.out.find("\"P\":5000"), std::string::npos) << st.out;
  EXPECT_NE(st.out.find("\"A\":4997"), std::string::npos) << st.out;
  EXPECT_NE(st.out.find("\"D\":1745"), std::string::npos) << st.out;
  EXPECT_EQ(json_number(st.out, "malformed"), 0u);
}

TEST(MarketCli, BadInputIsReported) {
  TempDir dir;
  CliResult r = run_cli({"itch", (dir.path() / "missing.itch").string(), "--stats"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("missing.itch"), std::string::npos) << r.err;
  r = run_cli({"itch", "--stats"});
  EXPECT_EQ(r.code, 2) << r.err;
  r = run_cli({"simulate", "--symbols", "0", "--out", (dir.path() / "x.itch").string()});
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_NE(r.err.find("--symbols"), std::string::npos) << r.err;
  r = run_cli({"simulate", "--out", (dir.path() / "no" / "such" / "dir.itch").string(),
               "--messages", "10"});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("dir.itch"), std::string::npos) << r.err;
  r = run_cli({"itch-send", "x.itch", "--to", "not-a-port"});
  EXPECT_EQ(r.code, 2) << r.err;
  r = run_cli({"itch-send", "x.itch", "--to", "127.0.0.1:9", "--speed", "fast"});
  EXPECT_EQ(r.code, 2) << r.err;
  // A file that is not ITCH: counted as bad frames, never a crash.
  const std::string junk = dir.file("junk.itch", std::string("\x00\x05ZZZZZ\x00\x00\x01", 10));
  r = run_cli({"itch", junk, "--stats"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(json_number(r.out, "unknown") + json_number(r.out, "malformed") +
                    json_number(r.out, "truncated") >
                0,
            true)
      << r.out;
}

TEST(MarketCli, SendAndReceiveOverLoopback) {
  TempDir dir;
  const std::string file = (dir.path() / "day.itch").string();
  ASSERT_EQ(
      run_cli({"simulate", "--symbols", "20", "--messages", "5000", "--seed", "3", "--out", file})
          .code,
      0);
  const std::string port = std::to_string(20000 + (::getpid() % 20000));
  CliResult rx;
  std::thread receiver([&] {
    rx = run_cli({"itch", "--udp", "127.0.0.1:" + port, "--timeout", "10"});
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // let it bind
  const CliResult tx = run_cli(
      {"itch-send", file, "--to", "127.0.0.1:" + port, "--speed", "max", "--rate", "20000"});
  receiver.join();
  ASSERT_EQ(tx.code, 0) << tx.err;
  ASSERT_EQ(rx.code, 0) << rx.err << rx.out;
  EXPECT_EQ(json_number(tx.out, "messages"), 5000u + 20u + 6u);
  EXPECT_EQ(json_number(rx.out, "gaps"), 0u) << rx.out;
  EXPECT_NE(rx.out.find("\"itch\":{\"messages\":5026,"), std::string::npos) << rx.out;
}

}  // namespace
}  // namespace sp::app
