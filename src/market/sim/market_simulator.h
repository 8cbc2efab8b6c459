// A simulated NASDAQ trading day: a valid, self-consistent ITCH 5.0 stream, one framed message at a
// time, reproducible from a seed.
//
//   SimConfig config{.symbols = 5000, .messages = 20'000'000, .seed = 42};
//   if (auto err = validate(config); !err.empty()) ...        // names the bad setting
//   MarketSimulator sim(config);
//   std::uint8_t buf[kMaxFramedLength];
//   while (std::size_t n = sim.next(buf)) consume(buf, n);    // n bytes: 2-byte length + message
//   sim.generate([&](const std::uint8_t* framed, std::size_t n) { ... });  // the same, as a loop
//
// next() writes exactly one message per call, framed NASDAQ's way (2-byte big-endian length, never
// zero, then the message), and returns 0 once the day is over. Because the caller owns the buffer
// it can point straight into a file buffer, an in-memory feed (sim_file.h) or a socket's packet.
//
// The day, in order (total_messages() = messages + symbols + 6):
//   S 'O' start of messages; R stock directory for locates 1..symbols (names from
//   ticker_names.h); S 'S' start of system hours; S 'Q' start of market hours (09:30:00);
//   `messages` order-flow messages, timestamps spread over 09:30-16:00; S 'M' end of market hours
//   (16:00:00); S 'E' end of system hours; S 'C' end of messages.
// Timestamps never decrease. Arrivals are clustered: bursts of dozens of messages microseconds
// apart, mostly on one symbol, between calmer exponential gaps; the gaps are rescaled as the day
// goes so that the flow ends just before 16:00 whatever `messages` is.
//
// The order flow, and the promises a book builder may rely on:
//  - Mix (of flow messages, after the book has filled): adds ~45% (A, ~5% of them F with an MPID),
//    deletes D ~35-40%, partial cancels X ~6%, replaces U ~5%, executions E ~4.5% and C ~0.5% (C
//    printable 'Y' ~95%), hidden-order trades P ~3% (order reference 0, price between the best bid
//    and ask); rarely a trading pause (H 'P' "LUDP" or halt H 'H' "T1"), its LULD collar J, and
//    the resumption H 'T'; rarely a Reg SHO Y. While a symbol is paused nothing executes on it.
//  - Every E, C, X, D and U names a live order of the same stock (locate): X cancels fewer shares
//    than remain, E/C execute at most what remains (the order leaves the book at zero), D removes
//    it and U replaces it whole (same side, a new reference number; the new order queues last).
//  - Order reference numbers are unique for the day and increase in the order they appear (A, F,
//    U's new one); match numbers (E, C, P) increase.
//  - Books never cross or lock: a buy is priced below the best ask, a sell above the best bid.
//  - Executions take price-time priority: the oldest order at the best price of the side hit, so
//    a correct book agrees on which order trades. C's execution price is the order's price.
//  - Prices are on a one-cent grid (multiples of 100 in ITCH Price(4)), never below $0.01. Each
//    symbol starts between $5 and $500 (log-uniform) and follows a random walk; orders land
//    mostly within a few ticks of the touch (geometric distance from the symbol's fair price).
//  - Activity is Zipf-skewed by locate: locate k has weight 1/k^zipf_exponent, so with 5,000
//    symbols and exponent 1 the top 10% of locates carry about three quarters of the flow.
//  - A symbol holds at most max_orders_per_symbol live orders (adds beyond it become deletes).
//
// Determinism: the same SimConfig gives the same bytes (see random.h for the exact promise);
// any change to a field, the seed included, gives a different day.
// Cost: a few random draws and a short walk near the touch per message; no allocation per message
// once the books have grown (each symbol's orders live in its own pool with a free list, its price
// levels in two vectors kept sorted with the best at the back). About 40 bytes of state per live
// order. Thread safety: none; one simulator per thread. Nothing throws except std::bad_alloc.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "market/itch/messages.h"
#include "market/sim/random.h"

namespace sp::market::sim {

// The longest framed message: 2-byte length + the longest ITCH message.
inline constexpr std::size_t kMaxFramedLength = 2 + itch::kMaxMessageLength;

struct SimConfig {
  std::uint32_t symbols = 100;         // 1..65535 (ITCH stock locates are 16 bits)
  std::uint64_t messages = 1'000'000;  // order-flow messages between market open and close
  std::uint64_t seed = 1;
  double zipf_exponent = 1.0;                 // activity skew across locates, 0 (even) .. 3
  std::uint32_t max_orders_per_symbol = 128;  // live orders a symbol may hold, 2..100000
  double halts_per_million = 2.0;             // trading pauses per million flow messages, 0..1000
};

// "" if the config can run, otherwise a sentence naming the setting and its allowed range.
std::string validate(const SimConfig& config);

class MarketSimulator {
 public:
  // REQUIRES: validate(config).empty().
  explicit MarketSimulator(const SimConfig& config);

  // Writes the next framed message at `out` and returns its size (2 + message length); 0 when the
  // day is over. REQUIRES: kMaxFramedLength writable bytes at out.
  std::size_t next(std::uint8_t* out);

  // Calls sink(const uint8_t* framed, size_t n) for every remaining message.
  template <class Sink>
  void generate(Sink&& sink) {
    std::uint8_t buf[kMaxFramedLength];
    while (const std::size_t n = next(buf)) sink(static_cast<const std::uint8_t*>(buf), n);
  }

  const SimConfig& config() const { return config_; }
  std::uint64_t total_messages() const { return config_.messages + config_.symbols + 6; }
  std::uint64_t emitted() const { return emitted_; }
  bool done() const { return emitted_ == total_messages(); }
  // Name of locate k is symbol_names()[k - 1].
  const std::vector<std::string>& symbol_names() const { return names_; }
  // Live orders right now, over all symbols.
  std::size_t live_orders() const { return live_orders_; }

 private:
  static constexpr std::uint32_t kNone = UINT32_MAX;
  struct Order {
    std::uint64_t ref;
    std::uint32_t price;  // cents
    std::uint32_t shares;
    std::uint32_t prev, next;  // FIFO at its price level (indices in the symbol's pool)
    std::uint32_t live_pos;    // index in its symbol's `live`
    std::uint8_t side;         // 0 buy, 1 sell
  };
  struct Level {
    std::uint32_t price;  // cents
    std::uint32_t head, tail;
  };
  struct Symbol {
    itch::Stock stock{};
    std::vector<Level> levels[2];  // sorted worst..best: bids ascending, asks descending
    // Each symbol's orders in its own pool, so that a busy symbol's book stays in a few KB of
    // cache instead of being scattered through one pool shared with thousands of quiet symbols.
    std::vector<Order> orders;
    std::vector<std::uint32_t> free;
    std::vector<std::uint32_t> live;  // pool indices of the live orders, in no order
    std::int64_t fair = 0;            // cents: the random walk orders are placed around
    std::uint32_t step = 1;           // cents: the typical price increment for this price level
    bool halted = false;
  };
  struct Scheduled {
    std::uint64_t at;  // flow index at which to emit
    std::uint16_t locate;
    char what;  // 'J' collar, 'T' resume
  };

  std::size_t flow_message(std::uint8_t* out);
  std::size_t order_event(std::uint8_t* out);
  std::size_t scheduled_event(const Scheduled& e, std::uint8_t* out);
  std::size_t start_halt(std::uint8_t* out);
  std::size_t reg_sho(std::uint8_t* out);

  std::size_t add(std::uint16_t locate, char type, std::uint8_t* out);  // type 'A' or 'F'
  std::size_t remove_or_cancel(std::uint16_t locate, bool partial, std::uint8_t* out);
  std::size_t replace(std::uint16_t locate, std::uint8_t* out);
  std::size_t execute(std::uint16_t locate, std::uint8_t* out);
  std::size_t hidden_trade(std::uint16_t locate, std::uint8_t* out);

  std::uint16_t pick_symbol();  // the burst's symbol or a weighted draw
  std::uint16_t draw_symbol();  // a Zipf-weighted draw
  void advance_time();
  std::uint32_t draw_shares();
  std::uint32_t add_price(const Symbol& s, std::uint8_t side);
  std::int64_t book_mid(const Symbol& s) const;

  std::uint32_t insert_order(Symbol& s, std::uint8_t side, std::uint32_t price,
                             std::uint32_t shares, std::uint64_t ref);
  void erase_order(Symbol& s, std::uint32_t index);

  template <class M>
  std::size_t emit(M& m, std::uint16_t locate, std::uint8_t* out);

  SimConfig config_;
  Rng rng_;
  std::vector<std::string> names_;
  std::vector<Symbol> symbols_;  // index = locate - 1
  std::vector<double> alias_prob_;
  std::vector<std::uint32_t> alias_;
  std::vector<Scheduled> scheduled_;  // sorted by `at`

  std::size_t live_orders_ = 0;
  std::uint64_t emitted_ = 0;
  std::uint64_t flow_index_ = 0;  // flow messages emitted
  std::uint64_t now_ns_ = 0;
  std::uint64_t next_ref_ = 1;
  std::uint64_t next_match_ = 1;
  std::uint32_t burst_left_ = 0;
  std::uint16_t burst_locate_ = 0;
  double burst_fraction_ = 0;  // expected share of flow messages inside bursts
};

}  // namespace sp::market::sim
