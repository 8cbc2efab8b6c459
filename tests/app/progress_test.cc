// Progress: quiet off a terminal, on by itself on one (a pseudo-terminal), at most one refresh per
// interval (a fake clock), and the line's form.
// The app layer is a binary, not a library: its units are compiled into the test (units_test.cc
// does the same).
#include "app/progress.cc"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <pty.h>
#include <unistd.h>

#include <cstdio>
#include <string>

namespace sp::app {
namespace {

using namespace std::chrono_literals;

std::string contents(std::FILE* f) {
  std::fflush(f);
  std::rewind(f);
  std::string s;
  for (int c; (c = std::fgetc(f)) != EOF;) s += static_cast<char>(c);
  return s;
}

struct FakeClock {
  Progress::Clock::time_point t{};
  std::function<Progress::Clock::time_point()> fn() {
    return [this] { return t; };
  }
};

TEST(Progress, QuietWhenNotATerminal) {
  std::FILE* f = std::tmpfile();
  ASSERT_TRUE(f);
  FakeClock clock;
  {
    Progress p("ingest", 1000,
               {.out = f, .enabled = std::nullopt, .interval = 200ms, .now = clock.fn()});
    EXPECT_FALSE(p.enabled()) << "a regular file is not a terminal";
    for (int i = 0; i < 100; ++i) {
      clock.t += 1s;
      p.update(static_cast<std::uint64_t>(i * 10), static_cast<std::uint64_t>(i));
    }
    p.finish();
    EXPECT_EQ(p.refreshes(), 0u);
  }
  EXPECT_EQ(contents(f), "");
  std::fclose(f);
}

TEST(Progress, AtMostOneRefreshPerInterval) {
  std::FILE* f = std::tmpfile();
  ASSERT_TRUE(f);
  FakeClock clock;
  Progress p("ingest", 1000, {.out = f, .enabled = true, .interval = 200ms, .now = clock.fn()});
  for (int i = 0; i < 1000; ++i) {
    clock.t += 1ms;  // one second in all: at most five refreshes
    p.update(static_cast<std::uint64_t>(i), static_cast<std::uint64_t>(i) * 1000);
  }
  EXPECT_EQ(p.refreshes(), 5u);
  // A job over within the first interval shows nothing at all.
  FakeClock quick;
  std::FILE* g = std::tmpfile();
  {
    Progress q("fast", 10, {.out = g, .enabled = true, .interval = 200ms, .now = quick.fn()});
    quick.t += 150ms;
    q.update(10, 10);
  }
  EXPECT_EQ(contents(g), "");
  std::fclose(g);
  p.finish();
  const std::string out = contents(f);
  std::fclose(f);
  // Five refreshes and the final one, each rewriting the line; one newline at the end.
  EXPECT_EQ(std::count(out.begin(), out.end(), '\r'), 6);
  EXPECT_EQ(out.back(), '\n');
  EXPECT_NE(out.find("\ringest: 19.9% 199,000 messages 995.0k msg/s\033[K"), std::string::npos)
      << out;
  EXPECT_NE(out.find("\ringest: 99.9% 999,000 messages 999.0k msg/s\033[K\n"), std::string::npos)
      << out;
}

TEST(Progress, WithoutATotalThereIsNoPercentage) {
  std::FILE* f = std::tmpfile();
  FakeClock clock;
  Progress p("send", 0, {.out = f, .enabled = true, .interval = 200ms, .now = clock.fn()});
  clock.t += 2s;
  p.update(0, 5'000'000);
  p.finish();
  EXPECT_EQ(
      contents(f),
      "\rsend: 5,000,000 messages 2.5M msg/s\033[K\rsend: 5,000,000 messages 2.5M msg/s\033[K\n");
  std::fclose(f);
}

TEST(Progress, OnByItselfOnATerminal) {
  int master = -1, slave = -1;
  ASSERT_EQ(::openpty(&master, &slave, nullptr, nullptr, nullptr), 0);
  std::FILE* tty = ::fdopen(slave, "w");
  ASSERT_TRUE(tty);
  FakeClock clock;
  {
    Progress p("stats", 100,
               {.out = tty, .enabled = std::nullopt, .interval = 200ms, .now = clock.fn()});
    EXPECT_TRUE(p.enabled()) << "a pseudo-terminal is a terminal";
    clock.t += 300ms;
    p.update(50, 1234);
  }  // the destructor finishes the line
  std::fclose(tty);
  std::string got;
  for (;;) {
    pollfd pfd{master, POLLIN, 0};
    if (::poll(&pfd, 1, 1000) <= 0) break;
    char buf[256];
    const auto n = ::read(master, buf, sizeof buf);
    if (n <= 0) break;
    got.append(buf, static_cast<std::size_t>(n));
  }
  ::close(master);
  EXPECT_NE(got.find("stats: 50.0% 1,234 messages"), std::string::npos) << got;
}

TEST(Progress, WithCommas) {
  EXPECT_EQ(with_commas(0), "0");
  EXPECT_EQ(with_commas(999), "999");
  EXPECT_EQ(with_commas(1000), "1,000");
  EXPECT_EQ(with_commas(12'012), "12,012");
  EXPECT_EQ(with_commas(1'234'567'890), "1,234,567,890");
}

}  // namespace
}  // namespace sp::app
