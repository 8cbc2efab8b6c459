// A real redis-server (Debian's) for the tests: started on 127.0.0.1 on a free port with no
// persistence in a throwaway directory, stopped (and the directory removed) by the destructor.
// kill() / start() / pause() / resume() let a test take it away mid-run or make it slow.
//
// SP_REQUIRE_REDIS(server): skips the test when redis-server is not installed, except under
// CI=true, where that is a failure (scripts/bootstrap installs it).
#pragma once

#include <hiredis/hiredis.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

extern char** environ;

namespace sp::serve::testing {

inline constexpr const char* kRedisServer = "/usr/bin/redis-server";

inline int free_tcp_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

class RedisServer {
 public:
  RedisServer() : port_(free_tcp_port()) {
    dir_ = std::filesystem::temp_directory_path() /
           ("sp_redis_" + std::to_string(::getpid()) + "_" + std::to_string(port_));
    std::filesystem::create_directories(dir_);
    if (available()) start();
  }
  ~RedisServer() {
    kill();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  static bool available() { return ::access(kRedisServer, X_OK) == 0; }
  int port() const { return port_; }
  std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }
  bool running() const { return pid_ > 0; }

  // Starts it and waits until it answers PING (up to 10 s). False if it does not.
  bool start() {
    const std::string port = std::to_string(port_);
    const std::string dir = dir_.string();
    const char* argv[] = {kRedisServer, "--port",     port.c_str(), "--bind",
                          "127.0.0.1",  "--save",     "",           "--appendonly",
                          "no",         "--dir",      dir.c_str(),  "--daemonize",
                          "no",         "--loglevel", "warning",    nullptr};
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    if (::posix_spawn(&pid_, kRedisServer, &fa, nullptr, const_cast<char**>(argv), environ) != 0)
      pid_ = -1;
    posix_spawn_file_actions_destroy(&fa);
    for (int i = 0; i < 200 && pid_ > 0; ++i) {
      if (ping()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
  void kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGCONT);
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  void pause() { ::kill(pid_, SIGSTOP); }
  void resume() { ::kill(pid_, SIGCONT); }

  bool ping() const {
    timeval tv{0, 200'000};
    redisContext* c = redisConnectWithTimeout("127.0.0.1", port_, tv);
    bool ok = false;
    if (c && !c->err) {
      auto* r = static_cast<redisReply*>(redisCommand(c, "PING"));
      ok = r && r->type == REDIS_REPLY_STATUS;
      if (r) freeReplyObject(r);
    }
    if (c) redisFree(c);
    return ok;
  }

 private:
  int port_;
  pid_t pid_ = -1;
  std::filesystem::path dir_;
};

}  // namespace sp::serve::testing

#define SP_REQUIRE_REDIS(server)                                                                 \
  do {                                                                                           \
    if (!::sp::serve::testing::RedisServer::available()) {                                       \
      const char* ci = std::getenv("CI");                                                        \
      if (ci && std::string(ci) == "true") FAIL() << "redis-server missing under CI=true";       \
      GTEST_SKIP() << "redis-server is not installed (scripts/bootstrap installs it)";           \
    }                                                                                            \
    ASSERT_TRUE((server).running()) << "redis-server did not start on port " << (server).port(); \
  } while (0)
