// An ITCH feed file mapped read-only into memory, to be walked with read_framed().
//
//   std::string error;
//   auto file = FeedFile::open(path, &error);   // nullopt and a message naming the file on failure
//   FeedStats stats;
//   file->read(handler, stats);                 // rules of stream_reader.h, offsets from file
//   start
//
// The file is NASDAQ's binary format: 2-byte big-endian length before each message (zero lengths
// read as the type's spec length, see stream_reader.h). The mapping lives as long as the FeedFile
// (move-only) and is advised sequential; decoded messages point into nothing, so they outlive it.
// An empty file maps to an empty buffer. Nothing here throws; a file changed while mapped is the
// caller's problem (as with any mmap reader: truncating it under us can raise SIGBUS).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "market/itch/feed_stats.h"
#include "market/itch/stream_reader.h"

namespace sp::market::itch {

class FeedFile {
 public:
  static std::optional<FeedFile> open(const std::string& path, std::string* error);

  FeedFile(FeedFile&& other) noexcept;
  FeedFile& operator=(FeedFile&& other) noexcept;
  FeedFile(const FeedFile&) = delete;
  FeedFile& operator=(const FeedFile&) = delete;
  ~FeedFile();

  const std::uint8_t* data() const { return data_; }
  std::size_t size() const { return size_; }
  const std::string& path() const { return path_; }

  template <class Handler>
  ReadResult read(Handler& h, FeedStats& stats) const {
    return read_framed(data_, size_, h, stats);
  }

 private:
  FeedFile() = default;
  const std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
  void* map_ = nullptr;  // what munmap needs (null for an empty file)
  std::string path_;
};

}  // namespace sp::market::itch
