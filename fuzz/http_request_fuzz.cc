// libFuzzer target: the gateway's own parsing of request text — everything past Beast's HTTP
// parser that reads bytes a client chose.
//
// The input is split at the first three '\n' bytes into: method, target, Accept-Encoding value,
// If-None-Match value (the rest). Then:
//  - Request splits the target into path and query; query_param / query_params decode escapes;
//    the decoded values must not be longer than the raw query.
//  - Router::match over the API's route patterns: a kFound match's parameters are substrings of
//    the path, and every parameter is non-empty.
//  - negotiate(Accept-Encoding) returns one of the four codings.
//  - StaticFiles::find under an empty temporary root never returns a file (there is none), and
//    never throws, whatever the path.
// A broken promise traps; ASan/UBSan catch the rest.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "serve/filters/content_coding.h"
#include "serve/http/request.h"
#include "serve/http/router.h"
#include "serve/static_files.h"

namespace {

#define CHECK(cond)                \
  do {                             \
    if (!(cond)) __builtin_trap(); \
  } while (0)

using namespace sp::serve;

std::optional<std::string_view> no_headers(const void*, std::string_view) { return std::nullopt; }

const http::Router& router() {
  static const http::Router r = [] {
    http::Router x;
    for (const char* p : {"/v1/symbols", "/v1/quote/{symbol}", "/v1/book/{symbol}", "/v1/bars/{symbol}",
                          "/v1/indicators/{symbol}", "/healthz", "/readyz", "/metrics", "/v1/openapi.json"}) {
      x.add("GET", p);
    }
    x.add("POST", "/v1/risk/portfolio");
    return x;
  }();
  return r;
}

const StaticFiles& files() {
  static const std::filesystem::path root = [] {
    auto p = std::filesystem::temp_directory_path() / "sp_fuzz_static_root";
    std::filesystem::create_directories(p);
    return p;
  }();
  static const StaticFiles f(root);
  return f;
}

std::string_view take_line(std::string_view& rest) {
  const std::size_t nl = rest.find('\n');
  std::string_view line = rest.substr(0, nl);
  rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
  return line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  const std::string_view method = take_line(rest);
  const std::string_view target = take_line(rest);
  const std::string_view accept = take_line(rest);
  const std::string_view inm = rest;
  (void)inm;

  const http::Request r(method, target, {}, "127.0.0.1", nullptr, &no_headers);
  CHECK(r.path().size() + r.query().size() <= target.size());
  for (const char* name : {"spec", "limit", "from", "to", "tf", "depth", ""}) {
    if (auto v = r.query_param(name)) CHECK(v->size() <= r.query().size());
    for (const auto& v : r.query_params(name)) CHECK(v.size() <= r.query().size());
  }

  const http::RouteMatch m = router().match(method, r.path());
  if (m.status == http::RouteMatch::kFound) {
    CHECK(m.route >= 0 && static_cast<std::size_t>(m.route) < router().size());
    for (const auto& [k, v] : m.params) {
      CHECK(!v.empty());
      CHECK(v.data() >= r.path().data() && v.data() + v.size() <= r.path().data() + r.path().size());
    }
  }
  if (m.status == http::RouteMatch::kMethodNotAllowed) CHECK(!m.allow.empty());

  const Coding c = negotiate(accept);
  CHECK(c == Coding::kIdentity || c == Coding::kBrotli || c == Coding::kZstd || c == Coding::kGzip);

  CHECK(!files().find(r.path()));
  return 0;
}
