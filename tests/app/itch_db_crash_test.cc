// `stockpulse itch FILE --db URL` killed with SIGKILL mid-ingest, and run again, loses nothing it
// acknowledged and stores nothing twice: against SQLite and PostgreSQL.
//
// Each round runs the binary with --acks (it prints {"acknowledged":N} after each commit) and a
// small random --batch, lets it acknowledge a random number of commits, waits a random few hundred
// microseconds more (so the kill lands mid-batch, mid-commit, between commits or at start-up),
// kills it and checks the database while nothing writes (store/itch_expected.h computes the
// truth from the file independently):
//  - the checkpoint is at or past every message ever acknowledged;
//  - the trades stored are exactly those of messages 1..checkpoint, each once;
//  - the 1s and 1m bars are exactly the bars of those trades, the forming bar as it stood.
// A last run finishes the day and the same holds for the whole file.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <random>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <tuple>

#include "app/cli_run.h"
#include "market/itch/feed_file.h"
#include "store/backend_fixture.h"
#include "store/itch_expected.h"
#include "store/store.h"

extern char** environ;

namespace sp::app {
namespace {

using store::testing::Backend;
using store::testing::Expected;

constexpr const char* kSource = "itch:2026-11-24:day20261124.itch";

// `stockpulse itch FILE --db URL --acks --batch N`, running, with its standard output on a pipe.
class Ingest {
 public:
  Ingest(const std::string& file, const std::string& url, std::int64_t batch) {
    int out[2];
    if (::pipe2(out, O_CLOEXEC) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    const std::string bin = sp::testing::binary_path();
    std::vector<std::string> args{bin, "itch", file, "--db", url, "--acks", "--batch", std::to_string(batch)};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, bin.c_str(), &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    fd_ = out[0];
  }
  ~Ingest() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      wait();
    }
    if (fd_ >= 0) ::close(fd_);
  }
  bool started() const { return pid_ > 0; }

  // Reads lines until `acks` acknowledgements were seen, or the summary, or the end of output.
  bool read_until(int acks) {
    while (ack_count_ < acks && !done_) {
      if (!read_some()) return false;
    }
    return true;
  }
  void kill_now() { ::kill(pid_, SIGKILL); }
  int wait() {
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    return WIFSIGNALED(status) ? -WTERMSIG(status) : WEXITSTATUS(status);
  }
  void drain() {
    while (read_some()) {
    }
  }
  std::int64_t last_ack() const { return last_ack_; }
  bool done() const { return done_; }

 private:
  bool read_some() {
    char buf[4096];
    const auto n = ::read(fd_, buf, sizeof buf);
    if (n < 0 && errno == EINTR) return true;
    if (n <= 0) return false;
    pending_.append(buf, static_cast<std::size_t>(n));
    static const std::regex ack("\\{\"acknowledged\":([0-9]+)\\}");
    // A line cut by the kill has no newline: it is not a claim.
    for (std::size_t eol; (eol = pending_.find('\n')) != std::string::npos;) {
      const std::string line = pending_.substr(0, eol);
      pending_.erase(0, eol + 1);
      std::smatch m;
      if (std::regex_match(line, m, ack)) {
        const std::int64_t p = std::stoll(m[1]);
        EXPECT_GT(p, last_ack_) << "acknowledgements go forward";
        last_ack_ = p;
        ++ack_count_;
      } else if (line.rfind("{\"file\":", 0) == 0) {
        done_ = true;
      } else {
        ADD_FAILURE() << "unexpected line from stockpulse: " << line;
      }
    }
    return true;
  }

  pid_t pid_ = -1;
  int fd_ = -1;
  std::string pending_;
  std::int64_t last_ack_ = 0;
  int ack_count_ = 0;
  bool done_ = false;
};

void expect_consistent(const std::string& url, const Expected& want, std::int64_t acked,
                       std::int64_t* checkpoint) {
  std::string error;
  auto db = store::open_store(url, &error);
  ASSERT_TRUE(db) << error;
  auto cp = db->checkpoint(kSource);
  ASSERT_TRUE(cp.ok()) << cp.error();
  *checkpoint = cp->value_or(0);
  EXPECT_GE(*checkpoint, acked) << "an acknowledged message was lost";
  for (const auto& [symbol, all] : want.trades) {
    const auto trades = want.trades_through(symbol, *checkpoint);
    auto got = db->trades(symbol, store::kBeginningOfTime, store::kEndOfTime);
    ASSERT_TRUE(got.ok()) << got.error();
    std::set<std::int64_t> seqs;
    for (const auto& t : *got) EXPECT_TRUE(seqs.insert(t.source_seq).second) << "duplicate trade " << t.source_seq;
    ASSERT_EQ(got->size(), trades.size()) << symbol << " at checkpoint " << *checkpoint;
    EXPECT_TRUE(*got == trades) << symbol << ": stored trades differ from the file's";
    for (const char* tf : {"1s", "1m"}) {
      auto bars = db->bars(symbol, tf, store::kBeginningOfTime, store::kEndOfTime);
      ASSERT_TRUE(bars.ok()) << bars.error();
      const auto want_bars = trades.empty() ? std::vector<store::StoredBar>{} : Expected::bars_of(trades, tf);
      ASSERT_EQ(bars->size(), want_bars.size()) << symbol << " " << tf << " at checkpoint " << *checkpoint;
      EXPECT_TRUE(*bars == want_bars) << symbol << " " << tf << " at checkpoint " << *checkpoint;
    }
  }
}

class ItchDbCrash : public ::testing::TestWithParam<Backend> {};

TEST_P(ItchDbCrash, SigkillLosesNothingAcknowledgedAndRestartHasNoDuplicates) {
  sp::testing::TempDir dir;
  std::string url;
  if (GetParam() == Backend::kPostgres) {
    SP_REQUIRE_POSTGRES();
    std::string error;
    url = store::testing::PgScratchServer::get().fresh_store_url(&error);
    ASSERT_FALSE(url.empty()) << error;
  } else {
    url = "sqlite:" + (dir.path() / "crash.db").string();
  }
  const std::string file = (dir.path() / "day20261124.itch").string();
  const auto sim = sp::testing::run_cli(
      {"simulate", "--symbols", "15", "--messages", "120000", "--seed", "77", "--out", file});
  ASSERT_EQ(sim.code, 0) << sim.err;
  std::string error;
  auto feed = market::itch::FeedFile::open(file, &error);
  ASSERT_TRUE(feed) << error;
  const Expected want(*feed);
  const std::int64_t messages = 120'000 + 15 + 6;

  std::mt19937_64 rng(GetParam() == Backend::kSqlite ? 11 : 12);
  std::int64_t acked = 0, checkpoint = 0;
  int kills = 0;
  constexpr int kRounds = 5;
  for (int round = 0; round < kRounds; ++round) {
    const auto batch = std::uniform_int_distribution<std::int64_t>(5, 60)(rng);
    const int acks = std::uniform_int_distribution<int>(0, 10)(rng);
    const auto extra = std::chrono::microseconds(std::uniform_int_distribution<int>(0, 800)(rng));
    Ingest run(file, url, batch);
    ASSERT_TRUE(run.started());
    if (run.read_until(acks) && !run.done()) {
      std::this_thread::sleep_for(extra);
      run.kill_now();
    }
    const int status = run.wait();
    run.drain();
    if (status == -SIGKILL) {
      ++kills;
    } else {
      ASSERT_EQ(status, 0) << "round " << round << ": stockpulse failed (its messages are above)";
    }
    acked = std::max(acked, run.last_ack());
    SCOPED_TRACE("round " + std::to_string(round) + ", acknowledged " + std::to_string(acked));
    const std::int64_t before = checkpoint;
    expect_consistent(url, want, acked, &checkpoint);
    if (HasFatalFailure()) return;
    EXPECT_GE(checkpoint, before) << "the checkpoint went back";
  }
  EXPECT_GE(kills, kRounds - 1) << "most rounds should kill stockpulse mid-ingest";
  EXPECT_LT(checkpoint, messages) << "the kills should come before the end of the file";

  Ingest last(file, url, 200);
  ASSERT_TRUE(last.started());
  last.read_until(1 << 30);
  EXPECT_EQ(last.wait(), 0);
  last.drain();
  EXPECT_TRUE(last.done());
  EXPECT_EQ(last.last_ack(), messages);
  expect_consistent(url, want, messages, &checkpoint);
  EXPECT_EQ(checkpoint, messages);
}

INSTANTIATE_TEST_SUITE_P(Backends, ItchDbCrash,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         store::testing::BackendName());

}  // namespace
}  // namespace sp::app
