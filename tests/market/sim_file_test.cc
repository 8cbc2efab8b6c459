// write_itch_file: the same bytes as generate_into, readable by FeedFile, and atomic: a failure
// (unwritable place, a write failing halfway) names the file and leaves nothing half-written.
#include "market/sim/sim_file.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "market/itch/decoder.h"
#include "market/itch/feed_file.h"

namespace sp::market::sim {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path;
  TempDir() {
    std::string t = (fs::temp_directory_path() / "sp_sim_test_XXXXXX").string();
    path = ::mkdtemp(t.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::vector<std::uint8_t> read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(SimFile, WritesTheBytesOfGenerateInto) {
  TempDir dir;
  const SimConfig c{.symbols = 40, .messages = 100'000, .seed = 12};
  const std::string path = (dir.path / "day.itch").string();
  std::string error;
  const auto stats = write_itch_file(path, c, &error, false);
  ASSERT_TRUE(stats) << error;
  std::vector<std::uint8_t> expected;
  generate_into(c, expected);
  EXPECT_EQ(read_all(path), expected);
  EXPECT_EQ(stats->messages, c.messages + c.symbols + 6);
  EXPECT_EQ(stats->bytes, expected.size());
  EXPECT_FALSE(fs::exists(path + ".tmp"));

  auto file = itch::FeedFile::open(path, &error);
  ASSERT_TRUE(file) << error;
  itch::FeedStats fs_stats;
  itch::NullHandler h;
  file->read(h, fs_stats);
  EXPECT_EQ(fs_stats.messages, stats->messages);
  EXPECT_EQ(fs_stats.problems(), 0u);
  EXPECT_EQ(fs_stats.unknown, 0u);
}

TEST(SimFile, ReplacesAnExistingFileWhole) {
  TempDir dir;
  const std::string path = (dir.path / "day.itch").string();
  std::ofstream(path) << "old contents";
  std::string error;
  ASSERT_TRUE(write_itch_file(path, SimConfig{.symbols = 3, .messages = 10}, &error, false))
      << error;
  std::vector<std::uint8_t> expected;
  generate_into(SimConfig{.symbols = 3, .messages = 10}, expected);
  EXPECT_EQ(read_all(path), expected);
}

TEST(SimFile, MissingDirectoryIsAClearErrorAndNoFile) {
  TempDir dir;
  const std::string path = (dir.path / "no" / "such" / "day.itch").string();
  std::string error;
  EXPECT_FALSE(write_itch_file(path, SimConfig{.symbols = 3, .messages = 10}, &error, false));
  EXPECT_NE(error.find(path), std::string::npos) << error;
  EXPECT_NE(error.find("No such file"), std::string::npos) << error;
  EXPECT_FALSE(fs::exists(path));
  EXPECT_FALSE(fs::exists(path + ".tmp"));
}

TEST(SimFile, FailureKeepsThePreviousFile) {
  TempDir dir;
  const std::string path = (dir.path / "day.itch").string();
  std::ofstream(path) << "previous day";
  fs::create_directory(path + ".tmp");  // the temporary file cannot be created
  std::string error;
  EXPECT_FALSE(write_itch_file(path, SimConfig{.symbols = 3, .messages = 10}, &error, false));
  EXPECT_NE(error.find(path), std::string::npos) << error;
  const auto kept = read_all(path);
  EXPECT_EQ(std::string(kept.begin(), kept.end()), "previous day");
}

TEST(SimFile, PathThatIsADirectoryFailsAndCleansUp) {
  TempDir dir;
  const std::string path = (dir.path / "out").string();
  fs::create_directory(path);
  std::string error;
  EXPECT_FALSE(write_itch_file(path, SimConfig{.symbols = 3, .messages = 10}, &error, false));
  EXPECT_NE(error.find("rename"), std::string::npos) << error;
  EXPECT_TRUE(fs::is_directory(path));
  EXPECT_FALSE(fs::exists(path + ".tmp"));
}

TEST(SimFile, InvalidConfigTouchesNothing) {
  TempDir dir;
  const std::string path = (dir.path / "day.itch").string();
  std::string error;
  EXPECT_FALSE(write_itch_file(path, SimConfig{.symbols = 0}, &error, false));
  EXPECT_NE(error.find("symbols"), std::string::npos) << error;
  EXPECT_FALSE(fs::exists(path));
  EXPECT_FALSE(fs::exists(path + ".tmp"));
}

// A write failing halfway (the file-size limit, as on a full disk): in a child process, so the
// limit does not reach the other tests.
TEST(SimFile, WriteFailingHalfwayLeavesNoFile) {
  TempDir dir;
  const std::string path = (dir.path / "day.itch").string();
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    std::signal(SIGXFSZ, SIG_IGN);  // write() then fails with EFBIG instead of killing us
    rlimit lim{1 << 20, 1 << 20};   // 1 MiB: the first buffer fits, the second does not
    ::setrlimit(RLIMIT_FSIZE, &lim);
    std::string error;
    const bool ok =
        write_itch_file(path, SimConfig{.symbols = 10, .messages = 200'000}, &error, false)
            .has_value();
    const bool named = error.find(path) != std::string::npos;
    std::_Exit(ok ? 1 : named ? 0 : 2);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_FALSE(fs::exists(path));
  EXPECT_FALSE(fs::exists(path + ".tmp"));
}

}  // namespace
}  // namespace sp::market::sim
