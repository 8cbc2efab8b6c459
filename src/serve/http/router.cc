#include "serve/http/router.h"

#include <stdexcept>

namespace sp::serve::http {
namespace {

// The segments of an absolute path into out[0, max); returns how many, or 0 when the path is not
// absolute or has more than max segments.
std::size_t split(std::string_view path, std::string_view* out, std::size_t max) {
  if (path.empty() || path[0] != '/') return 0;
  path.remove_prefix(1);
  std::size_t n = 0;
  for (;;) {
    if (n == max) return 0;
    const std::size_t slash = path.find('/');
    out[n++] = path.substr(0, slash);
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return n;
}

bool is_param(std::string_view seg) {
  return seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
}

}  // namespace

int Router::add(std::string method, std::string pattern) {
  Route r{std::move(method), std::move(pattern), {}};
  std::string_view parts[kMaxSegments];
  const std::size_t n = split(r.pattern, parts, kMaxSegments);
  if (n == 0)
    throw std::invalid_argument("route pattern '" + r.pattern +
                                "' is not an absolute path of at most " +
                                std::to_string(kMaxSegments) + " segments");
  for (std::size_t i = 0; i < n; ++i) r.segments.emplace_back(parts[i]);
  routes_.push_back(std::move(r));
  return static_cast<int>(routes_.size() - 1);
}

bool Router::fits(const Route& r, const std::string_view* path, std::size_t depth, long* score,
                  Params* params) {
  if (r.segments.size() != depth) return false;
  long s = 0;
  params->clear();
  for (std::size_t i = 0; i < depth; ++i) {
    const std::string& seg = r.segments[i];
    s <<= 1;
    if (is_param(seg)) {
      if (path[i].empty()) return false;
      params->emplace_back(std::string_view(seg).substr(1, seg.size() - 2), path[i]);
    } else {
      if (seg != path[i]) return false;
      s |= 1;  // a literal at this depth: earlier literals weigh more
    }
  }
  *score = s;
  return true;
}

RouteMatch Router::match(std::string_view method, std::string_view path) const {
  RouteMatch best;
  std::string_view parts[kMaxSegments];
  const std::size_t depth = split(path, parts, kMaxSegments);
  if (depth == 0) return best;
  const std::string_view effective = method == "HEAD" ? std::string_view("GET") : method;
  long best_score = -1;
  Params params;
  boost::container::small_vector<std::string_view, 4> allowed;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    long score = 0;
    if (!fits(routes_[i], parts, depth, &score, &params)) continue;
    if (routes_[i].method != effective) {
      allowed.push_back(routes_[i].method);
      continue;
    }
    if (score > best_score) {
      best_score = score;
      best.status = RouteMatch::kFound;
      best.route = static_cast<int>(i);
      best.params = params;
    }
  }
  if (best.status != RouteMatch::kFound && !allowed.empty()) {
    best.status = RouteMatch::kMethodNotAllowed;
    bool get = false;
    for (std::string_view m : allowed) {
      if (best.allow.find(m) != std::string::npos) continue;
      if (!best.allow.empty()) best.allow += ", ";
      best.allow += m;
      get |= m == "GET";
    }
    if (get) best.allow += ", HEAD";
  }
  return best;
}

}  // namespace sp::serve::http
