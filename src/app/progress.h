// Progress: the one status line a long command shows on a terminal, and nothing anywhere else.
//
//   Progress p("ingest", file_bytes);                // on when standard error is a terminal
//   p.update(bytes_done, messages);                  // as often as you like
//   p.finish();                                      // ends the line, if one was shown
//
// The house rule (DESIGN.md): every long job shows progress on a terminal and is quiet when not on
// one. The line goes to standard error (standard output stays the command's result, fit for a pipe)
// as "\r<label>: 41.6% 5,000,000 messages 1.2M msg/s\033[K", rewritten in place at most every
// `interval` (200 ms: five times a second, so the terminal never becomes the bottleneck); update()
// between refreshes costs one clock read. With `total` 0 the percentage is left out.
//
// Whether the line is on: `out` is a terminal (isatty), unless Options::enabled forces it. Tests
// inject the stream, the decision and the clock. Not thread-safe: one Progress per job.
// (market/moldudp64/progress_line.h is the same rule for the MoldUDP64 sender and receiver and the
// simulator, which sit below app/ and cannot use this.)
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>

namespace sp::app {

class Progress {
 public:
  using Clock = std::chrono::steady_clock;
  struct Options {
    std::FILE* out = stderr;
    std::optional<bool> enabled;  // nullopt: isatty(fileno(out))
    std::chrono::milliseconds interval{200};
    std::function<Clock::time_point()> now;  // empty: Clock::now
  };

  Progress(std::string label, std::uint64_t total) : Progress(std::move(label), total, Options{}) {}
  Progress(std::string label, std::uint64_t total, Options options);
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  ~Progress() { finish(); }

  bool enabled() const { return enabled_; }
  // `done` of `total` (bytes, say), and the messages handled so far (for the count and the rate).
  void update(std::uint64_t done, std::uint64_t messages);
  // Shows the final figures (when a line was shown) and ends the line.
  void finish();
  // Lines drawn so far (tests).
  std::uint64_t refreshes() const { return refreshes_; }

 private:
  void draw(std::uint64_t done, std::uint64_t messages, Clock::time_point now);

  std::string label_;
  std::uint64_t total_;
  Options options_;
  bool enabled_;
  bool shown_ = false;
  std::uint64_t refreshes_ = 0;
  std::uint64_t last_done_ = 0, last_messages_ = 0;
  Clock::time_point start_, last_draw_;
};

// "12,012" (thousands separators, for people).
std::string with_commas(std::uint64_t n);

}  // namespace sp::app
