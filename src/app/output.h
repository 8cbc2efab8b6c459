// BufferedWriter: the command line's output path. Text is gathered in one large buffer and handed
// to the C library one chunk at a time (one fwrite per megabyte), so a million-row CSV costs a few
// dozen system calls, not one per value. Numbers are printed with std::to_chars' shortest form,
// which reads back (strtod, from_chars, Python's float) to the same double, bit for bit.
//
// Write errors (a full disk, a closed pipe) are sticky: later writes are dropped, and flush()
// returns false with error() naming the cause, so a command can report them and exit 1.
// Not thread-safe. The destructor flushes but cannot report; call flush() and check it.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace sp::app {

class BufferedWriter {
 public:
  explicit BufferedWriter(std::FILE* out, std::size_t capacity = std::size_t{1} << 20);
  ~BufferedWriter();
  BufferedWriter(const BufferedWriter&) = delete;
  BufferedWriter& operator=(const BufferedWriter&) = delete;

  void write(std::string_view s);
  void put(char c) {
    if (pos_ == buf_.size()) drain();
    buf_[pos_++] = c;
  }
  // Shortest round-trip form ("0.1", "1e-07", "123.456"); "nan", "inf", "-inf" for non-finite.
  void number(double v);
  void integer(std::int64_t v);
  void unsigned_integer(std::uint64_t v);

  // Writes out everything buffered and flushes the stream. False if any write failed.
  bool flush();
  bool failed() const { return failed_; }
  std::string error() const;

 private:
  void drain();                // hands the buffer to fwrite
  void reserve(std::size_t n)  // makes room for n bytes; n <= capacity
  {
    if (buf_.size() - pos_ < n) drain();
  }

  std::FILE* out_;
  std::vector<char> buf_;
  std::size_t pos_ = 0;
  bool failed_ = false;
  int errno_ = 0;
};

// The shortest round-trip text of `v` ("nan", "inf" for non-finite), for messages and tests.
std::string format_number(double v);

}  // namespace sp::app
