// SessionVwap: which trades count and when the session starts, on hand-built messages with sums
// worked out by hand; and on simulated days against an independent computation (the map-based
// reference book, its own reading of the rules, long double sums), per symbol and per bar.
#include "market/bars/session_vwap.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "market/bars/itch_bars.h"
#include "market/book/book_set.h"
#include "market/book/reference_book.h"
#include "market/itch/encoder.h"
#include "market/itch/stream_reader.h"
#include "market/sim/sim_file.h"

namespace sp::market::bars {
namespace {

using book::TradeEvent;
using book::TradeSource;

TradeEvent trade(std::uint16_t locate, std::uint32_t price, std::uint64_t shares,
                 TradeSource source = TradeSource::execution, bool printable = true) {
  TradeEvent t;
  t.locate = locate;
  t.price = price;
  t.shares = shares;
  t.source = source;
  t.printable = printable;
  return t;
}

TEST(SessionVwap, CountsPrintableTradesOfMarketHoursOnly) {
  SessionVwap v;
  // No system event yet: a feed joined late counts everything printable.
  EXPECT_TRUE(v.add(trade(1, 100'0000, 10)));
  EXPECT_EQ(v.of(1).volume, 10u);
  v.on_system_event('O');
  v.on_system_event('S');
  EXPECT_FALSE(v.add(trade(1, 200'0000, 10))) << "pre-market";
  v.on_system_event('Q');
  EXPECT_EQ(v.of(1), VwapTotals{}) << "start of market hours resets";
  EXPECT_TRUE(std::isnan(v.of(1).value()));
  EXPECT_TRUE(v.add(trade(1, 10'0000, 100)));                                     // E
  EXPECT_TRUE(v.add(trade(1, 10'5000, 300, TradeSource::execution_with_price)));  // C 'Y'
  EXPECT_FALSE(v.add(trade(1, 99'0000, 500, TradeSource::execution_with_price, false)))
      << "non-printable C: printed by its cross";
  EXPECT_TRUE(v.add(trade(1, 11'0000, 100, TradeSource::non_cross)));  // P
  EXPECT_TRUE(v.add(trade(1, 10'2500, 500, TradeSource::cross)));      // Q (opening cross)
  EXPECT_FALSE(v.add(trade(1, 10'0000, 0, TradeSource::cross))) << "zero shares";
  EXPECT_TRUE(v.add(trade(2, 50'0000, 7)));  // another stock
  v.on_system_event('M');
  EXPECT_FALSE(v.add(trade(1, 1'0000, 1000, TradeSource::non_cross))) << "after hours";
  EXPECT_FALSE(v.add(trade(1, 1'0000, 1000))) << "after hours";
  EXPECT_TRUE(v.add(trade(1, 10'4000, 200, TradeSource::cross))) << "closing cross after M";
  // By hand: 100x10 + 300x10.5 + 100x11 + 500x10.25 + 200x10.4 = 12,455 over 1,200 shares.
  const VwapTotals& a = v.of(1);
  EXPECT_EQ(a.volume, 1200u);
  EXPECT_EQ(a.trades, 5u);
  EXPECT_TRUE(a.notional == static_cast<unsigned __int128>(124'550'000));
  EXPECT_DOUBLE_EQ(a.value(), 12455.0 / 1200.0);
  EXPECT_DOUBLE_EQ(v.of(2).value(), 50.0);
  EXPECT_EQ(v.of(3).volume, 0u) << "a locate never seen";
  EXPECT_EQ(v.phase(), 'M');
  v.on_system_event('Q');  // a second session (a replay of the next day in the same stream)
  EXPECT_EQ(v.of(1).volume, 0u);
  EXPECT_EQ(v.of(2).volume, 0u);
}

TEST(SessionVwap, HugeSumsStayExact) {
  SessionVwap v;
  v.on_system_event('Q');
  // 2^32-1 ticks x 2^40 shares would overflow 64 bits of notional; 128 bits hold it.
  const std::uint64_t shares = std::uint64_t{1} << 40;
  ASSERT_TRUE(v.add(trade(1, 0xFFFF'FFFFu, shares, TradeSource::cross)));
  ASSERT_TRUE(v.add(trade(1, 0xFFFF'FFFFu, shares, TradeSource::cross)));
  EXPECT_TRUE(v.of(1).notional == static_cast<unsigned __int128>(0xFFFF'FFFFu) * shares * 2);
  EXPECT_DOUBLE_EQ(v.of(1).value(), 0xFFFF'FFFFu / 10000.0);
}

// Hand-built ITCH: the whole path from bytes through the book set's trades.
struct Stream {
  std::vector<std::uint8_t> bytes;
  std::uint64_t ts = 9ull * 3600 * 1'000'000'000;
  template <class M>
  void add(M m) {
    m.timestamp_ns = ts += 1'000'000;
    std::uint8_t buf[2 + itch::kMaxMessageLength];
    const std::size_t n = itch::encode_framed(m, buf);
    bytes.insert(bytes.end(), buf, buf + n);
  }
};

struct VwapListener : book::NullBookListener {
  using book::NullBookListener::on_status;
  using book::NullBookListener::on_trade;
  void on_status(const itch::SystemEvent& m) { vwap.on_system_event(m.event_code); }
  void on_trade(const TradeEvent& t) { vwap.add(t); }
  SessionVwap vwap;
};

TEST(SessionVwap, FromHandBuiltMessages) {
  Stream s;
  auto system = [&](char code) {
    itch::SystemEvent m;
    m.event_code = code;
    s.add(m);
  };
  auto add_order = [&](std::uint64_t ref, char side, std::uint32_t shares, std::uint32_t price) {
    itch::AddOrder m;
    m.stock_locate = 1;
    m.order_reference_number = ref;
    m.buy_sell_indicator = side;
    m.shares = shares;
    m.stock = itch::make_stock("ZZT");
    m.price = price;
    s.add(m);
  };
  auto execute = [&](std::uint64_t ref, std::uint32_t shares, std::uint64_t match) {
    itch::OrderExecuted m;
    m.stock_locate = 1;
    m.order_reference_number = ref;
    m.executed_shares = shares;
    m.match_number = match;
    s.add(m);
  };
  auto execute_at = [&](std::uint64_t ref, std::uint32_t shares, char printable,
                        std::uint32_t price) {
    itch::OrderExecutedWithPrice m;
    m.stock_locate = 1;
    m.order_reference_number = ref;
    m.executed_shares = shares;
    m.match_number = 99;
    m.printable = printable;
    m.execution_price = price;
    s.add(m);
  };
  auto hidden = [&](std::uint32_t shares, std::uint32_t price) {
    itch::Trade m;
    m.stock_locate = 1;
    m.buy_sell_indicator = 'B';
    m.shares = shares;
    m.stock = itch::make_stock("ZZT");
    m.price = price;
    s.add(m);
  };
  auto cross = [&](std::uint64_t shares, std::uint32_t price, char type) {
    itch::CrossTrade m;
    m.stock_locate = 1;
    m.shares = shares;
    m.stock = itch::make_stock("ZZT");
    m.cross_price = price;
    m.cross_type = type;
    s.add(m);
  };
  system('O');
  itch::StockDirectory r;
  r.stock_locate = 1;
  r.stock = itch::make_stock("ZZT");
  s.add(r);
  system('S');
  add_order(1, 'S', 1000, 20'0000);
  execute(1, 100, 1);  // pre-market: not counted
  system('Q');
  cross(400, 20'1000, 'O');          // opening cross: 400 @ 20.10
  execute(1, 200, 2);                // 200 @ 20.00 (the order's price)
  execute_at(1, 300, 'N', 5'0000);   // non-printable: not counted
  execute_at(1, 100, 'Y', 20'3000);  // 100 @ 20.30
  hidden(50, 20'2000);               // 50 @ 20.20
  cross(0, 20'0000, 'H');            // a cross of nothing
  system('M');
  hidden(1000, 1'0000);      // after hours: not counted
  cross(250, 20'4000, 'C');  // closing cross: 250 @ 20.40
  system('E');
  system('C');

  VwapListener listener;
  book::BookSet<VwapListener> books(&listener);
  itch::FeedStats stats;
  itch::read_framed(s.bytes.data(), s.bytes.size(), books, stats);
  ASSERT_EQ(stats.problems(), 0u);
  const VwapTotals& t = listener.vwap.of(1);
  // 400x20.10 + 200x20.00 + 100x20.30 + 50x20.20 + 250x20.40 = 20,180 over 1,000 shares.
  EXPECT_EQ(t.volume, 1000u);
  EXPECT_EQ(t.trades, 5u);
  EXPECT_TRUE(t.notional == static_cast<unsigned __int128>(201'800'000));
  EXPECT_DOUBLE_EQ(t.value(), 20.18);
}

// ---- simulated days against an independent computation
// --------------------------------------------

// The rules read plainly: a session flag from the System Events, sums per symbol in long double.
struct Independent {
  struct Sums {
    long double notional = 0;
    std::uint64_t volume = 0;
    std::uint64_t trades = 0;
  };
  struct Listener : book::NullBookListener {
    using book::NullBookListener::on_trade;
    Independent* self;
    void on_trade(const TradeEvent& t) { self->trade(t); }
  };
  Listener listener{{}, this};
  book::ReferenceBookSet<Listener> ref{&listener};
  char phase = 0;
  std::map<std::string, Sums> sums;
  std::uint64_t interval_ns = 60'000'000'000;
  // Per symbol: bar start -> session VWAP after the bar's last trade.
  std::map<std::string, std::map<std::uint64_t, double>> after_bar;

  template <class M>
  void on(const M& m) {
    if constexpr (std::is_same_v<M, itch::SystemEvent>) {
      if (m.event_code == 'Q') sums.clear();
      phase = m.event_code;
    }
    ref.on(m);
  }
  void trade(const TradeEvent& t) {
    if (!t.printable || t.shares == 0) return;
    const std::string symbol(itch::trimmed(t.symbol));
    const bool in_session =
        phase == 0 || phase == 'Q' ||
        ((phase == 'M' || phase == 'E' || phase == 'C') && t.source == TradeSource::cross);
    if (in_session) {
      Sums& s = sums[symbol];
      s.notional += static_cast<long double>(t.price) * static_cast<long double>(t.shares);
      s.volume += t.shares;
      ++s.trades;
    }
    const auto it = sums.find(symbol);
    after_bar[symbol][t.timestamp_ns - t.timestamp_ns % interval_ns] =
        it == sums.end() || it->second.volume == 0
            ? std::nan("")
            : static_cast<double>(it->second.notional / it->second.volume / 10000.0L);
  }
};

class SimulatedVwap : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(SimulatedVwap, AgreesWithAnIndependentComputation) {
  const sim::SimConfig config{.symbols = 30, .messages = 150'000, .seed = GetParam()};
  std::vector<std::uint8_t> day;
  sim::generate_into(config, day);

  VwapListener fast;
  book::BookSet<VwapListener> books(&fast);
  Independent slow;
  itch::FeedStats s1, s2;
  itch::read_framed(day.data(), day.size(), books, s1);
  itch::read_framed(day.data(), day.size(), slow, s2);
  ASSERT_EQ(s1.problems(), 0u);
  ASSERT_GT(slow.sums.size(), 20u) << "most symbols trade";
  std::uint64_t compared = 0;
  for (const auto& [symbol, want] : slow.sums) {
    const auto locate = books.locate_of(symbol);
    ASSERT_TRUE(locate) << symbol;
    const VwapTotals& got = fast.vwap.of(*locate);
    EXPECT_EQ(got.volume, want.volume) << symbol;
    EXPECT_EQ(got.trades, want.trades) << symbol;
    // long double holds every product and their sum exactly at this size: equal to the last bit.
    EXPECT_EQ(static_cast<long double>(got.notional), want.notional) << symbol;
    EXPECT_NEAR(got.value(), static_cast<double>(want.notional / want.volume / 10000.0L),
                1e-12 * got.value())
        << symbol;
    compared += want.trades;
  }
  EXPECT_GT(compared, 2000u);

  // The per-bar column of `itch --bars --vwap`, for the busiest symbol and for a quiet one.
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      ("sp_vwap_test_" + std::to_string(::getpid()) + "_" + std::to_string(GetParam()));
  std::filesystem::create_directories(dir);
  const std::string file = (dir / "day.itch").string();
  std::string error;
  ASSERT_TRUE(sim::write_itch_file(file, config, &error, false)) << error;
  for (const std::string& symbol :
       {std::string(books.symbol_of(1)), std::string(books.symbol_of(25))}) {
    const auto bars = itch_file_bars(file, symbol, slow.interval_ns, &error);
    ASSERT_TRUE(bars) << error;
    const auto& want = slow.after_bar[symbol];
    ASSERT_EQ(bars->bars.size(), want.size()) << symbol;
    ASSERT_EQ(bars->vwap.size(), bars->bars.size());
    std::size_t i = 0;
    for (const auto& [start, v] : want) {
      EXPECT_EQ(bars->bars[i].start_ns, start) << symbol << " bar " << i;
      EXPECT_NEAR(bars->vwap[i], v, 1e-12 * v) << symbol << " bar " << i;
      ++i;
    }
    // The simulator trades only in market hours: the bars' volume is the session's.
    std::uint64_t volume = 0;
    for (const auto& b : bars->bars) volume += b.volume;
    EXPECT_EQ(volume, slow.sums[symbol].volume) << symbol;
    EXPECT_EQ(bars->session.volume, slow.sums[symbol].volume) << symbol;
  }
  std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Seeds, SimulatedVwap, ::testing::Values(1u, 7u, 2026u));

}  // namespace
}  // namespace sp::market::bars
