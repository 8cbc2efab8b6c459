// A writer killed with SIGKILL during ingest loses nothing it had acknowledged, and a restart
// resumes without duplicates.
//
// The child (ingest_crash_child.cc) ingests the deterministic synthetic feed and prints "ACK P"
// after each commit. Each round starts it, lets it acknowledge a random number of batches, waits a
// random few hundred microseconds more (so the kill lands anywhere: mid-batch, mid-commit, between
// commits, during start-up), kills it with SIGKILL and checks the store while nothing writes:
//  - the checkpoint is at or past every position ever acknowledged;
//  - the stored trades are exactly those of positions 1..checkpoint, each once: nothing
//    acknowledged is lost, nothing past the checkpoint is half-written, no replay duplicated one;
//  - the stored bars equal the bars of positions 1..checkpoint, the forming bar included: the
//    resumed bar builder continued the stored bar instead of replacing it.
// A last run goes to the end, and the same checks hold for the whole feed.
// Runs against SQLite and PostgreSQL, with several seeds.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <tuple>

#include "store/backend_fixture.h"
#include "store/store.h"
#include "store/synthetic_feed.h"

extern char** environ;

namespace sp::store {
namespace {

using testing::Backend;

constexpr std::int64_t kLast = 12'000;  // positions in the feed

// The child, running, with its standard output on a pipe.
class Child {
 public:
  Child(const std::string& url, std::int64_t flush_records) {
    int out[2];
    if (::pipe2(out, O_CLOEXEC) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    const std::string last = std::to_string(kLast);
    const std::string flush = std::to_string(flush_records);
    char* argv[] = {const_cast<char*>(SP_INGEST_CRASH_CHILD), const_cast<char*>(url.c_str()),
                    const_cast<char*>(last.c_str()), const_cast<char*>(flush.c_str()), nullptr};
    if (posix_spawn(&pid_, SP_INGEST_CRASH_CHILD, &actions, nullptr, argv, environ) != 0) {
      pid_ = -1;
    }
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    fd_ = out[0];
  }
  ~Child() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      wait();
    }
    if (fd_ >= 0) ::close(fd_);
  }
  bool started() const { return pid_ > 0; }

  // Reads complete lines until `acks` ACK lines were seen in all, or DONE, or end of output.
  // Returns false at end of output.
  bool read_until(int acks) {
    while (ack_count_ < acks && !done_) {
      if (!read_some()) return false;
    }
    return true;
  }
  void kill_now() { ::kill(pid_, SIGKILL); }
  // Reaps the child; its exit status (-signal when killed).
  int wait() {
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    return WIFSIGNALED(status) ? -WTERMSIG(status) : WEXITSTATUS(status);
  }
  // Reads what is left (the child is gone, so the pipe ends).
  void drain() {
    while (read_some()) {
    }
  }

  std::int64_t last_ack() const { return last_ack_; }
  int ack_count() const { return ack_count_; }
  bool done() const { return done_; }

 private:
  bool read_some() {
    char buf[4096];
    const auto n = ::read(fd_, buf, sizeof buf);
    if (n < 0 && errno == EINTR) return true;
    if (n <= 0) return false;
    pending_.append(buf, static_cast<std::size_t>(n));
    // A line without its newline was cut by the kill: it is not a claim.
    for (std::size_t eol; (eol = pending_.find('\n')) != std::string::npos;) {
      const std::string line = pending_.substr(0, eol);
      pending_.erase(0, eol + 1);
      if (line.rfind("ACK ", 0) == 0) {
        const std::int64_t p = std::stoll(line.substr(4));
        EXPECT_GT(p, last_ack_) << "acknowledgements go forward";
        last_ack_ = p;
        ++ack_count_;
      } else if (line == "DONE") {
        done_ = true;
      } else {
        ADD_FAILURE() << "unexpected line from the child: " << line;
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

// The store holds exactly the feed's positions 1..checkpoint, and checkpoint >= acked.
void expect_store_consistent(const std::string& url, std::int64_t acked, std::int64_t* checkpoint) {
  std::string error;
  auto store = open_store(url, &error);
  ASSERT_TRUE(store) << error;
  auto cp = store->checkpoint(synthetic::kSource);
  ASSERT_TRUE(cp.ok()) << cp.error();
  const std::int64_t stored = cp->value_or(0);
  *checkpoint = stored;
  EXPECT_GE(stored, acked) << "an acknowledged position was lost";
  std::size_t trades = 0;
  for (const auto& symbol : synthetic::symbols()) {
    auto got = store->trades(symbol, kBeginningOfTime, kEndOfTime);
    ASSERT_TRUE(got.ok()) << got.error();
    const auto want = synthetic::expected_trades(stored, symbol);
    std::set<std::int64_t> seqs;
    for (const auto& t : *got) {
      EXPECT_TRUE(seqs.insert(t.source_seq).second) << "duplicate trade seq " << t.source_seq;
    }
    ASSERT_EQ(got->size(), want.size()) << symbol << " at checkpoint " << stored;
    EXPECT_TRUE(*got == want) << symbol << ": stored trades differ from the feed's";
    trades += got->size();

    auto bars = store->bars(symbol, synthetic::kTimeframe, kBeginningOfTime, kEndOfTime);
    ASSERT_TRUE(bars.ok()) << bars.error();
    const auto want_bars = synthetic::expected_bars(stored, symbol);
    ASSERT_EQ(bars->size(), want_bars.size()) << symbol << " at checkpoint " << stored;
    for (std::size_t i = 0; i < want_bars.size(); ++i) {
      EXPECT_EQ((*bars)[i], want_bars[i]) << symbol << " bar " << i << " at checkpoint " << stored;
    }
  }
  std::size_t want_trades = 0;
  for (std::int64_t p = 1; p <= stored; ++p) want_trades += synthetic::has_trade(p);
  EXPECT_EQ(trades, want_trades);
}

class CrashTest : public ::testing::TestWithParam<std::tuple<Backend, int>> {};

TEST_P(CrashTest, SigkillLosesNothingAcknowledgedAndRestartHasNoDuplicates) {
  const auto [backend, seed] = GetParam();
  testing::TempDir dir;
  std::string url;
  if (backend == Backend::kPostgres) {
    SP_REQUIRE_POSTGRES();
    std::string error;
    url = testing::PgScratchServer::get().fresh_store_url(&error);
    ASSERT_FALSE(url.empty()) << error;
  } else {
    url = "sqlite:" + (dir.path() / "crash.db").string();
  }

  std::mt19937_64 rng(static_cast<std::uint64_t>(seed));
  std::int64_t acked = 0;  // the highest position ever acknowledged
  std::int64_t checkpoint = 0;
  int kills_mid_run = 0;
  constexpr int kRounds = 6;
  for (int round = 0; round < kRounds; ++round) {
    const auto flush_records = std::uniform_int_distribution<std::int64_t>(5, 80)(rng);
    const int acks = std::uniform_int_distribution<int>(0, 12)(rng);
    const auto extra = std::chrono::microseconds(std::uniform_int_distribution<int>(0, 800)(rng));
    Child child(url, flush_records);
    ASSERT_TRUE(child.started());
    const bool running = child.read_until(acks);
    if (running && !child.done()) {
      std::this_thread::sleep_for(extra);
      child.kill_now();
    }
    const int status = child.wait();
    child.drain();
    if (status == -SIGKILL) ++kills_mid_run;
    if (status != -SIGKILL) {
      ASSERT_EQ(status, 0) << "round " << round << ": the child failed (its messages are above)";
    }
    acked = std::max(acked, child.last_ack());
    SCOPED_TRACE("round " + std::to_string(round) + ", seed " + std::to_string(seed) +
                 ", acknowledged " + std::to_string(acked));
    const std::int64_t before = checkpoint;
    expect_store_consistent(url, acked, &checkpoint);
    if (HasFatalFailure()) return;
    EXPECT_GE(checkpoint, before) << "the checkpoint went back";
  }
  EXPECT_GE(kills_mid_run, kRounds - 1) << "most rounds should kill the child mid-ingest";
  EXPECT_LT(checkpoint, kLast) << "the kills should come before the end of the feed";

  // The last run finishes the feed.
  Child child(url, 64);
  ASSERT_TRUE(child.started());
  child.read_until(1 << 30);
  EXPECT_EQ(child.wait(), 0);
  child.drain();
  EXPECT_TRUE(child.done());
  EXPECT_EQ(child.last_ack(), kLast);
  expect_store_consistent(url, kLast, &checkpoint);
  EXPECT_EQ(checkpoint, kLast);
}

std::string crash_name(const ::testing::TestParamInfo<std::tuple<Backend, int>>& info) {
  return testing::backend_name(std::get<0>(info.param)) + "_seed" +
         std::to_string(std::get<1>(info.param));
}

INSTANTIATE_TEST_SUITE_P(Backends, CrashTest,
                         ::testing::Combine(::testing::Values(Backend::kSqlite, Backend::kPostgres),
                                            ::testing::Values(1, 2, 3)),
                         crash_name);

}  // namespace
}  // namespace sp::store
