#include "serve/cache/single_flight.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace sp::serve::cache {
namespace {

TEST(Flight, EveryWaiterGetsTheValue) {
  Flight<int> flight;
  std::atomic<int> sum{0};
  std::vector<std::thread> waiters;
  for (int i = 0; i < 4; ++i) waiters.emplace_back([&] { sum += flight.wait(); });
  flight.complete(10);
  for (auto& t : waiters) t.join();
  EXPECT_EQ(sum.load(), 40);
  EXPECT_EQ(flight.wait(), 10);  // and a late one
}

TEST(Flight, EveryWaiterGetsTheError) {
  Flight<int> flight;
  std::atomic<int> errors{0};
  std::vector<std::thread> waiters;
  for (int i = 0; i < 4; ++i)
    waiters.emplace_back([&] {
      try {
        flight.wait();
      } catch (const std::runtime_error& e) {
        errors += std::string(e.what()) == "backend down";
      }
    });
  flight.fail(std::make_exception_ptr(std::runtime_error("backend down")));
  for (auto& t : waiters) t.join();
  EXPECT_EQ(errors.load(), 4);
}

struct Hash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
struct Eq {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const { return a == b; }
};

TEST(FlightTable, TracksFlightsAndPoison) {
  FlightTable<std::string, int, Hash, Eq> table;
  EXPECT_EQ(table.find(std::string_view("a")), nullptr);
  auto a = table.start("a");
  auto b = table.start("b");
  EXPECT_EQ(table.find(std::string_view("a")), a);
  table.poison_tag("AAPL");
  table.poison(std::string_view("b"));
  EXPECT_TRUE(a->poisoned_for(std::vector<std::string>{"MSFT", "AAPL"}));
  EXPECT_FALSE(a->poisoned_for(std::vector<std::string>{"MSFT"}));
  EXPECT_TRUE(b->poisoned_for(std::vector<std::string>{}));
  table.finish(std::string_view("a"));
  EXPECT_EQ(table.find(std::string_view("a")), nullptr);
  EXPECT_EQ(table.size(), 1u);
}

}  // namespace
}  // namespace sp::serve::cache
