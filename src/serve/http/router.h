// Router: finds the route for a method and a path among patterns such as `/v1/quote/{symbol}`.
//
//   Router r;
//   const int quote = r.add("GET", "/v1/quote/{symbol}");
//   RouteMatch m = r.match("GET", "/v1/quote/AAPL");   // m.route == quote, m.param("symbol") ==
//   "AAPL"
//
// A pattern is a sequence of '/'-separated segments, each literal or `{name}` (matches one
// non-empty segment). Literal segments win over parameters at the same depth, whatever the order
// routes were added in, so `/v1/bars/latest` can sit beside `/v1/bars/{symbol}`. A path that
// matches a pattern under another method gives kMethodNotAllowed and the allowed methods (for the
// Allow header of a 405); HEAD matches GET routes. Paths are matched as sent (no percent-decoding:
// symbols and route literals are plain ASCII); a trailing slash is a different path. Patterns have
// at most kMaxSegments segments (add() throws std::invalid_argument beyond); a longer path matches
// nothing. match() allocates nothing for a found route of up to four parameters (the 405 answer's
// Allow text apart): it runs for every request. Thread safety: add() before serving; match() is
// const and safe from any number of threads.
#pragma once

#include <boost/container/small_vector.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sp::serve::http {

struct RouteMatch {
  enum Status { kFound, kNotFound, kMethodNotAllowed };
  Status status = kNotFound;
  int route = -1;
  // Views into the pattern and the path.
  boost::container::small_vector<std::pair<std::string_view, std::string_view>, 4> params;
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
  static constexpr std::size_t kMaxSegments = 32;

  // Returns the route's id (0, 1, 2, ... in the order added).
  int add(std::string method, std::string pattern);
  RouteMatch match(std::string_view method, std::string_view path) const;
  const std::string& pattern(int route) const {
    return routes_[static_cast<std::size_t>(route)].pattern;
  }
  std::size_t size() const { return routes_.size(); }

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;  // "{name}" for parameters
  };
  // 0 if the path fits the route; else how specific the fit is (more literal segments, earlier,
  // is better) in *score. Fills params.
  using Params = decltype(RouteMatch::params);
  static bool fits(const Route& r, const std::string_view* path, std::size_t depth, long* score,
                   Params* params);
  std::vector<Route> routes_;
};

}  // namespace sp::serve::http
