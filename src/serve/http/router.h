// Router: finds the route for a method and a path among patterns such as `/v1/quote/{symbol}`.
//
//   Router r;
//   const int quote = r.add("GET", "/v1/quote/{symbol}");
//   RouteMatch m = r.match("GET", "/v1/quote/AAPL");   // m.route == quote, m.param("symbol") == "AAPL"
//
// A pattern is a sequence of '/'-separated segments, each literal or `{name}` (matches one
// non-empty segment). Literal segments win over parameters at the same depth, whatever the order
// routes were added in, so `/v1/bars/latest` can sit beside `/v1/bars/{symbol}`. A path that matches
// a pattern under another method gives kMethodNotAllowed and the allowed methods (for the Allow
// header of a 405); HEAD matches GET routes. Paths are matched as sent (no percent-decoding: symbols
// and route literals are plain ASCII); a trailing slash is a different path.
// Thread safety: add() before serving; match() is const and safe from any number of threads.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sp::serve::http {

struct RouteMatch {
  enum Status { kFound, kNotFound, kMethodNotAllowed };
  Status status = kNotFound;
  int route = -1;
  std::vector<std::pair<std::string_view, std::string_view>> params;  // views into the pattern and path
  std::string allow;  // for kMethodNotAllowed: "GET, HEAD"

  std::string_view param(std::string_view name) const {
    for (const auto& [k, v] : params) {
      if (k == name) return v;
    }
    return {};
  }
};

class Router {
 public:
  // Returns the route's id (0, 1, 2, ... in the order added).
  int add(std::string method, std::string pattern);
  RouteMatch match(std::string_view method, std::string_view path) const;
  const std::string& pattern(int route) const { return routes_[static_cast<std::size_t>(route)].pattern; }
  std::size_t size() const { return routes_.size(); }

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;  // "{name}" for parameters
  };
  // 0 if the path fits the route; else how specific the fit is (more literal segments, earlier,
  // is better) in *score. Fills params.
  static bool fits(const Route& r, const std::vector<std::string_view>& path, long* score,
                   std::vector<std::pair<std::string_view, std::string_view>>* params);
  std::vector<Route> routes_;
};

}  // namespace sp::serve::http
