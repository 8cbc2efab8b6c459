// Kill-and-restart rounds for the crash tests: a writer process that acknowledges each commit on
// its standard output is started, allowed a random number of acknowledgements, given a random few
// hundred microseconds more (so the kill lands anywhere: start-up, mid-batch, mid-commit, between
// commits), killed with SIGKILL, and the store is checked while nothing writes. A last run goes to
// the end. Used by tests/store/crash_test.cc (a child linked to the store) and
// tests/app/itch_db_crash_test.cc (the stockpulse binary).
//
//   AckProtocol proto{parse_ack, is_done};           // what an acknowledgement line looks like
//   KillRounds r{.seed = 1, .rounds = 6, .batch = {5, 80}, .acks = {0, 12}};
//   run_kill_rounds(r, proto, [&](std::int64_t batch) { return argv_for(batch); },
//                   [&](std::int64_t acked, std::int64_t* checkpoint) { check(...); },
//                   last_position);
//
// The check callback must set *checkpoint to the store's checkpoint and report failures through
// gtest; run_kill_rounds stops at the first fatal failure. Lines cut by the kill (no newline) are
// not acknowledgements; any other line is a test failure.
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

extern char** environ;

namespace sp::store::testing {

// How a writer speaks: `ack` returns the acknowledged position of an acknowledgement line (nullopt
// for any other line); `done` says whether a line is the writer's closing line.
struct AckProtocol {
  std::function<std::optional<std::int64_t>(const std::string&)> ack;
  std::function<bool(const std::string&)> done;
};

// A writer process, running, with its standard output on a pipe.
class AckingWriter {
 public:
  AckingWriter(std::vector<std::string> args, const AckProtocol& protocol) : protocol_(protocol) {
    int out[2];
    if (::pipe2(out, O_CLOEXEC) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    fd_ = out[0];
  }
  AckingWriter(const AckingWriter&) = delete;
  AckingWriter& operator=(const AckingWriter&) = delete;
  ~AckingWriter() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      wait();
    }
    if (fd_ >= 0) ::close(fd_);
  }
  bool started() const { return pid_ > 0; }

  // Reads complete lines until `acks` acknowledgements were seen in all, or the closing line, or
  // the end of output. Returns false at the end of output.
  bool read_until(int acks) {
    while (ack_count_ < acks && !done_) {
      if (!read_some()) return false;
    }
    return true;
  }
  void kill_now() { ::kill(pid_, SIGKILL); }
  // Reaps the writer; its exit status (-signal when killed).
  int wait() {
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    return WIFSIGNALED(status) ? -WTERMSIG(status) : WEXITSTATUS(status);
  }
  // Reads what is left (the writer is gone, so the pipe ends).
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
    // A line without its newline was cut by the kill: it is not a claim.
    for (std::size_t eol; (eol = pending_.find('\n')) != std::string::npos;) {
      const std::string line = pending_.substr(0, eol);
      pending_.erase(0, eol + 1);
      if (const auto p = protocol_.ack(line)) {
        EXPECT_GT(*p, last_ack_) << "acknowledgements go forward";
        last_ack_ = *p;
        ++ack_count_;
      } else if (protocol_.done(line)) {
        done_ = true;
      } else {
        ADD_FAILURE() << "unexpected line from the writer: " << line;
      }
    }
    return true;
  }

  AckProtocol protocol_;
  pid_t pid_ = -1;
  int fd_ = -1;
  std::string pending_;
  std::int64_t last_ack_ = 0;
  int ack_count_ = 0;
  bool done_ = false;
};

struct KillRounds {
  std::uint64_t seed = 1;
  int rounds = 5;
  std::pair<std::int64_t, std::int64_t> batch{5, 60};  // the writer's batch size, drawn per round
  std::pair<int, int> acks{0, 10};                     // acknowledgements allowed before the kill
  std::int64_t last_batch = 200;                       // the batch of the run that finishes
};

// `args_for(batch)` gives the writer's command line; `check(acked, &checkpoint)` checks the store
// after each round. `last` is the position the finishing run must acknowledge and reach.
inline void run_kill_rounds(const KillRounds& r, const AckProtocol& protocol,
                            const std::function<std::vector<std::string>(std::int64_t)>& args_for,
                            const std::function<void(std::int64_t, std::int64_t*)>& check,
                            std::int64_t last) {
  std::mt19937_64 rng(r.seed);
  std::int64_t acked = 0;  // the highest position ever acknowledged
  std::int64_t checkpoint = 0;
  int kills = 0;
  for (int round = 0; round < r.rounds; ++round) {
    const auto batch =
        std::uniform_int_distribution<std::int64_t>(r.batch.first, r.batch.second)(rng);
    const int acks = std::uniform_int_distribution<int>(r.acks.first, r.acks.second)(rng);
    const auto extra = std::chrono::microseconds(std::uniform_int_distribution<int>(0, 800)(rng));
    AckingWriter writer(args_for(batch), protocol);
    ASSERT_TRUE(writer.started());
    if (writer.read_until(acks) && !writer.done()) {
      std::this_thread::sleep_for(extra);
      writer.kill_now();
    }
    const int status = writer.wait();
    writer.drain();
    if (status == -SIGKILL) {
      ++kills;
    } else {
      ASSERT_EQ(status, 0) << "round " << round << ": the writer failed (its messages are above)";
    }
    acked = std::max(acked, writer.last_ack());
    SCOPED_TRACE("round " + std::to_string(round) + ", seed " + std::to_string(r.seed) +
                 ", acknowledged " + std::to_string(acked));
    const std::int64_t before = checkpoint;
    check(acked, &checkpoint);
    if (::testing::Test::HasFatalFailure()) return;
    EXPECT_GE(checkpoint, before) << "the checkpoint went back";
  }
  EXPECT_GE(kills, r.rounds - 1) << "most rounds should kill the writer mid-ingest";
  EXPECT_LT(checkpoint, last) << "the kills should come before the end of the feed";

  // The last run finishes the feed.
  AckingWriter writer(args_for(r.last_batch), protocol);
  ASSERT_TRUE(writer.started());
  writer.read_until(1 << 30);
  EXPECT_EQ(writer.wait(), 0);
  writer.drain();
  EXPECT_TRUE(writer.done());
  EXPECT_EQ(writer.last_ack(), last);
  check(last, &checkpoint);
  EXPECT_EQ(checkpoint, last);
}

}  // namespace sp::store::testing
