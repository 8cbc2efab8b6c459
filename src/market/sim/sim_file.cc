#include "market/sim/sim_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>

#include "market/moldudp64/progress_line.h"

namespace sp::market::sim {
namespace {

constexpr std::size_t kBufferSize = 1 << 20;
constexpr std::uint64_t kProgressEvery = 1 << 16;  // messages between clock reads

bool write_all(int fd, const std::uint8_t* p, std::size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    p += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

}  // namespace

void generate_into(const SimConfig& config, std::vector<std::uint8_t>& out) {
  MarketSimulator sim(config);
  std::size_t pos = out.size();
  // Resize ahead and write in place: one bounds check a message instead of a push per byte.
  out.resize(pos + sim.total_messages() * 32 + kMaxFramedLength);
  while (true) {
    if (out.size() - pos < kMaxFramedLength) out.resize(out.size() + out.size() / 2 + 4096);
    const std::size_t n = sim.next(out.data() + pos);
    if (n == 0) break;
    pos += n;
  }
  out.resize(pos);
}

std::optional<SimFileStats> write_itch_file(const std::string& path, const SimConfig& config,
                                            std::string* error, std::optional<bool> progress) {
  auto fail = [&](const std::string& what) -> std::optional<SimFileStats> {
    if (error) *error = "cannot write " + path + ": " + what;
    return std::nullopt;
  };
  if (const std::string bad = validate(config); !bad.empty()) return fail(bad);
  if (path.empty()) return fail("empty path");

  const auto start = std::chrono::steady_clock::now();
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) return fail("cannot create " + tmp + ": " + std::strerror(errno));
  auto abandon = [&](const std::string& what) {
    const int saved = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    errno = saved;
    return fail(what + ": " + std::strerror(saved));
  };

  MarketSimulator sim(config);
  moldudp64::ProgressLine line(progress);
  std::vector<std::uint8_t> buf(kBufferSize);
  std::size_t used = 0;
  std::uint64_t bytes = 0;
  while (true) {
    if (kBufferSize - used < kMaxFramedLength) {
      if (!write_all(fd, buf.data(), used)) return abandon("write to " + tmp + " failed");
      bytes += used;
      used = 0;
    }
    const std::size_t n = sim.next(buf.data() + used);
    if (n == 0) break;
    used += n;
    if (line.enabled() && sim.emitted() % kProgressEvery == 0 && line.due()) {
      const double secs =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      char pct[32];
      std::snprintf(
          pct, sizeof pct, "%.1f%%",
          100.0 * static_cast<double>(sim.emitted()) / static_cast<double>(sim.total_messages()));
      line.show("simulate: " + moldudp64::with_commas(sim.emitted()) + " of " +
                moldudp64::with_commas(sim.total_messages()) + " messages (" + pct + "), " +
                moldudp64::short_number(static_cast<double>(sim.emitted()) / secs) + " msg/s");
    }
  }
  if (!write_all(fd, buf.data(), used)) return abandon("write to " + tmp + " failed");
  bytes += used;
  if (::fsync(fd) != 0) return abandon("cannot sync " + tmp);
  if (::close(fd) != 0) {
    const int saved = errno;
    ::unlink(tmp.c_str());
    return fail("cannot close " + tmp + ": " + std::strerror(saved));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int saved = errno;
    ::unlink(tmp.c_str());
    return fail("cannot rename " + tmp + " to " + path + ": " + std::strerror(saved));
  }
  line.finish();
  SimFileStats stats;
  stats.messages = sim.emitted();
  stats.bytes = bytes;
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return stats;
}

}  // namespace sp::market::sim
