#include "telemetry/metrics.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>
#include <vector>

namespace sp::telemetry {
namespace {

TEST(Metrics, CounterRendersWithLabelsInCreationOrder) {
  Registry reg;
  auto& req = reg.counter("sp_requests_total", "Requests served.", {"route", "code"});
  req.with({"/v1/quote/{symbol}", "200"}).inc(3);
  req.with({"/v1/quote/{symbol}", "404"}).inc();
  reg.gauge("sp_up", "1 when serving.").with({}).set(1);
  EXPECT_EQ(reg.render(),
            "# HELP sp_requests_total Requests served.\n"
            "# TYPE sp_requests_total counter\n"
            "sp_requests_total{route=\"/v1/quote/{symbol}\",code=\"200\"} 3\n"
            "sp_requests_total{route=\"/v1/quote/{symbol}\",code=\"404\"} 1\n"
            "# HELP sp_up 1 when serving.\n"
            "# TYPE sp_up gauge\n"
            "sp_up 1\n");
}

TEST(Metrics, HistogramBucketsAreCumulativeWithInfSumAndCount) {
  Registry reg;
  auto& h = reg.histogram("sp_latency_seconds", "Latency.", {}, {0.001, 0.01}).with({});
  h.observe(0.0005);  // first bucket
  h.observe(0.001);   // le is inclusive: still the first
  h.observe(0.005);
  h.observe(3);
  EXPECT_EQ(reg.render(),
            "# HELP sp_latency_seconds Latency.\n"
            "# TYPE sp_latency_seconds histogram\n"
            "sp_latency_seconds_bucket{le=\"0.001\"} 2\n"
            "sp_latency_seconds_bucket{le=\"0.01\"} 3\n"
            "sp_latency_seconds_bucket{le=\"+Inf\"} 4\n"
            "sp_latency_seconds_sum 3.0065\n"
            "sp_latency_seconds_count 4\n");
}

TEST(Metrics, LabelValuesAreEscaped) {
  EXPECT_EQ(escape_label_value("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
  Registry reg;
  reg.counter("x_total", "x", {"path"}).with({"he said \"hi\""}).inc();
  EXPECT_NE(reg.render().find("x_total{path=\"he said \\\"hi\\\"\"} 1\n"), std::string::npos);
}

TEST(Metrics, SameNameGivesSameFamilyAndConflictsThrow) {
  Registry reg;
  auto& a = reg.counter("c_total", "c", {"k"});
  auto& b = reg.counter("c_total", "c", {"k"});
  EXPECT_EQ(&a, &b);
  EXPECT_THROW(reg.gauge("c_total", "c", {"k"}), std::invalid_argument);
  EXPECT_THROW(reg.counter("c_total", "c", {"other"}), std::invalid_argument);
  EXPECT_THROW(reg.counter("9bad", "x"), std::invalid_argument);
  EXPECT_THROW(reg.counter("ok_total", "x", {"__reserved"}), std::invalid_argument);
  EXPECT_THROW(reg.histogram("h", "x", {"le"}), std::invalid_argument);
  EXPECT_THROW(reg.histogram("h2", "x", {}, {2, 1}), std::invalid_argument);
  EXPECT_THROW(a.with({"1", "2"}), std::invalid_argument);
}

TEST(Metrics, ConcurrentUpdatesAreNotLost) {
  Registry reg;
  auto& fam = reg.counter("n_total", "n", {"t"});
  Counter& c = fam.with({"x"});
  auto& h = reg.histogram("lat", "l", {}, {1.0}).with({});
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; ++t) {
    ts.emplace_back([&] {
      for (int i = 0; i < 100000; ++i) {
        c.inc();
        h.observe(0.5);
        fam.with({"x"});  // concurrent lookups of an existing child
      }
    });
  }
  for (auto& t : ts) t.join();
  EXPECT_EQ(c.value(), 400000u);
  EXPECT_EQ(h.count(), 400000u);
  EXPECT_DOUBLE_EQ(h.sum(), 200000.0);
}

}  // namespace
}  // namespace sp::telemetry
