// A PostgreSQL server for the store tests, and a fresh schema in it for each test.
//
// The server: $SP_TEST_POSTGRES_URL when set (scripts/pg-scratch-server -- ctest … sets it, so a
// whole run shares one server); otherwise this process starts `scripts/pg-scratch-server --serve`
// on first use, with a pipe as its standard input. The script prints the URL, and stops the server
// and deletes its directory when that pipe closes: at this process's normal exit (the destructor
// below waits for it) or at any other end of the process, a crash or SIGKILL included, because the
// kernel closes the pipe then too.
//
// SP_REQUIRE_POSTGRES(): skips the test when the server binaries are missing, except under
// CI=true, where that is a failure.
#pragma once

#include <fcntl.h>
#include <libpq-fe.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "support/shared_data.h"

extern char** environ;

namespace sp::store::testing {

inline std::filesystem::path pg_bin_dir() {
  if (const char* env = std::getenv("SP_PG_BIN"); env && *env) return env;
  return "/usr/lib/postgresql/15/bin";
}

class PgScratchServer {
 public:
  static PgScratchServer& get() {
    static PgScratchServer server;
    return server;
  }

  // The URL of the server's maintenance database, or empty (then problem() says why).
  const std::string& url() const { return url_; }
  const std::string& problem() const { return problem_; }
  bool binaries_missing() const { return missing_; }

  // A URL for a new, empty place on the server: a schema of its own in the server's database,
  // made the connection's search_path through libpq's `options` parameter. (A CREATE DATABASE
  // per test would cost a second of WAL; a schema costs milliseconds.) Empty with *error set on
  // failure.
  std::string fresh_store_url(std::string* error) {
    static std::atomic<int> counter{0};
    const std::string schema =
        "sp_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    PGconn* conn = PQconnectdb(url_.c_str());
    std::string url;
    if (PQstatus(conn) != CONNECTION_OK) {
      *error = "cannot connect to " + url_ + ": " + PQerrorMessage(conn);
    } else {
      PGresult* r = PQexec(conn, ("CREATE SCHEMA " + schema).c_str());
      if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        *error = "CREATE SCHEMA " + schema + ": " + PQresultErrorMessage(r);
      } else {
        url = url_ + (url_.find('?') == std::string::npos ? "?" : "&") +
              "options=-csearch_path%3D" + schema;
      }
      PQclear(r);
    }
    PQfinish(conn);
    return url;
  }

  // The server's URL with its database replaced by `name`.
  std::string with_database(const std::string& name) const {
    const auto authority = url_.find("://") + 3;
    const auto path = url_.find('/', authority);
    const auto query = url_.find('?', authority);
    std::string out = url_.substr(0, std::min(path, query)) + "/" + name;
    if (query != std::string::npos) out += url_.substr(query);
    return out;
  }

  ~PgScratchServer() {
    if (stdin_fd_ >= 0) ::close(stdin_fd_);  // the script stops the server and cleans up
    if (pid_ > 0) {
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
  }

 private:
  PgScratchServer() {
    if (const char* env = std::getenv("SP_TEST_POSTGRES_URL"); env && *env) {
      url_ = env;
      return;
    }
    if (!std::filesystem::exists(pg_bin_dir() / "initdb")) {
      missing_ = true;
      problem_ = "PostgreSQL server binaries not found in " + pg_bin_dir().string() +
                 " (install postgresql-15, or set SP_PG_BIN or SP_TEST_POSTGRES_URL)";
      return;
    }
    start();
  }

  void start() {
    const std::string script = std::string(SP_SOURCE_DIR) + "/scripts/pg-scratch-server";
    int in[2], out[2];
    if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0) {
      problem_ = "pipe2 failed";
      return;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    char* argv[] = {const_cast<char*>("bash"), const_cast<char*>(script.c_str()),
                    const_cast<char*>("--serve"), nullptr};
    // The server's data in memory when there is a tmpfs: the tests do not test its durability.
    if (!std::getenv("SP_PG_TMPDIR") && ::access("/dev/shm", W_OK | X_OK) == 0) {
      ::setenv("SP_PG_TMPDIR", "/dev/shm", 0);
    }
    const int rc = posix_spawn(&pid_, "/bin/bash", &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(in[0]);
    ::close(out[1]);
    if (rc != 0) {
      problem_ = "cannot run " + script;
      pid_ = -1;
      ::close(in[1]);
      ::close(out[0]);
      return;
    }
    stdin_fd_ = in[1];
    // The URL line, or EOF if the script failed.
    std::string line;
    char c;
    pollfd pfd{out[0], POLLIN, 0};
    while (::poll(&pfd, 1, 120'000) > 0 && ::read(out[0], &c, 1) == 1 && c != '\n') line += c;
    ::close(out[0]);
    if (line.rfind("postgresql://", 0) == 0) {
      url_ = line;
      return;
    }
    ::close(stdin_fd_);
    stdin_fd_ = -1;
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 77) {
      missing_ = true;
      problem_ = "PostgreSQL server binaries not found (scripts/pg-scratch-server exit 77)";
    } else {
      problem_ = script + " --serve did not start a server (its messages are above)";
    }
  }

  std::string url_;
  std::string problem_;
  bool missing_ = false;
  pid_t pid_ = -1;
  int stdin_fd_ = -1;
};

}  // namespace sp::store::testing

// Skips (or, under CI=true, fails) the test when no PostgreSQL server can be had; fails it when
// the server binaries are there but the server would not start.
#define SP_REQUIRE_POSTGRES()                                             \
  do {                                                                    \
    auto& pg_ = ::sp::store::testing::PgScratchServer::get();             \
    if (pg_.url().empty()) {                                              \
      if (!pg_.binaries_missing() || ::sp::testing::in_ci()) {            \
        FAIL() << "no PostgreSQL server for the test: " << pg_.problem(); \
      }                                                                   \
      GTEST_SKIP() << pg_.problem();                                      \
    }                                                                     \
  } while (0)
