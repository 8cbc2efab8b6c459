#include "app/command.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "core/bar.h"

namespace sp::app {

int usage_error(std::string_view command, std::string_view message) {
  std::fprintf(stderr, "stockpulse %.*s: %.*s\n", static_cast<int>(command.size()), command.data(),
               static_cast<int>(message.size()), message.data());
  return kExitUsage;
}

int runtime_error(std::string_view command, std::string_view message) {
  std::fprintf(stderr, "stockpulse %.*s: %.*s\n", static_cast<int>(command.size()), command.data(),
               static_cast<int>(message.size()), message.data());
  return kExitFailure;
}

int print_help(const Command& command) {
  std::fwrite(command.help.data(), 1, command.help.size(), stdout);
  std::fflush(stdout);
  return kExitOk;
}

market::OhlcvReadResult read_input(const std::string& path) {
  if (path != "-") return market::read_ohlcv_file(path);
  std::string text;
  char buf[1 << 16];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, stdin)) > 0) text.append(buf, n);
  if (std::ferror(stdin)) {
    market::OhlcvReadResult r;
    r.error = std::string("<stdin>: cannot read (") + std::strerror(errno) + ")";
    return r;
  }
  return market::parse_ohlcv(text, "<stdin>");
}

std::string input_stem(const std::string& path) {
  if (path == "-") return "stdin";
  return std::filesystem::path(path).stem().string();
}

std::string input_names(unsigned inputs) {
  static constexpr struct {
    unsigned bit;
    const char* name;
  } kNames[] = {{core::kOpen, "open"},   {core::kHigh, "high"},     {core::kLow, "low"},
                {core::kClose, "close"}, {core::kVolume, "volume"}, {core::kTime, "time"}};
  std::string s;
  for (const auto& n : kNames) {
    if (inputs & n.bit) s += (s.empty() ? "" : ", ") + std::string(n.name);
  }
  return s;
}

}  // namespace sp::app
