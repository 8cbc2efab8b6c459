// BarRecorder: the live market's finished bars, persisted through the store (store/store.h) —
// SQLite under ./var/ by default, PostgreSQL with a postgresql:// URL — and read back at start-up
// so a restarted server has its charts.
//
//   auto store = store::open_store(url, &error);
//   load_history(*store, market, 20'000, &error);   // before the feed starts
//   BarRecorder recorder(std::move(store));
//   ... recorder.record(symbol, tf, bar);            // from the feed thread (MarketLink's bar
//   sink) recorder.stop();                                 // writes what is pending, then returns
//
// Writing: record() only queues (no I/O on the feed thread); a background thread commits what is
// queued every `interval` (250 ms) as one WriteBatch: one transaction, all or nothing, bars
// upserted by (symbol, timeframe, start) so a bar written twice is simply the later one. A failed
// write is reported once on stderr and counted; its bars stay queued and are retried with the next
// batch (bounded: beyond max_pending the oldest are dropped and counted), so a database that was
// briefly locked loses nothing. Timeframes are stored as "1s" and "1m"; prices as Price(4) / 10^4.
//
// Thread safety: record(), stats() from any thread; the store is used by the recorder's thread
// only.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "market/live/live_market.h"
#include "store/store.h"

namespace sp::market::live {

struct BarRecorderStats {
  std::uint64_t written = 0;   // bars committed
  std::uint64_t failures = 0;  // writes that failed (retried)
  std::uint64_t dropped = 0;   // bars given up beyond max_pending
};

class BarRecorder {
 public:
  explicit BarRecorder(std::unique_ptr<store::MarketStore> store,
                       std::chrono::milliseconds interval = std::chrono::milliseconds(250),
                       std::size_t max_pending = 1'000'000);
  ~BarRecorder();  // stop()

  void record(std::string_view symbol, Timeframe tf, const Bar& bar);
  void stop();
  BarRecorderStats stats() const;

 private:
  void run();
  bool write_pending();

  std::unique_ptr<store::MarketStore> store_;
  std::chrono::milliseconds interval_;
  std::size_t max_pending_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<store::StoredBar> pending_;
  bool stopping_ = false;
  std::atomic<std::uint64_t> written_{0}, failures_{0}, dropped_{0};
  bool warned_ = false;
  std::thread thread_;
};

// Seeds `market` with every stored symbol's newest `max_bars` bars per timeframe. False with *error
// naming the store on a read failure.
bool load_history(store::MarketStore& store, LiveMarket& market, std::size_t max_bars,
                  std::string* error);

std::string_view timeframe_name(Timeframe tf);

}  // namespace sp::market::live
