// LiveMarket: the market as it is now — every stock's full-depth book, quote, last trade, trading
// status and recent 1 s / 1 min bars — kept from an ITCH 5.0 feed while readers on other threads
// query it, and the events that changed it (quotes, trades, bars) handed to a listener.
//
//   LiveMarket market({.session_midnight_ms = eastern_midnight_ms});
//   market.set_listener(&listener);                  // before feeding
//   feed thread:   market.apply(frames, size);       // framed ITCH messages, any number at once
//   any thread:    market.quote("AAPL"); market.book("AAPL", 10); market.bars("AAPL", k1m, ...)
//
// Time: ITCH timestamps count nanoseconds from midnight New York time; the session's midnight in
// UTC epoch milliseconds (session_midnight_ms, settable between sessions) turns them into the UTC
// times every output uses.
//
// Concurrency: one writer (apply, start_session), any number of readers. apply() holds a writer
// lock (one that a waiting writer gets before new readers, so API load cannot starve the feed) for
// the whole batch, so readers see batches whole and the lock is taken once per batch, not per
// message; feeders should batch (a millisecond of flow, or up to ~64 KiB). Events are collected
// during the batch and given to the listener after the lock is released, on the feeding thread:
// trades in order, then each changed quote once (the latest: quotes are conflated per batch), then
// bars — each finished bar once (final), and the forming bar of every symbol that traded (not
// final).
//
// Bars: built from printable trades (book_listener.h), per symbol, 1 s and 1 min; finished bars are
// kept in memory up to max_bars per timeframe per symbol (oldest dropped first); the forming bar is
// part of every bars() answer. seed_bars() loads history (e.g. from the store at start-up) so
// restarts keep their charts.
//
// Memory: the books (book_set.h), plus per symbol two bar deques of at most max_bars 40-byte bars.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "market/bars/bar_builder.h"
#include "market/book/book_listener.h"
#include "market/book/book_set.h"
#include "market/itch/feed_stats.h"
#include "market/itch/stream_reader.h"

namespace sp::market::live {

enum class Timeframe : std::uint8_t { k1s = 0, k1m = 1 };
inline constexpr std::int64_t kTimeframeMs[] = {1'000, 60'000};

struct Bar {
  std::int64_t time_ms = 0;                              // start, UTC epoch ms
  std::uint32_t open = 0, high = 0, low = 0, close = 0;  // Price(4)
  std::uint64_t volume = 0;
  std::uint64_t trades = 0;
  bool operator==(const Bar&) const = default;
};

struct Quote {
  std::uint32_t bid = 0, ask = 0;  // Price(4); 0: that side is empty
  std::uint64_t bid_size = 0, ask_size = 0;
  std::uint32_t last = 0;  // 0: no trade yet
  std::uint64_t last_size = 0;
  std::int64_t time_ms = 0;  // of the latest change
  bool operator==(const Quote&) const = default;
};

struct Trade {
  std::uint32_t price = 0;  // Price(4)
  std::uint64_t shares = 0;
  std::int64_t time_ms = 0;
  char side = 0;  // the resting order's side 'B'/'S', 0 when none
  std::uint64_t match_number = 0;
};

struct SymbolStatus {
  std::string symbol;
  std::uint32_t last = 0;    // Price(4); 0: no trade yet
  char trading_state = 'T';  // ITCH H: 'T' trading, 'H' halted, 'P' paused, 'Q' quotation only
};

// What the market tells the world (on the feeding thread, no lock held). Default: ignore.
class LiveListener {
 public:
  virtual ~LiveListener() = default;
  virtual void on_trade(std::string_view /*symbol*/, const Trade&) {}
  virtual void on_quote(std::string_view /*symbol*/, const Quote&) {}
  virtual void on_bar(std::string_view /*symbol*/, Timeframe, const Bar&, bool /*final*/) {}
  virtual void on_status(std::string_view /*symbol*/, char /*trading_state*/) {}
};

struct LiveConfig {
  std::int64_t session_midnight_ms = 0;  // UTC epoch ms of the session's midnight in New York
  std::size_t max_bars = 20'000;         // finished bars kept per symbol and timeframe
  std::size_t expected_live_orders = 1 << 16;
};

class LiveMarket {
 public:
  explicit LiveMarket(const LiveConfig& config);
  ~LiveMarket();

  // ---- the writer (one thread) ------------------------------------------------------------------
  void set_listener(LiveListener* listener);  // before the first apply
  // Applies framed ITCH messages (2-byte length, 0 meaning the type's spec length, then the
  // message). Returns what the reader reported (errors are counted in feed_stats(), never fatal).
  // final=false: the data may end inside a frame (a chunk of a file); `consumed` says where the
  // whole frames end, and the caller resumes there.
  itch::ReadResult apply(const std::uint8_t* frames, std::size_t size, bool final = true);
  // A new trading day: books and quotes are cleared (orders do not survive a day), bars are kept.
  void start_session(std::int64_t session_midnight_ms);
  // History for a symbol's chart, oldest first, put before what the feed has built (bars at or
  // after the oldest live bar are ignored); a live bar later finished at or before a seeded bar's
  // time replaces the seeded ones from there on: the feed knows better.
  void seed_bars(std::string_view symbol, Timeframe tf, const std::vector<Bar>& bars);

  // ---- readers (any thread) ---------------------------------------------------------------------
  std::vector<SymbolStatus> symbols() const;
  bool has_symbol(std::string_view symbol) const;
  std::optional<Quote> quote(std::string_view symbol) const;
  // Best first: {price, orders, shares} per level.
  struct Depth {
    std::vector<book::LevelInfo> bids, asks;
  };
  std::optional<Depth> book(std::string_view symbol, std::size_t depth) const;
  // Bars starting in [from_ms, to_ms], the forming one included, oldest first; the newest `limit`.
  std::optional<std::vector<Bar>> bars(std::string_view symbol, Timeframe tf, std::int64_t from_ms,
                                       std::int64_t to_ms, std::size_t limit) const;
  itch::FeedStats feed_stats() const;
  std::uint64_t messages() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace sp::market::live
