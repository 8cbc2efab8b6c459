// The simulated ITCH stream against an independent reading of it: the stream reader decodes it
// cleanly, and a tracker built here (a map of live orders, std::map price levels per side) checks
// every promise of market_simulator.h message by message: live references, share counts, unique
// increasing reference and match numbers, uncrossed books, price-time priority of executions,
// halts, timestamps, the day's frame of system events and directory, the mix and the skew.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "market/itch/decoder.h"
#include "market/itch/stream_reader.h"
#include "market/sim/market_simulator.h"
#include "market/sim/sim_file.h"
#include "market/sim/ticker_names.h"

namespace sp::market::sim {
namespace {

using namespace sp::market::itch;

constexpr std::uint64_t kOpen = 34'200ull * 1'000'000'000;
constexpr std::uint64_t kClose = 57'600ull * 1'000'000'000;

struct Tracker {
  struct Live {
    std::uint16_t locate;
    int side;
    std::uint32_t price;
    std::uint32_t shares;
    std::uint64_t seq;  // arrival, for time priority
  };
  struct Book {
    // price -> (arrival -> ref), per side; best bid = rbegin of [0], best ask = begin of [1].
    std::map<std::uint32_t, std::map<std::uint64_t, std::uint64_t>> side[2];
    bool halted = false;
  };

  std::vector<std::string> failures;
  std::vector<char> system_events;
  std::vector<std::string> names;  // by locate - 1
  std::unordered_map<std::uint64_t, Live> live;
  std::vector<Book> books;
  std::vector<std::uint64_t> order_messages;  // per locate - 1: A F E C X D U P
  std::uint64_t seq = 0, last_ref = 0, last_match = 0, last_ts = 0, messages = 0;
  std::uint64_t adds = 0, deletes = 0, executed_out = 0;
  std::uint64_t first_flow_ts = 0, last_flow_ts = 0;
  std::vector<std::uint64_t> flow_ts;
  bool in_market = false;

  void fail(const std::string& what) {
    if (failures.size() < 8)
      failures.push_back("message " + std::to_string(messages) + ": " + what);
  }

  template <class M>
  void on(const M& m) {
    ++messages;
    if (m.timestamp_ns < last_ts) fail("timestamp goes back");
    last_ts = m.timestamp_ns;
    if (m.stock_locate != 0 && m.stock_locate > books.size() && M::kType != 'R')
      fail("unknown locate " + std::to_string(m.stock_locate));
    if (M::kType != 'S' && M::kType != 'R') {
      if (!in_market) fail(std::string("flow message outside market hours: ") + M::kType);
      flow_ts.push_back(m.timestamp_ns);
    }
    handle(m);
  }

  template <class M>
  void handle(const M&) {}

  void handle(const SystemEvent& m) {
    system_events.push_back(m.event_code);
    if (m.event_code == 'Q') in_market = true;
    if (m.event_code == 'M') in_market = false;
  }

  void handle(const StockDirectory& m) {
    if (m.stock_locate != names.size() + 1) fail("directory locates not 1..N in order");
    names.emplace_back(trimmed(m.stock));
    books.emplace_back();
    order_messages.push_back(0);
    if (m.round_lot_size != 100) fail("round lot");
  }

  Book& book(std::uint16_t locate) { return books[locate - 1]; }

  void check_stock(const Stock& s, std::uint16_t locate) {
    if (trimmed(s) != names[locate - 1]) fail("stock name does not match its locate");
  }

  void check_uncrossed(std::uint16_t locate) {
    Book& b = book(locate);
    if (b.side[0].empty() || b.side[1].empty()) return;
    const std::uint32_t bid = b.side[0].rbegin()->first, ask = b.side[1].begin()->first;
    if (bid >= ask)
      fail("book of " + names[locate - 1] + " crossed or locked: bid " + std::to_string(bid) +
           " ask " + std::to_string(ask));
  }

  void insert(std::uint64_t ref, std::uint16_t locate, int side, std::uint32_t shares,
              std::uint32_t price) {
    if (ref <= last_ref) fail("order reference not increasing: " + std::to_string(ref));
    last_ref = std::max(last_ref, ref);
    if (live.count(ref)) fail("reference reused");
    if (price == 0 || price % 100 != 0) fail("price off the cent grid: " + std::to_string(price));
    if (shares == 0) fail("zero shares");
    live[ref] = Live{locate, side, price, shares, ++seq};
    book(locate).side[side][price][seq] = ref;
    ++adds;
    check_uncrossed(locate);
  }

  // The live order `ref` of `locate`, or null (and a failure).
  Live* find(std::uint64_t ref, std::uint16_t locate, const char* what) {
    auto it = live.find(ref);
    if (it == live.end()) {
      fail(std::string(what) + " of an order that is not live: " + std::to_string(ref));
      return nullptr;
    }
    if (it->second.locate != locate) fail(std::string(what) + " under another locate");
    return &it->second;
  }

  void erase(std::uint64_t ref) {
    const Live o = live.at(ref);
    auto& lv = book(o.locate).side[o.side];
    auto level = lv.find(o.price);
    level->second.erase(o.seq);
    if (level->second.empty()) lv.erase(level);
    live.erase(ref);
  }

  void count_order_message(std::uint16_t locate) { ++order_messages[locate - 1]; }

  void handle(const AddOrder& m) {
    count_order_message(m.stock_locate);
    check_stock(m.stock, m.stock_locate);
    insert(m.order_reference_number, m.stock_locate, m.buy_sell_indicator == 'S', m.shares,
           m.price);
  }
  void handle(const AddOrderMpid& m) {
    count_order_message(m.stock_locate);
    check_stock(m.stock, m.stock_locate);
    insert(m.order_reference_number, m.stock_locate, m.buy_sell_indicator == 'S', m.shares,
           m.price);
  }

  void executed(std::uint16_t locate, std::uint64_t ref, std::uint32_t shares,
                std::uint64_t match) {
    count_order_message(locate);
    if (match <= last_match) fail("match number not increasing");
    last_match = std::max(last_match, match);
    if (book(locate).halted) fail("execution while halted");
    Live* o = find(ref, locate, "execution");
    if (!o) return;
    if (shares == 0 || shares > o->shares) fail("execution of more shares than remain");
    // Price-time priority: the best price of its side, the oldest order there.
    auto& lv = book(locate).side[o->side];
    const auto& best = o->side == 0 ? *lv.rbegin() : *lv.begin();
    if (best.first != o->price) fail("execution away from the best price");
    if (best.second.begin()->second != ref) fail("execution not of the oldest order at the best");
    o->shares -= std::min(shares, o->shares);
    if (o->shares == 0) {
      erase(ref);
      ++executed_out;
    }
  }
  void handle(const OrderExecuted& m) {
    executed(m.stock_locate, m.order_reference_number, m.executed_shares, m.match_number);
  }
  std::uint64_t printable_yes = 0, printable_no = 0;
  void handle(const OrderExecutedWithPrice& m) {
    (m.printable == 'Y' ? printable_yes : printable_no)++;
    if (Live* o = find(m.order_reference_number, m.stock_locate, "C"))
      if (m.execution_price != o->price) fail("C price is not the order's price");
    executed(m.stock_locate, m.order_reference_number, m.executed_shares, m.match_number);
  }
  void handle(const OrderCancel& m) {
    count_order_message(m.stock_locate);
    Live* o = find(m.order_reference_number, m.stock_locate, "cancel");
    if (!o) return;
    if (m.cancelled_shares == 0 || m.cancelled_shares >= o->shares)
      fail("cancel of " + std::to_string(m.cancelled_shares) + " of " + std::to_string(o->shares) +
           " shares");
    o->shares -= std::min(m.cancelled_shares, o->shares);
  }
  void handle(const OrderDelete& m) {
    count_order_message(m.stock_locate);
    if (!find(m.order_reference_number, m.stock_locate, "delete")) return;
    erase(m.order_reference_number);
    ++deletes;
  }
  void handle(const OrderReplace& m) {
    count_order_message(m.stock_locate);
    Live* o = find(m.original_order_reference_number, m.stock_locate, "replace");
    if (!o) return;
    const int side = o->side;
    erase(m.original_order_reference_number);
    --adds;  // insert counts it again
    insert(m.new_order_reference_number, m.stock_locate, side, m.shares, m.price);
  }
  void handle(const Trade& m) {
    count_order_message(m.stock_locate);
    check_stock(m.stock, m.stock_locate);
    if (m.match_number <= last_match) fail("match number not increasing (P)");
    last_match = std::max(last_match, m.match_number);
    if (book(m.stock_locate).halted) fail("trade while halted");
    const Book& b = book(m.stock_locate);
    if (!b.side[0].empty() && !b.side[1].empty() &&
        (m.price < b.side[0].rbegin()->first || m.price > b.side[1].begin()->first))
      fail("hidden trade outside the touch");
    if (m.price == 0 || m.price % 100 != 0) fail("trade price off the grid");
  }
  std::uint64_t halts = 0, resumes = 0;
  void handle(const StockTradingAction& m) {
    check_stock(m.stock, m.stock_locate);
    Book& b = book(m.stock_locate);
    if (m.trading_state == 'T') {
      if (!b.halted) fail("resume of a symbol that is not halted");
      b.halted = false;
      ++resumes;
    } else {
      if (b.halted) fail("halt of a halted symbol");
      b.halted = true;
      ++halts;
    }
  }
  std::uint64_t collars = 0;
  void handle(const LuldAuctionCollar& m) {
    ++collars;
    if (!book(m.stock_locate).halted) fail("collar outside a pause");
    if (!(m.lower_auction_collar_price < m.auction_collar_reference_price &&
          m.auction_collar_reference_price < m.upper_auction_collar_price))
      fail("collar prices out of order");
  }
};

struct SimRun {
  std::vector<std::uint8_t> bytes;
  FeedStats stats;
  Tracker t;
  ReadResult r;
};

SimRun run(const SimConfig& c) {
  SimRun out;
  generate_into(c, out.bytes);
  out.r = read_framed(out.bytes.data(), out.bytes.size(), out.t, out.stats);
  return out;
}

void expect_consistent(const SimConfig& c, const SimRun& x) {
  EXPECT_EQ(x.r.stop, ReadStop::end);
  EXPECT_EQ(x.stats.problems(), 0u);
  EXPECT_EQ(x.stats.unknown, 0u);
  EXPECT_EQ(x.stats.messages, c.messages + c.symbols + 6);
  EXPECT_EQ(x.t.failures, std::vector<std::string>{});
  EXPECT_EQ(x.t.system_events, (std::vector<char>{'O', 'S', 'Q', 'M', 'E', 'C'}));
  EXPECT_EQ(x.t.names.size(), c.symbols);
  // Conservation: every add ends deleted, executed to zero, or still live at the close.
  EXPECT_EQ(x.t.adds, x.t.deletes + x.t.executed_out + x.t.live.size());
}

double share(const FeedStats& s, std::string_view types, std::uint64_t flow) {
  std::uint64_t n = 0;
  for (char t : types) n += s.count(t);
  return static_cast<double>(n) / static_cast<double>(flow);
}

TEST(SimStream, FewSymbolsDeepBooksAreConsistent) {
  SimConfig c{.symbols = 20, .messages = 300'000, .seed = 7, .halts_per_million = 60};
  const SimRun x = run(c);
  expect_consistent(c, x);
  EXPECT_GT(x.t.halts, 3u);  // the halt path runs
  EXPECT_GT(x.t.resumes, 0u);
  EXPECT_GT(x.t.collars, 0u);
}

TEST(SimStream, ManySymbolsAreConsistentAndSkewed) {
  SimConfig c{.symbols = 5000, .messages = 600'000, .seed = 11};
  const SimRun x = run(c);
  expect_consistent(c, x);
  std::vector<std::uint64_t> per(x.t.order_messages);
  std::sort(per.begin(), per.end(), std::greater<>());
  std::uint64_t all = 0, top = 0;
  for (std::size_t i = 0; i < per.size(); ++i) {
    all += per[i];
    if (i < per.size() / 10) top += per[i];
  }
  const double top_share = static_cast<double>(top) / static_cast<double>(all);
  EXPECT_GT(top_share, 0.5) << "top 10% of symbols carry " << top_share;
  // ... and a few hundred carry most of it.
  std::uint64_t top300 = 0;
  for (std::size_t i = 0; i < 300; ++i) top300 += per[i];
  EXPECT_GT(static_cast<double>(top300) / static_cast<double>(all), 0.5);
}

TEST(SimStream, MixIsNasdaqLike) {
  SimConfig c{.symbols = 200, .messages = 1'000'000, .seed = 3};
  const SimRun x = run(c);
  expect_consistent(c, x);
  const FeedStats& s = x.stats;
  const std::uint64_t flow = c.messages;
  EXPECT_NEAR(share(s, "AF", flow), 0.45, 0.05);
  EXPECT_NEAR(share(s, "XD", flow), 0.40, 0.05);
  EXPECT_NEAR(share(s, "U", flow), 0.05, 0.01);
  EXPECT_NEAR(share(s, "EC", flow), 0.05, 0.015);
  EXPECT_NEAR(share(s, "P", flow), 0.03, 0.01);
  EXPECT_GT(s.count('F'), 0u);
  EXPECT_LT(s.count('F'), s.count('A') / 10);
  EXPECT_LT(s.count('C'), s.count('E') / 4);
  EXPECT_GT(x.t.printable_yes, 5 * x.t.printable_no);
  // Cancels outnumber executions by far; X alone already does.
  EXPECT_GT(s.count('X') + s.count('D'), 5 * (s.count('E') + s.count('C')));
  EXPECT_GT(s.count('X'), s.count('E') + s.count('C'));
  // Over a long run adds are balanced by removals: what stays live at the close is small.
  EXPECT_LT(static_cast<double>(x.t.live.size()), 0.05 * static_cast<double>(x.t.adds));
}

TEST(SimStream, TimestampsSpreadOverTheSessionInBursts) {
  SimConfig c{.symbols = 100, .messages = 200'000, .seed = 5};
  const SimRun x = run(c);
  ASSERT_EQ(x.t.failures, std::vector<std::string>{});  // includes: never decreasing
  const auto& ts = x.t.flow_ts;
  ASSERT_EQ(ts.size(), c.messages);
  EXPECT_GE(ts.front(), kOpen);
  EXPECT_LT(ts.back(), kClose);
  EXPECT_LT(ts.front() - kOpen, 60ull * 1'000'000'000);  // starts within a minute of the open
  EXPECT_LT(kClose - ts.back(), 60ull * 1'000'000'000);  // ends within a minute of the close
  // Clustered arrivals: gaps vary far more than a Poisson stream's (coefficient of variation 1).
  double sum = 0, sum2 = 0;
  for (std::size_t i = 1; i < ts.size(); ++i) {
    const double g = static_cast<double>(ts[i] - ts[i - 1]);
    sum += g;
    sum2 += g * g;
  }
  const double n = static_cast<double>(ts.size() - 1), mean = sum / n;
  const double cv = std::sqrt(sum2 / n - mean * mean) / mean;
  EXPECT_GT(cv, 1.2) << "gaps are not bursty";
}

TEST(SimStream, SameSeedSameBytesOtherSeedOtherBytes) {
  SimConfig c{.symbols = 50, .messages = 50'000, .seed = 99};
  std::vector<std::uint8_t> a, b, other;
  generate_into(c, a);
  generate_into(c, b);
  EXPECT_EQ(a, b);
  c.seed = 100;
  generate_into(c, other);
  EXPECT_NE(a, other);
}

TEST(SimStream, NextAndGenerateGiveTheSameBytesAsGenerateInto) {
  SimConfig c{.symbols = 30, .messages = 20'000, .seed = 1};
  std::vector<std::uint8_t> whole, by_next, by_generate;
  generate_into(c, whole);
  MarketSimulator a(c);
  std::uint8_t buf[kMaxFramedLength];
  while (std::size_t n = a.next(buf)) {
    ASSERT_GE(n, 3u);
    // Standard framing: the prefix is the message's spec length, never zero.
    EXPECT_EQ((buf[0] << 8 | buf[1]), static_cast<int>(message_length(static_cast<char>(buf[2]))));
    by_next.insert(by_next.end(), buf, buf + n);
  }
  EXPECT_TRUE(a.done());
  EXPECT_EQ(a.next(buf), 0u);
  MarketSimulator b(c);
  b.generate([&](const std::uint8_t* p, std::size_t n) {
    by_generate.insert(by_generate.end(), p, p + n);
  });
  EXPECT_EQ(whole, by_next);
  EXPECT_EQ(whole, by_generate);
}

TEST(SimStream, OneSymbolAndZeroFlowStillMakeAWholeDay) {
  for (std::uint64_t m : {0ull, 1ull, 7ull}) {
    SimConfig c{.symbols = 1, .messages = m, .seed = 2};
    const SimRun x = run(c);
    expect_consistent(c, x);
    EXPECT_EQ(x.t.names, std::vector<std::string>{"AAPL"});
  }
}

TEST(SimStream, EvenActivityWithoutSkewIsConsistentToo) {
  SimConfig c{.symbols = 300,
              .messages = 100'000,
              .seed = 8,
              .zipf_exponent = 0.0,
              .max_orders_per_symbol = 4};
  expect_consistent(c, run(c));
}

TEST(SimConfigTest, ValidateNamesTheSetting) {
  EXPECT_EQ(validate(SimConfig{}), "");
  EXPECT_NE(validate(SimConfig{.symbols = 0}).find("symbols"), std::string::npos);
  EXPECT_NE(validate(SimConfig{.symbols = 70000}).find("65535"), std::string::npos);
  EXPECT_NE(validate(SimConfig{.zipf_exponent = -1}).find("zipf"), std::string::npos);
  EXPECT_NE(validate(SimConfig{.max_orders_per_symbol = 1}).find("max orders"), std::string::npos);
}

TEST(TickerNames, UniqueTickerLikeAndReproducible) {
  const auto names = make_ticker_names(65535, 4);
  std::set<std::string> seen(names.begin(), names.end());
  EXPECT_EQ(seen.size(), names.size());
  for (const auto& n : names) ASSERT_TRUE(is_ticker_like(n)) << n;
  EXPECT_EQ(names[0], "AAPL");
  EXPECT_EQ(names[1], "MSFT");
  EXPECT_EQ(make_ticker_names(5000, 4),
            std::vector<std::string>(names.begin(), names.begin() + 5000));
  EXPECT_NE(make_ticker_names(5000, 5),
            std::vector<std::string>(names.begin(), names.begin() + 5000));
  EXPECT_FALSE(is_ticker_like(""));
  EXPECT_FALSE(is_ticker_like("ABCDEF"));
  EXPECT_FALSE(is_ticker_like("AbC"));
}

}  // namespace
}  // namespace sp::market::sim
