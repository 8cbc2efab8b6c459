#include "app/progress.h"

#include <unistd.h>

namespace sp::app {

Progress::Progress(std::string label, std::uint64_t total, Options options)
    : label_(std::move(label)), total_(total), options_(std::move(options)) {
  if (!options_.now) options_.now = [] { return Clock::now(); };
  enabled_ = options_.enabled.value_or(options_.out && ::isatty(::fileno(options_.out)) == 1);
  if (!options_.out) enabled_ = false;
  start_ = options_.now();
  last_draw_ = start_;
}

void Progress::update(std::uint64_t done, std::uint64_t messages) {
  if (!enabled_) return;
  last_done_ = done;
  last_messages_ = messages;
  const auto now = options_.now();
  // The first line waits one interval too: a job that ends sooner shows nothing at all.
  if (now - last_draw_ < options_.interval) return;
  draw(done, messages, now);
}

void Progress::finish() {
  if (!shown_) return;
  draw(last_done_, last_messages_, options_.now());
  std::fputc('\n', options_.out);
  std::fflush(options_.out);
  shown_ = false;
}

void Progress::draw(std::uint64_t done, std::uint64_t messages, Clock::time_point now) {
  last_draw_ = now;
  const double seconds = std::chrono::duration<double>(now - start_).count();
  std::string line = "\r" + label_ + ":";
  char buf[64];
  if (total_ != 0) {
    std::snprintf(buf, sizeof buf, " %.1f%%",
                  100.0 * static_cast<double>(done) / static_cast<double>(total_));
    line += buf;
  }
  line += " " + with_commas(messages) + " messages";
  if (seconds > 0) {
    const double rate = static_cast<double>(messages) / seconds;
    if (rate >= 1e6) {
      std::snprintf(buf, sizeof buf, " %.1fM msg/s", rate / 1e6);
    } else if (rate >= 1e3) {
      std::snprintf(buf, sizeof buf, " %.1fk msg/s", rate / 1e3);
    } else {
      std::snprintf(buf, sizeof buf, " %.0f msg/s", rate);
    }
    line += buf;
  }
  line += "\033[K";
  std::fputs(line.c_str(), options_.out);
  std::fflush(options_.out);
  shown_ = true;
  ++refreshes_;
}

std::string with_commas(std::uint64_t n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace sp::app
