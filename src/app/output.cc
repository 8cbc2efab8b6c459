#include "app/output.h"

#include <cerrno>
#include <charconv>
#include <cstring>

namespace sp::app {

BufferedWriter::BufferedWriter(std::FILE* out, std::size_t capacity)
    : out_(out), buf_(capacity < 64 ? 64 : capacity) {}

BufferedWriter::~BufferedWriter() {
  flush();
}

void BufferedWriter::drain() {
  if (pos_ > 0 && !failed_) {
    errno = 0;
    if (std::fwrite(buf_.data(), 1, pos_, out_) != pos_) {
      failed_ = true;
      errno_ = errno;
    }
  }
  pos_ = 0;
}

void BufferedWriter::write(std::string_view s) {
  if (s.size() <= buf_.size() - pos_) {
    std::memcpy(buf_.data() + pos_, s.data(), s.size());
    pos_ += s.size();
    return;
  }
  drain();
  if (s.size() >= buf_.size()) {
    if (!failed_) {
      errno = 0;
      if (std::fwrite(s.data(), 1, s.size(), out_) != s.size()) {
        failed_ = true;
        errno_ = errno;
      }
    }
    return;
  }
  std::memcpy(buf_.data(), s.data(), s.size());
  pos_ = s.size();
}

void BufferedWriter::number(double v) {
  reserve(32);
  const auto r = std::to_chars(buf_.data() + pos_, buf_.data() + buf_.size(), v);
  pos_ = static_cast<std::size_t>(r.ptr - buf_.data());
}

void BufferedWriter::integer(std::int64_t v) {
  reserve(24);
  const auto r = std::to_chars(buf_.data() + pos_, buf_.data() + buf_.size(), v);
  pos_ = static_cast<std::size_t>(r.ptr - buf_.data());
}

void BufferedWriter::unsigned_integer(std::uint64_t v) {
  reserve(24);
  const auto r = std::to_chars(buf_.data() + pos_, buf_.data() + buf_.size(), v);
  pos_ = static_cast<std::size_t>(r.ptr - buf_.data());
}

bool BufferedWriter::flush() {
  drain();
  if (!failed_) {
    errno = 0;
    if (std::fflush(out_) != 0) {
      failed_ = true;
      errno_ = errno;
    }
  }
  return !failed_;
}

std::string BufferedWriter::error() const {
  if (!failed_) return "";
  return std::string("write failed (") + (errno_ ? std::strerror(errno_) : "unknown error") + ")";
}

std::string format_number(double v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

}  // namespace sp::app
