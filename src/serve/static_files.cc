#include "serve/static_files.h"

#include <algorithm>
#include <fstream>
#include <iterator>

namespace sp::serve {

namespace fs = std::filesystem;

StaticFiles::StaticFiles(const fs::path& root, std::size_t max_bytes)
    : root_(fs::canonical(root)), max_bytes_(max_bytes) {}

std::string StaticFiles::valid_root(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return "--static " + dir.string() + " is not a directory";
  return "";
}

std::string_view StaticFiles::content_type(const fs::path& file) {
  const std::string ext = file.extension().string();
  if (ext == ".html" || ext == ".htm") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".map") return "application/json";
  if (ext == ".wasm") return "application/wasm";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  if (ext == ".woff2") return "font/woff2";
  return "application/octet-stream";
}

bool StaticFiles::hashed_name(std::string_view name) {
  // A dot-separated part of 8 or more hex digits that is neither the first nor the last part.
  std::size_t start = name.find('.');
  while (start != std::string_view::npos) {
    const std::size_t end = name.find('.', start + 1);
    if (end == std::string_view::npos) return false;
    const std::string_view part = name.substr(start + 1, end - start - 1);
    bool hex = part.size() >= 8;
    for (char c : part) hex = hex && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    if (hex) return true;
    start = end;
  }
  return false;
}

std::optional<StaticFile> StaticFiles::find(std::string_view path) const {
  // Percent-decode once ('+' stays a plus: it means a space only in a query).
  auto hex = [](char c) {
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
  };
  std::string decoded;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '%' && i + 2 < path.size() && hex(path[i + 1]) >= 0 && hex(path[i + 2]) >= 0) {
      decoded += static_cast<char>(hex(path[i + 1]) * 16 + hex(path[i + 2]));
      i += 2;
    } else {
      decoded += path[i];
    }
  }
  if (decoded.empty() || decoded[0] != '/') return std::nullopt;
  if (decoded.find('\0') != std::string::npos || decoded.find('\\') != std::string::npos)
    return std::nullopt;
  std::string_view rest = std::string_view(decoded).substr(1);
  fs::path rel;
  while (!rest.empty()) {
    const std::size_t slash = rest.find('/');
    const std::string_view seg = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
    if (seg == ".." || seg == ".") return std::nullopt;
    if (seg.empty()) continue;
    rel /= fs::path(std::string(seg));
  }
  fs::path file = root_ / rel;
  std::error_code ec;
  if (fs::is_directory(file, ec)) file /= "index.html";
  const fs::path real = fs::weakly_canonical(file, ec);
  if (ec) return std::nullopt;
  // Inside the root, symlinks resolved.
  auto [r, f] = std::mismatch(root_.begin(), root_.end(), real.begin(), real.end());
  if (r != root_.end()) return std::nullopt;
  if (!fs::is_regular_file(real, ec) || fs::file_size(real, ec) > max_bytes_ || ec)
    return std::nullopt;
  std::ifstream in(real, std::ios::binary);
  if (!in) return std::nullopt;
  StaticFile out;
  out.body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  out.content_type = std::string(content_type(real));
  out.immutable = hashed_name(real.filename().string());
  return out;
}

}  // namespace sp::serve
