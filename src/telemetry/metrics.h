// Metrics in Prometheus's data model: counters, gauges and histograms, grouped in families that
// share a name, a help text and label names, and rendered in the text exposition format 0.0.4
// (what `GET /metrics` serves).
//
//   Registry reg;
//   auto& requests = reg.counter("sp_http_requests_total", "HTTP requests served.", {"route",
//   "code"}); Counter& ok = requests.with({"/v1/quote", "200"});   // look up once, keep the
//   reference ok.inc();                                            // hot path: one relaxed atomic
//   add std::string text = reg.render();
//
// Contract:
//  - Thread safety: every method of every class here may be called from any thread. Updating a
//    metric (inc, set, observe) is lock-free and allocates nothing; looking a child up with `with`
//    takes the family's mutex and allocates the first time a label set is seen, so hot paths look
//    their children up once and keep the reference.
//  - Lifetime: families and children live as long as the Registry; references stay valid.
//  - Names and labels are checked when a family is made (Prometheus's [a-zA-Z_:][a-zA-Z0-9_:]* for
//    metric names, [a-zA-Z_][a-zA-Z0-9_]* for label names; asking twice for the same name returns
//    the same family if its kind and labels agree). A wrong name or label count is a programming
//    error: std::invalid_argument. Label values are escaped on output, so any text is safe there.
//  - Bounded cardinality is the caller's duty: label values must come from a small closed set (a
//    route pattern, a status code), never from raw request text.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace sp::telemetry {

class Counter {
 public:
  void inc(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

class Gauge {
 public:
  void set(double v) { value_.store(v, std::memory_order_relaxed); }
  void add(double d) { value_.fetch_add(d, std::memory_order_relaxed); }
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

// Cumulative buckets as Prometheus wants them; `bounds` are the upper bounds, ascending, +Inf
// implied.
class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds);
  void observe(double v);
  const std::vector<double>& bounds() const { return bounds_; }
  // Non-cumulative count of bucket i (i == bounds().size() is the +Inf bucket).
  std::uint64_t bucket(std::size_t i) const { return counts_[i].load(std::memory_order_relaxed); }
  std::uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  double sum() const { return sum_.load(std::memory_order_relaxed); }

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> counts_;
  std::atomic<std::uint64_t> count_{0};
  std::atomic<double> sum_{0};
};

// Latency buckets in seconds from 50 µs to 10 s: the range a gateway's requests live in.
std::vector<double> latency_buckets_seconds();

enum class MetricKind { kCounter, kGauge, kHistogram };

template <class T>
class Family {
 public:
  Family(std::string name, std::string help, std::vector<std::string> labels,
         std::vector<double> bounds = {})
      : name_(std::move(name)),
        help_(std::move(help)),
        labels_(std::move(labels)),
        bounds_(std::move(bounds)) {}

  // The child for these label values (one per label name, in order). REQUIRES: the right count.
  T& with(const std::vector<std::string>& values);
  T& with(std::initializer_list<std::string_view> values) {
    return with(std::vector<std::string>(values.begin(), values.end()));
  }

  const std::string& name() const { return name_; }
  const std::string& help() const { return help_; }
  const std::vector<std::string>& labels() const { return labels_; }
  // Calls f(label values, child) for each child, in label order.
  template <class F>
  void for_each(F&& f) const {
    std::lock_guard lock(mu_);
    for (const auto& [values, child] : children_) f(values, *child);
  }

 private:
  std::string name_, help_;
  std::vector<std::string> labels_;
  std::vector<double> bounds_;  // histograms only
  mutable std::mutex mu_;
  std::map<std::vector<std::string>, std::unique_ptr<T>> children_;
};

class Registry {
 public:
  Family<Counter>& counter(std::string_view name, std::string_view help,
                           std::vector<std::string> labels = {});
  Family<Gauge>& gauge(std::string_view name, std::string_view help,
                       std::vector<std::string> labels = {});
  Family<Histogram>& histogram(std::string_view name, std::string_view help,
                               std::vector<std::string> labels = {},
                               std::vector<double> bounds = latency_buckets_seconds());

  // The text exposition format, families in the order they were made.
  std::string render() const;

 private:
  struct Entry {
    MetricKind kind;
    void* family;
  };
  template <class T>
  Family<T>& make(MetricKind kind, std::string_view name, std::string_view help,
                  std::vector<std::string> labels, std::vector<double> bounds);

  mutable std::mutex mu_;
  std::deque<Family<Counter>> counters_;
  std::deque<Family<Gauge>> gauges_;
  std::deque<Family<Histogram>> histograms_;
  std::vector<Entry> order_;
};

// Prometheus's label-value escaping: backslash, double quote and newline.
std::string escape_label_value(std::string_view v);

}  // namespace sp::telemetry
