#include "store/store_url.h"

#include <cctype>

#include "store/store.h"

namespace sp::store {
namespace {

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

// The scheme of "scheme://…" (letters, digits, '+', '-', '.', starting with a letter), or empty.
std::string_view scheme_of(std::string_view url) {
  const auto colon = url.find("://");
  if (colon == std::string_view::npos || colon == 0) return {};
  if (!std::isalpha(static_cast<unsigned char>(url[0]))) return {};
  for (std::size_t i = 0; i < colon; ++i) {
    const char c = url[i];
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return {};
  }
  return url.substr(0, colon);
}

}  // namespace

std::string mask_password(std::string_view url) {
  std::string out(url);
  // User info: between "://" and the last '@' before the host part ends.
  if (const auto start = out.find("://"); start != std::string::npos) {
    const std::size_t auth = start + 3;
    std::size_t auth_end = out.find_first_of("/?", auth);
    if (auth_end == std::string::npos) auth_end = out.size();
    const auto at = out.rfind('@', auth_end);
    if (at != std::string::npos && at >= auth) {
      const auto colon = out.find(':', auth);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // password=… in the query string.
  for (std::size_t pos = 0; (pos = out.find("password=", pos)) != std::string::npos;) {
    const bool at_param_start = pos > 0 && (out[pos - 1] == '?' || out[pos - 1] == '&');
    pos += 9;
    if (!at_param_start) continue;
    std::size_t end = out.find('&', pos);
    if (end == std::string::npos) end = out.size();
    out.replace(pos, end - pos, "***");
  }
  return out;
}

Result<StoreLocation> parse_store_url(std::string_view url) {
  StoreLocation loc;
  if (url.empty()) {
    loc.target = std::string(kDefaultDatabasePath);
    loc.display = loc.target;
    loc.is_default = true;
    return loc;
  }
  if (starts_with_ci(url, "postgresql://") || starts_with_ci(url, "postgres://")) {
    loc.backend = StoreLocation::Backend::kPostgres;
    loc.target = std::string(url);
    loc.display = mask_password(url);
    return loc;
  }
  if (starts_with_ci(url, "sqlite:")) {
    std::string_view path = url.substr(7);
    if (path.substr(0, 2) == "//") path.remove_prefix(2);
    if (path.empty()) {
      return Status::error(std::string(url) +
                           ": no database path after \"sqlite:\" (write sqlite:PATH)");
    }
    loc.target = std::string(path);
    loc.display = loc.target;
    return loc;
  }
  if (const auto scheme = scheme_of(url); !scheme.empty()) {
    return Status::error(mask_password(url) + ": unsupported database URL scheme \"" +
                         std::string(scheme) +
                         "\" (use sqlite:PATH, a file path, or postgresql://user@host:port/db)");
  }
  loc.target = std::string(url);
  loc.display = loc.target;
  return loc;
}

}  // namespace sp::store
