#include "telemetry/metrics.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

namespace sp::telemetry {
namespace {

bool valid_name(std::string_view s, bool allow_colon) {
  if (s.empty()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool alpha =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (allow_colon && c == ':');
    const bool digit = c >= '0' && c <= '9';
    if (!(alpha || (i > 0 && digit))) return false;
  }
  return true;
}

// Prometheus floats: shortest round-trip text, and its spellings of the special values.
std::string format_value(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

std::string label_text(const std::vector<std::string>& names,
                       const std::vector<std::string>& values, std::string_view extra_name = {},
                       std::string_view extra_value = {}) {
  if (names.empty() && extra_name.empty()) return {};
  std::string s = "{";
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i) s += ',';
    s += names[i];
    s += "=\"";
    s += escape_label_value(values[i]);
    s += '"';
  }
  if (!extra_name.empty()) {
    if (!names.empty()) s += ',';
    s += extra_name;
    s += "=\"";
    s += extra_value;
    s += '"';
  }
  s += '}';
  return s;
}

std::string escape_help(std::string_view h) {
  std::string s;
  for (char c : h) {
    if (c == '\\')
      s += "\\\\";
    else if (c == '\n')
      s += "\\n";
    else
      s += c;
  }
  return s;
}

template <class T>
std::unique_ptr<T> make_child(const std::vector<double>& bounds);
template <>
std::unique_ptr<Counter> make_child(const std::vector<double>&) {
  return std::make_unique<Counter>();
}
template <>
std::unique_ptr<Gauge> make_child(const std::vector<double>&) {
  return std::make_unique<Gauge>();
}
template <>
std::unique_ptr<Histogram> make_child(const std::vector<double>& b) {
  return std::make_unique<Histogram>(b);
}

}  // namespace

std::string escape_label_value(std::string_view v) {
  std::string s;
  s.reserve(v.size());
  for (char c : v) {
    if (c == '\\')
      s += "\\\\";
    else if (c == '"')
      s += "\\\"";
    else if (c == '\n')
      s += "\\n";
    else
      s += c;
  }
  return s;
}

Histogram::Histogram(std::vector<double> bounds) : bounds_(std::move(bounds)) {
  if (!std::is_sorted(bounds_.begin(), bounds_.end()) ||
      std::adjacent_find(bounds_.begin(), bounds_.end()) != bounds_.end()) {
    throw std::invalid_argument("histogram bounds must be strictly ascending");
  }
  counts_ = std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1);
}

void Histogram::observe(double v) {
  // Buckets are few (about 20): a linear scan beats a binary search's branch misses.
  std::size_t i = 0;
  while (i < bounds_.size() && v > bounds_[i]) ++i;
  counts_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(v, std::memory_order_relaxed);
}

std::vector<double> latency_buckets_seconds() {
  return {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
          0.05,    0.1,    0.25,    0.5,    1,     2.5,    5,     10};
}

template <class T>
T& Family<T>::with(const std::vector<std::string>& values) {
  if (values.size() != labels_.size()) {
    throw std::invalid_argument("metric " + name_ + " takes " + std::to_string(labels_.size()) +
                                " label values, got " + std::to_string(values.size()));
  }
  std::lock_guard lock(mu_);
  auto& slot = children_[values];
  if (!slot) slot = make_child<T>(bounds_);
  return *slot;
}

template class Family<Counter>;
template class Family<Gauge>;
template class Family<Histogram>;

template <class T>
Family<T>& Registry::make(MetricKind kind, std::string_view name, std::string_view help,
                          std::vector<std::string> labels, std::vector<double> bounds) {
  if (!valid_name(name, true))
    throw std::invalid_argument("bad metric name '" + std::string(name) + "'");
  for (const auto& l : labels) {
    if (!valid_name(l, false) || l.starts_with("__") ||
        (kind == MetricKind::kHistogram && l == "le")) {
      throw std::invalid_argument("bad label name '" + l + "' for metric " + std::string(name));
    }
  }
  std::lock_guard lock(mu_);
  for (const Entry& e : order_) {
    // Families of another kind are distinct types; compare names through the right one.
    const std::string* other = nullptr;
    switch (e.kind) {
      case MetricKind::kCounter:
        other = &static_cast<Family<Counter>*>(e.family)->name();
        break;
      case MetricKind::kGauge:
        other = &static_cast<Family<Gauge>*>(e.family)->name();
        break;
      case MetricKind::kHistogram:
        other = &static_cast<Family<Histogram>*>(e.family)->name();
        break;
    }
    if (*other != name) continue;
    auto* f = static_cast<Family<T>*>(e.family);
    if (e.kind != kind || f->labels() != labels) {
      throw std::invalid_argument("metric " + std::string(name) +
                                  " already exists with another kind or labels");
    }
    return *f;
  }
  std::deque<Family<T>>* store;
  if constexpr (std::is_same_v<T, Counter>)
    store = &counters_;
  else if constexpr (std::is_same_v<T, Gauge>)
    store = &gauges_;
  else
    store = &histograms_;
  auto& f = store->emplace_back(std::string(name), std::string(help), std::move(labels),
                                std::move(bounds));
  order_.push_back({kind, &f});
  return f;
}

Family<Counter>& Registry::counter(std::string_view name, std::string_view help,
                                   std::vector<std::string> labels) {
  return make<Counter>(MetricKind::kCounter, name, help, std::move(labels), {});
}
Family<Gauge>& Registry::gauge(std::string_view name, std::string_view help,
                               std::vector<std::string> labels) {
  return make<Gauge>(MetricKind::kGauge, name, help, std::move(labels), {});
}
Family<Histogram>& Registry::histogram(std::string_view name, std::string_view help,
                                       std::vector<std::string> labels,
                                       std::vector<double> bounds) {
  Histogram check(bounds);  // validates the bounds before the family exists
  return make<Histogram>(MetricKind::kHistogram, name, help, std::move(labels), std::move(bounds));
}

std::string Registry::render() const {
  std::lock_guard lock(mu_);
  std::string out;
  auto head = [&](const std::string& name, const std::string& help, const char* type) {
    out += "# HELP " + name + ' ' + escape_help(help) + '\n';
    out += "# TYPE " + name + ' ' + type + '\n';
  };
  for (const Entry& e : order_) {
    switch (e.kind) {
      case MetricKind::kCounter: {
        const auto& f = *static_cast<const Family<Counter>*>(e.family);
        head(f.name(), f.help(), "counter");
        f.for_each([&](const std::vector<std::string>& v, const Counter& c) {
          out += f.name() + label_text(f.labels(), v) + ' ' + std::to_string(c.value()) + '\n';
        });
        break;
      }
      case MetricKind::kGauge: {
        const auto& f = *static_cast<const Family<Gauge>*>(e.family);
        head(f.name(), f.help(), "gauge");
        f.for_each([&](const std::vector<std::string>& v, const Gauge& g) {
          out += f.name() + label_text(f.labels(), v) + ' ' + format_value(g.value()) + '\n';
        });
        break;
      }
      case MetricKind::kHistogram: {
        const auto& f = *static_cast<const Family<Histogram>*>(e.family);
        head(f.name(), f.help(), "histogram");
        f.for_each([&](const std::vector<std::string>& v, const Histogram& h) {
          // Read the buckets first: count is then at least their sum, never below it.
          std::uint64_t cumulative = 0;
          for (std::size_t i = 0; i <= h.bounds().size(); ++i) {
            cumulative += h.bucket(i);
            const std::string le = i < h.bounds().size() ? format_value(h.bounds()[i]) : "+Inf";
            out += f.name() + "_bucket" + label_text(f.labels(), v, "le", le) + ' ' +
                   std::to_string(cumulative) + '\n';
          }
          out += f.name() + "_sum" + label_text(f.labels(), v) + ' ' + format_value(h.sum()) + '\n';
          out += f.name() + "_count" + label_text(f.labels(), v) + ' ' +
                 std::to_string(cumulative) + '\n';
        });
        break;
      }
    }
  }
  return out;
}

}  // namespace sp::telemetry
