// StaticFiles: the dashboard's files (`--static DIR`), answered for GET/HEAD paths no API route
// claims: `/` is DIR/index.html, `/app.js` is DIR/app.js.
//
// Safety: the path is percent-decoded once, then refused (404, never 403: a probe learns nothing)
// when it holds a NUL, a backslash, or a `..` or `.` segment; the file found must resolve, symlinks
// followed, to a regular file inside DIR. Only regular files up to max_bytes are served.
//
// Caching: a name carrying a content hash (a segment of 8+ hex digits between dots, as bundlers
// write: app.3f9a8c1e.js) never changes, so it is served `public, max-age=31536000, immutable`;
// anything else `no-cache` (the browser revalidates with the ETag, getting 304 when unchanged).
// Content-Type by extension. Thread-safe (read-only after construction).
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace sp::serve {

struct StaticFile {
  std::string body;
  std::string content_type;
  bool immutable = false;  // hashed name
};

class StaticFiles {
 public:
  // REQUIRES: root is an existing directory (check with valid_root first for a clear error).
  explicit StaticFiles(const std::filesystem::path& root, std::size_t max_bytes = 16 << 20);

  // "" when `dir` can serve, else why not (naming it).
  static std::string valid_root(const std::filesystem::path& dir);

  // The file for a request path, or nullopt (not found, refused, unreadable).
  std::optional<StaticFile> find(std::string_view path) const;

  static std::string_view content_type(const std::filesystem::path& file);
  static bool hashed_name(std::string_view filename);

 private:
  std::filesystem::path root_;  // canonical
  std::size_t max_bytes_;
};

}  // namespace sp::serve
