// The fast BookSet against the reference book on randomized valid ITCH streams, many seeds: every
// message's top of book, full depth every few messages and at the end, counters and every trade.
// The generator: several stocks, each with a mid price that walks; adds (A and F) near the mid and
// a few far from it, executions (E, C printable or not), cancels, deletes and replaces of live
// orders, P trades, unknown references and duplicate adds sprinkled in.
//
// DISABLED_Timing is the quick speed check (decode + book, ns/message): run it with
//   test_market --gtest_filter='BookTiming.*' --gtest_also_run_disabled_tests
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>
#include <vector>

#include "market/book/book_compare.h"
#include "market/book/book_set.h"
#include "market/book/reference_book.h"
#include "market/itch/encoder.h"
#include "market/itch/stream_reader.h"

namespace sp::market::book {
namespace {

using namespace sp::market::itch;

struct Trades : NullBookListener {
  std::vector<TradeEvent> got;
  void on_trade(const TradeEvent& t) { got.push_back(t); }
};

struct GenOptions {
  std::uint64_t messages = 20000;
  int stocks = 6;
  int near_ticks = 12;  // adds land within this many ticks of the mid, mostly
};

class StreamGenerator {
 public:
  StreamGenerator(std::uint64_t seed, GenOptions o) : rng_(seed), o_(o) {
    mids_.resize(std::size_t(o.stocks) + 1);
    for (int s = 1; s <= o.stocks; ++s) mids_[std::size_t(s)] = 100'000 + 1000 * s;
  }

  std::vector<std::uint8_t> make() {
    SystemEvent s;
    s.event_code = 'O';
    put(s);
    for (int i = 1; i <= o_.stocks; ++i) {
      StockDirectory r;
      r.stock_locate = static_cast<std::uint16_t>(i);
      r.stock = make_stock("S" + std::to_string(i));
      put(r);
    }
    s.event_code = 'Q';
    put(s);
    while (count_ < o_.messages) step();
    return std::move(bytes_);
  }

 private:
  struct Live {
    std::uint64_t ref;
    std::uint16_t locate;
    std::uint32_t shares;
  };

  std::uint64_t uniform(std::uint64_t n) {
    return std::uniform_int_distribution<std::uint64_t>(0, n - 1)(rng_);
  }

  template <class M>
  void put(M m) {
    m.timestamp_ns = ts_ += 1 + uniform(1000);
    m.tracking_number = static_cast<std::uint16_t>(count_);
    std::uint8_t buf[2 + kMaxMessageLength];
    const std::size_t n = encode_framed(m, buf);
    bytes_.insert(bytes_.end(), buf, buf + n);
    ++count_;
  }

  std::uint32_t price_near(std::uint16_t loc, char side) {
    std::int64_t mid = mids_[loc];
    std::int64_t off = 1 + std::int64_t(uniform(std::uint64_t(o_.near_ticks)));
    if (uniform(20) == 0) off = 1 + std::int64_t(uniform(2000));  // far from the touch
    if (uniform(10) == 0) off = -std::int64_t(uniform(3));        // crossing a little
    const std::int64_t p = side == 'B' ? mid - off : mid + off;
    return static_cast<std::uint32_t>(std::max<std::int64_t>(1, p));
  }

  void add(bool mpid) {
    const auto loc = static_cast<std::uint16_t>(1 + uniform(std::uint64_t(o_.stocks)));
    const char side = uniform(2) ? 'B' : 'S';
    const std::uint32_t shares =
        1 + static_cast<std::uint32_t>(uniform(10)) * 100 + static_cast<std::uint32_t>(uniform(3));
    std::uint64_t ref = next_ref_++;
    if (!live_.empty() && uniform(200) == 0) ref = live_[uniform(live_.size())].ref;  // duplicate
    const std::uint32_t price = price_near(loc, side);
    if (mpid) {
      AddOrderMpid m;
      m.stock_locate = loc;
      m.order_reference_number = ref;
      m.buy_sell_indicator = side;
      m.shares = shares;
      m.stock = make_stock("S" + std::to_string(loc));
      m.price = price;
      m.attribution = make_alpha<4>("MPID");
      put(m);
    } else {
      AddOrder m;
      m.stock_locate = loc;
      m.order_reference_number = ref;
      m.buy_sell_indicator = side;
      m.shares = shares;
      m.stock = make_stock("S" + std::to_string(loc));
      m.price = price;
      put(m);
    }
    if (ref + 1 == next_ref_) live_.push_back({ref, loc, shares});
  }

  // Takes `n` shares off live order j, dropping it from the generator's list at 0.
  void consume(std::size_t j, std::uint32_t n) {
    if (n >= live_[j].shares) {
      live_[j] = live_.back();
      live_.pop_back();
    } else {
      live_[j].shares -= n;
    }
  }

  std::uint32_t some_shares(std::uint32_t have) {
    if (uniform(3) == 0) return have;                      // all of it
    if (uniform(30) == 0) return have + 5;                 // more than it has
    return 1 + static_cast<std::uint32_t>(uniform(have));  // part (maybe all)
  }

  void step() {
    if (uniform(8) == 0) mids_[1 + uniform(mids_.size() - 1)] += uniform(2) ? 1 : -1;
    const std::uint64_t r = uniform(100);
    if (live_.empty() || r < 40) return add(uniform(8) == 0);
    // Mostly a recent order (as in real feeds, where most orders live milliseconds), else any.
    const std::size_t j = uniform(4)
                              ? live_.size() - 1 - uniform(std::min<std::size_t>(live_.size(), 256))
                              : uniform(live_.size());
    const Live o = live_[j];
    const std::uint64_t unknown_ref = (1ull << 40) + uniform(1000);
    const bool unknown = uniform(100) == 0;
    const std::uint64_t ref = unknown ? unknown_ref : o.ref;
    if (r < 52) {
      OrderExecuted m;
      m.stock_locate = o.locate;
      m.order_reference_number = ref;
      m.executed_shares = some_shares(o.shares);
      m.match_number = ++match_;
      put(m);
      if (!unknown) consume(j, m.executed_shares);
    } else if (r < 58) {
      OrderExecutedWithPrice m;
      m.stock_locate = o.locate;
      m.order_reference_number = ref;
      m.executed_shares = some_shares(o.shares);
      m.match_number = ++match_;
      m.printable = uniform(2) ? 'Y' : 'N';
      m.execution_price = mids_[o.locate];
      put(m);
      if (!unknown) consume(j, m.executed_shares);
    } else if (r < 70) {
      OrderCancel m;
      m.stock_locate = o.locate;
      m.order_reference_number = ref;
      m.cancelled_shares = some_shares(o.shares);
      put(m);
      if (!unknown) consume(j, m.cancelled_shares);
    } else if (r < 85) {
      OrderDelete m;
      m.stock_locate = o.locate;
      m.order_reference_number = ref;
      put(m);
      if (!unknown) consume(j, o.shares);
    } else if (r < 96) {
      OrderReplace m;
      m.stock_locate = o.locate;
      m.original_order_reference_number = ref;
      m.new_order_reference_number = next_ref_++;
      m.shares = 1 + static_cast<std::uint32_t>(uniform(1000));
      // Same price half the time (priority still lost), else a new one near the mid.
      m.price =
          uniform(2) ? last_price_guess(o.locate) : price_near(o.locate, uniform(2) ? 'B' : 'S');
      put(m);
      if (!unknown) {
        consume(j, o.shares);
        live_.push_back({m.new_order_reference_number, o.locate, m.shares});
      }
    } else {
      Trade m;
      m.stock_locate = o.locate;
      m.buy_sell_indicator = 'B';
      m.shares = 1 + static_cast<std::uint32_t>(uniform(500));
      m.stock = make_stock("S" + std::to_string(o.locate));
      m.price = mids_[o.locate];
      m.match_number = ++match_;
      put(m);
    }
  }
  std::uint32_t last_price_guess(std::uint16_t loc) {
    return static_cast<std::uint32_t>(mids_[loc] - 1 - std::int64_t(uniform(3)));
  }

  std::mt19937_64 rng_;
  GenOptions o_;
  std::vector<std::int64_t> mids_;
  std::vector<Live> live_;
  std::vector<std::uint8_t> bytes_;
  std::uint64_t next_ref_ = 1;
  std::uint64_t match_ = 0;
  std::uint64_t ts_ = 34'200'000'000'000ull;
  std::uint64_t count_ = 0;
};

void check_seed(std::uint64_t seed, GenOptions o, std::uint64_t full_every) {
  const auto bytes = StreamGenerator(seed, o).make();
  Trades ft, rt;
  BookSet<Trades> fast(&ft, 64);  // small on purpose: the map grows several times
  ReferenceBookSet<Trades> ref(&rt);
  BookLockstep check(fast, ref, {.full_depth_every = full_every});
  FeedStats stats;
  read_framed(bytes.data(), bytes.size(), check, stats);
  ASSERT_EQ(stats.malformed, 0u);
  ASSERT_EQ(check.mismatch(), "") << "seed " << seed;
  for (int loc = 0; loc <= o.stocks + 1; ++loc) {
    ASSERT_EQ(compare_books(fast, ref, static_cast<std::uint16_t>(loc)), "") << "seed " << seed;
  }
  ASSERT_EQ(ft.got.size(), rt.got.size()) << "seed " << seed;
  for (std::size_t i = 0; i < ft.got.size(); ++i) {
    ASSERT_EQ(ft.got[i], rt.got[i]) << "seed " << seed << " trade " << i;
  }
  EXPECT_GT(fast.stats().unknown_refs, 0u);
  EXPECT_GT(fast.stats().duplicate_refs, 0u);
  EXPECT_GT(fast.live_orders(), 0u);
}

TEST(BookRandom, AgreesWithReferenceOnManySeeds) {
  for (std::uint64_t seed = 1; seed <= 60; ++seed) check_seed(seed, {}, 16);
}

TEST(BookRandom, OneStockManyLevels) {
  for (std::uint64_t seed = 100; seed <= 105; ++seed) {
    check_seed(seed, {.messages = 40000, .stocks = 1, .near_ticks = 60}, 7);
  }
}

// Thread CPU time, not wall time: the build machine is shared, and wall time there mostly measures
// the other jobs.
double cpu_ns() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) * 1e9 + double(t.tv_nsec);
}

TEST(BookTiming, DISABLED_Timing) {
  const char* env_stocks = std::getenv("SP_BOOK_TIMING_STOCKS");
  GenOptions o{
      .messages = 5'000'000, .stocks = env_stocks ? std::atoi(env_stocks) : 5000, .near_ticks = 12};
  const auto bytes = StreamGenerator(7, o).make();
  for (int rep = 0; rep < 3; ++rep) {
    BookSet<> books(nullptr, 1 << 20);
    FeedStats stats;
    const double t0 = cpu_ns();
    read_framed(bytes.data(), bytes.size(), books, stats);
    const double ns = cpu_ns() - t0;
    std::printf("decode+book: %llu messages, %.1f ns/message, %zu live orders, map %zu MiB\n",
                static_cast<unsigned long long>(stats.messages), ns / double(stats.messages),
                books.live_orders(), books.ref_index().bytes() >> 20);
    FeedStats s2;
    NullHandler null;
    const double t2 = cpu_ns();
    read_framed(bytes.data(), bytes.size(), null, s2);
    std::printf("decode only: %.1f ns/message (thread CPU time)\n",
                (cpu_ns() - t2) / double(s2.messages));
  }
}

}  // namespace
}  // namespace sp::market::book
