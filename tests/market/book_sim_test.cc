// The fast BookSet against the reference book on the market simulator's days (src/market/sim/),
// many seeds, checked at every message; and the simulator's promises the book can verify: no
// unknown references, no duplicate ones, books never crossed.
//
// DISABLED_Timing: decode + book on a simulated 5M-message, 5,000-symbol day (thread CPU time):
//   test_market --gtest_filter='BookSimTiming.*' --gtest_also_run_disabled_tests
#include <gtest/gtest.h>

#include <cstdio>
#include <ctime>
#include <vector>

#include "market/book/book_compare.h"
#include "market/book/book_set.h"
#include "market/book/reference_book.h"
#include "market/itch/stream_reader.h"
#include "market/sim/market_simulator.h"

namespace sp::market::book {
namespace {

struct Trades : NullBookListener {
  std::vector<TradeEvent> got;
  void on_trade(const TradeEvent& t) { got.push_back(t); }
};

std::vector<std::uint8_t> simulate(const sim::SimConfig& c) {
  EXPECT_EQ(sim::validate(c), "");
  std::vector<std::uint8_t> bytes;
  sim::MarketSimulator s(c);
  s.generate([&](const std::uint8_t* p, std::size_t n) { bytes.insert(bytes.end(), p, p + n); });
  return bytes;
}

TEST(BookSim, AgreesWithReferenceOnManySeeds) {
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    const sim::SimConfig c{.symbols = 20, .messages = 20000, .seed = seed};
    const auto bytes = simulate(c);
    Trades ft, rt;
    BookSet<Trades> fast(&ft, 64);
    ReferenceBookSet<Trades> ref(&rt);
    BookLockstep check(fast, ref, {.full_depth_every = 8});
    itch::FeedStats stats;
    itch::read_framed(bytes.data(), bytes.size(), check, stats);
    ASSERT_EQ(stats.malformed + stats.truncated + stats.unknown, 0u);
    ASSERT_EQ(check.mismatch(), "") << "seed " << seed;
    for (std::uint16_t loc = 0; loc <= c.symbols; ++loc) {
      ASSERT_EQ(compare_books(fast, ref, loc), "") << "seed " << seed;
      const LevelInfo bid = fast.best(loc, Side::buy), ask = fast.best(loc, Side::sell);
      if (bid.orders && ask.orders) {
        EXPECT_LT(bid.price, ask.price) << "seed " << seed;
      }
    }
    ASSERT_EQ(ft.got, rt.got) << "seed " << seed;
    EXPECT_EQ(fast.stats().unknown_refs, 0u) << "seed " << seed;
    EXPECT_EQ(fast.stats().duplicate_refs, 0u) << "seed " << seed;
    EXPECT_EQ(fast.session(), SessionPhase::messages_ended);
    EXPECT_GT(ft.got.size(), 0u);
  }
}

double cpu_ns() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) * 1e9 + double(t.tv_nsec);
}

TEST(BookSimTiming, DISABLED_Timing) {
  const auto bytes = simulate({.symbols = 5000, .messages = 5'000'000, .seed = 42});
  for (int rep = 0; rep < 3; ++rep) {
    BookSet<> books(nullptr, rep == 0 ? 1 << 20 : 1 << 14);
    itch::FeedStats stats;
    const double t0 = cpu_ns();
    itch::read_framed(bytes.data(), bytes.size(), books, stats);
    const double ns = cpu_ns() - t0;
    itch::NullHandler null;
    itch::FeedStats s2;
    const double t1 = cpu_ns();
    itch::read_framed(bytes.data(), bytes.size(), null, s2);
    const double ns2 = cpu_ns() - t1;
    std::printf(
        "sim day (map hint %d): decode+book %.1f ns/message, decode only %.1f (thread CPU), %zu "
        "live\n",
        rep == 0 ? 1 << 20 : 1 << 14, ns / double(stats.messages), ns2 / double(s2.messages),
        books.live_orders());
  }
}

}  // namespace
}  // namespace sp::market::book
