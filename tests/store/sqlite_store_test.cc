// The SQLite backend's own behaviour: where the file goes, what a path that cannot hold a database
// says, locking between processes, WAL, and what it refuses to open.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "store/backend_fixture.h"
#include "store/raw_sql.h"
#include "store/store.h"

namespace sp::store {
namespace {

namespace fs = std::filesystem;
using testing::Backend;
using testing::TempDir;

std::string open_error(const std::string& url, const StoreOptions& options = {}) {
  std::string error;
  auto store = open_store(url, options, &error);
  EXPECT_EQ(store, nullptr) << url << " opened";
  return error;
}

StoredBar one_bar() {
  StoredBar b;
  b.symbol = "AAPL";
  b.timeframe = "1d";
  b.start_ms = 0;
  b.open = b.high = b.low = b.close = 1;
  return b;
}

// Restores the working directory when the test ends.
class InDirectory {
 public:
  explicit InDirectory(const fs::path& dir) : old_(fs::current_path()) { fs::current_path(dir); }
  ~InDirectory() { fs::current_path(old_); }

 private:
  fs::path old_;
};

TEST(SqliteStore, TheDefaultIsVarStockpulseDbAndItsDirectoryIsMade) {
  TempDir dir;
  InDirectory in(dir.path());
  std::string error;
  auto store = open_store("", &error);
  ASSERT_TRUE(store) << error;
  EXPECT_EQ(store->name(), "./var/stockpulse.db");
  EXPECT_TRUE(fs::is_regular_file(dir.path() / "var" / "stockpulse.db"));
}

TEST(SqliteStore, APathThatCannotHoldADatabaseIsNamedWithTheReason) {
  TempDir dir;
  const std::string missing = (dir.path() / "no" / "such" / "x.db").string();
  EXPECT_EQ(open_error(missing),
            missing + ": directory " + (dir.path() / "no" / "such").string() + " does not exist");

  const fs::path file = dir.path() / "plain.txt";
  std::ofstream(file) << "hello\n";
  const std::string under_file = (file / "x.db").string();
  EXPECT_EQ(open_error("sqlite:" + under_file),
            under_file + ": " + file.string() + " is not a directory");

  EXPECT_EQ(open_error(dir.path().string()),
            dir.path().string() + ": is a directory, not a database file");

  const fs::path garbage = dir.path() / "garbage.db";
  std::ofstream(garbage) << std::string(4096, 'x');
  const std::string e = open_error(garbage.string());
  EXPECT_EQ(e.rfind(garbage.string() + ": ", 0), 0u) << e;
  EXPECT_NE(e.find("file is not a database"), std::string::npos) << e;
  std::ifstream check(garbage);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(check), {}), std::string(4096, 'x'))
      << "the file was not touched";
}

// Read-only files and directories: root ignores permissions, so as root the checks run in a
// child process that has become `nobody`. Returns what went wrong, empty when all held.
std::string check_permission_errors(const fs::path& dir) {
  std::string failures;
  auto expect_prefix = [&](const std::string& got, const std::string& prefix) {
    if (got.rfind(prefix, 0) != 0)
      failures += "expected \"" + prefix + "…\", got \"" + got + "\"\n";
  };
  const fs::path db = dir / "ro.db";
  {
    std::string error;
    auto store = open_store(db.string(), &error);
    if (!store) return "cannot make " + db.string() + ": " + error;
  }
  fs::permissions(db, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  std::string error;
  if (open_store(db.string(), &error)) failures += "a read-only file opened for writing\n";
  expect_prefix(error, db.string() + ": cannot write the database file (permission denied");
  fs::permissions(dir, fs::perms::owner_read | fs::perms::owner_exec);
  const std::string fresh = (dir / "new.db").string();
  if (open_store(fresh, &error)) failures += "a database was made in a read-only directory\n";
  expect_prefix(error, fresh + ": cannot create the database: directory " + dir.string() +
                           " is not writable (Permission denied)");
  fs::permissions(dir, fs::perms::owner_all);
  return failures;
}

TEST(SqliteStore, AnUnwritablePlaceIsNamedWithTheReason) {
  // /proc takes no new files, even from root.
  const std::string e = open_error("/proc/stockpulse-test.db");
  EXPECT_EQ(e.rfind("/proc/stockpulse-test.db: cannot ", 0), 0u) << e;

  TempDir dir;
  if (::geteuid() != 0) {
    EXPECT_EQ(check_permission_errors(dir.path()), "");
    return;
  }
  constexpr uid_t kNobody = 65534;
  ASSERT_EQ(::chown(dir.path().c_str(), kNobody, kNobody), 0);
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::close(pipe_fds[0]);
    std::string failures;
    if (::setgid(kNobody) != 0 || ::setuid(kNobody) != 0) {
      failures = "cannot become nobody";
    } else {
      failures = check_permission_errors(dir.path());
    }
    [[maybe_unused]] auto n = ::write(pipe_fds[1], failures.data(), failures.size());
    ::_exit(0);
  }
  ::close(pipe_fds[1]);
  std::string failures;
  char buf[1024];
  for (ssize_t n; (n = ::read(pipe_fds[0], buf, sizeof buf)) > 0;) failures.append(buf, n);
  ::close(pipe_fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_EQ(failures, "") << "(checked as user nobody)";
}

TEST(SqliteStore, ASecondWriterWaitsThenSaysTheDatabaseIsLocked) {
  TempDir dir;
  const std::string path = (dir.path() / "locked.db").string();
  StoreOptions options;
  options.lock_timeout = std::chrono::milliseconds(50);
  std::string error;
  auto store = open_store(path, options, &error);
  ASSERT_TRUE(store) << error;

  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  WriteBatch batch;
  batch.bars.push_back(one_bar());
  const Status s = store->write(batch);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), path +
                             ": starting a write: database is locked (another connection is "
                             "writing; waited 50 ms)");
  // Readers are not blocked by the writer (WAL).
  EXPECT_TRUE(store->bars("AAPL", "1d", kBeginningOfTime, kEndOfTime).ok());
  ASSERT_EQ(sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(other);
  EXPECT_TRUE(store->write(batch).ok()) << "and writes once the other is done";
}

TEST(SqliteStore, TheJournalIsWal) {
  TempDir dir;
  const std::string path = (dir.path() / "wal.db").string();
  std::string error;
  auto store = open_store(path, &error);
  ASSERT_TRUE(store) << error;
  const auto mode = testing::raw_sql(Backend::kSqlite, path, "PRAGMA journal_mode", &error);
  ASSERT_EQ(error, "");
  EXPECT_EQ(mode, std::vector<std::string>{"wal"});
}

TEST(SqliteStore, RefusesADatabaseItDidNotMake) {
  TempDir dir;
  const std::string path = (dir.path() / "theirs.db").string();
  std::string error;
  testing::raw_sql(Backend::kSqlite, path, "CREATE TABLE bars (x); INSERT INTO bars VALUES (1)",
                   &error);
  ASSERT_EQ(error, "");
  EXPECT_EQ(open_error(path), path +
                                  ": is not a StockPulse database (it has a table \"bars\" but "
                                  "no schema_version); refusing to touch it");
  EXPECT_EQ(testing::raw_sql(Backend::kSqlite, path, "SELECT count(*) FROM sqlite_schema", &error),
            std::vector<std::string>{"1"})
      << "nothing was added to it";
}

TEST(SqliteStore, RefusesANewerSchema) {
  TempDir dir;
  const std::string path = (dir.path() / "newer.db").string();
  std::string error;
  ASSERT_TRUE(open_store(path, &error)) << error;
  testing::raw_sql(Backend::kSqlite, path, "UPDATE schema_version SET version = 99", &error);
  ASSERT_EQ(error, "");
  EXPECT_EQ(open_error(path), path +
                                  ": database schema version 99 is newer than this program "
                                  "understands (1); use a newer stockpulse");
}

TEST(SqliteStore, InMemoryWorks) {
  std::string error;
  auto store = open_store("sqlite::memory:", &error);
  ASSERT_TRUE(store) << error;
  WriteBatch batch;
  batch.bars.push_back(one_bar());
  ASSERT_TRUE(store->write(batch).ok());
  EXPECT_EQ(store->bars("AAPL", "1d", kBeginningOfTime, kEndOfTime)->size(), 1u);
}

}  // namespace
}  // namespace sp::store
