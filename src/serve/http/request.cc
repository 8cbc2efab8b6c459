#include "serve/http/request.h"

namespace sp::serve::http {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Calls f(decoded-name-matches, raw value) for each name=value pair of the query.
template <class F>
void for_each_pair(std::string_view query, std::string_view name, F&& f) {
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    const std::string_view key = pair.substr(0, eq);
    const std::string_view value =
        eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    // Parameter names are plain ASCII here; compare decoded only when the raw key has an escape.
    const bool match = key.find_first_of("%+") == std::string_view::npos
                           ? key == name
                           : decode_query_component(key) == name;
    if (match && !f(value)) return;
  }
}

}  // namespace

std::string decode_query_component(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 &&
               hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

Request::Request(std::string_view method, std::string_view target, std::string_view body,
                 std::string_view client, const void* fields, HeaderLookup lookup)
    : method_(method),
      target_(target),
      body_(body),
      client_(client),
      fields_(fields),
      lookup_(lookup) {
  const std::size_t q = target.find('?');
  path_ = target.substr(0, q);
  query_ = q == std::string_view::npos ? std::string_view{} : target.substr(q + 1);
  // A fragment never reaches a server, but a hand-made request may carry one: it is not the query.
  if (const std::size_t h = query_.find('#'); h != std::string_view::npos)
    query_ = query_.substr(0, h);
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  std::optional<std::string> out;
  for_each_pair(query_, name, [&](std::string_view v) {
    out = decode_query_component(v);
    return false;
  });
  return out;
}

std::vector<std::string> Request::query_params(std::string_view name) const {
  std::vector<std::string> out;
  for_each_pair(query_, name, [&](std::string_view v) {
    out.push_back(decode_query_component(v));
    return true;
  });
  return out;
}

}  // namespace sp::serve::http
