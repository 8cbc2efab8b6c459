// One status line on a terminal, rewritten in place about four times a second; silence elsewhere.
//
//   ProgressLine line(std::nullopt);              // on when standard error is a terminal
//   if (line.due()) line.show("sent 5,000 of 12,012 messages (41.6%), 120k msg/s");
//   line.finish();                                // ends the line (only if something was shown)
//
// The house rule (DESIGN.md): every long job shows progress on a terminal and is quiet when not
// on one. It writes to standard error with \r and clear-to-end-of-line, so the output stays one
// line. due() reads the monotonic clock; call it as often as you like (it costs a clock read).
// TODO(telemetry): this belongs to layer 1 once telemetry/ exists; it is here for the MoldUDP64
// sender and receiver, its first users.
// Thread safety: none; one ProgressLine per job.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace sp::market::moldudp64 {

class ProgressLine {
 public:
  // enabled: true / false to force; nullopt: isatty(standard error).
  explicit ProgressLine(std::optional<bool> enabled,
                        std::chrono::milliseconds interval = std::chrono::milliseconds(250));
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;
  ~ProgressLine() { finish(); }

  bool enabled() const { return enabled_; }
  // True (and the clock restarted) when enabled and an interval has passed since the last show.
  bool due();
  void show(const std::string& text);
  void finish();

 private:
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::duration interval_;
  std::chrono::steady_clock::time_point last_{};
};

// "12,012" (thousands separators, for people).
std::string with_commas(std::uint64_t n);
// "1.2M", "35.0k", "950" (a rate, for people).
std::string short_number(double v);

}  // namespace sp::market::moldudp64
