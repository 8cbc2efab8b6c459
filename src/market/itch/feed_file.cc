#include "market/itch/feed_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace sp::market::itch {

std::optional<FeedFile> FeedFile::open(const std::string& path, std::string* error) {
  auto fail = [&](const char* what) -> std::optional<FeedFile> {
    if (error) *error = path + ": " + what + ": " + std::strerror(errno);
    return std::nullopt;
  };
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail("cannot open");
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    auto r = fail("cannot stat");
    ::close(fd);
    return r;
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    if (error) *error = path + ": not a regular file";
    return std::nullopt;
  }
  FeedFile f;
  f.path_ = path;
  f.size_ = static_cast<std::size_t>(st.st_size);
  if (f.size_ > 0) {
    int flags = MAP_PRIVATE;
#ifdef MAP_POPULATE
    flags |= MAP_POPULATE;  // fault the pages in now, not one by one inside the decode loop
#endif
    void* m = ::mmap(nullptr, f.size_, PROT_READ, flags, fd, 0);
    if (m == MAP_FAILED) {
      auto r = fail("cannot map");
      ::close(fd);
      return r;
    }
    ::madvise(m, f.size_, MADV_SEQUENTIAL);
    f.map_ = m;
    f.data_ = static_cast<const std::uint8_t*>(m);
  }
  ::close(fd);  // the mapping keeps the file
  return f;
}

FeedFile::FeedFile(FeedFile&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      map_(std::exchange(other.map_, nullptr)),
      path_(std::move(other.path_)) {}

FeedFile& FeedFile::operator=(FeedFile&& other) noexcept {
  if (this != &other) {
    if (map_) ::munmap(map_, size_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    map_ = std::exchange(other.map_, nullptr);
    path_ = std::move(other.path_);
  }
  return *this;
}

FeedFile::~FeedFile() {
  if (map_) ::munmap(map_, size_);
}

}  // namespace sp::market::itch
