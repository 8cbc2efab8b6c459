// `stockpulse itch` with --db and --vwap end to end, its bad inputs, and the progress line of the
// long market-data commands: on a terminal (a pseudo-terminal as standard error) and not.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <pty.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "app/cli_run.h"
#include "store/store.h"

extern char** environ;

namespace sp::app {
namespace {

using sp::testing::CliResult;
using sp::testing::run_cli;
using sp::testing::TempDir;

std::string json_field(const std::string& json, const std::string& key) {
  const std::regex re("\"" + key + "\":(null|[-0-9.e]+|\"[^\"]*\")");
  std::smatch m;
  EXPECT_TRUE(std::regex_search(json, m, re)) << key << " not in " << json;
  return m.empty() ? "" : m.str(1);
}

std::string simulate(const TempDir& dir, int messages = 30000,
                     const std::string& name = "day20261124.itch") {
  const std::string file = (dir.path() / name).string();
  const CliResult r = run_cli({"simulate", "--symbols", "10", "--messages",
                               std::to_string(messages), "--seed", "9", "--out", file});
  EXPECT_EQ(r.code, 0) << r.err;
  return file;
}

TEST(ItchDbCli, StoresTheDayAndAgainStoresNothing) {
  TempDir dir;
  const std::string file = simulate(dir);
  const std::string db = (dir.path() / "m.db").string();
  CliResult r = run_cli({"itch", file, "--db", db, "--acks", "--batch", "200"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "") << "quiet when standard error is not a terminal";
  // {"acknowledged":N} lines, increasing, then the summary.
  std::istringstream lines(r.out);
  std::string line, summary;
  std::int64_t last = 0;
  int acks = 0;
  while (std::getline(lines, line)) {
    std::smatch m;
    if (std::regex_match(line, m, std::regex("\\{\"acknowledged\":([0-9]+)\\}"))) {
      EXPECT_GT(std::stoll(m[1]), last);
      last = std::stoll(m[1]);
      ++acks;
    } else {
      summary = line;
    }
  }
  EXPECT_GT(acks, 5);
  const std::int64_t messages = 30000 + 10 + 6;
  EXPECT_EQ(last, messages);
  EXPECT_EQ(json_field(summary, "messages"), std::to_string(messages));
  EXPECT_EQ(json_field(summary, "resumed_after"), "null");
  EXPECT_EQ(json_field(summary, "stored_through"), std::to_string(messages));
  EXPECT_EQ(json_field(summary, "source"), "\"itch:2026-11-24:day20261124.itch\"");
  EXPECT_EQ(json_field(summary, "symbols"), "10");
  const std::uint64_t trades = std::stoull(json_field(summary, "trades"));
  EXPECT_GT(trades, 500u);

  // What the database holds: as many trades as reported, times in UTC (the day is in EST: UTC-5,
  // and the simulator trades between 09:30 and 16:00 New York time).
  std::string error;
  auto store = store::open_store("sqlite:" + db, &error);
  ASSERT_TRUE(store) << error;
  auto symbols = store->symbols();
  ASSERT_TRUE(symbols.ok()) << symbols.error();
  ASSERT_EQ(symbols->size(), 10u);
  std::uint64_t stored = 0;
  for (const auto& s : *symbols) {
    auto t = store->trades(s, store::kBeginningOfTime, store::kEndOfTime);
    ASSERT_TRUE(t.ok()) << t.error();
    stored += t->size();
    for (const auto& trade : *t) {
      EXPECT_GE(trade.time_ns, 1'795'530'600'000'000'000) << s;  // 2026-11-24T14:30:00Z
      EXPECT_LT(trade.time_ns, 1'795'554'000'000'000'000) << s;  // 2026-11-24T21:00:00Z
    }
    auto bars = store->bars(s, "1m", store::kBeginningOfTime, store::kEndOfTime);
    ASSERT_TRUE(bars.ok()) << bars.error();
    double volume = 0;
    for (const auto& b : *bars) volume += b.volume;
    double traded = 0;
    for (const auto& trade : *t) traded += static_cast<double>(trade.shares);
    EXPECT_EQ(volume, traded) << s;
  }
  EXPECT_EQ(stored, trades);

  r = run_cli({"itch", file, "--db", "sqlite:" + db});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(json_field(r.out, "resumed_after"), std::to_string(messages));
  EXPECT_EQ(json_field(r.out, "trades"), "0");
  EXPECT_EQ(json_field(r.out, "bars"), "0");

  // `default`: ./var/stockpulse.db under the working directory; run from the test's folder.
  const std::string cwd = std::filesystem::current_path().string();
  std::filesystem::current_path(dir.path());
  r = run_cli({"itch", file, "--db", "default"});
  std::filesystem::current_path(cwd);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "var" / "stockpulse.db"));
  EXPECT_EQ(json_field(r.out, "trades"), std::to_string(trades));
}

TEST(ItchDbCli, BadInputNamesItAndStoresNothing) {
  TempDir dir;
  const std::string file = simulate(dir, 5000);
  CliResult r = run_cli({"itch", file, "--db", "mysql://x@y/z"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("mysql://x@y/z"), std::string::npos) << r.err;
  r = run_cli(
      {"itch", file, "--db", "postgresql://nobody:secret@127.0.0.1:1/none?connect_timeout=3"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("postgresql://nobody:***@127.0.0.1:1/none"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("secret"), std::string::npos) << "the password is masked: " << r.err;
  const std::string nodir = (dir.path() / "no" / "such" / "m.db").string();
  r = run_cli({"itch", file, "--db", nodir});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find(nodir), std::string::npos) << r.err;
  r = run_cli(
      {"itch", (dir.path() / "missing.itch").string(), "--db", (dir.path() / "m.db").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("missing.itch"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "m.db"))
      << "no database made for a missing file";

  // A truncated file: refused whole, naming the file and the offset; nothing stored, no CSV.
  const std::string cut = (dir.path() / "cut.itch").string();
  std::filesystem::copy_file(file, cut);
  std::filesystem::resize_file(cut, std::filesystem::file_size(cut) - 7);
  const std::string db = (dir.path() / "cut.db").string();
  r = run_cli({"itch", cut, "--db", db});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find(cut + ": damaged ITCH data at offset "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nothing was stored"), std::string::npos) << r.err;
  std::string error;
  auto store = store::open_store("sqlite:" + db, &error);
  ASSERT_TRUE(store) << error;
  auto symbols = store->symbols();
  ASSERT_TRUE(symbols.ok());
  EXPECT_TRUE(symbols->empty());
  const std::string csv = (dir.path() / "cut.csv").string();
  r = run_cli({"itch", cut, "--symbol", "AAPL", "--bars", "1m", "--out", csv});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find(cut + ": damaged ITCH data at offset "), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(csv));
  EXPECT_FALSE(std::filesystem::exists(csv + ".tmp"));
  // A malformed message in the middle (a C whose printable flag is neither Y nor N) is refused too.
  auto bytes = sp::testing::read_whole_file(file);
  const std::string bad = (dir.path() / "bad.itch").string();
  {
    // Find a framed C message (length 36, type 'C') and break its printable byte (offset 31).
    const std::string needle(
        "\x00\x24"
        "C",
        3);
    const auto at = bytes.find(needle, bytes.size() / 2);
    ASSERT_NE(at, std::string::npos);
    bytes[at + 2 + 31] = 'Z';
    sp::testing::write_whole_file(bad, bytes);
  }
  r = run_cli({"itch", bad, "--db", (dir.path() / "bad.db").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find(bad + ": damaged ITCH data at offset"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("malformed"), std::string::npos) << r.err;

  // Usage.
  EXPECT_EQ(run_cli({"itch", file, "--db", db, "--bars", "1m"}).code, 2);
  EXPECT_EQ(run_cli({"itch", file, "--db", db, "--stats"}).code, 2);
  EXPECT_EQ(run_cli({"itch", file, "--db", db, "--batch", "0"}).code, 2);
  EXPECT_EQ(run_cli({"itch", file, "--stats", "--acks"}).code, 2);
  EXPECT_EQ(run_cli({"itch", file, "--stats", "--vwap"}).code, 2);
}

TEST(ItchDbCli, BarsWithTheSessionVwap) {
  TempDir dir;
  const std::string file = simulate(dir);
  const std::string csv = (dir.path() / "aapl.csv").string();
  const CliResult r =
      run_cli({"itch", file, "--symbol", "AAPL", "--bars", "1m", "--out", csv, "--vwap"});
  ASSERT_EQ(r.code, 0) << r.err;
  std::istringstream in(sp::testing::read_whole_file(csv));
  std::string line, last;
  std::getline(in, line);
  EXPECT_EQ(line, "time,open,high,low,close,volume,vwap");
  double low = 1e300, high = 0;
  int rows = 0;
  while (std::getline(in, line)) {
    const std::regex row("[^,]+,([0-9.]+),([0-9.]+),([0-9.]+),([0-9.]+),([0-9]+),([0-9.]+)");
    std::smatch m;
    ASSERT_TRUE(std::regex_match(line, m, row)) << line;
    low = std::min(low, std::stod(m[3]));
    high = std::max(high, std::stod(m[2]));
    // A VWAP lies within the range of the prices it averages.
    EXPECT_GE(std::stod(m[6]), low - 1e-9) << line;
    EXPECT_LE(std::stod(m[6]), high + 1e-9) << line;
    last = m[6];
    ++rows;
  }
  EXPECT_GT(rows, 10);
  // The summary's session VWAP is the last bar's, printed the same shortest way.
  EXPECT_EQ(json_field(r.out, "vwap"), last);
  EXPECT_NE(json_field(r.out, "vwap_volume"), "0");
  // Without --vwap the CSV keeps its contract: six columns.
  ASSERT_EQ(run_cli({"itch", file, "--symbol", "AAPL", "--bars", "1m", "--out", csv}).code, 0);
  EXPECT_EQ(sp::testing::read_whole_file(csv).rfind("time,open,high,low,close,volume\n", 0), 0u);
}

// Runs the binary with standard error on a pseudo-terminal (standard output to `out_path`); returns
// what the terminal got, the exit status and the seconds it ran.
std::string run_on_terminal(const std::vector<std::string>& args, int* code,
                            double* seconds = nullptr, const std::string& out_path = "/dev/null") {
  const auto t0 = std::chrono::steady_clock::now();
  int master = -1, slave = -1;
  if (::openpty(&master, &slave, nullptr, nullptr, nullptr) != 0) {
    ADD_FAILURE() << "openpty failed";
    return {};
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&fa, slave, 2);
  posix_spawn_file_actions_addclose(&fa, master);
  const std::string bin = sp::testing::binary_path();
  std::vector<std::string> storage{bin};
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& s : storage) argv.push_back(s.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, bin.c_str(), &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  ::close(slave);
  std::string got;
  if (rc == 0) {
    // Read until the child is gone and the terminal is drained (EIO once no one holds the slave).
    for (;;) {
      pollfd p{master, POLLIN, 0};
      if (::poll(&p, 1, 30'000) <= 0) break;
      char buf[4096];
      const auto n = ::read(master, buf, sizeof buf);
      if (n <= 0) break;
      got.append(buf, static_cast<std::size_t>(n));
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    *code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  ::close(master);
  if (seconds)
    *seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return got;
}

TEST(ProgressOnATerminal, LongMarketJobsShowALineOnlyOnATerminal) {
  TempDir dir;
  const std::string file = (dir.path() / "day20261124.itch").string();
  int code = -1;
  // simulate: its line (market/moldudp64/progress_line.h) is drawn from the start.
  std::string tty = run_on_terminal(
      {"simulate", "--symbols", "50", "--messages", "150000", "--seed", "3", "--out", file}, &code);
  ASSERT_EQ(code, 0) << tty;
  EXPECT_NE(tty.find('\r'), std::string::npos) << tty;
  EXPECT_NE(tty.find("messages"), std::string::npos) << tty;
  // The ingest into SQLite with small batches (a commit waits for the disk) takes well over the
  // 200 ms before a first line.
  double seconds = 0;
  tty = run_on_terminal({"itch", file, "--db", (dir.path() / "p.db").string(), "--batch", "100"},
                        &code, &seconds);
  ASSERT_EQ(code, 0) << tty;
  EXPECT_TRUE(
      std::regex_search(tty, std::regex("\rstore: [0-9.]+% [0-9,]+ messages [0-9.]+[kM]? msg/s")))
      << tty;
  EXPECT_EQ(tty.back(), '\n') << "the line is ended when the job ends";
  // Refreshed at most once per 200 ms: over T seconds at most floor(5 T) + 1 throttled lines (one
  // may come right at a window's start), plus the final figures.
  const auto lines = std::count(tty.begin(), tty.end(), '\r');
  EXPECT_GE(lines, 2);
  EXPECT_LE(static_cast<double>(lines), std::floor(5 * seconds) + 2) << seconds << " s";
  // The same commands with standard error not a terminal: nothing on it.
  CliResult r = run_cli({"itch", file, "--db", (dir.path() / "q.db").string()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  r = run_cli({"itch", file, "--stats"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  r = run_cli(
      {"itch", file, "--symbol", "AAPL", "--bars", "1s", "--out", (dir.path() / "a.csv").string()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  // --stats on a terminal walks in chunks (to draw its line) and must count the same.
  const CliResult plain = run_cli({"itch", file, "--stats"});
  const std::string json = (dir.path() / "stats.json").string();
  run_on_terminal({"itch", file, "--stats"}, &code, nullptr, json);
  EXPECT_EQ(code, 0);
  const std::string on_tty = sp::testing::read_whole_file(json);
  for (const char* key : {"messages", "unknown", "truncated", "malformed", "symbols", "bytes"}) {
    EXPECT_EQ(json_field(on_tty, key), json_field(plain.out, key)) << key;
  }
  const auto by_type = [](const std::string& j) {
    return j.substr(j.find("\"by_type\""), j.find('}') - j.find("\"by_type\""));
  };
  EXPECT_EQ(by_type(on_tty), by_type(plain.out));
}

}  // namespace
}  // namespace sp::app
