#include "serve/http/router.h"

namespace sp::serve::http {
namespace {

std::vector<std::string_view> split(std::string_view path) {
  std::vector<std::string_view> out;
  if (path.empty() || path[0] != '/') return out;
  path.remove_prefix(1);
  for (;;) {
    const std::size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool is_param(std::string_view seg) { return seg.size() > 2 && seg.front() == '{' && seg.back() == '}'; }

}  // namespace

int Router::add(std::string method, std::string pattern) {
  Route r{std::move(method), std::move(pattern), {}};
  for (std::string_view s : split(r.pattern)) r.segments.emplace_back(s);
  routes_.push_back(std::move(r));
  return static_cast<int>(routes_.size() - 1);
}

bool Router::fits(const Route& r, const std::vector<std::string_view>& path, long* score,
                  std::vector<std::pair<std::string_view, std::string_view>>* params) {
  if (r.segments.size() != path.size()) return false;
  long s = 0;
  params->clear();
  for (std::size_t i = 0; i < path.size(); ++i) {
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
  const std::vector<std::string_view> parts = split(path);
  if (parts.empty()) return best;
  const std::string_view effective = method == "HEAD" ? std::string_view("GET") : method;
  long best_score = -1;
  std::vector<std::pair<std::string_view, std::string_view>> params;
  std::vector<std::string_view> allowed;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    long score = 0;
    if (!fits(routes_[i], parts, &score, &params)) continue;
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
